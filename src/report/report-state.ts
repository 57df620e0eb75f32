// The mergeable report state: `emptyState`, `addEvent` and an associative `mergeStates`, so a
// file, a chunk, a worker's share or a live tail all fold into the same value. It applies the
// two corrections of §5 without keeping events:
//  - dual channel (§5.1): metric-channel contributions wait per scope in small keyed sums, one
//    per (fields-mask, model, repository, run), until the whole input is seen; a scope's
//    log/span channel then zeroes the fields it reported. Waiting sums whose every field is
//    already covered are dropped.
//  - cumulative counters (§5.2): a series is (harness, session, model, metric); it keeps the
//    last raw value of each field, and deltas are taken per field. Which field is the event's
//    value depends on §5.1, known only at the end, so the waiting sums of cumulative events
//    keeps every field's deltas and the end keeps just the first field that survives. (Exact
//    when a metric's datapoints carry the same fields, as every runtime's do.) A reading of a
//    field with no earlier reading in the state waits as a `head`, so a merge can take the
//    previous value from the state before it.
// It also counts events per harness for the coverage diagnostics (report/coverage.ts).
import type {DuplicateLine, MalformedLine, SkippedLine} from '../pipeline/skipped-line.js'
import type {CanonicalEvent} from '../runtimes/canonical-event.js'
import {type ChronoPoint, chronological} from '../values/instant.js'
import {
  type Aggregate,
  type AggregateConfig,
  type KeyedSums,
  addKeyedSums,
  addToAggregate,
  addToKeyedSums,
  emptyAggregate,
  emptyKeyedSums,
  groupKeysOf,
  hasKeys,
  mergeAggregate,
  mergeKeyedSums,
  sameKeys,
} from './aggregate.js'
import {FIELD_BIT, USAGE_FIELDS, type Usage, firstField, zeroUsage} from './usage.js'

/** How many malformed lines are kept to be named on stderr. */
export const MALFORMED_EXAMPLES = 5

/** Waiting sums are keyed by the events' field mask, plus this bit for cumulative ones. */
const CUMULATIVE_KEY = 64
const FIELDS_OF_KEY = 63

interface ScopeState {
  /** Fields the scope's log/span channel reported nonzero so far. */
  logFields: number
  /**
   * Metric-channel sums until the input ends, one per (pending key, model, repository, run): a
   * scope (one session) has a handful, so a list is searched.
   */
  pending: PendingSums[]
}

/** A scope's waiting metric-channel contributions of one pending key (fields mask, cumulative bit). */
interface PendingSums extends KeyedSums {
  readonly key: number
}

interface CumulativeSeries {
  /** Raw value of each field at the series' latest event carrying it. */
  readonly last: Usage
  /** Fields seen in this state (the others' previous values come from an earlier state). */
  seen: number
  /** Events not counted yet: some field of theirs had no earlier reading in this state. */
  heads: SeriesHead[]
}

/** A reading waiting for earlier states: the previous values known so far and for which fields. */
interface SeriesHead {
  readonly event: CanonicalEvent
  readonly previous: Usage
  readonly known: number
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
  /** Where the cumulative readings this state walked begin and end, and whether in time order. */
  cumulativeSpan: CumulativeSpan | undefined
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
    cumulativeSpan: undefined,
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
    return
  }
  if (!event.cumulative) {
    addMetricChannel(state, event, usage, false)
    return
  }
  state.cumulativeSpan = extendSpan(state.cumulativeSpan, event)
  const key = seriesKey(event)
  let series = state.cumulative.get(key)
  if (series === undefined) {
    series = {last: zeroUsage(), seen: 0, heads: []}
    state.cumulative.set(key, series)
  }
  const mask = event.usageMask
  if ((mask & ~series.seen) === 0) {
    addMetricChannel(state, event, deltas(usage, mask, series.last), true)
  } else {
    scopeOf(state, event) // counted at the end (or at a merge), in its scope
    series.heads.push({event, previous: {...series.last}, known: series.seen & mask})
  }
  remember(series, usage, mask)
}

/**
 * The cumulative readings a state walked, as time points (§10 order: no timestamp first, then
 * by instant, then by log order). Deltas depend on order; a merge of states is exact when their
 * readings are in time order across the join as well as within each state.
 */
export interface CumulativeSpan {
  readonly first: ChronoPoint
  readonly last: ChronoPoint
  readonly inOrder: boolean
}

function pointOf(event: CanonicalEvent): ChronoPoint {
  return {sec: event.sec, nanos: event.nanos, order: event.order}
}

function before(a: ChronoPoint, b: ChronoPoint): boolean {
  return chronological(a, b) < 0
}

function extendSpan(span: CumulativeSpan | undefined, event: CanonicalEvent): CumulativeSpan {
  const point = pointOf(event)
  if (span === undefined) return {first: point, last: point, inOrder: true}
  return {first: span.first, last: point, inOrder: span.inOrder && !before(point, span.last)}
}

