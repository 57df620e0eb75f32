// Runs the BUILT CLI (`node bin/run.js …`, after `npm run build`) the way a user or a CI job does,
// and gives the tests its exit code, stdout, stderr and the parsed `--json` document.
import {execFile} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'e2e')
const RUN = join(ROOT, 'bin', 'run.js')

export const fixture = (name: string): string => join(FIXTURES, name)

export interface CliResult {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
  /** Non-empty stderr lines. */
  readonly stderrLines: string[]
}

/** A HOME of its own, so no run reads the developer's real ~/.beacon. */
const isolatedHome = mkdtempSync(join(tmpdir(), 'beacon-e2e-home-'))
process.on('exit', () => rmSync(isolatedHome, {recursive: true, force: true}))

export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const base: NodeJS.ProcessEnv = {...process.env, HOME: isolatedHome, USERPROFILE: isolatedHome}
  // A user's shell: no DEBUG (stack traces), and no NODE_ENV=test, which vitest sets and which
  // turns on oclif's developer warnings.
  delete base.DEBUG
  delete base.NODE_ENV
  // Asynchronous, so the tests of a file can run their CLIs side by side (describe.concurrent).
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [RUN, ...args],
      {cwd: ROOT, encoding: 'utf8', env: {...base, ...env}, maxBuffer: 64 * 1024 * 1024},
      (_error, stdout, stderr) => {
        resolve({
          status: child.exitCode,
          stdout,
          stderr,
          stderrLines: stderr.split('\n').filter((line) => line.trim() !== ''),
        })
      },
    )
  })
}

export interface Usage {
  input_tokens: number
  output_tokens: number
  cache_read_input_tokens: number
  cache_creation_input_tokens: number
  reasoning_output_tokens: number
  cost_usd: number
  events: number
}

export interface Row {
  key: string
  usage: Usage
}

export interface UtilizationRow {
  model: string
  context_window?: number
  calls: number
  max_input_tokens: number
  max_ratio?: number
  p95_ratio?: number
  near_limit_calls?: number
}

export interface Step {
  timestamp?: string
  action?: string
  name?: string
  model?: string
  trace_id?: string
  span_id?: string
  parent_span_id?: string
  usage: Usage
  children?: Step[]
}

export interface Report {
  totals: Usage
  by_model?: Row[]
  by_session?: Row[]
  by_harness?: Row[]
  by_repository?: Row[]
  by_run?: Row[]
  utilization: UtilizationRow[]
  series?: Array<{start: string; usage: Usage}>
  session_detail?: {session_id: string; usage: Usage; steps: Step[]}
  events_with_usage: number
  total_events: number
}

const reports = new Map<string, Promise<{report: Report; stderrLines: string[]}>>()

/**
 * `token-usage --log-path <fixture> --json …flags`; the run must succeed. Identical runs are
 * made once per test file (the CLI is deterministic), which keeps the suite fast.
 */
export async function report(
  log: string,
  flags: readonly string[] = [],
): Promise<{report: Report; stderrLines: string[]}> {
  const args = ['token-usage', '--log-path', log, '--json', ...flags]
  const cacheKey = JSON.stringify(args)
  let pending = reports.get(cacheKey)
  if (pending === undefined) {
    pending = runCli(args).then((result) => {
      if (result.status !== 0) throw new Error(`exit ${result.status}: ${result.stderr}`)
      return {report: JSON.parse(result.stdout) as Report, stderrLines: result.stderrLines}
    })
    reports.set(cacheKey, pending)
  }
  return structuredClone(await pending)
}

/** USAGE with every field spelled out; unspecified fields are zero. */
export function usage(fields: {
  in?: number
  out?: number
  cr?: number
  cw?: number
  reasoning?: number
  cost?: number
  events: number
}): Usage {
  return {
    input_tokens: fields.in ?? 0,
    output_tokens: fields.out ?? 0,
    cache_read_input_tokens: fields.cr ?? 0,
    cache_creation_input_tokens: fields.cw ?? 0,
    reasoning_output_tokens: fields.reasoning ?? 0,
    cost_usd: fields.cost ?? 0,
    events: fields.events,
  }
}

export const EMPTY_USAGE = usage({events: 0})

export const row = (key: string, u: Usage): Row => ({key, usage: u})

/** Adds usages field by field (for expectations built from other expectations). */
export function plus(...parts: Usage[]): Usage {
  return parts.reduce((a, b) => ({
    input_tokens: a.input_tokens + b.input_tokens,
    output_tokens: a.output_tokens + b.output_tokens,
    cache_read_input_tokens: a.cache_read_input_tokens + b.cache_read_input_tokens,
    cache_creation_input_tokens: a.cache_creation_input_tokens + b.cache_creation_input_tokens,
    reasoning_output_tokens: a.reasoning_output_tokens + b.reasoning_output_tokens,
    cost_usd: a.cost_usd + b.cost_usd,
    events: a.events + b.events,
  }))
}

/**
 * A step tree with `children: []` dropped: §12 makes `children` optional, so a leaf may carry an
 * empty list or none; both mean the same to a reader.
 */
export function withoutEmptyChildren(steps: Step[]): Step[] {
  return steps.map((step) => {
    const {children, ...rest} = step
    return children === undefined || children.length === 0
      ? rest
      : {...rest, children: withoutEmptyChildren(children)}
  })
}
