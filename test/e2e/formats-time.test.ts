// --since/--until as people type them: a date (start of that day, UTC) and a span ago. The log
// is written at test time around "now" with hours between events, so the clock moving during
// the test cannot change which events a span keeps.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {FIXTURE} from '../report/fixture-report.js'
import {runCli} from './run-cli.js'

const HOUR_MS = 3_600_000

function usageLine(at: Date, input: number): string {
  return JSON.stringify({
    timestamp: at.toISOString(),
    harness: {name: 'agent-sdk'},
    session: {id: 'live'},
    model: 'gpt-4.1',
    event: {action: 'llm_call'},
    gen_ai: {usage: {input_tokens: input, output_tokens: 1}},
  })
}

function totals(args: string[]): {input_tokens: number; events: number} {
  const result = runCli(['token-usage', ...args, '--json'])
  expect(result.stderr).toBe('')
  expect(result.status).toBe(0)
  return JSON.parse(result.stdout).totals
}

describe('relative --since/--until', () => {
  let dir: string
  let log: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'beacon-time-'))
    log = join(dir, 'runtime.jsonl')
    const now = Date.now()
    // 30 days, 3 days, 10 hours and 1 hour ago; input 1000, 100, 10 and 1 so each sum says
    // which events were kept.
    const lines = [
      usageLine(new Date(now - 30 * 24 * HOUR_MS), 1000),
      usageLine(new Date(now - 3 * 24 * HOUR_MS), 100),
      usageLine(new Date(now - 10 * HOUR_MS), 10),
      usageLine(new Date(now - HOUR_MS), 1),
    ]
    writeFileSync(log, `${lines.join('\n')}\n`)
  })
  afterAll(() => rmSync(dir, {recursive: true, force: true}))

  it('reads a span as that long ago', () => {
    expect(totals(['--log-path', log, '--since', '7d'])).toMatchObject({
      input_tokens: 111,
      events: 3,
    })
    expect(totals(['--log-path', log, '--since', '24h'])).toMatchObject({input_tokens: 11})
    expect(totals(['--log-path', log, '--since', '300m'])).toMatchObject({input_tokens: 1})
    // --until a span: events at least that long ago.
    expect(totals(['--log-path', log, '--since', '7d', '--until', '5h'])).toMatchObject({
      input_tokens: 110,
      events: 2,
    })
  })
})

describe('date --since/--until', () => {
  // The fixture's usage events are at 10:00:05, 10:00:06, 10:20 and 11:10, 11:40 on 2026-06-11
  // (test/fixtures/formats/README.md): input 1000 + 500 + 3000 + 800 = 5300 in all.
  it('reads a date as the start of that day, UTC', () => {
    expect(totals(['--log-path', FIXTURE, '--since', '2026-06-11'])).toMatchObject({
      input_tokens: 5300,
    })
    expect(totals(['--log-path', FIXTURE, '--since', '2026-06-12'])).toMatchObject({
      input_tokens: 0,
      events: 0,
    })
    // --until 2026-06-11 is midnight at its start: nothing of that day.
    expect(totals(['--log-path', FIXTURE, '--until', '2026-06-11'])).toMatchObject({events: 0})
    // RFC 3339 still works, offsets honoured: 13:00+02:00 is 11:00Z → the 11:10 and 11:40 events.
    expect(totals(['--log-path', FIXTURE, '--since', '2026-06-11T13:00:00+02:00'])).toMatchObject({
      input_tokens: 3800,
      events: 2,
    })
  })

  it('rejects a bad value in one line naming the accepted forms, exit 2', () => {
    for (const bad of ['yesterday', '2026-02-30', '-7d']) {
      const result = runCli(['token-usage', '--log-path', FIXTURE, '--since', bad])
      expect(result.status, bad).toBe(2)
      expect(result.stdout).toBe('')
      const lines = result.stderr.trim().split('\n')
      expect(lines).toHaveLength(1)
      expect(lines[0]).toContain('--since')
      expect(lines[0]).toContain('2026-06-11')
      expect(lines[0]).toContain('7d')
    }
  })
})
