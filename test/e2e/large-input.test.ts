// A large log (issue 3), generated once here (~73 MB, over the 64 MiB at which worker threads
// start; its first ~40 MB as a second log for the terminal tests) and removed: `--workers 1` and
// `--workers 2` give the same exact report; the progress bar never appears on a non-terminal
// stderr, appears on a terminal (tmux) and is erased before the report, and `--no-progress`
// silences it there.
import {spawnSync} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import {
  closeSync,
  existsSync,
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

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {ROOT, type Report, runCli, usage} from './cli.js'

const dir = mkdtempSync(join(tmpdir(), 'beacon-large-'))
const LOG = join(dir, 'runtime.jsonl')
const SMALL_LOG = join(dir, 'first-40mb.jsonl')
const LINES = 200_000
const SMALL_LINES = 110_000
const SESSIONS = 4
/** A malformed line after usage lines 99,999 and 149,999 (0-based): file lines 100,001 and 150,002. */
const MALFORMED_AFTER = [99_999, 149_999]

beforeAll(() => {
  // Usage line i (0-based): session s(i mod 4), input i+1, output 1, a 180-byte message, 100
  // lines a second (so a few thousand calls, not one per line): ~365 bytes a line, every line
  // distinct (no duplicates).
  const fd = openSync(LOG, 'w')
  const small = openSync(SMALL_LOG, 'w')
  const pad = 'x'.repeat(180)
  let batch: string[] = []
  for (let i = 0; i < LINES; i++) {
    const timestamp = new Date(Date.UTC(2026, 5, 11) + Math.floor(i / 100) * 1000).toISOString()
    batch.push(
      `{"timestamp":"${timestamp}","harness":{"name":"agent-sdk"},"session":{"id":"s${i % SESSIONS}"},` +
        `"model":"gpt-4.1","message":"${pad}","gen_ai":{"usage":{"input_tokens":${i + 1},"output_tokens":1}}}`,
    )
    if (MALFORMED_AFTER.includes(i)) batch.push('{"truncated": ')
    if (batch.length >= 10_000 || i === LINES - 1) {
      const text = `${batch.join('\n')}\n`
      writeSync(fd, text)
      if (i < SMALL_LINES) writeSync(small, text)
      batch = []
    }
  }
  closeSync(fd)
  closeSync(small)
})
afterAll(() => rmSync(dir, {recursive: true, force: true}))

// By hand: input = 1 + 2 + … + 200,000 = 200,000 × 200,001 / 2 = 20,000,100,000; output 200,000;
// 200,000 events. Session s_k (k = 0..3) holds i ≡ k (mod 4), i.e. inputs k+1, k+5, …: 50,000
// terms with sum 50,000 × (k+1) + 4 × (0 + 1 + … + 49,999) = 50,000(k+1) + 4,999,900,000.
const TOTAL = usage({in: 20_000_100_000, out: LINES, events: LINES})
const session = (k: number) =>
  usage({in: 50_000 * (k + 1) + 4_999_900_000, out: 50_000, events: 50_000})

describe('a log large enough for worker threads', () => {
  it('--workers 1 and --workers 2 give the same exact report', async () => {
    const [one, two] = await Promise.all(
      ['1', '2'].map((workers) =>
        runCli(['token-usage', '--log-path', LOG, '--json', '--workers', workers]),
      ),
    )
    for (const run of [one, two]) {
      if (run === undefined) throw new Error('no run')
      expect(run.status).toBe(0)
      const report = JSON.parse(run.stdout) as Report
      expect(report.totals).toEqual(TOTAL)
      expect(report.total_events).toBe(LINES)
      // Rows by total tokens descending: s3, s2, s1, s0.
      expect(report.by_session).toEqual(
        [3, 2, 1, 0].map((k) => ({key: `s${k}`, usage: session(k)})),
      )
      // Non-TTY stderr: the malformed lines (with their line numbers) and no progress bar.
      expect(run.stderrLines).toEqual([
        'beacon: skipped 2 malformed lines:',
        `  ${LOG}:100001: not valid JSON`,
        `  ${LOG}:150002: not valid JSON`,
      ])
    }
    expect(two?.stdout).toBe(one?.stdout)
  })
})

const hasTmux = spawnSync('tmux', ['-V']).status === 0
if (!hasTmux)
  console.warn('large-input: tmux is not installed; skipping the progress-bar terminal tests')

const SOCKET = `beacon-progress-${process.pid}`
const DONE = '__beacon_done__'

function tmux(...args: string[]): string {
  const result = spawnSync('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], {encoding: 'utf8'})
  if (result.status !== 0) throw new Error(`tmux ${args[0]}: ${result.stderr}`)
  return result.stdout
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

/**
 * Runs the CLI in a detached 100-column tmux pane (stdout and stderr both on the terminal).
 * Returns every byte the pane received (recorded with pipe-pane before the run starts) and the
 * final screen.
 */
function inTerminal(name: string, flags: string, log = SMALL_LOG): {raw: string; screen: string} {
  const go = join(dir, `${name}.go`)
  const rawPath = join(dir, `${name}.raw`)
  const command =
    `while [ ! -e '${go}' ]; do sleep 0.05; done; cd '${ROOT}' && ` +
    `env -u NODE_ENV -u DEBUG -u NO_COLOR '${process.execPath}' bin/run.js token-usage ` +
    `--log-path '${log}' --top 1 ${flags}; echo ${DONE}; sleep 600`
  tmux('new-session', '-d', '-s', name, '-x', '100', '-y', '40', command)
  tmux('pipe-pane', '-o', '-t', name, `cat >> '${rawPath}'`)
  spawnSync('touch', [go])
  const deadline = Date.now() + 60_000
  for (;;) {
    const raw = existsSync(rawPath) ? readFileSync(rawPath, 'utf8') : ''
    if (raw.includes(DONE)) {
      const screen = tmux('capture-pane', '-p', '-J', '-t', name)
      tmux('kill-session', '-t', name)
      return {raw, screen}
    }
    if (Date.now() > deadline) throw new Error(`no report in the pane:\n${raw}`)
    sleep(100)
  }
}

describe.skipIf(!hasTmux)('the progress bar in a terminal', () => {
  afterAll(() => {
    spawnSync('tmux', ['-L', SOCKET, 'kill-server'])
  })

  it('is drawn while reading (%, MB, MB/s, ETA) and erased before the report', () => {
    const {raw, screen} = inTerminal('bar', '--workers 1')
    const size = (readFileSync(SMALL_LOG).length / 1e6).toFixed(0)
    // At least the first draw and the final 100% one.
    expect(raw).toMatch(new RegExp(String.raw`\r\[[=> ]+\] +\d+% +\d+/${size} MB +\d+ MB/s +ETA `))
    expect(raw).toMatch(new RegExp(String.raw`\r\[=+\] 100% +${size}/${size} MB`))
    // Erased (carriage return, clear line) after the last draw and before the report.
    const lastBar = raw.lastIndexOf('MB/s')
    const erase = raw.indexOf('\r\u001b[2K', lastBar)
    expect(erase).toBeGreaterThan(lastBar)
    expect(raw.indexOf('TOTALS')).toBeGreaterThan(erase)
    // What stays on screen: the report, the stderr lines about malformed lines, no bar.
    expect(screen).toContain('TOTALS')
    // The first 110,000 usage lines and the malformed line after line 100,000.
    expect(screen).toContain('110,000 of 110,000 events carry usage')
    expect(screen).toContain('skipped 1 malformed line')
    expect(screen).not.toContain('MB/s')
  })

  // A run that fails after the bar was drawn (here a truncated gzip log of ~9 MB, over the
  // 8 MiB at which the bar appears) erases the bar too: the error is alone on its line, never
  // glued to the bar ("[====…] 100%  9/9 MB  38 MB/s  ETA 0sbeacon: cannot read …").
  it('a failing run erases the bar before its one error line', () => {
    // Random (incompressible) messages, so the gzip file itself is over 8 MiB.
    const lines = Array.from({length: 60_000}, (_, i) =>
      JSON.stringify({
        model: 'm',
        message: randomBytes(150).toString('base64'),
        gen_ai: {usage: {input_tokens: i + 1}},
      }),
    )
    const whole = gzipSync(`${lines.join('\n')}\n`)
    const truncated = join(dir, 'truncated.jsonl.gz')
    writeFileSync(truncated, whole.subarray(0, whole.length - 1000))
    const {raw, screen} = inTerminal('failing', '--workers 1', truncated)
    expect(raw).toContain('MB/s') // the bar was drawn
    const error = `beacon: cannot read ${truncated}: truncated gzip data (unexpected end of file)`
    expect(screen.split('\n').map((text) => text.trimEnd())).toContain(error)
    expect(screen).not.toContain('MB/s')
  })

  it('--no-progress: never drawn, the report as usual', () => {
    const {raw, screen} = inTerminal('quiet', '--workers 1 --no-progress')
    expect(raw).not.toContain('MB/s')
    expect(raw).not.toContain('\u001b[2K')
    expect(screen).toContain('TOTALS')
  })
})