function joinSpans(
  a: CumulativeSpan | undefined,
  b: CumulativeSpan | undefined,
): CumulativeSpan | undefined {
  if (a === undefined || b === undefined) return a ?? b
  return {first: a.first, last: b.last, inOrder: a.inOrder && b.inOrder && !before(b.first, a.last)}
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
    scope = {logFields: 0, pending: []}
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
  let pending = scope.pending.find((sums) => sums.key === key && hasKeys(sums, event))
  if (pending === undefined) {
    pending = {key, ...emptyKeyedSums(groupKeysOf(event))}
    scope.pending.push(pending)
  }
  addToKeyedSums(pending, event, usage, state.config)
}

function dropCoveredPending(scope: ScopeState): void {
  if (scope.pending.some(({key}) => isCovered(key, scope.logFields)))
    scope.pending = scope.pending.filter(({key}) => !isCovered(key, scope.logFields))
}

function isCovered(key: number, logFields: number): boolean {
  return (key & FIELDS_OF_KEY & ~logFields) === 0
}

/**
 * The fields of waiting sums that count, once the log channel's fields are known: all
 * uncovered ones for delta events; for cumulative ones only the first uncovered (§5.2: the
 * event's value is its first nonzero field after §5.1).
 */
function survivingFields(key: number, logFields: number): number {
  const uncovered = key & FIELDS_OF_KEY & ~logFields
  if ((key & CUMULATIVE_KEY) === 0 || uncovered === 0) return uncovered
  const field = firstField(uncovered)
  return field === undefined ? 0 : FIELD_BIT[field]
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

/** Folds `from` into `into` (which it returns); associative, so any split of the input gives the same result. */
export function mergeStates(into: ReportState, from: ReportState): ReportState {
  into.totalEvents += from.totalEvents
  into.malformedLines += from.malformedLines
  into.malformedExamples = firstExamples([...into.malformedExamples, ...from.malformedExamples])
  into.duplicateLines += from.duplicateLines
  into.cumulativeSpan = joinSpans(into.cumulativeSpan, from.cumulativeSpan)
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
      ours = {logFields: 0, pending: []}
      into.scopes.set(key, ours)
    }
    ours.logFields |= theirs.logFields
    for (const sums of theirs.pending) {
      let target = ours.pending.find(
        (candidate) => candidate.key === sums.key && sameKeys(candidate, sums),
      )
      if (target === undefined) {
        target = {key: sums.key, ...emptyKeyedSums(sums.keys)}
        ours.pending.push(target)
      }
      mergeKeyedSums(target, sums)
    }
    dropCoveredPending(ours)
  }
  for (const [key, theirs] of from.cumulative) {
    let ours = into.cumulative.get(key)
    if (ours === undefined) {
      ours = {last: zeroUsage(), seen: 0, heads: []}
      into.cumulative.set(key, ours)
    }
    // Their waiting readings take previous values from ours; those still missing some keep waiting.
    for (const head of theirs.heads) {
      const learned = head.event.usageMask & ~head.known & ours.seen
      const previous = {...head.previous}
      for (const field of USAGE_FIELDS)
        if ((learned & FIELD_BIT[field]) !== 0) previous[field] = ours.last[field]
      const known = head.known | learned
      if ((head.event.usageMask & ~known) === 0) {
        addMetricChannel(
          into,
          head.event,
          deltas(head.event.usage as Usage, head.event.usageMask, previous),
          true,
        )
      } else {
        ours.heads.push({event: head.event, previous, known})
      }
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
    heads.scopes.set(key, {logFields: scope.logFields, pending: []})
  for (const series of state.cumulative.values()) {
    for (const {event, previous, known} of series.heads) {
      // A field with no earlier reading anywhere starts from 0.
      const start = {...previous}
      for (const field of USAGE_FIELDS) if ((known & FIELD_BIT[field]) === 0) start[field] = 0
      addMetricChannel(heads, event, deltas(event.usage as Usage, event.usageMask, start), true)
    }
  }
  const result = emptyAggregate()
  mergeAggregate(result, state.main)
  for (const [key, scope] of state.scopes) {
    const headPending = heads.scopes.get(key)?.pending ?? []
    for (const sums of [...scope.pending, ...headPending]) {
      const keep = survivingFields(sums.key, scope.logFields)
      if (keep !== 0) addKeyedSums(result, sums, keep, state.config)
    }
  }
  return result
}

/** Scopes whose dual-channel correction may still change: metric sums wait and no log record came yet. */
export function provisionalScopes(state: ReportState): number {
  let count = 0
  for (const scope of state.scopes.values())
    if (scope.pending.length > 0 && scope.logFields === 0) count++
  return count
}

function firstExamples(lines: MalformedLine[]): MalformedLine[] {
  return lines.sort((a, b) => a.order - b.order).slice(0, MALFORMED_EXAMPLES)
}
