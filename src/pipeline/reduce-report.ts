// Reduce stage: folds every item into the mergeable report state (report/report-state.ts).
// Skipped lines are counted; events are added. `scanReport` emits the running state for live views.
import * as E from 'fp-ts/lib/Either.js'
import {type OperatorFunction, defer, reduce, scan} from 'rxjs'

import type {AggregateConfig} from '../report/aggregate.js'
import {type ReportState, addEvent, addSkipped, emptyState} from '../report/report-state.js'
import type {CanonicalEvent} from '../runtimes/canonical-event.js'
import type {SkippedLine} from './skipped-line.js'

type Item = E.Either<SkippedLine, CanonicalEvent>

export function foldItem(state: ReportState, item: Item): ReportState {
  if (E.isLeft(item)) addSkipped(state, item.left)
  else addEvent(state, item.right)
  return state
}

export function reduceReport(config: AggregateConfig): OperatorFunction<Item, ReportState> {
  return (source) => defer(() => source.pipe(reduce(foldItem, emptyState(config))))
}

export function scanReport(
  config: AggregateConfig,
  seed?: ReportState,
): OperatorFunction<Item, ReportState> {
  return (source) => defer(() => source.pipe(scan(foldItem, seed ?? emptyState(config))))
}
