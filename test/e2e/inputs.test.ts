// Inputs users expect (issue 3, §2): `--log-path` repeated, a directory, a glob, `-` for
// standard input, gzip logs and archives (recognised by their magic bytes, not their name),
// each log with its own archives oldest first, the same file read once; inputs that name no
// log or cannot be read fail with exit 1 and one line, with no report on stdout.
//
// Every fixture line is one usage event of session "s" with a distinct input count and its
// file's name as `message` and no timestamp, so the totals say which files were read (each
// count is a different power of ten) and the session's steps (§9: events without a timestamp
// keep log order, §10) say in which order.
import {spawn} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {gzipSync} from 'node:zlib'

import {afterAll, describe, expect, it} from 'vitest'

import {ROOT, type Report, runCli, usage} from './cli.js'

const dir = mkdtempSync(join(tmpdir(), 'beacon-inputs-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

const line = (name: string, input: number): string =>
  JSON.stringify({
    harness: {name: 'agent-sdk'},
    session: {id: 's'},
    model: 'gpt-4.1',
    message: name,
    gen_ai: {usage: {input_tokens: input}},
  })

/** Writes `name` (under dir) with one line per entry; gzipped when `gzip` is set. */
function write(name: string, lines: readonly string[], gzip = false): string {
  const path = join(dir, name)
  const text = `${lines.join('\n')}\n`
  writeFileSync(path, gzip ? gzipSync(text) : text)
  return path
}

// logs/: alpha.jsonl with three archives — .1 plain, .2.gz gzip, .3 gzip WITHOUT a .gz name —,
// beta.ndjson.gz (gzip), gamma.jsonl.gz (plain text despite its name), notes.txt (not a log).
mkdirSync(join(dir, 'logs'))
const ALPHA = write('logs/alpha.jsonl', [line('alpha', 1)])
write('logs/alpha.jsonl.1', [line('alpha.1', 10)])
write('logs/alpha.jsonl.2.gz', [line('alpha.2', 100)], true)
write('logs/alpha.jsonl.3', [line('alpha.3', 1000)], true)
const BETA = write('logs/beta.ndjson.gz', [line('beta', 10_000)], true)
write('logs/gamma.jsonl.gz', [line('gamma', 100_000)])
write('logs/notes.txt', [line('notes', 1_000_000)])
// other/: a second log with one archive, and a directory with no log in it.
mkdirSync(join(dir, 'other'))
const DELTA = write('other/delta.jsonl', [line('delta', 10_000_000)])
write('other/delta.jsonl.1', [line('delta.1', 20_000_000)])
mkdirSync(join(dir, 'empty'))
write('empty/readme.md', ['not a log'])

/** Total input and the step names in the order they were read. */
function readOrder(report: Report): {input: number; steps: string[]} {
  return {
    input: report.totals.input_tokens,
    steps: (report.session_detail?.steps ?? []).map((step) => step.name ?? '?'),
  }
}

async function json(...paths: string[]): Promise<Report> {
  const args = ['token-usage', ...paths.flatMap((p) => ['--log-path', p]), '--session', 's']
  const result = await runCli([...args, '--json'])
  expect(result.stderr).toBe('')
  expect(result.status).toBe(0)
  return JSON.parse(result.stdout) as Report
}

/** The built CLI with `input` piped to its standard input. */
function runWithStdin(
  args: readonly string[],
  input: string | Buffer,
): Promise<{status: number | null; stdout: string; stderrLines: string[]}> {
  const env: NodeJS.ProcessEnv = {...process.env, HOME: dir}
  delete env.DEBUG
  delete env.NODE_ENV
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/run.js', ...args], {cwd: ROOT, env})
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text))
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text))
    child.on('error', reject)
    child.on('close', (status) =>
      resolve({status, stdout, stderrLines: stderr.split('\n').filter((l) => l.trim() !== '')}),
    )
    child.stdin.end(input)
  })
}

