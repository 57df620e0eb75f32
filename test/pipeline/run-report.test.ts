// Worker threads over byte ranges must give exactly the report of one reader: same figures,
// same malformed line numbers, duplicates across range boundaries still found, cumulative
// series continued across ranges, dual-channel scopes whose log record is in another range.
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {gzipSync} from 'node:zlib'

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
function writeLog(name: string, turns: number, firstTurn = 0): string {
  const lines: string[] = []
  const at = (i: number): string => new Date(Date.UTC(2026, 5, 11, 10) + i * 7000).toISOString()
  for (let i = firstTurn; i < firstTurn + turns; i++) {
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

/** The report of one plain log (see reportOfSources). */
function reportOf(path: string, workers: number, rangeBytes?: number) {
  return reportOfSources([{fileIndex: 0, path, kind: 'plain'}], workers, rangeBytes)
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

/** The report of `sources` with `workers` (1: no workers), ranges of `rangeBytes`. */
async function reportOfSources(
  sources: readonly LogSource[],
  workers: number,
  rangeBytes?: number,
) {
  const aggregate = {bucketNanos: 3_600_000_000_000n, collectSteps: false}
  const state = await runReport(sources, {
    filter: {},
    aggregate,
    workers,
    parallelMinBytes: 0,
    rangeBytes,
  })
  const report = buildReport(state, {top: 0, bucketNanos: aggregate.bucketNanos})
  const json = reportJson(report)
  return {
    json,
    totals: json.totals as {input_tokens: number; events: number},
    malformed: report.malformedExamples.map((m) => `${m.path}:${m.line}`),
  }
}

const plainSource = (path: string, fileIndex: number): LogSource => ({
  fileIndex,
  path,
  kind: 'plain',
})

/** A usage line of exactly `bytes` bytes (newline excluded), padded in its message. */
function usageLineOf(bytes: number, input: number, id = 'p'): string {
  const bare = (pad: string) =>
    JSON.stringify({
      harness: {name: 'agent-sdk'},
      session: {id},
      model: 'gpt-4.1',
      message: pad,
      gen_ai: {usage: {input_tokens: input}},
    })
  const pad = 'x'.repeat(bytes - bare('').length)
  const line = bare(pad)
  if (line.length !== bytes) throw new Error(`cannot make a ${bytes}-byte line`)
  return line
}

describe('runReport with workers, across inputs and range boundaries', () => {
  it('several files, a gzip one among plain ones: the single reader report', async () => {
    // Turns 0-199, 200-349 (gzip) and 350-469: one log cut in three, read in that order.
    const first = writeLog('first.jsonl', 200)
    const middlePlain = writeLog('middle-source.jsonl', 150, 200)
    const middle = join(dir, 'middle.jsonl.gz')
    writeFileSync(middle, gzipSync(readFileSync(middlePlain)))
    const last = writeLog('last.jsonl', 120, 350)
    const sources: LogSource[] = [
      plainSource(first, 0),
      {fileIndex: 1, path: middle, kind: 'gzip'},
      plainSource(last, 2),
    ]
    const single = await reportOfSources(sources, 1)
    // Malformed lines (i % 50 === 7): 7, 57, 107, 157 | 207, 257, 307 | 357, 407, 457 = 10.
    expect(single.json.malformed_lines).toBe(10)
    // The first five named: turn t's malformed line follows its 5 lines and those of earlier
    // turns in the file, each with its extra malformed (i % 50 === 7), duplicate (i % 37 === 5)
    // and blank (i % 61 === 3) line: t=7: 35+0+1+1+5+1 = 43; t=57: 285+1+2+1+6 = 295;
    // t=107: 535+2+3+2+6 = 548; t=157: 785+3+5+3+6 = 802; in the gzip file t=207: 35+0+0+0+6 = 41.
    expect(single.malformed).toEqual([
      `${first}:43`,
      `${first}:295`,
      `${first}:548`,
      `${first}:802`,
      `${middle}:41`,
    ])
    // Duplicates (i % 37 === 5): 5, 42, 79, 116, 153, 190 | 227, 264, 301, 338 | 375, 412, 449 = 13.
    expect(single.json.duplicate_lines).toBe(13)
    for (const rangeBytes of [4096, 50_000]) {
      const parallel = await reportOfSources(sources, 2, rangeBytes)
      expect(parallel.json).toEqual(single.json)
      expect(parallel.malformed).toEqual(single.malformed)
    }
  })

  it('a malformed line right at a range boundary keeps its line number and the figures', async () => {
    // Ranges of 1000 bytes end after the first newline at or after byte 999. Line 1 is 999 bytes
    // + newline, so the first range is exactly line 1 and the second range STARTS with the
    // malformed line 2; line 4 (the malformed end of the second range: 3 + 4 end at byte
    // 999+1+15+1+983+1 = 2000) and line 6, the last, has no newline.
    const lines = [
      usageLineOf(999, 1), //   1: bytes 0..999
      '{"broken": tru', //      2: malformed, starts range 2 at byte 1000
      usageLineOf(983, 10), //  3: ends at byte 1999 with its newline
      '[1,2,3]', //             4: malformed (not an object), starts range 3 at byte 2000
      usageLineOf(1200, 100), // 5
      'nope', //                6: malformed, no final newline
    ]
    const path = join(dir, 'boundaries.jsonl')
    writeFileSync(path, lines.join('\n'))
    const sources = [plainSource(path, 0)]
    // By hand: input 1 + 10 + 100 = 111 over 3 events; malformed lines 2, 4 and 6.
    for (const [workers, rangeBytes] of [
      [1, undefined],
      [2, 1000],
      [2, 16],
    ] as const) {
      const r = await reportOfSources(sources, workers, rangeBytes)
      expect(r.totals.input_tokens).toBe(111)
      expect(r.totals.events).toBe(3)
      expect(r.json.malformed_lines).toBe(3)
      expect(r.malformed).toEqual([`${path}:2`, `${path}:4`, `${path}:6`])
    }
  })

  it('a duplicate across a file boundary (plain archive → log) is still counted once', async () => {
    // archive: A (in 5), B (in 7); log: B again (a retry written across rotation), C (in 11).
    // → in 5 + 7 + 11 = 23 over 3 events, 1 duplicate.
    const a = usageLineOf(300, 5)
    const b = usageLineOf(300, 7)
    const c = usageLineOf(300, 11)
    const archive = join(dir, 'dedup.jsonl.1')
    const log = join(dir, 'dedup.jsonl')
    writeFileSync(archive, `${a}\n${b}\n`)
    writeFileSync(log, `${b}\n${c}\n`)
    const sources = [plainSource(archive, 0), plainSource(log, 1)]
    for (const [workers, rangeBytes] of [
      [1, undefined],
      [2, 1000],
      [2, 100],
    ] as const) {
      const r = await reportOfSources(sources, workers, rangeBytes)
      expect(r.totals.input_tokens).toBe(23)
      expect(r.totals.events).toBe(3)
      expect(r.json.duplicate_lines).toBe(1)
    }
  })

  // A worker starting a file looks back for its duplicate window through a gzip file too (read
  // whole), so a line repeated across a gzip archive → plain file boundary (archive ending with
  // B, log starting with B) counts once: in 5 + 7 + 11 = 23 and 1 duplicate, as one reader finds.
  it('a duplicate across a gzip archive → plain file boundary is counted once', async () => {
    const a = usageLineOf(300, 5)
    const b = usageLineOf(300, 7)
    const c = usageLineOf(300, 11)
    const archive = join(dir, 'dedup-gz.jsonl.1.gz')
    const log = join(dir, 'dedup-gz.jsonl')
    writeFileSync(archive, gzipSync(`${a}\n${b}\n`))
    writeFileSync(log, `${b}\n${c}\n`)
    const sources: LogSource[] = [{fileIndex: 0, path: archive, kind: 'gzip'}, plainSource(log, 1)]
    const single = await reportOfSources(sources, 1)
    expect(single.totals.input_tokens).toBe(23)
    expect(single.json.duplicate_lines).toBe(1)
    const parallel = await reportOfSources(sources, 2, 1000)
    expect(parallel.totals.input_tokens).toBe(23)
    expect(parallel.json.duplicate_lines).toBe(1)
  })
})

describe('runReport with workers, a broken input', () => {
  it('a truncated gzip file among plain ones rejects with one message naming it', async () => {
    const plain = writeLog('before-truncated.jsonl', 100)
    const whole = gzipSync(readFileSync(writeLog('truncated-source.jsonl', 300)))
    const truncated = join(dir, 'truncated.jsonl.gz')
    writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)))
    const sources: LogSource[] = [
      plainSource(plain, 0),
      {fileIndex: 1, path: truncated, kind: 'gzip'},
    ]
    for (const workers of [1, 2]) {
      await expect(reportOfSources(sources, workers, 4096)).rejects.toThrow(
        `cannot read ${truncated}: truncated gzip data (unexpected end of file)`,
      )
    }
  })
})

