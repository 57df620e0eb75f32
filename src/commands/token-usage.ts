// `beacon token-usage`: flags → options → the pipeline → a sink. No aggregation here.
import {Command, Flags} from '@oclif/core'
import {merge} from 'rxjs'

import {type Report, type ReportOptions, buildReport} from '../report/build-report.js'
import {coverageWarnings} from '../report/coverage.js'
import {reportJson} from '../report/render-json.js'
import {liveOutput} from '../report/live-output.js'
import {
  FORMATS,
  type Format,
  type RenderOptions,
  renderReport,
  skippedLineNotes,
  writeStdout,
} from '../report/report-output.js'
import {bucketFlag, instantFlag, intervalFlag} from '../flags/report-flags.js'
import {
  FollowUsageError,
  followReport,
  followedLog,
  shutdownSignals,
} from '../pipeline/follow-report.js'
import {LogReadError} from '../pipeline/read-log-files.js'
import {type LogChoice, selectLogs} from '../pipeline/select-logs.js'
import {runReport} from '../pipeline/run-report.js'
import type {PipelineOptions} from '../pipeline/token-usage-pipeline.js'
import {ProgressBar} from '../report/progress-bar.js'

/** Inputs smaller than this finish too fast for a progress bar to help. */
const PROGRESS_MIN_BYTES = 8 * 1024 * 1024

/** --interval when --follow is given without one: 2s. */
const DEFAULT_INTERVAL_NANOS = 2_000_000_000n

export default class TokenUsage extends Command {
  static override summary =
    'Report token usage and runtime-reported cost from the Beacon runtime log.'

  static override description = `Reads the Beacon runtime log (one JSON event per line, with its rotated archives) and reports token usage and runtime-reported cost: totals, by model, session, harness, repository and CI run, context-window utilization, an optional time series (--bucket) and, with --session, that session's steps as a tree.

Figures are exact: usage a runtime reports on both its log and metric channels counts once, cumulative counters become deltas, and exact duplicate lines count once. Malformed lines are skipped and reported on stderr; they never change a figure. Events are never held: memory follows the report (its sessions, models and calls), not the log's size in bytes.`

  static override examples = [
    {
      description: 'Report on your own log (~/.beacon/endpoint/logs/runtime.jsonl).',
      command: '<%= config.bin %> <%= command.id %>',
    },
    {
      description: 'Machine-readable report for scripts.',
      command: '<%= config.bin %> <%= command.id %> --json',
    },
    {
      description: "One session's usage, step by step.",
      command: '<%= config.bin %> <%= command.id %> --session 7f3c2a9e-1b4d-4c8e-9a51-2f6d0e8b7c41',
    },
    {
      description: 'Usage per hour since a given time.',
      command: '<%= config.bin %> <%= command.id %> --bucket 1h --since 2026-06-11T00:00:00Z',
    },
    {
      description: 'Usage of the last 7 days, each session split by model.',
      command: '<%= config.bin %> <%= command.id %> --since 7d --breakdown',
    },
    {
      description: "A CI job's summary on GitHub Actions.",
      command:
        '<%= config.bin %> <%= command.id %> --log-path artifacts/runtime.jsonl --format markdown >> "$GITHUB_STEP_SUMMARY"',
    },
    {
      description: 'A CI job reading its session artifact for one run.',
      command:
        '<%= config.bin %> <%= command.id %> --log-path artifacts/runtime.jsonl --run-id github/9876543210 --json',
    },
    {
      description:
        'Watch usage live while an agent works; Ctrl-C prints the full report (NDJSON snapshots off a terminal or with --json).',
      command: '<%= config.bin %> <%= command.id %> --follow --interval 5s',
    },
  ]

