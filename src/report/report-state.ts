// The mergeable report state: `emptyState`, `addItem` and an associative `mergeStates`, so a
// file, a chunk, a worker's share or a live tail all fold into the same value. It applies the
// two corrections of §5 without keeping events:
//  - dual channel (§5.1): metric-channel contributions wait per (scope, fields-mask) in small
//    pending aggregates until the whole input is seen; a scope's log/span channel then zeroes
//    the fields it reported. Pending aggregates whose every field is already covered are dropped.
//  - cumulative counters (§5.2): each series keeps its last raw value; the first event of a
//    series in a state waits as its `head` so a merge can take the previous value from the
//    state before it.
// It also counts events per harness for the coverage diagnostics (report/coverage.ts).
import type {DuplicateLine, MalformedLine, SkippedLine} from '../pipeline/skipped-line.js'
import type {CanonicalEvent} from '../runtimes/canonical-event.js'
import {
  type Aggregate,
  type AggregateConfig,
  addToAggregate,
  emptyAggregate,
  mergeAggregate,
} from './aggregate.js'
import {type Usage, type UsageField, firstField, zeroUsage} from './usage.js'

/** How many malformed lines are kept to be named on stderr. */
export const MALFORMED_EXAMPLES = 5

interface ScopeState {
  /** Fields the scope's log/span channel reported nonzero so far. */
  logFields: number
  /** Metric-channel sums by the event's nonzero-fields mask, until the input ends. */
  readonly pending: Map<number, Aggregate>
}

interface CumulativeSeries {
  readonly field: UsageField
  /** Raw value of the latest event of the series. */
  last: number
  /** The series' first event in this state, not yet counted: its predecessor may be in an earlier state. */
  head: CanonicalEvent | undefined
}

/** Per harness: events seen, how many carried usage, how many were metric datapoints. */
export interface HarnessCoverage {
  events: number
  usageEvents: number
  metricEvents: number
}

export interface ReportState {
  readonly config: AggregateConfig
  totalEvents: number
  readonly coverage: Map<string, HarnessCoverage>
  readonly main: Aggregate
  readonly scopes: Map<string, ScopeState>
  readonly cumulative: Map<string, CumulativeSeries>
  malformedLines: number
  malformedExamples: MalformedLine[]
  duplicateLines: number
}

export function emptyState(config: AggregateConfig): ReportState {
  return {
    config,
    totalEvents: 0,
    coverage: new Map(),
    main: emptyAggregate(),
    scopes: new Map(),
    cumulative: new Map(),
    malformedLines: 0,
    malformedExamples: [],
    duplicateLines: 0,
  }
}

export function addSkipped(state: ReportState, skipped: SkippedLine): void {
  if (skipped.kind === 'duplicate') {
    addDuplicate(state, skipped)
    return
  }
  state.malformedLines++
  state.malformedExamples = firstExamples([...state.malformedExamples, skipped])
}

function addDuplicate(state: ReportState, _duplicate: DuplicateLine): void {
  state.duplicateLines++
}

/** Folds one event that passed the filters. */
export function addEvent(state: ReportState, event: CanonicalEvent): void {
  state.totalEvents++
  countCoverage(state, event)
  const usage = event.usage
  if (usage === undefined || event.usageMask === 0) return
  if (event.metricName === '') {
    addLogChannel(state, event, usage)
  } else if (event.cumulative) {
    const field = firstField(event.usageMask) as UsageField
    const key = seriesKey(event, field)
    const series = state.cumulative.get(key)
    if (series === undefined) {
      scopeOf(state, event) // the head is counted at the end, in its scope
      state.cumulative.set(key, {field, last: usage[field], head: event})
      return
    }
    addMetricChannel(state, event, delta(usage[field], series.last, field))
    series.last = usage[field]
  } else {
    addMetricChannel(state, event, usage)
  }
}

function countCoverage(state: ReportState, event: CanonicalEvent): void {
  if (event.harness === '') return
  let counts = state.coverage.get(event.harness)
  if (counts === undefined) {
    counts = {events: 0, usageEvents: 0, metricEvents: 0}
    state.coverage.set(event.harness, counts)
  }
  counts.events++
  if (event.usageMask !== 0) counts.usageEvents++
  if (event.metricName !== '') counts.metricEvents++
}

/** Contribution of a cumulative reading: the difference, or the raw value after a reset. */
function delta(value: number, previous: number, field: UsageField): Usage {
  const usage = zeroUsage()
  const difference = value - previous
  usage[field] = difference < 0 ? value : difference
  return usage
}

function seriesKey(event: CanonicalEvent, field: UsageField): string {
  return `${event.harness}\u0000${event.session}\u0000${event.model}\u0000${event.metricName}\u0000${field}`
}