describe('runReport with workers, over-long lines', () => {
  it('a line over maxLineBytes spanning several ranges is one malformed line, as for one reader', async () => {
    // Line 1: in 1; line 2: a 10,000-byte line (limit 1,000 here); line 3: in 10; line 4: an
    // over-long last line without a newline. → in 11 over 2 events, malformed lines 2 and 4.
    const path = join(dir, 'long-lines.jsonl')
    writeFileSync(
      path,
      [usageLineOf(500, 1), usageLineOf(10_000, 1000), usageLineOf(500, 10), 'y'.repeat(5000)].join(
        '\n',
      ),
    )
    const sources = [plainSource(path, 0)]
    for (const [workers, rangeBytes] of [
      [1, undefined],
      [2, 700],
      [2, 3000],
    ] as const) {
      const state = await runReport(sources, {
        filter: {},
        aggregate: {collectSteps: false},
        workers,
        parallelMinBytes: 0,
        rangeBytes,
        maxLineBytes: 1000,
      })
      const report = buildReport(state, {top: 0})
      expect(report.totals.input).toBe(11)
      expect(report.malformedLines).toBe(2)
      expect(report.malformedExamples.map((m) => [m.line, m.reason])).toEqual([
        [2, 'line longer than 1000 bytes'],
        [4, 'line longer than 1000 bytes'],
      ])
    }
  })
})

