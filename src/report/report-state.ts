// The mergeable report state: `emptyState`, `addEvent` and an associative `mergeStates`, so a
// file, a chunk, a worker's share or a live tail all fold into the same value. It applies the
// two corrections of §5 without keeping events:
//  - dual channel (§5.1): metric-channel contributions wait per (scope, fields-mask) in small
//    pending aggregates until the whole input is seen; a scope's log/span channel then zeroes
//    the fields it reported. Pending aggregates whose every field is already covered are dropped.
//  - cumulative counters (§5.2): a series is (harness, session, model, metric); it keeps the
//    last raw value of each field, and deltas are taken per field. Which field is the event's
//    value depends on §5.1, known only at the end, so the pending aggregate of cumulative events
//    keeps every field's deltas and the end keeps just the first field that survives. (Exact
//    when a metric's datapoints carry the same fields, as every runtime's do.) The first event
//    of a series in a state waits as its `head`, so a merge can take the previous values from
//    the state before it.
import type {DuplicateLine, MalformedLine, SkippedLine} from '../pipeline/skipped-line.js'
import type {CanonicalEvent} from '../runtimes/canonical-event.js'
import {
  type Aggregate,
  type AggregateConfig,
  addToAggregate,
  emptyAggregate,
  mergeAggregate,
} from './aggregate.js'
import {FIELD_BIT, USAGE_FIELDS, type Usage, firstField, zeroUsage} from './usage.js'

/** How many malformed lines are kept to be named on stderr. */
export const MALFORMED_EXAMPLES = 5

/** Pending aggregates are keyed by the events' field mask, plus this bit for cumulative ones. */
const CUMULATIVE_KEY = 64
const FIELDS_OF_KEY = 63

interface ScopeState {
  /** Fields the scope's log/span channel reported nonzero so far. */
  logFields: number
  /** Metric-channel sums by pending key (fields mask, cumulative bit), until the input ends. */
  readonly pending: Map<number, Aggregate>
}

interface CumulativeSeries {
  /** Raw value of each field at the series' latest event carrying it. */
  readonly last: Usage
  /** Fields seen in this state (the others' previous values come from an earlier state). */
  seen: number
  /** The series' first event in this state, not yet counted: its predecessor may be in an earlier state. */
  head: CanonicalEvent | undefined
}

export interface ReportState {
  readonly config: AggregateConfig
  totalEvents: number
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
  const usage = event.usage
  if (usage === undefined || event.usageMask === 0) return
  if (event.metricName === '') {
    addLogChannel(state, event, usage)
    return
  }
  if (!event.cumulative) {
    addMetricChannel(state, event, usage, false)
    return
  }
  const key = seriesKey(event)
  const series = state.cumulative.get(key)
  if (series === undefined) {
    scopeOf(state, event) // the head is counted at the end (or at a merge), in its scope
    state.cumulative.set(key, {last: {...usage}, seen: event.usageMask, head: event})
    return
  }
  addMetricChannel(state, event, deltas(usage, event.usageMask, series.last), true)
  remember(series, usage, event.usageMask)
}

/** Per field of `mask`: the difference from the previous reading, or the raw value after a reset (a drop). */
function deltas(usage: Usage, mask: number, previous: Usage): Usage {
  const result = zeroUsage()
  for (const field of USAGE_FIELDS) {
    if ((mask & FIELD_BIT[field]) === 0) continue
    const difference = usage[field] - previous[field]
    result[field] = difference < 0 ? usage[field] : difference
  }
  return result
}

function remember(series: CumulativeSeries, usage: Usage, mask: number): void {
  for (const field of USAGE_FIELDS)
    if ((mask & FIELD_BIT[field]) !== 0) series.last[field] = usage[field]
  series.seen |= mask
}

