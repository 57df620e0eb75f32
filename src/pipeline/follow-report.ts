// The live report (--follow): the tailing source feeds the same stages as a batch run and folds
// into one report state, incrementally. Every interval a snapshot is handed to the sink: the
// state plus the cumulative events the reorder window still holds, folded into a copy in the
// order the final drain would release them — so a snapshot equals a batch run over the lines
// read so far. When `stop` emits, the tail ends the active file and the final report (a batch
// run over the same lines) is returned.
import {stat} from 'node:fs/promises'

import {type Observable, fromEvent, merge, take, tap, timer} from 'rxjs'
import {isDynamicPattern} from 'tinyglobby'

import {type Report, type ReportOptions, buildReport} from '../report/build-report.js'
import {
  type ReportState,
  addEvent,
  emptyState,
  mergeStates,
  provisionalScopes,
} from '../report/report-state.js'
import {RateWindow, type UsageRate} from '../report/usage-rate.js'
import type {HeldCumulative} from './order-cumulative.js'
import {STDIN_PATH} from './read-log-files.js'
import {scanReport} from './reduce-report.js'
import {type LogChoice, selectLogs} from './select-logs.js'
import {tailLogFiles} from './tail-log-files.js'
import {type PipelineOptions, chunksToEvents} from './token-usage-pipeline.js'

export interface FollowOptions {
  /** The active log; its archives are read first. It may not exist yet. */
  readonly log: string
  readonly pipeline: PipelineOptions
  readonly report: ReportOptions
  /** Milliseconds between snapshots. */
  readonly intervalMs: number
  /** Ends the run (see `shutdownSignals`). */
  readonly stop: Observable<unknown>
  readonly onNotice: (message: string) => void
  /** Stat period when fs.watch is unavailable; defaults to the interval (at most 1s). */
  readonly pollMs?: number
  readonly watch?: boolean
  readonly now?: () => number
}

const FIRST_SNAPSHOT_MS = 250

/** One snapshot of a live run, for the sink. */
export interface LiveFrame {
  readonly log: string
  readonly report: Report
  /** Scopes whose metric usage counts only until a log record of the scope arrives (§5.1). */
  readonly provisionalScopes: number
  /** Wall-clock ms of the last line read, if any. */
  readonly updatedAt: number | undefined
  readonly now: number
  readonly rate: UsageRate | undefined
}

/** The first SIGINT or SIGTERM; a second one gets Node's default (immediate exit). */
export function shutdownSignals(): Observable<unknown> {
  return merge(fromEvent(process, 'SIGINT'), fromEvent(process, 'SIGTERM')).pipe(take(1))
}

export function followReport(
  options: FollowOptions,
  onFrame: (frame: LiveFrame) => void,
): Promise<Report> {
  const now = options.now ?? Date.now
  const config = options.pipeline.aggregate
  return new Promise<Report>((resolve, reject) => {
    let held: HeldCumulative | undefined
    let state: ReportState = emptyState(config)
    // Bumped by every chunk read: a snapshot is rebuilt only when something new arrived.
    let version = 0
    let updatedAt: number | undefined
    let framed: {version: number; report: Report; provisional: number} | undefined
    const rates = new RateWindow()

    const snapshot = (): void => {
      if (framed === undefined || framed.version !== version) {
        const view = withHeldEvents(state, held)
        framed = {
          version,
          report: buildReport(view, options.report),
          provisional: provisionalScopes(view),
        }
      }
      const at = now()
      rates.record(at, framed.report.totals)
      onFrame({
        log: options.log,
        report: framed.report,
        provisionalScopes: framed.provisional,
        updatedAt,
        now: at,
        rate: rates.rate(),
      })
    }

    // The first snapshot comes soon (a screen should not stay blank for a whole interval), then
    // one per interval.
    const first = Math.min(options.intervalMs, FIRST_SNAPSHOT_MS)
    const ticks = timer(first, options.intervalMs).subscribe(snapshot)
    tailLogFiles(options.log, {
      chunkBytes: options.pipeline.chunkBytes,
      pollMs: options.pollMs ?? Math.min(options.intervalMs, 1000),
      watch: options.watch,
      stop: options.stop,
      onNotice: options.onNotice,
    })
      .pipe(
        tap((chunk) => {
          version++
          if (chunk.bytes.length > 0) updatedAt = now()
        }),
        chunksToEvents({...options.pipeline, onHeldCumulative: (window) => (held = window)}),
        scanReport(config),
      )
      .subscribe({
        next(next) {
          state = next
        },
        error(error: unknown) {
          ticks.unsubscribe()
          reject(error)
        },
        complete() {
          ticks.unsubscribe()
          resolve(buildReport(state, options.report))
        },
      })
  })
}

/**
 * The state as a batch run over the same lines would end: the held cumulative events folded,
 * in release order, into a copy (merging into an empty state copies it), leaving the live
 * state untouched.
 */
function withHeldEvents(state: ReportState, held: HeldCumulative | undefined): ReportState {
  const waiting = held?.inOrder() ?? []
  if (waiting.length === 0) return state
  const copy = mergeStates(emptyState(state.config), state)
  for (const event of waiting) addEvent(copy, event)
  return copy
}

/** A --follow that cannot be: more than one input, standard input, a glob or a directory. */
export class FollowUsageError extends Error {}

/**
 * The log a live run follows. Unlike a batch run, an explicit --log-path that does not exist yet
 * is not an error: the tail waits for it (a CI step can start watching before the agent runs).
 * Following is of one log file (with its archives): several inputs, `-`, globs and directories
 * are for batch runs.
 */
export async function followedLog(
  choice: LogChoice,
): Promise<{readonly log: string; readonly warnings: readonly string[]}> {
  if (choice.kind !== 'explicit') {
    const selected = await selectLogs(choice)
    return {log: selected.log, warnings: selected.warnings}
  }
  const [log, ...more] = choice.paths
  const oneFile = 'give --log-path one log file (its rotated archives are read with it)'
  if (log === undefined || more.length > 0)
    throw new FollowUsageError(`--follow follows one log; ${oneFile}`)
  if (log === STDIN_PATH)
    throw new FollowUsageError(`--follow cannot follow standard input; ${oneFile}`)
  if (isDynamicPattern(log))
    throw new FollowUsageError(`--follow cannot follow a glob (${log}); ${oneFile}`)
  const info = await stat(log).catch(() => undefined)
  if (info?.isDirectory() === true)
    throw new FollowUsageError(`--follow cannot follow a directory (${log}); ${oneFile}`)
  return {log, warnings: []}
}
