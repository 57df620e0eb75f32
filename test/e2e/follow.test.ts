// `beacon token-usage --follow` end to end: the built CLI follows a temp log that the test
// appends to in steps, rotates, truncates and writes partial lines into; the NDJSON snapshots,
// the stderr notices, the exit on SIGINT/SIGTERM and the final report are checked. Expected
// figures are worked out by hand from the SPEC (§5.1 dual channel, §5.2 cumulative deltas).
import {spawnSync} from 'node:child_process'
import {appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import * as path from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {
  CLI_ENV,
  FollowRun,
  RUN,
  batchJson,
  claudeApiRequest,
  claudeInputMetric,
  codexCumulativeInput,
  totalsOf,
  waitFor,
} from './follow-helpers.js'

let dir: string
let log: string
const runs: FollowRun[] = []
const follow = (...args: string[]): FollowRun => {
  const run = new FollowRun(args)
  runs.push(run)
  return run
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'beacon-follow-'))
  log = path.join(dir, 'runtime.jsonl')
})

afterEach(() => {
  for (const run of runs.splice(0)) run.kill()
  rmSync(dir, {recursive: true, force: true})
})

// The lines of the main scenario.
const METRIC_FIRST = claudeInputMetric('s1', '2026-06-11T10:00:01Z', 100)
const API_REQUEST = claudeApiRequest('s1', '2026-06-11T10:00:00Z', {
  input: 100,
  output: 50,
  cacheRead: 1000,
  cacheCreation: 200,
  cost: 0.01,
})
const CODEX_1 = codexCumulativeInput('c1', '2026-06-11T11:00:00Z', 1000)
const CODEX_2 = codexCumulativeInput('c1', '2026-06-11T11:01:00Z', 1500)
const AFTER_ROTATION = claudeApiRequest('s2', '2026-06-11T12:00:00Z', {
  input: 10,
  output: 5,
  cost: 0.002,
})

