// `beacon token-usage`: flags → options → the pipeline → a sink. No aggregation here.
import {Command, Flags} from '@oclif/core'
import {merge} from 'rxjs'

import {type Report, type ReportOptions, buildReport} from '../report/build-report.js'
import {renderJson, reportJson} from '../report/render-json.js'
import {renderTable} from '../report/render-table.js'
import {liveOutput} from '../report/live-output.js'
import {bucketFlag, instantFlag, intervalFlag} from '../flags/report-flags.js'
import {followReport, followedLog, shutdownSignals} from '../pipeline/follow-report.js'
import {LogReadError} from '../pipeline/read-log-files.js'
import {type LogChoice, selectLogs} from '../pipeline/select-logs.js'
import {DEFAULT_DUPLICATE_WINDOW} from '../pipeline/drop-duplicate-lines.js'
import {type PipelineOptions, readReportState} from '../pipeline/token-usage-pipeline.js'

/** --interval when --follow is given without one: 2s. */
const DEFAULT_INTERVAL_NANOS = 2_000_000_000n

export default class TokenUsage extends Command {
  static override summary =
    'Report token usage and runtime-reported cost from the Beacon runtime log.'

  static override description = `Reads the Beacon runtime log (one JSON event per line, with its rotated archives) and reports token usage and runtime-reported cost: totals, by model, session, harness, repository and CI run, context-window utilization, an optional time series (--bucket) and, with --session, that session's steps as a tree.

Figures are exact: usage a runtime reports on both its log and metric channels counts once, cumulative counters become deltas, and exact duplicate lines count once. Malformed lines are skipped and reported on stderr; they never change a figure. Memory stays flat whatever the log's size.`

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
      description: 'Read this log (and its rotated archives <log>.N).',
      exclusive: ['user', 'system'],
      helpGroup: 'LOG',
      helpValue: '<path>',
    }),
    since: instantFlag({
      description: 'Keep events at or after this instant (RFC 3339).',
      helpGroup: 'FILTER',
    }),
    until: instantFlag({
      description: 'Keep events at or before this instant (RFC 3339).',
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
    json: Flags.boolean({description: 'Print the report as JSON.', helpGroup: 'OUTPUT'}),
    follow: Flags.boolean({
      char: 'f',
      description:
        'Keep reading what is appended to the log (through rotation and truncation; a missing log is waited for) and show the report live: redrawn on a terminal, else one JSON line per interval. Ctrl-C prints the full report.',
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
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(this.constructor as typeof TokenUsage)
    const choice: LogChoice =
      flags['log-path'] !== undefined
        ? {kind: 'explicit', path: flags['log-path']}
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
      aggregate: {bucketNanos: flags.bucket, collectSteps: flags.session !== undefined},
    }
    const reportOptions = {top: flags.top, bucketNanos: flags.bucket, session: flags.session}
    if (flags.follow) {
      await this.follow(choice, pipeline, reportOptions, flags)
      return
    }
    let report: Report
    try {
      const logs = await selectLogs(choice)
      for (const warning of logs.warnings) this.logToStderr(`beacon: ${warning}`)
      if (logs.missingDefault) {
        this.logToStderr(
          `beacon: no log at ${logs.log} yet; showing an empty report (use --log-path to read another log)`,
        )
      }
      const state = await readReportState(logs.files, pipeline)
      report = buildReport(state, reportOptions)
    } catch (error) {
      this.failed(error, flags.debug)
      return
    }
    this.reportSkipped(report)
    await writeStdout(flags.json ? renderJson(report) : renderTable(report))
  }

  /** --follow: live snapshots until SIGINT/SIGTERM, then the full report (JSON stays one line). */
  private async follow(
    choice: LogChoice,
    pipeline: PipelineOptions,
    reportOptions: ReportOptions,
    flags: {json: boolean; interval?: bigint; debug: boolean},
  ): Promise<void> {
    const onTerminal = process.stdout.isTTY === true && !flags.json
    const output = liveOutput(onTerminal ? 'terminal' : 'ndjson', process.stdout, process.stderr, {
      top: reportOptions.top > 0 ? reportOptions.top : undefined,
    })
    let report: Report
    try {
      const target = await followedLog(choice)
      for (const warning of target.warnings) this.logToStderr(`beacon: ${warning}`)
      report = await followReport(
        {
          log: target.log,
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
    await writeStdout(flags.json ? `${JSON.stringify(reportJson(report))}\n` : renderTable(report))
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
  protected override async catch(error: Error & {parse?: unknown}): Promise<unknown> {
    if (error.parse === undefined && !error.message.startsWith('Parsing --'))
      return super.catch(error)
    if (process.env.DEBUG) return super.catch(error)
    this.logToStderr(
      `beacon: ${usageErrorLine(error.message)} (see "beacon ${this.id ?? 'token-usage'} --help")`,
    )
    process.exitCode = 2
    return undefined
  }

  private reportSkipped(report: Report): void {
    if (report.malformedLines > 0) {
      const s = report.malformedLines === 1 ? '' : 's'
      this.logToStderr(`beacon: skipped ${report.malformedLines} malformed line${s}:`)
      for (const line of report.malformedExamples)
        this.logToStderr(`  ${line.path}:${line.line}: ${line.reason}`)
      const more = report.malformedLines - report.malformedExamples.length
      if (more > 0) this.logToStderr(`  … and ${more} more`)
    }
    if (report.duplicateLines > 0) {
      const s = report.duplicateLines === 1 ? '' : 's'
      this.logToStderr(
        `beacon: counted ${report.duplicateLines} exact duplicate usage line${s} once (repeats within ${DEFAULT_DUPLICATE_WINDOW} usage lines)`,
      )
    }
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

/** Writes the report; a closed pipe (`| head`) ends quietly. */
function writeStdout(text: string): Promise<void> {
  return new Promise((resolve) => {
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exitCode = 0
      resolve()
    })
    process.stdout.write(text, () => resolve())
  })
}
