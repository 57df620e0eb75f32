// Worker threads over byte ranges must give exactly the report of one reader: same figures,
// same malformed line numbers, duplicates across range boundaries still found, cumulative
// series continued across ranges, dual-channel scopes whose log record is in another range.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import type {LogSource} from '../../src/pipeline/read-log-files.js'
import {buildReport} from '../../src/report/build-report.js'
import {reportJson} from '../../src/report/render-json.js'

// Workers run compiled code, so this test drives the build (`npm test` builds first).
const {runReport} = (await import(
  new URL('../../dist/pipeline/run-report.js', import.meta.url).href
)) as typeof import('../../src/pipeline/run-report.js')

const dir = mkdtempSync(join(tmpdir(), 'beacon-run-report-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

/** A log of `turns` Claude Code turns (log record + metrics + cost) and Codex cumulative turns, with noise. */
function writeLog(name: string, turns: number): string {
  const lines: string[] = []
  const at = (i: number): string => new Date(Date.UTC(2026, 5, 11, 10) + i * 7000).toISOString()
  for (let i = 0; i < turns; i++) {
    const session = `s${i % 3}`
    const claude = {
      harness: {name: 'claude_code'},
      session: {id: session},
      repository: 'github.com/acme/app',
    }
    const metric = (usage: object, name: string) =>
      JSON.stringify({
        timestamp: at(i),
        ...claude,
        model: 'claude-sonnet-4-5[1m]',
        gen_ai: {usage},
        raw: {metric_name: name},
      })
    // The metric first: its scope's log record may be in an earlier or later range.
    lines.push(metric({input_tokens: 10 + i}, 'claude_code.token.usage'))
    const record = JSON.stringify({
      timestamp: at(i),
      ...claude,
      event: {action: 'api_request'},
      model: 'claude-sonnet-4-5',
      gen_ai: {
        usage: {input_tokens: 10 + i, output_tokens: i + 1, cache_read: {input_tokens: 100 * i}},
      },
    })
    lines.push(record)
    lines.push(metric({cost_usd: 0.001 * (i % 7) + 0.0001}, 'claude_code.cost.usage'))
    lines.push(
      JSON.stringify({
        timestamp: at(i),
        ...claude,
        event: {action: 'tool_result'},
        message: 'x'.repeat(200),
      }),
    )
    const codex = {
      harness: {name: 'codex_cli'},
      session: {id: 'c1'},
      model: 'gpt-5-codex',
      run: {provider: 'github', run_id: '42'},
    }
    // A running total with a reset every 40 turns.
    const total = ((i % 40) + 1) * 1000
    lines.push(
      JSON.stringify({
        timestamp: at(i),
        ...codex,
        gen_ai: {usage: {input_tokens: total}},
        raw: {metric_name: 'codex.turn.token_usage', metric_temporality: 'Cumulative'},
      }),
    )
    if (i % 50 === 7) lines.push('{"not": json')
    if (i % 37 === 5) lines.push(record) // an exact duplicate, a few lines later
    if (i % 61 === 3) lines.push('')
  }
  const path = join(dir, name)
  writeFileSync(path, `${lines.join('\n')}\n`)
  return path
}

async function reportOf(path: string, workers: number, rangeBytes?: number) {
  const sources: LogSource[] = [{fileIndex: 0, path, kind: 'plain'}]
  const aggregate = {bucketNanos: 3_600_000_000_000n, collectSteps: false}
  const state = await runReport(sources, {
    filter: {},
    aggregate,
    workers,
    parallelMinBytes: 0,
    rangeBytes,
  })
  const report = buildReport(state, {top: 0, bucketNanos: aggregate.bucketNanos})
  return {json: reportJson(report), malformed: report.malformedExamples.map((m) => m.line)}
}

describe('runReport with workers', () => {
  it('gives the single reader report whatever the range size', async () => {
    const path = writeLog('many.jsonl', 600)
    const single = await reportOf(path, 1)
    expect(single.json.duplicate_lines).toBe(17) // i % 37 === 5 for i < 600: 5, 42, …, 597
    expect(single.json.malformed_lines).toBe(12) // i % 50 === 7: 7, 57, …, 557
    for (const rangeBytes of [4096, 20_000, 150_000]) {
      const parallel = await reportOf(path, 2, rangeBytes)
      expect(parallel.json).toEqual(single.json)
      expect(parallel.malformed).toEqual(single.malformed)
    }
  }, 60_000)
})