function scopeOf(state: ReportState, event: CanonicalEvent): ScopeState {
  const key = `${event.harness}\u0000${event.session}`
  let scope = state.scopes.get(key)
  if (scope === undefined) {
    scope = {logFields: 0, pending: new Map()}
    state.scopes.set(key, scope)
  }
  return scope
}

function addLogChannel(state: ReportState, event: CanonicalEvent, usage: Usage): void {
  const scope = scopeOf(state, event)
  if ((event.usageMask & ~scope.logFields) !== 0) {
    scope.logFields |= event.usageMask
    dropCoveredPending(scope)
  }
  addToAggregate(state.main, event, usage, state.config)
}

function addMetricChannel(state: ReportState, event: CanonicalEvent, usage: Usage): void {
  const scope = scopeOf(state, event)
  const mask = event.usageMask
  // Every field this event carries is already the log channel's: it can never count.
  if ((mask & ~scope.logFields) === 0) return
  let pending = scope.pending.get(mask)
  if (pending === undefined) {
    pending = emptyAggregate()
    scope.pending.set(mask, pending)
  }
  addToAggregate(pending, event, usage, state.config)
}

function dropCoveredPending(scope: ScopeState): void {
  for (const mask of scope.pending.keys())
    if ((mask & ~scope.logFields) === 0) scope.pending.delete(mask)
}

/** Folds `from` into `into` (which it returns); associative, so any split of the input gives the same result. */
export function mergeStates(into: ReportState, from: ReportState): ReportState {
  into.totalEvents += from.totalEvents
  into.malformedLines += from.malformedLines
  into.malformedExamples = firstExamples([...into.malformedExamples, ...from.malformedExamples])
  into.duplicateLines += from.duplicateLines
  for (const [harness, theirs] of from.coverage) {
    const ours = into.coverage.get(harness)
    if (ours === undefined) into.coverage.set(harness, {...theirs})
    else {
      ours.events += theirs.events
      ours.usageEvents += theirs.usageEvents
      ours.metricEvents += theirs.metricEvents
    }
  }
  mergeAggregate(into.main, from.main)
  for (const [key, theirs] of from.scopes) {
    let ours = into.scopes.get(key)
    if (ours === undefined) {
      ours = {logFields: 0, pending: new Map()}
      into.scopes.set(key, ours)
    }
    ours.logFields |= theirs.logFields
    for (const [mask, aggregate] of theirs.pending) {
      let target = ours.pending.get(mask)
      if (target === undefined) {
        target = emptyAggregate()
        ours.pending.set(mask, target)
      }
      mergeAggregate(target, aggregate)
    }
    dropCoveredPending(ours)
  }
  for (const [key, theirs] of from.cumulative) {
    const ours = into.cumulative.get(key)
    if (ours === undefined) {
      into.cumulative.set(key, {...theirs})
      continue
    }
    if (theirs.head !== undefined) {
      const headValue = (theirs.head.usage as Usage)[theirs.field]
      addMetricChannel(into, theirs.head, delta(headValue, ours.last, theirs.field))
    }
    ours.last = theirs.last
  }
  return into
}

/**
 * The final sums, without changing the state (a live view takes many): series heads count
 * from zero, then each scope's pending metric sums join with the log channel's fields zeroed.
 */
export function finalAggregate(state: ReportState): Aggregate {
  const heads = emptyState(state.config)
  for (const [key, scope] of state.scopes)
    heads.scopes.set(key, {logFields: scope.logFields, pending: new Map()})
  for (const series of state.cumulative.values()) {
    if (series.head === undefined) continue
    const headValue = (series.head.usage as Usage)[series.field]
    addMetricChannel(heads, series.head, delta(headValue, 0, series.field))
  }
  const result = emptyAggregate()
  mergeAggregate(result, state.main)
  for (const [key, scope] of state.scopes) {
    const headPending = heads.scopes.get(key)?.pending
    for (const pendingByMask of [scope.pending, headPending ?? new Map<number, Aggregate>()]) {
      for (const [mask, aggregate] of pendingByMask) {
        const keep = mask & ~scope.logFields
        if (keep !== 0) mergeAggregate(result, aggregate, keep)
      }
    }
  }
  return result
}

/** Whether a scope's dual-channel correction may still change (metric sums wait on a log record). */
export function provisionalScopes(state: ReportState): number {
  let count = 0
  for (const scope of state.scopes.values())
    if (scope.pending.size > 0 && scope.logFields === 0) count++
  return count
}

function firstExamples(lines: MalformedLine[]): MalformedLine[] {
  return lines.sort((a, b) => a.order - b.order).slice(0, MALFORMED_EXAMPLES)
}