describe('token-usage --follow (NDJSON)', () => {
  it('folds appended lines, holds a partial line, follows rotation and exits 0 on SIGINT with the batch report', async () => {
    writeFileSync(log, `${METRIC_FIRST}\n`)
    const run = follow('--log-path', log, '--interval', '200ms', '--json')

    // The metric datapoint alone counts (no log record for s1 yet): input 100, 1 event.
    const first = await run.snapshotWhere('the first metric', (d) => d.total_events === 1)
    expect(totalsOf(first)).toMatchObject({input_tokens: 100, output_tokens: 0, events: 1})

    // s1's log record reports input, output, cache and cost: the metric's input is zeroed and the
    // metric event drops out (§5.1). Totals = the log record alone.
    appendFileSync(log, `${API_REQUEST}\n`)
    const second = await run.snapshotWhere('the log record', (d) => d.total_events === 2)
    expect(totalsOf(second)).toEqual({
      input_tokens: 100,
      output_tokens: 50,
      cache_read_input_tokens: 1000,
      cache_creation_input_tokens: 200,
      reasoning_output_tokens: 0,
      cost_usd: 0.01,
      events: 1,
    })
    expect(second.events_with_usage).toBe(1)

    // A cumulative counter (held by the reorder window, yet in the snapshot) and half a line.
    const cut = Math.floor(CODEX_2.length / 2)
    appendFileSync(log, `${CODEX_1}\n${CODEX_2.slice(0, cut)}`)
    const third = await run.snapshotWhere('the first counter', (d) => d.total_events === 3)
    // 100 + the counter's first reading 1000 (previous starts at 0, §5.2).
    expect(totalsOf(third)).toMatchObject({input_tokens: 1100, events: 2})
    expect(third.malformed_lines).toBe(0)

    // The rest of the line: 1500 − 1000 = 500 more input.
    appendFileSync(log, `${CODEX_2.slice(cut)}\n`)
    const fourth = await run.snapshotWhere('the second counter', (d) => d.total_events === 4)
    expect(totalsOf(fourth)).toMatchObject({input_tokens: 1600, events: 3})
    expect(fourth.by_session).toEqual([
      expect.objectContaining({key: 'c1', usage: expect.objectContaining({input_tokens: 1500})}),
      expect.objectContaining({key: 's1'}),
    ])
    // A snapshot is a batch run over the lines so far.
    expect(fourth).toEqual(batchJson(log))

    // Rotation: the active log becomes .1 and a new one starts.
    renameSync(log, `${log}.1`)
    writeFileSync(log, `${AFTER_ROTATION}\n`)
    const fifth = await run.snapshotWhere('the line after rotation', (d) => d.total_events === 5)
    // 1600 + 10 input, 50 + 5 output, cost 0.01 + 0.002, 4 usage events; nothing counted twice.
    expect(totalsOf(fifth)).toEqual({
      input_tokens: 1610,
      output_tokens: 55,
      cache_read_input_tokens: 1000,
      cache_creation_input_tokens: 200,
      reasoning_output_tokens: 0,
      cost_usd: 0.012,
      events: 4,
    })

    const before = run.snapshots().length
    expect(await run.stop('SIGINT')).toBe(0)
    const all = run.snapshots()
    expect(all.length).toBeGreaterThan(before - 1)
    // The final report is the last line, one compact document, equal to a batch run over the
    // same lines (the archive .1 and the new active log).
    const lines = run.stdout.trimEnd().split('\n')
    const final = JSON.parse(lines[lines.length - 1] as string)
    expect(final).toEqual(batchJson(log))
    expect(totalsOf(final)).toEqual(totalsOf(fifth))
    expect(run.stderr).toBe('')
  })

  it('starts over on a truncated log, says so once on stderr, and exits 0 on SIGTERM with the table', async () => {
    writeFileSync(log, `${API_REQUEST}\n`)
    const run = follow('--log-path', log, '--interval', '200ms')
    await run.snapshotWhere('the first line', (d) => d.total_events === 1)

    truncateSync(log, 0)
    appendFileSync(log, `${AFTER_ROTATION}\n`)
    // What was counted stays counted; the new content is read from its start: 100 + 10 input.
    const after = await run.snapshotWhere('the new content', (d) => d.total_events === 2)
    expect(totalsOf(after)).toMatchObject({input_tokens: 110, output_tokens: 55, events: 2})

    expect(await run.stop('SIGTERM')).toBe(0)
    expect(run.stderr).toBe(`beacon: ${log} was truncated; reading it again from the start\n`)
    // Off a terminal without --json: NDJSON while following, the table at the end.
    const table = run.stdout.slice(run.stdout.indexOf('2 of 2 events carry usage'))
    expect(table).toMatch(/^2 of 2 events carry usage\n\nTOTALS\n/)
    // Totals: 110 input, 55 output, 1,000 cache read, 200 cache create, 1,365 tokens, $0.0120.
    expect(table).toMatch(/TOTALS\nINPUT .*\n\s*110\s+55\s+1,000\s+200\s+0\s+1,365\s+0\.0120\s+2\n/)
  })

  it('waits for an explicit log that does not exist yet', async () => {
    const run = follow('--log-path', log, '--interval', '200ms', '--json')
    await waitFor('the waiting notice', () => run.stderr.includes('waiting for'))
    expect(run.stderr).toBe(`beacon: waiting for ${log} to appear\n`)
    await run.snapshotWhere('an empty report', (d) => d.total_events === 0)

    writeFileSync(log, `${API_REQUEST}\n`)
    const snapshot = await run.snapshotWhere('the line', (d) => d.total_events === 1)
    expect(totalsOf(snapshot)).toMatchObject({input_tokens: 100, cost_usd: 0.01, events: 1})
    expect(await run.stop('SIGINT')).toBe(0)
  })

  it('applies filters to the live snapshots and the final report alike', async () => {
    writeFileSync(log, `${METRIC_FIRST}\n${API_REQUEST}\n${CODEX_1}\n`)
    const run = follow('--log-path', log, '--interval', '200ms', '--json', '--harness', 'codex')
    // Only the Codex counter passes: 1 of 3 lines, input 1000.
    const snapshot = await run.snapshotWhere('the codex counter', (d) => d.total_events === 1)
    expect(totalsOf(snapshot)).toMatchObject({input_tokens: 1000, events: 1})
    appendFileSync(log, `${CODEX_2}\n`)
    await run.snapshotWhere('the second counter', (d) => d.total_events === 2)
    expect(await run.stop('SIGINT')).toBe(0)
    const lines = run.stdout.trimEnd().split('\n')
    const final = JSON.parse(lines[lines.length - 1] as string)
    expect(final).toEqual(batchJson(log, '--harness', 'codex'))
    expect(totalsOf(final)).toMatchObject({input_tokens: 1500, events: 2})
  })
})

describe('token-usage --follow / --interval usage errors', () => {
  const usage = (...args: string[]) =>
    spawnSync(process.execPath, [RUN, 'token-usage', ...args], {encoding: 'utf8', env: CLI_ENV})

  it.each(['0s', 'soon', '5ms'])('rejects --interval %s with exit code 2', (value) => {
    const result = usage('--follow', '--interval', value, '--log-path', log)
    expect(result.status).toBe(2)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toContain('--interval')
    expect(result.stderr).toContain('at least 10ms')
  })

  it.each([
    [['--log-path', 'a.jsonl', '--log-path', 'b.jsonl'], '--follow follows one log;'],
    [['--log-path', '-'], '--follow cannot follow standard input;'],
    [['--log-path', 'logs/*.jsonl'], '--follow cannot follow a glob (logs/*.jsonl);'],
  ])('follows one log file: %j is a usage error', (args, message) => {
    const result = usage('--follow', ...args)
    expect(result.status).toBe(2)
    expect(result.stderr).toBe(
      `beacon: ${message} give --log-path one log file (its rotated archives are read with it) (see "beacon token-usage --help")\n`,
    )
  })

  it('does not follow a directory', () => {
    const result = usage('--follow', '--log-path', dir)
    expect(result.status).toBe(2)
    expect(result.stderr).toContain(`--follow cannot follow a directory (${dir})`)
  })

  it('needs --follow', () => {
    writeFileSync(log, `${API_REQUEST}\n`)
    const result = usage('--interval', '2s', '--log-path', log)
    expect(result.status).toBe(2)
    expect(result.stderr).toBe(
      'beacon: All of the following must be provided when using --interval: --follow (see "beacon token-usage --help")\n',
    )
  })
})
