#!/usr/bin/env node
// `npm run bench`: throughput and peak memory of `beacon token-usage --json` on big generated
// logs, next to the I/O ceiling (`wc -l`), a plain JSON.parse-every-line loop (the floor) and
// stream-json's JSONL parser, all measured in the same run on the same page-cached file.
//
//   npm run bench                                   # 1 GiB ×5 runs, 4 GiB ×3 runs
//   npm run bench -- --sizes 1GiB --runs 3
//   npm run bench -- --quick                        # 64 MiB smoke test
//   npm run bench -- --approaches wc,cli --seed 7
//
// Logs are generated into bench-data/ (gitignored) and reused while seed, size and generator
// version match. The CLI's JSON report is checked against the totals the generator computed
// from what it wrote; a mismatch is printed and makes the exit code 1.
import {spawn, spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, statSync} from 'node:fs'
import {writeFileSync} from 'node:fs'
import os from 'node:os'
import {dirname, join, relative, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import {GENERATOR_VERSION, formatSize, generateLog, parseSize} from './generate-log.js'
import {compareReports} from './lib/expected-report.js'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const HERE = join(ROOT, 'scripts', 'bench')

const APPROACHES = {
  wc: {label: '`wc -l` (I/O ceiling)', command: (file) => ['wc', ['-l', file]]},
  floor: {
    label: 'Node: split on `\\n` bytes + `JSON.parse` every line, 1 MiB chunks (floor)',
    node: true,
    command: (file) => [process.execPath, [join(HERE, 'floor-json-parse.js'), file]],
  },
  'stream-json': {
    label: 'stream-json 1.9 JSONL parser',
    node: true,
    command: (file) => [process.execPath, [join(HERE, 'stream-json-jsonl.js'), file]],
  },
  'cli-1': {
    label: '`beacon token-usage --json --workers 1` (one thread)',
    node: true,
    command: (file) => [
      process.execPath,
      [join(ROOT, 'bin', 'run.js'), 'token-usage', '--log-path', file, '--json', '--workers', '1'],
    ],
  },
  cli: {
    label: '`beacon token-usage --json` (default: a worker thread per core)',
    node: true,
    command: (file) => [
      process.execPath,
      [join(ROOT, 'bin', 'run.js'), 'token-usage', '--log-path', file, '--json'],
    ],
  },
}

function usage() {
  return `usage: npm run bench -- [--sizes 1GiB,4GiB] [--runs N] [--seed N] [--quick]
                      [--approaches wc,floor,stream-json,cli] [--data-dir bench-data]`
}

function parseArgs(argv) {
  const options = {
    sizes: [parseSize('1GiB'), parseSize('4GiB')],
    runs: undefined,
    seed: 1,
    approaches: Object.keys(APPROACHES),
    dataDir: join(ROOT, 'bench-data'),
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`)
      return argv[++i]
    }
    if (arg === '--sizes') options.sizes = value().split(',').map(parseSize)
    else if (arg === '--runs') {
      options.runs = Number(value())
      if (!Number.isInteger(options.runs) || options.runs < 1)
        throw new Error('--runs must be a positive integer')
    } else if (arg === '--seed') {
      options.seed = Number(value())
      if (!Number.isInteger(options.seed)) throw new Error('--seed must be an integer')
    } else if (arg === '--quick') {
      options.sizes = [parseSize('64MiB')]
      options.runs ??= 3
    } else if (arg === '--approaches') {
      options.approaches = value().split(',')
      for (const a of options.approaches)
        if (!(a in APPROACHES)) throw new Error(`unknown approach ${a}`)
    } else if (arg === '--data-dir') options.dataDir = resolve(value())
    else if (arg === '--help' || arg === '-h') {
      console.log(usage())
      process.exit(0)
    } else throw new Error(`unknown argument ${arg}\n${usage()}`)
  }
  return options
}

// --- peak RSS ------------------------------------------------------------------------------------

/** GNU time's `%M` (max RSS of the child, KiB) when it is installed and behaves. */
function detectGnuTime() {
  for (const path of ['/usr/bin/time', '/bin/time']) {
    if (!existsSync(path)) continue
    const dir = mkdtempSync(join(os.tmpdir(), 'bench-time-'))
    try {
      const out = join(dir, 'rss')
      const probe = spawnSync(path, ['-f', '%M', '-o', out, 'true'])
      if (probe.status === 0 && /^\d+\s*$/.test(readFileSync(out, 'utf8'))) return path
    } catch {
      // not GNU time
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  }
  return undefined
}

/** Peak VmHWM of a running process, sampled until it exits (the fallback for non-Node tools). */
function pollPeak(pid) {
  const state = {kib: undefined}
  const sample = () => {
    try {
      const m = /^VmHWM:\s*(\d+)\s*kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
      if (m !== null) state.kib = Math.max(state.kib ?? 0, Number(m[1]))
    } catch {
      // gone, or no /proc
    }
  }
  const timer = setInterval(sample, 5)
  sample()
  return {stop: () => clearInterval(timer), state}
}

/**
 * Runs one command; returns wall seconds, peak RSS in KiB (undefined when unknowable), the
 * exit code and stderr. stdout goes to `stdoutFile` (or is discarded).
 */
async function measure(approach, file, rssMethod, stdoutFile) {
  const [cmd, args] = APPROACHES[approach].command(file)
  const tmp = mkdtempSync(join(os.tmpdir(), 'bench-run-'))
  const rssFile = join(tmp, 'rss')
  let argv
  const env = {...process.env}
  if (rssMethod.gnuTime !== undefined)
    argv = [rssMethod.gnuTime, ['-f', '%M', '-o', rssFile, cmd, ...args]]
  else if (APPROACHES[approach].node) {
    argv = [cmd, ['--import', join(HERE, 'peak-rss-preload.js'), ...args]]
    env.BENCH_PEAK_RSS_FILE = rssFile
  } else argv = [cmd, args]
  const out = stdoutFile === undefined ? 'ignore' : openSync(stdoutFile, 'w')
  const started = process.hrtime.bigint()
  const child = spawn(argv[0], argv[1], {stdio: ['ignore', out, 'pipe'], env})
  const poll =
    rssMethod.gnuTime === undefined && !APPROACHES[approach].node ? pollPeak(child.pid) : undefined
  let stderr = ''
  child.stderr.on('data', (d) => {
    if (stderr.length < 20000) stderr += d
  })
  const code = await new Promise((done, fail) => {
    child.on('error', fail)
    child.on('close', done)
  })
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  if (typeof out === 'number') closeSync(out)
  poll?.stop()
  let kib = poll?.state.kib
  if (existsSync(rssFile)) {
    const text = readFileSync(rssFile, 'utf8').trim().split('\n').pop()
    if (/^\d+$/.test(text)) kib = Number(text)
  }
  rmSync(tmp, {recursive: true, force: true})
  // GNU time prints "Command exited with non-zero status N" into its own output file.
  return {seconds, kib, code, stderr}
}

// --- logs ----------------------------------------------------------------------------------------

async function ensureLog(dataDir, size, seed) {
  const file = join(dataDir, `runtime-${formatSize(size)}-seed${seed}.jsonl`)
  const sidecar = `${file}.expected.json`
  if (existsSync(file) && existsSync(sidecar)) {
    try {
      const meta = JSON.parse(readFileSync(sidecar, 'utf8'))
      if (
        meta.generator_version === GENERATOR_VERSION &&
        meta.seed === seed &&
        meta.size === size &&
        statSync(file).size === meta.bytes
      ) {
        console.error(`bench: reusing ${relative(ROOT, file)}`)
        return {file, meta}
      }
    } catch {
      // regenerate
    }
  }
  console.error(`bench: generating ${relative(ROOT, file)} (${formatSize(size)}, seed ${seed})…`)
  const summary = await generateLog({size, seed, out: file, expectedOut: sidecar})
  console.error(
    `bench: generated ${summary.lines} lines, ${summary.average_line_bytes} B/line, ` +
      `${((100 * summary.usage_lines) / summary.lines).toFixed(1)}% usage-bearing, in ${summary.seconds} s`,
  )
  return {file, meta: JSON.parse(readFileSync(sidecar, 'utf8'))}
}

function warm(file) {
  // Read the whole file once so every approach starts from the page cache.
  spawnSync('cat', [file], {stdio: ['ignore', 'ignore', 'inherit']})
}

function ensureBuilt() {
  if (existsSync(join(ROOT, 'dist', 'commands', 'token-usage.js'))) return
  console.error('bench: dist/ is missing, running npm run build…')
  const built = spawnSync('npm', ['run', 'build'], {cwd: ROOT, stdio: 'inherit'})
  if (built.status !== 0) throw new Error('npm run build failed')
}

function hasStreamJson() {
  try {
    return existsSync(join(ROOT, 'node_modules', 'stream-json', 'jsonl', 'Parser.js'))
  } catch {
    return false
  }
}

// --- report --------------------------------------------------------------------------------------

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

function machine() {
  const cpus = os.cpus()
  return {
    cpus: `${os.availableParallelism?.() ?? cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}`,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    load: os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' '),
  }
}

async function main() {
  let options
  try {
    options = parseArgs(process.argv.slice(2))
  } catch (error) {
    console.error(`bench: ${error.message}`)
    process.exit(2)
  }
  const approaches = options.approaches.filter((a) => {
    if (a === 'stream-json' && !hasStreamJson()) {
      console.error('bench: stream-json is not installed, skipping it (npm install)')
      return false
    }
    return true
  })
  if (approaches.some((a) => a.startsWith('cli'))) ensureBuilt()
  // BENCH_NO_GNU_TIME=1 exercises the fallback used where GNU time is not installed.
  const gnuTime = process.env.BENCH_NO_GNU_TIME ? undefined : detectGnuTime()
  const rssMethod = {gnuTime}
  const rssNote =
    gnuTime !== undefined
      ? `peak RSS: GNU time %M (${gnuTime})`
      : 'peak RSS: VmHWM at exit (Node, via --import preload) / sampled VmHWM (wc); GNU time not found'
  console.error(`bench: ${rssNote}`)

  const loadAtStart = machine().load
  const rows = []
  const problems = []
  for (const size of options.sizes) {
    const {file, meta} = await ensureLog(options.dataDir, size, options.seed)
    const bytes = meta.bytes
    if (bytes > os.totalmem() * 0.6)
      console.error('bench: warning: the log may not fit in the page cache; I/O will dominate')
    const runs = options.runs ?? (size <= parseSize('1GiB') ? 5 : 3)
    warm(file)
    const results = Object.fromEntries(approaches.map((a) => [a, []]))
    const cliOut = (approach) => join(options.dataDir, `last-${approach}-${formatSize(size)}.json`)
    // Approaches take turns within each run, so drift on a shared machine hits all alike.
    for (let run = 1; run <= runs; run++) {
      for (const approach of approaches) {
        const isCli = approach.startsWith('cli')
        const r = await measure(approach, file, rssMethod, isCli ? cliOut(approach) : undefined)
        const mbps = bytes / 1e6 / r.seconds
        console.error(
          `bench: ${formatSize(size)} run ${run}/${runs} ${approach.padEnd(11)} ` +
            `${r.seconds.toFixed(2)} s  ${mbps.toFixed(0)} MB/s  ` +
            `${r.kib === undefined ? '?' : (r.kib / 1024).toFixed(0)} MiB`,
        )
        if (r.code !== 0) {
          problems.push(`${formatSize(size)} ${approach}: exit code ${r.code}: ${r.stderr.trim()}`)
          console.error(`bench: ${approach} failed (exit ${r.code}):\n${r.stderr}`)
        }
        results[approach].push(r)
        if (isCli && r.code === 0) {
          let actual
          try {
            actual = JSON.parse(readFileSync(cliOut(approach), 'utf8'))
          } catch (error) {
            problems.push(`${formatSize(size)} cli: output is not JSON: ${error.message}`)
            continue
          }
          const diff = compareReports(meta.expected, actual)
          if (diff.length > 0) {
            problems.push(...diff.map((d) => `${formatSize(size)} run ${run}: ${d}`))
            console.error(
              `bench: MISMATCH between the CLI's report and the generator's expected totals ` +
                `(${relative(ROOT, file)}.expected.json vs ${relative(ROOT, cliOut(approach))}):\n  ${diff.join('\n  ')}`,
            )
          }
        }
      }
    }
    for (const approach of approaches) {
      const rs = results[approach]
      const secs = rs.map((r) => r.seconds)
      const kibs = rs.map((r) => r.kib).filter((k) => k !== undefined)
      const s = median(secs)
      rows.push({
        size: `${formatSize(size)} (${(bytes / 1e6).toFixed(0)} MB, ${meta.lines.toLocaleString('en-US')} lines)`,
        approach: APPROACHES[approach].label,
        seconds: s.toFixed(2),
        mbps: (bytes / 1e6 / s).toFixed(0),
        rss: kibs.length === 0 ? 'n/a' : (median(kibs) / 1024).toFixed(0),
        maxRss: kibs.length === 0 ? 'n/a' : (Math.max(...kibs) / 1024).toFixed(0),
        spread: `${Math.min(...secs).toFixed(2)}–${Math.max(...secs).toFixed(2)}`,
        runs: rs.length,
        verified: !approach.startsWith('cli')
          ? ''
          : problems.some((p) => p.startsWith(formatSize(size)))
            ? ' ✗'
            : ' ✓',
      })
    }
  }

  const m = machine()
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`
  const lines = [
    `Machine: ${m.cpus}, ${m.memory} RAM, ${m.os}, Node ${m.node}; finished ${m.date}; load average at start ${loadAtStart}, at end ${m.load} (other work on a shared machine inflates and scatters times).`,
    `Command: \`${command}\` (seed ${options.seed}). Medians over the runs; the file is in the page cache; ${rssNote}. MB = 10^6 bytes.`,
    '',
    '| log | approach | median s | MB/s | peak RSS MiB (median / max) | min–max s | runs |',
    '|---|---|--:|--:|--:|--:|--:|',
    ...rows.map(
      (r) =>
        `| ${r.size} | ${r.approach}${r.verified} | ${r.seconds} | ${r.mbps} | ${r.rss} / ${r.maxRss} | ${r.spread} | ${r.runs} |`,
    ),
    '',
    approaches.some((a) => a.startsWith('cli'))
      ? problems.length === 0
        ? "✓ The CLI's JSON totals, counts and groupings equal the generator's expected report on every run."
        : `✗ ${problems.length} problem(s):\n\n${problems.map((p) => `- ${p}`).join('\n')}`
      : '',
  ]
  const markdown = `${lines.join('\n')}\n`
  writeFileSync(join(options.dataDir, 'last-run.md'), markdown)
  console.log(markdown)
  if (problems.length > 0) process.exitCode = 1
}

await main()