  static override flags = {
    user: Flags.boolean({
      description: 'Read the per-user log (the default).',
      exclusive: ['system', 'log-path'],
      helpGroup: 'LOG',
    }),
    system: Flags.boolean({
      description: 'Read the system endpoint log.',
      exclusive: ['user', 'log-path'],
      helpGroup: 'LOG',
    }),
    'log-path': Flags.string({
      description:
        'Read this log and its rotated archives <log>.N; repeat it, or give a directory, a glob, or - for standard input. Gzip files are read as they are.',
      exclusive: ['user', 'system'],
      multiple: true,
      multipleNonGreedy: true,
      helpGroup: 'LOG',
      helpValue: '<path>',
    }),
    since: instantFlag({
      description:
        'Keep events at or after this time: RFC 3339, a date (2026-06-11: start of that day, UTC) or a span ago (90m, 24h, 7d).',
      helpGroup: 'FILTER',
    }),
    until: instantFlag({
      description:
        'Keep events at or before this time: RFC 3339, a date (2026-06-11: start of that day, UTC) or a span ago (90m, 24h, 7d).',
      helpGroup: 'FILTER',
    }),
    session: Flags.string({
      description: 'Keep one session (exact id, any case) and show its steps.',
      helpGroup: 'FILTER',
      helpValue: '<id>',
    }),
    model: Flags.string({
      description: 'Keep models whose name contains this (any case).',
      helpGroup: 'FILTER',
      helpValue: '<text>',
    }),
    harness: Flags.string({
      description: 'Keep one harness, e.g. claude_code or codex_cli (any case).',
      helpGroup: 'FILTER',
      helpValue: '<name>',
    }),
    repository: Flags.string({
      description: 'Keep repositories whose name contains this (any case).',
      helpGroup: 'FILTER',
      helpValue: '<text>',
    }),
    'run-id': Flags.string({
      description: 'Keep one CI run: its run id, or provider/run_id.',
      helpGroup: 'FILTER',
      helpValue: '<id>',
    }),
    bucket: bucketFlag({
      description: 'Add a time series with buckets of this size (15m, 1h, 1h30m, 90s, 24h).',
      helpGroup: 'OUTPUT',
    }),
    top: Flags.integer({
      description: 'Rows per grouping (0 = all); totals are unchanged.',
      min: 0,
      default: 0,
      helpGroup: 'OUTPUT',
      helpValue: '<n>',
    }),
    format: Flags.option({
      options: FORMATS,
      description:
        'table (aligned, for people), json (for scripts), csv (one row per section and key) or markdown (GitHub tables for job summaries and PR comments).',
      helpGroup: 'OUTPUT',
    })(),
    json: Flags.boolean({description: 'Short for --format json.', helpGroup: 'OUTPUT'}),
    breakdown: Flags.boolean({
      description: 'Split each session, repository and run row by model.',
      helpGroup: 'OUTPUT',
    }),
    color: Flags.boolean({
      description: 'Colour the table (default: only on a terminal, and not when NO_COLOR is set).',
      allowNo: true,
      helpGroup: 'OUTPUT',
    }),
    follow: Flags.boolean({
      char: 'f',
      description:
        'Keep reading what is appended to one log (through rotation and truncation; a missing log is waited for) and show the report live: redrawn on a terminal, else one JSON line per interval. Ctrl-C prints the full report.',
      helpGroup: 'LIVE',
    }),
    interval: intervalFlag({
      description: 'With --follow: time between updates (default 2s).',
      dependsOn: ['follow'],
      helpGroup: 'LIVE',
    }),
    debug: Flags.boolean({
      description: 'Show stack traces on errors.',
      hidden: false,
      helpGroup: 'OUTPUT',
    }),
    progress: Flags.boolean({
      description: 'Show a progress bar on stderr for large inputs (only on a terminal).',
      allowNo: true,
      default: true,
      helpGroup: 'OUTPUT',
    }),
    workers: Flags.integer({
      description: 'Worker threads for large inputs (0 = one per core, 1 = none).',
      min: 0,
      default: 0,
      helpGroup: 'OUTPUT',
      helpValue: '<n>',
    }),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(this.constructor as typeof TokenUsage)
    if (flags.json && flags.format !== undefined && flags.format !== 'json') {
      this.error(`--json means --format json; it conflicts with --format ${flags.format}`, {
        exit: 2,
      })
    }
    const format: Format = flags.json ? 'json' : (flags.format ?? 'table')
    const choice: LogChoice =
      flags['log-path'] !== undefined
        ? {kind: 'explicit', paths: flags['log-path']}
        : {kind: flags.system ? 'system' : 'user'}
    const pipeline: PipelineOptions = {
      filter: {
        since: flags.since,
        until: flags.until,
        session: flags.session,
        model: flags.model,
        harness: flags.harness,
        repository: flags.repository,
        runId: flags['run-id'],
      },
      aggregate: {
        bucketNanos: flags.bucket,
        collectSteps: flags.session !== undefined,
        breakdown: flags.breakdown,
      },
    }
    const reportOptions: ReportOptions = {
      top: flags.top,
      bucketNanos: flags.bucket,
      session: flags.session,
      breakdown: flags.breakdown,
    }
    if (flags.follow) {
      await this.follow(choice, pipeline, reportOptions, format, flags)
      return
    }
    let report: Report
    const progress =
      flags.progress && process.stderr.isTTY ? new ProgressBar(process.stderr) : undefined
    try {
      const logs = await selectLogs(choice)
      for (const warning of logs.warnings) this.logToStderr(`beacon: ${warning}`)
      if (logs.missingDefault) {
        this.logToStderr(
          `beacon: no log at ${logs.log} yet; showing an empty report (use --log-path to read another log)`,
        )
      }
      const state = await runReport(logs.sources, {
        ...pipeline,
        workers: flags.workers,
        onProgress: (done, total) => {
          if (total >= PROGRESS_MIN_BYTES) progress?.update(done, total)
        },
      })
      progress?.stop()
      report = buildReport(state, reportOptions)
    } catch (error) {
      // Erased on failure too, so the error line starts on a clean line.
      progress?.stop()
      this.failed(error, flags.debug)
      return
    }
    this.reportSkipped(report)
    await writeStdout(renderReport(report, format, renderOptions(flags)))
    for (const line of coverageWarnings(report.coverage)) this.logToStderr(`beacon: ${line}`)
  }

