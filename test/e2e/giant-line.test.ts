// A pathological line (issue 3): tens of MiB without a newline is counted as malformed, with
// its length named, without buffering it whole — the split stage gives up on a line past
// 16 MiB — and the lines after it still count. Files are generated here and removed.
import {spawnSync} from 'node:child_process'
import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {gzipSync} from 'node:zlib'

import {afterAll, describe, expect, it} from 'vitest'

import {ROOT, runCli, usage} from './cli.js'

const MiB = 1024 * 1024
const dir = mkdtempSync(join(tmpdir(), 'beacon-giant-line-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

const usageLine = (input: number): string =>
  JSON.stringify({
    harness: {name: 'agent-sdk'},
    session: {id: 's'},
    model: 'gpt-4.1',
    gen_ai: {usage: {input_tokens: input}},
  })

/** `before`, then a JSON object whose string field holds `mib` MiB, then `after` (if any). */
function writeGiant(name: string, mib: number, before: string, after?: string): string {
  const path = join(dir, name)
  const fd = openSync(path, 'w')
  const block = Buffer.alloc(MiB, 'x')
  writeSync(fd, `${before}\n{"message":"`)
  for (let i = 0; i < mib; i++) writeSync(fd, block)
  writeSync(fd, after === undefined ? '"}' : `"}\n${after}\n`)
  closeSync(fd)
  return path
}

describe('a 20 MiB line', () => {
  it('is one malformed line naming the length limit; the lines around it count', async () => {
    // Line 1: in 1; line 2: 20 MiB of JSON string (valid JSON, but too long); line 3: in 2.
    // → in 3 over 2 events, 1 malformed line at :2.
    const path = writeGiant('giant.jsonl', 20, usageLine(1), usageLine(2))
    const result = await runCli(['token-usage', '--log-path', path, '--json'])
    rmSync(path)
    expect(result.status).toBe(0)
    const report = JSON.parse(result.stdout) as {totals: unknown; total_events: number}
    expect(report.totals).toEqual(usage({in: 3, events: 2}))
    expect(report.total_events).toBe(2)
    expect(result.stderrLines).toEqual([
      'beacon: skipped 1 malformed line:',
      `  ${path}:2: line longer than ${16 * MiB} bytes`,
    ])
  })

  it('as the last line, without a final newline, is malformed too', async () => {
    const path = writeGiant('giant-last.jsonl', 20, usageLine(5))
    const result = await runCli(['token-usage', '--log-path', path, '--json'])
    rmSync(path)
    expect(result.status).toBe(0)
    expect((JSON.parse(result.stdout) as {totals: unknown}).totals).toEqual(
      usage({in: 5, events: 1}),
    )
    expect(result.stderrLines[1]).toBe(`  ${path}:2: line longer than ${16 * MiB} bytes`)
  })
})

describe('a 20 MiB line in a gzip log', () => {
  it('is malformed the same way as it is decompressed (never inflated whole)', async () => {
    // Line 1: in 3; line 2: 20 MiB; line 3: in 4 → in 7 over 2 events, 1 malformed at :2.
    const plain = writeGiant('giant-source.jsonl', 20, usageLine(3), usageLine(4))
    const path = join(dir, 'giant.jsonl.gz')
    writeFileSync(path, gzipSync(readFileSync(plain)))
    rmSync(plain)
    const result = await runCli(['token-usage', '--log-path', path, '--json'])
    expect(result.status).toBe(0)
    expect((JSON.parse(result.stdout) as {totals: unknown}).totals).toEqual(
      usage({in: 7, events: 2}),
    )
    expect(result.stderrLines).toEqual([
      'beacon: skipped 1 malformed line:',
      `  ${path}:2: line longer than ${16 * MiB} bytes`,
    ])
  })
})

const hasTime = spawnSync('/usr/bin/time', ['-f', '%M', 'true']).status === 0
if (!hasTime) console.warn('giant-line: /usr/bin/time is not available; skipping the peak-RSS test')

/** Runs the CLI under /usr/bin/time on `path`; returns the parsed report, stderr and peak RSS in MiB. */
function measure(path: string, workers: string) {
  const result = spawnSync(
    '/usr/bin/time',
    ['-f', 'peak-rss-kib=%M', process.execPath, 'bin/run.js', 'token-usage'].concat([
      '--log-path',
      path,
      '--json',
      '--workers',
      workers,
    ]),
    {cwd: ROOT, encoding: 'utf8', env: {...process.env, NODE_ENV: '', DEBUG: ''}},
  )
  expect(result.status, result.stderr).toBe(0)
  const peakKib = Number(/peak-rss-kib=(\d+)/.exec(result.stderr)?.[1])
  expect(peakKib).toBeGreaterThan(0)
  return {
    totals: (JSON.parse(result.stdout) as {totals: unknown}).totals,
    stderr: result.stderr,
    peakMib: peakKib / 1024,
  }
}

describe.skipIf(!hasTime)('peak memory on a giant line', () => {
  it('a 100 MiB line in one reader: peak RSS well under 200 MiB (never buffered whole)', () => {
    // Line 1: in 7; line 2: 100 MiB; line 3: in 8 → in 15 over 2 events, 1 malformed.
    const path = writeGiant('huge.jsonl', 100, usageLine(7), usageLine(8))
    try {
      const run = measure(path, '1')
      expect(run.totals).toEqual(usage({in: 15, events: 2}))
      expect(run.stderr).toContain(`${path}:2: line longer than ${16 * MiB} bytes`)
      expect(run.peakMib).toBeLessThan(200)
    } finally {
      rmSync(path)
    }
  })

  // With workers (a file over 64 MiB), the range after the giant line looks back for its
  // duplicate window (preceding-usage-lines.ts); it must skip a line past the 16 MiB limit, as
  // the split stage does, rather than assemble and parse it.
  it('a 70 MiB line with 2 workers: peak RSS under 200 MiB too', () => {
    // Line 1: in 7; line 2: 70 MiB; line 3: in 8 → in 15 over 2 events, 1 malformed.
    const path = writeGiant('huge-workers.jsonl', 70, usageLine(7), usageLine(8))
    try {
      const run = measure(path, '2')
      expect(run.totals).toEqual(usage({in: 15, events: 2}))
      expect(run.peakMib).toBeLessThan(200)
    } finally {
      rmSync(path)
    }
  })
})