function seriesKey(event: CanonicalEvent): string {
  return `${event.harness}\u0000${event.session}\u0000${event.model}\u0000${event.metricName}`
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

function addMetricChannel(
  state: ReportState,
  event: CanonicalEvent,
  usage: Usage,
  cumulative: boolean,
): void {
  const scope = scopeOf(state, event)
  const mask = event.usageMask
  // Every field this event carries is already the log channel's: it can never count.
  if ((mask & ~scope.logFields) === 0) return
  const key = cumulative ? mask | CUMULATIVE_KEY : mask
  let pending = scope.pending.get(key)
  if (pending === undefined) {
    pending = emptyAggregate()
    scope.pending.set(key, pending)
  }
  addToAggregate(pending, event, usage, state.config)
}

function dropCoveredPending(scope: ScopeState): void {
  for (const key of scope.pending.keys()) {
    if ((key & FIELDS_OF_KEY & ~scope.logFields) === 0) scope.pending.delete(key)
  }
}

/**
 * The fields of a pending aggregate that count, once the log channel's fields are known: all
 * uncovered ones for delta events; for cumulative ones only the first uncovered (§5.2: the
 * event's value is its first nonzero field after §5.1).
 */
function survivingFields(key: number, logFields: number): number {
  const uncovered = key & FIELDS_OF_KEY & ~logFields
  if ((key & CUMULATIVE_KEY) === 0 || uncovered === 0) return uncovered
  const field = firstField(uncovered)
  return field === undefined ? 0 : FIELD_BIT[field]
}

/** Folds `from` into `into` (which it returns); associative, so any split of the input gives the same result. */
export function mergeStates(into: ReportState, from: ReportState): ReportState {
  into.totalEvents += from.totalEvents
  into.malformedLines += from.malformedLines
  into.malformedExamples = firstExamples([...into.malformedExamples, ...from.malformedExamples])
  into.duplicateLines += from.duplicateLines
  mergeAggregate(into.main, from.main)
  for (const [key, theirs] of from.scopes) {
    let ours = into.scopes.get(key)
    if (ours === undefined) {
      ours = {logFields: 0, pending: new Map()}
      into.scopes.set(key, ours)
    }
    ours.logFields |= theirs.logFields
    for (const [pendingKey, aggregate] of theirs.pending) {
      let target = ours.pending.get(pendingKey)
      if (target === undefined) {
        target = emptyAggregate()
        ours.pending.set(pendingKey, target)
      }
      mergeAggregate(target, aggregate)
    }
    dropCoveredPending(ours)
  }
  for (const [key, theirs] of from.cumulative) {
    const ours = into.cumulative.get(key)
    if (ours === undefined) {
      into.cumulative.set(key, {last: {...theirs.last}, seen: theirs.seen, head: theirs.head})
      continue
    }
    if (theirs.head !== undefined) {
      const head = theirs.head
      addMetricChannel(into, head, deltas(head.usage as Usage, head.usageMask, ours.last), true)
    }
    remember(ours, theirs.last, theirs.seen)
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
    const head = series.head
    if (head !== undefined)
      addMetricChannel(heads, head, deltas(head.usage as Usage, head.usageMask, zeroUsage()), true)
  }
  const result = emptyAggregate()
  mergeAggregate(result, state.main)
  for (const [key, scope] of state.scopes) {
    const headPending = heads.scopes.get(key)?.pending ?? new Map<number, Aggregate>()
    for (const pendingByKey of [scope.pending, headPending]) {
      for (const [pendingKey, aggregate] of pendingByKey) {
        const keep = survivingFields(pendingKey, scope.logFields)
        if (keep !== 0) mergeAggregate(result, aggregate, keep)
      }
    }
  }
  return result
}

/** Scopes whose dual-channel correction may still change: metric sums wait and no log record came yet. */
export function provisionalScopes(state: ReportState): number {
  let count = 0
  for (const scope of state.scopes.values())
    if (scope.pending.size > 0 && scope.logFields === 0) count++
  return count
}

function firstExamples(lines: MalformedLine[]): MalformedLine[] {
  return lines.sort((a, b) => a.order - b.order).slice(0, MALFORMED_EXAMPLES)
}