describe.concurrent('--log-path inputs', () => {
  it('one log: its archives oldest first (.3 gzip without a .gz name, .2.gz, .1), then the log', async () => {
    // 1000 + 100 + 10 + 1 = 1111 over 4 events.
    const r = await json(ALPHA)
    expect(readOrder(r)).toEqual({input: 1111, steps: ['alpha.3', 'alpha.2', 'alpha.1', 'alpha']})
    expect(r.totals).toEqual(usage({in: 1111, events: 4}))
  })

  it('repeated: each input with its own archives, in the order given', async () => {
    // delta.1 + delta = 30,000,000, then alpha's 1111 → 30,001,111 over 6 events.
    const r = await json(DELTA, ALPHA)
    expect(readOrder(r)).toEqual({
      input: 30_001_111,
      steps: ['delta.1', 'delta', 'alpha.3', 'alpha.2', 'alpha.1', 'alpha'],
    })
    expect(r.total_events).toBe(6)
  })

  it('a directory: its .jsonl/.ndjson logs (gzip or not) by name, each after its archives; other files ignored', async () => {
    // alpha (1111) + beta 10,000 + gamma 100,000 = 111,111; notes.txt (1,000,000) is not read.
    const r = await json(join(dir, 'logs'))
    expect(readOrder(r)).toEqual({
      input: 111_111,
      steps: ['alpha.3', 'alpha.2', 'alpha.1', 'alpha', 'beta', 'gamma'],
    })
  })

  it('a glob (expanded by us, not the shell): the matching logs with their archives, once', async () => {
    // logs/a* matches alpha.jsonl and its archives; archives come in once, oldest first.
    const r = await json(join(dir, 'logs', 'a*'))
    expect(readOrder(r)).toEqual({input: 1111, steps: ['alpha.3', 'alpha.2', 'alpha.1', 'alpha']})
    // *.jsonl* in both directories: alpha (+ archives), gamma.jsonl.gz; delta (+ archive).
    const both = await json(join(dir, '{logs,other}', '*.jsonl*'))
    expect(readOrder(both).input).toBe(1111 + 100_000 + 30_000_000)
    expect(both.total_events).toBe(7)
  })

  // A glob's archive whose log is not matched (`'runtime.jsonl.*'`, to read just the rotated
  // part) is read in its own right, oldest first among its siblings, never dropped to a silent
  // empty report: alpha.3 + alpha.2 + alpha.1 = 1110 over 3 events, without alpha itself.
  it('a glob matching only archives reads them', async () => {
    const r = await json(join(dir, 'logs', 'alpha.jsonl.*'))
    expect(readOrder(r)).toEqual({input: 1110, steps: ['alpha.3', 'alpha.2', 'alpha.1']})
  })

  it('a glob matching archives of one log and another log with its archive: each by its rule', async () => {
    // Sorted matches: logs/alpha.jsonl.1 (alpha not matched: read alone, 10), other/delta.jsonl
    // and other/delta.jsonl.1 (delta matched: its archive comes first, with it, once):
    // 10 + 20,000,000 + 10,000,000 = 30,000,010 over 3 events.
    const r = await json(join(dir, '{logs/alpha.jsonl.1,other/delta.jsonl*}'))
    expect(readOrder(r)).toEqual({input: 30_000_010, steps: ['alpha.1', 'delta.1', 'delta']})
  })

  it('a symlink to a file named with the file is read once', async () => {
    mkdirSync(join(dir, 'links'))
    const link = join(dir, 'links', 'alpha.jsonl')
    symlinkSync(ALPHA, link)
    const r = await json(ALPHA, link)
    expect(readOrder(r).input).toBe(1111)
    expect(r.total_events).toBe(4)
  })

  // A directory's logs are its regular files named like logs: a subdirectory named like one
  // (`nested/old.jsonl/`) is skipped, not read (and not an "is a directory" failure); here the
  // directory's one log, input 5.
  it('a subdirectory named *.jsonl inside a directory input is not a log', async () => {
    mkdirSync(join(dir, 'nested', 'old.jsonl'), {recursive: true})
    write('nested/runtime.jsonl', [line('nested', 5)])
    const r = await json(join(dir, 'nested'))
    expect(readOrder(r)).toEqual({input: 5, steps: ['nested']})
  })

  it('a missing file among others: exit 1, one line naming it, no report', async () => {
    const missing = join(dir, 'logs', 'missing.jsonl')
    const result = await runCli(['token-usage', '--log-path', ALPHA, '--log-path', missing])
    expect(result.status).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderrLines).toEqual([`beacon: cannot read ${missing}: no such file`])
  })

  it('the same file named twice, or through a directory and a path with .., is read once', async () => {
    const r = await json(ALPHA, join(dir, 'other', '..', 'logs', 'alpha.jsonl'), join(dir, 'logs'))
    // alpha and its archives once (1111), then beta and gamma from the directory.
    expect(readOrder(r)).toEqual({
      input: 111_111,
      steps: ['alpha.3', 'alpha.2', 'alpha.1', 'alpha', 'beta', 'gamma'],
    })
  })

  it('a gzip file of several members (cat a.gz b.gz) is read whole', async () => {
    const path = join(dir, 'members.jsonl.gz')
    writeFileSync(
      path,
      Buffer.concat([gzipSync(`${line('m1', 3)}\n`), gzipSync(`${line('m2', 30)}\n`)]),
    )
    expect(readOrder(await json(path))).toEqual({input: 33, steps: ['m1', 'm2']})
  })

  it('a gzip log named .gz, and a plain log named .gz, are both read', async () => {
    const r = await json(BETA, join(dir, 'logs', 'gamma.jsonl.gz'))
    expect(readOrder(r)).toEqual({input: 110_000, steps: ['beta', 'gamma']})
  })

  it('a glob matching nothing: exit 1, one line naming the pattern, no report', async () => {
    const pattern = join(dir, 'logs', '*.nothing')
    const result = await runCli(['token-usage', '--log-path', ALPHA, '--log-path', pattern])
    expect(result.status).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderrLines).toHaveLength(1)
    expect(result.stderrLines[0]).toContain(pattern)
    expect(result.stderrLines[0]).toMatch(/no file matches/)
  })

  it('a directory without logs: exit 1, one line naming it, no report', async () => {
    const result = await runCli(['token-usage', '--log-path', join(dir, 'empty'), '--json'])
    expect(result.status).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderrLines).toHaveLength(1)
    expect(result.stderrLines[0]).toContain(join(dir, 'empty'))
  })
})

