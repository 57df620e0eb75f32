// Helpers for the --follow end-to-end tests: fixture events shaped like real runtime output, a
// running CLI whose output is polled for conditions (generous timeouts, no fixed sleeps), and
// a batch run to compare with.
import {type ChildProcess, execFileSync, spawn} from 'node:child_process'
import {fileURLToPath} from 'node:url'

import type {Usage} from './cli.js'

export const RUN = fileURLToPath(new URL('../../bin/run.js', import.meta.url))
export const WAIT_MS = 30_000

/** The CLI's environment as a user has it: oclif warns about unparsed commands under NODE_ENV=test. */
export const CLI_ENV: NodeJS.ProcessEnv = {...process.env, NODE_ENV: undefined}

export async function waitFor<T>(
  what: string | (() => string),
  probe: () => T | undefined | false,
  timeoutMs = WAIT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = probe()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/** Claude Code's log record of one API request (the log channel, §5.1's source of truth). */
export function claudeApiRequest(
  session: string,
  timestamp: string,
  usage: {input: number; output: number; cacheRead?: number; cacheCreation?: number; cost: number},
): string {
  return JSON.stringify({
    timestamp,
    event: {action: 'api_request'},
    harness: {name: 'claude_code'},
    session: {id: session},
    model: 'claude-sonnet-4-5-20250929',
    repository: 'github.com/acme/payments',
    message: 'claude_code.api_request',
    gen_ai: {
      usage: {
        input_tokens: usage.input,
        output_tokens: usage.output,
        cache_read: {input_tokens: usage.cacheRead ?? 0},
        cache_creation: {input_tokens: usage.cacheCreation ?? 0},
        cost_usd: usage.cost,
      },
    },
  })
}

/** Claude Code's metric datapoint for input tokens (the metric channel, Delta temporality). */
export function claudeInputMetric(session: string, timestamp: string, input: number): string {
  return JSON.stringify({
    timestamp,
    event: {action: 'metric'},
    harness: {name: 'claude_code'},
    session: {id: session},
    model: 'claude-sonnet-4-5-20250929[1m]',
    repository: 'github.com/acme/payments',
    gen_ai: {usage: {input_tokens: input}},
    raw: {
      metric_name: 'claude_code.token.usage',
      metric_temporality: 'Delta',
      attributes: {type: 'input', model: 'claude-sonnet-4-5-20250929[1m]'},
    },
  })
}

/** Codex CLI's cumulative input-token counter for a session. */
export function codexCumulativeInput(session: string, timestamp: string, input: number): string {
  return JSON.stringify({
    timestamp,
    event: {action: 'metric'},
    harness: {name: 'codex_cli'},
    session: {id: session},
    model: 'gpt-5-codex',
    repository: 'github.com/acme/payments',
    run: {provider: 'github', run_id: '9876543210'},
    gen_ai: {usage: {input_tokens: input}},
    raw: {
      metric_name: 'codex.turn.token_usage',
      metric_temporality: 'Cumulative',
      attributes: {token_type: 'input'},
    },
  })
}

export type Json = Record<string, unknown>

/** `beacon token-usage --follow …` running, with its stdout lines and stderr collected. */
export class FollowRun {
  readonly child: ChildProcess
  stdout = ''
  stderr = ''
  exitCode: number | null | undefined
  signal: NodeJS.Signals | null | undefined

  constructor(args: readonly string[]) {
    this.child = spawn(process.execPath, [RUN, 'token-usage', '--follow', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: CLI_ENV,
    })
    this.child.stdout?.setEncoding('utf8').on('data', (text: string) => (this.stdout += text))
    this.child.stderr?.setEncoding('utf8').on('data', (text: string) => (this.stderr += text))
    this.child.on('exit', (code, signal) => {
      this.exitCode = code
      this.signal = signal
    })
  }

  /** Complete stdout lines parsed as JSON (NDJSON snapshots); other lines are skipped. */
  snapshots(): Json[] {
    const lines = this.stdout.split('\n').slice(0, -1)
    const documents: Json[] = []
    for (const line of lines) {
      if (!line.startsWith('{')) continue
      documents.push(JSON.parse(line) as Json)
    }
    return documents
  }

  /** Waits for a snapshot satisfying `test` and returns it. */
  snapshotWhere(what: string, test: (document: Json) => boolean): Promise<Json> {
    return waitFor(
      () => `a snapshot with ${what}\nstdout:\n${this.stdout.slice(-2000)}`,
      () => this.snapshots().find(test),
    )
  }

  /** Sends a signal once the process runs, and waits for it to exit. */
  async stop(signal: NodeJS.Signals): Promise<number | null> {
    this.child.kill(signal)
    await waitFor(`exit after ${signal}`, () => this.exitCode !== undefined)
    return this.exitCode ?? null
  }

  kill(): void {
    if (this.exitCode === undefined) this.child.kill('SIGKILL')
  }
}

export function totalsOf(document: Json): Usage {
  return document.totals as Usage
}

/** The batch report of the same log, for comparison. */
export function batchJson(log: string, ...flags: string[]): Json {
  const out = execFileSync(
    process.execPath,
    [RUN, 'token-usage', '--log-path', log, '--json', ...flags],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: CLI_ENV,
    },
  )
  return JSON.parse(out) as Json
}
