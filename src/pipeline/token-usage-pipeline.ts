// The whole pipeline, in the order a line travels: file bytes → lines → decode (io-ts) →
// OTLP expansion → runtime normalize → exact-duplicate window → filters → cumulative reorder → report state.
import * as E from 'fp-ts/lib/Either.js'
import {type Observable, type OperatorFunction, lastValueFrom, pipe} from 'rxjs'

import type {AggregateConfig} from '../report/aggregate.js'
import type {ReportState} from '../report/report-state.js'
import type {CanonicalEvent} from '../runtimes/canonical-event.js'
import {decodeEvents} from './decode-event.js'
import {dropDuplicateLines} from './drop-duplicate-lines.js'
import {expandOtlp} from './expand-otlp.js'
import {type EventFilter, filterEvents, readsUsageFreeEvents} from './filter-events.js'
import {normalizeEvents} from './normalize-event.js'
import {type HeldCumulative, orderCumulative} from './order-cumulative.js'
import {type FileChunk, readLogFiles} from './read-log-files.js'
import {reduceReport} from './reduce-report.js'
import type {SkippedLine} from './skipped-line.js'
import {splitLines} from './split-lines.js'

export interface PipelineOptions {
  readonly filter: EventFilter
  readonly aggregate: AggregateConfig
  readonly chunkBytes?: number
  readonly maxLineBytes?: number
  readonly duplicateWindow?: number
  readonly reorderWindow?: number
  /** See SplitOptions.firstLine. */
  readonly firstLine?: number
  /** See DuplicateWindowOptions.precedingKeys. */
  readonly precedingKeys?: readonly string[]
  /** Live runs: receives the cumulative events the reorder window holds (see order-cumulative). */
  readonly onHeldCumulative?: (held: HeldCumulative) => void
}

/** Bytes to filtered canonical events (or skipped lines), shared by batch and live runs. */
export function chunksToEvents(
  options: PipelineOptions,
): OperatorFunction<FileChunk, E.Either<SkippedLine, CanonicalEvent>> {
  return pipe(
    splitLines({maxLineBytes: options.maxLineBytes, firstLine: options.firstLine}),
    decodeEvents(),
    expandOtlp(),
    normalizeEvents({identifyUsageFree: readsUsageFreeEvents(options.filter)}),
    dropDuplicateLines({
      windowLines: options.duplicateWindow,
      precedingKeys: options.precedingKeys,
    }),
    filterEvents(options.filter),
    orderCumulative(options.reorderWindow, options.onHeldCumulative),
  )
}

export function reportState$(
  files: readonly string[],
  options: PipelineOptions,
): Observable<ReportState> {
  return readLogFiles(files, {chunkBytes: options.chunkBytes}).pipe(
    chunksToEvents(options),
    reduceReport(options.aggregate),
  )
}

export function readReportState(
  files: readonly string[],
  options: PipelineOptions,
): Promise<ReportState> {
  return lastValueFrom(reportState$(files, options))
}