describe.concurrent('--log-path - (standard input)', () => {
  // 5 + 7 = 12 over 2 events; a blank line is ignored.
  const piped = `${line('in.1', 5)}\n\n${line('in.2', 7)}\n`
  const readStdin = async (input: string | Buffer) => {
    const result = await runWithStdin(
      ['token-usage', '--log-path', '-', '--json', '--session', 's'],
      input,
    )
    expect(result.stderrLines).toEqual([])
    expect(result.status).toBe(0)
    expect(readOrder(JSON.parse(result.stdout) as Report)).toEqual({
      input: 12,
      steps: ['in.1', 'in.2'],
    })
  }

  it('reads the piped log', () => readStdin(piped))

  // Gzip is recognised on standard input by its magic bytes, as for files: piped to
  // `--log-path -` (`cat runtime.jsonl.2.gz | beacon token-usage --log-path -`) it is
  // decompressed, the same 12 over 2 events (not its compressed bytes as malformed lines).
  it('reads a piped gzip log too (magic bytes, as for files)', () => readStdin(gzipSync(piped)))

  it('a truncated gzip log on standard input: exit 1, one line, no report', async () => {
    // 20,000 distinct lines compress to far more than the half kept.
    const many = Array.from({length: 20_000}, (_, i) => line(`n${i}`, i + 1))
    const whole = gzipSync(`${many.join('\n')}\n`)
    const result = await runWithStdin(
      ['token-usage', '--log-path', '-', '--json'],
      whole.subarray(0, Math.floor(whole.length / 2)),
    )
    expect(result.status).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderrLines).toEqual([
      'beacon: cannot read standard input: truncated gzip data (unexpected end of file)',
    ])
  })

  it('mixed with a file: in the order given; a malformed stdin line is named by its line', async () => {
    // delta.1 + delta (30,000,000), then stdin's 5 (its line 2 is not JSON): 30,000,005, 3 events.
    const result = await runWithStdin(
      ['token-usage', '--log-path', DELTA, '--log-path', '-', '--json', '--session', 's'],
      `${line('stdin', 5)}\n{"oops"\n`,
    )
    expect(result.status).toBe(0)
    expect(readOrder(JSON.parse(result.stdout) as Report)).toEqual({
      input: 30_000_005,
      steps: ['delta.1', 'delta', 'stdin'],
    })
    expect(result.stderrLines[0]).toMatch(/skipped 1 malformed line/)
    expect(result.stderrLines[1]).toMatch(/^\s*-:2: /)
  })
})

describe.concurrent('broken gzip: exit 1, one line naming the file, no report', () => {
  // 20,000 distinct lines compress to far more than the 200 bytes kept.
  const many = Array.from({length: 20_000}, (_, i) => line(`n${i}`, i + 1))
  const whole = gzipSync(`${many.join('\n')}\n`)

  it('a truncated gzip log', async () => {
    const path = join(dir, 'truncated.jsonl.gz')
    writeFileSync(path, whole.subarray(0, Math.floor(whole.length / 2)))
    for (const workers of ['1', '2']) {
      const result = await runCli(['token-usage', '--log-path', path, '--workers', workers])
      expect(result.status).toBe(1)
      expect(result.stdout).toBe('')
      expect(result.stderrLines).toEqual([
        `beacon: cannot read ${path}: truncated gzip data (unexpected end of file)`,
      ])
    }
  })

  it('a truncated gzip archive among plain ones fails the whole run (nothing silently lost)', async () => {
    mkdirSync(join(dir, 'rotated'))
    const log = write('rotated/runtime.jsonl', [line('runtime', 1)])
    write('rotated/runtime.jsonl.1', [line('runtime.1', 10)])
    const archive = join(dir, 'rotated', 'runtime.jsonl.2')
    writeFileSync(archive, whole.subarray(0, whole.length - 8)) // only the trailer missing
    const result = await runCli(['token-usage', '--log-path', log, '--json'])
    expect(result.status).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderrLines).toHaveLength(1)
    expect(result.stderrLines[0]).toContain(archive)
    expect(result.stderrLines[0]).toMatch(/gzip/)
  })

  it('corrupt gzip data', async () => {
    const path = join(dir, 'corrupt.gz')
    const bytes = Buffer.from(whole)
    bytes.fill(0xff, 20, 60)
    writeFileSync(path, bytes)
    const result = await runCli(['token-usage', '--log-path', path])
    expect(result.status).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderrLines).toHaveLength(1)
    expect(result.stderrLines[0]).toMatch(new RegExp(`^beacon: cannot read ${path}: .*gzip`))
  })
})