  /**
   * --follow: live snapshots until SIGINT/SIGTERM, then the full report in the chosen format
   * (JSON stays one line, the NDJSON stream's last).
   */
  private async follow(
    choice: LogChoice,
    pipeline: PipelineOptions,
    reportOptions: ReportOptions,
    format: Format,
    flags: {
      interval?: bigint
      debug: boolean
      color?: boolean
      bucket?: bigint
      breakdown: boolean
    },
  ): Promise<void> {
    let log: string
    try {
      const target = await followedLog(choice)
      for (const warning of target.warnings) this.logToStderr(`beacon: ${warning}`)
      log = target.log
    } catch (error) {
      if (error instanceof FollowUsageError) this.error(error.message, {exit: 2})
      this.failed(error, flags.debug)
      return
    }
    const onTerminal = process.stdout.isTTY === true && format !== 'json'
    const output = liveOutput(onTerminal ? 'terminal' : 'ndjson', process.stdout, process.stderr, {
      top: reportOptions.top > 0 ? reportOptions.top : undefined,
    })
    let report: Report
    try {
      report = await followReport(
        {
          log,
          pipeline,
          report: reportOptions,
          intervalMs: Number((flags.interval ?? DEFAULT_INTERVAL_NANOS) / 1_000_000n),
          stop: merge(shutdownSignals(), output.closed$),
          onNotice: (message) => output.notice(message),
        },
        (frame) => output.frame(frame),
      )
    } catch (error) {
      this.failed(error, flags.debug)
      return
    } finally {
      output.close()
    }
    this.reportSkipped(report)
    if (output.broken) return
    await writeStdout(
      format === 'json'
        ? `${JSON.stringify(reportJson(report))}\n`
        : renderReport(report, format, renderOptions(flags)),
    )
  }

  /** A runtime failure: one line on stderr and exit code 1 (the stack only with --debug). */
  private failed(error: unknown, debug: boolean): void {
    if (debug || process.env.DEBUG) throw error
    const message =
      error instanceof LogReadError ? error.message : `failed: ${(error as Error).message}`
    this.logToStderr(`beacon: ${message}`)
    process.exitCode = 1
  }

  /** Bad flags and values: one line naming the flag and the accepted form, exit code 2. */
  protected override async catch(
    error: Error & {parse?: unknown; oclif?: {exit?: number}},
  ): Promise<unknown> {
    const usage =
      error.parse !== undefined || error.message.startsWith('Parsing --') || error.oclif?.exit === 2
    if (!usage) return super.catch(error)
    // The arguments were parsed, and rejected: without this, oclif outside production
    // (NODE_ENV=development or test) adds an "UnparsedCommand" warning to the one usage line.
    this.parsed = true
    if (process.env.DEBUG) return super.catch(error)
    this.logToStderr(
      `beacon: ${usageErrorLine(error.message)} (see "beacon ${this.id ?? 'token-usage'} --help")`,
    )
    process.exitCode = 2
    return undefined
  }

  private reportSkipped(report: Report): void {
    for (const note of skippedLineNotes(report)) this.logToStderr(note)
  }
}

function usageErrorLine(message: string): string {
  return message
    .replace(/\nSee more help with --help\s*$/, '')
    .replace(/^Parsing (--[\w-]+)\s*\n\s*/, '$1: ')
    .replace(/^The following errors? occurred:\s*/, '')
    .replace(/\s*\n\s*/g, ' ')
    .trim()
}

function renderOptions(flags: {
  color?: boolean
  bucket?: bigint
  breakdown: boolean
}): RenderOptions {
  return {color: flags.color, bucketNanos: flags.bucket, breakdown: flags.breakdown}
}