describe('runReport with workers, cumulative readings out of time order', () => {
  it('gives the single reader report when disorder crosses a range boundary', async () => {
    // Three copies of Codex cumulative input counters (10, 20, …, 4000 over 400 readings, 5
    // sessions round-robin), each copy two hours earlier than the one before. One reader's
    // 10,000-reading window puts them in time order (oldest copy first); worker ranges cannot see
    // across their boundaries, so the run must notice and read again in one thread.
    const lines: string[] = []
    for (let copy = 0; copy < 3; copy++) {
      for (let i = 0; i < 400; i++) {
        const timestamp = new Date(Date.UTC(2026, 5, 11, 12 - copy * 2) + i * 1000).toISOString()
        lines.push(
          JSON.stringify({
            timestamp,
            harness: {name: 'codex_cli'},
            session: {id: `c${i % 5}`},
            model: 'gpt-5-codex',
            gen_ai: {usage: {input_tokens: (i + 1) * 10}},
            raw: {metric_name: 'codex.turn.token_usage', metric_temporality: 'Cumulative'},
            message: 'x'.repeat(300),
          }),
        )
      }
    }
    const path = join(dir, 'out-of-order.jsonl')
    writeFileSync(path, `${lines.join('\n')}\n`)
    const single = await reportOf(path, 1)
    // Per session the readings of one copy are i = s, s+5, …: values 10(s+1) … up to 10(395+s+1);
    // in time order the copies go oldest (copy 2) first; each copy restarts below the previous
    // copy's last value, a reset, so each copy contributes its own last value: 3 × (3960 + 10s)
    // summed over s = 0..4 = 3 × (19,800 + 100) = 59,700.
    expect((single.json.totals as {input_tokens: number}).input_tokens).toBe(59_700)
    for (const rangeBytes of [20_000, 100_000]) {
      const parallel = await reportOf(path, 2, rangeBytes)
      expect(parallel.json).toEqual(single.json)
    }
  })
})
