// Sums of contributions: totals, the five groupings, the time series, the calls of §8 and the
// selected session's steps. Everything here is order-independent, so aggregates of any split
// of the input merge into the same figures. With `breakdown`, session, repository and run also
// keep per-(key, model) sums. KeyedSums hold contributions that share every grouping key (a
// scope's waiting metric sums, report-state.ts); `keep` masks let §5.1 zero some of their
// fields when they join an aggregate.
import {type CanonicalEvent, hasTimestamp, runKey} from '../runtimes/canonical-event.js'
import {
  type CallGroup,
  type CallTable,
  addToCallGroup,
  callGroupOf,
  mergeCallGroup,
  mergeIntoGroup,
  NO_SECOND,
  newCallGroup,
} from './call-table.js'
import {
  ALL_FIELDS,
  type Usage,
  type UsageSum,
  addUsage,
  emptySum,
  keepFields,
  mergeSum,
} from './usage.js'

export interface Step {
  readonly order: number
  readonly sec: number
  readonly nanos: number
  readonly action: string
  readonly name: string
  readonly model: string
  readonly traceId: string
  readonly spanId: string
  readonly parentSpanId: string
  readonly usage: Usage
}

/**
 * The maps start as one shared, never-written empty map and get their own on the first write
 * (most stay empty in most runs: breakdown, series, steps; an empty Map costs ~150 bytes).
 * Write through the helpers below.
 */
export interface Aggregate {
  readonly totals: UsageSum
  byModel: Map<string, UsageSum>
  bySession: Map<string, UsageSum>
  byHarness: Map<string, UsageSum>
  byRepository: Map<string, UsageSum>
  byRun: Map<string, UsageSum>
  /** Key → model → sum, only with `breakdown` (a model may be empty: the event named none). */
  bySessionModel: Map<string, Map<string, UsageSum>>
  byRepositoryModel: Map<string, Map<string, UsageSum>>
  byRunModel: Map<string, Map<string, UsageSum>>
  /** Bucket start (Unix seconds) → sum; empty unless a bucket size is set. */
  series: Map<number, UsageSum>
  calls: CallTable
  steps: Step[]
}

type SumGroup = 'byModel' | 'bySession' | 'byHarness' | 'byRepository' | 'byRun'
type ModelGroup = 'bySessionModel' | 'byRepositoryModel' | 'byRunModel'

// Shared until written; `own` replaces them before any write.
const NO_ROWS = new Map<never, never>()
const NO_STEPS = Object.freeze([]) as unknown as Step[]

function own<F extends SumGroup | ModelGroup | 'series' | 'calls'>(
  aggregate: Aggregate,
  field: F,
): Aggregate[F] {
  if (aggregate[field] === NO_ROWS) aggregate[field] = new Map() as Aggregate[F]
  return aggregate[field]
}

function ownSteps(aggregate: Aggregate): Step[] {
  if (aggregate.steps === NO_STEPS) aggregate.steps = []
  return aggregate.steps
}

export interface AggregateConfig {
  /** Bucket size in nanoseconds, when a time series is wanted. */
  readonly bucketNanos?: bigint
  /** Keep every usage event as a step (the input is filtered to one session). */
  readonly collectSteps: boolean
  /** Keep per-model sums under each session, repository and run (`--breakdown`). */
  readonly breakdown?: boolean
}

export function emptyAggregate(): Aggregate {
  return {
    totals: emptySum(),
    byModel: NO_ROWS,
    bySession: NO_ROWS,
    byHarness: NO_ROWS,
    byRepository: NO_ROWS,
    byRun: NO_ROWS,
    bySessionModel: NO_ROWS,
    byRepositoryModel: NO_ROWS,
    byRunModel: NO_ROWS,
    series: NO_ROWS,
    calls: NO_ROWS,
    steps: NO_STEPS,
  }
}

/** The keys a contribution is grouped by (§7); `run` is the composite run key. */
export interface GroupKeys {
  readonly harness: string
  readonly session: string
  readonly model: string
  readonly repository: string
  readonly run: string
}

export function groupKeysOf(event: CanonicalEvent): GroupKeys {
  const {harness, session, model, repository} = event
  return {harness, session, model, repository, run: runKey(event)}
}

export function addToAggregate(
  aggregate: Aggregate,
  event: CanonicalEvent,
  usage: Usage,
  config: AggregateConfig,
): void {
  forEachSum(aggregate, groupKeysOf(event), config, (sum) => addUsage(sum, usage))
  if (config.bucketNanos !== undefined && hasTimestamp(event)) {
    const start = bucketStart(event.sec, event.nanos, config.bucketNanos)
    addUsage(sumAt(own(aggregate, 'series'), start), usage)
  }
  if (isCall(event, usage)) {
    const {harness, session, model} = event
    const group = callGroupOf(own(aggregate, 'calls'), harness, session, model)
    addToCallGroup(group, callSecond(event), usage.input, usage.cacheRead, usage.cacheCreation)
  }
  if (config.collectSteps) ownSteps(aggregate).push(stepOf(event, usage))
}

/** The totals' sum and, for each grouping whose key is not empty, the key's row: where a contribution adds. */
function forEachSum(
  aggregate: Aggregate,
  keys: GroupKeys,
  config: AggregateConfig,
  add: (sum: UsageSum) => void,
): void {
  add(aggregate.totals)
  if (keys.model !== '') add(sumAt(own(aggregate, 'byModel'), keys.model))
  if (keys.session !== '') add(sumAt(own(aggregate, 'bySession'), keys.session))
  if (keys.harness !== '') add(sumAt(own(aggregate, 'byHarness'), keys.harness))
  if (keys.repository !== '') add(sumAt(own(aggregate, 'byRepository'), keys.repository))
  if (keys.run !== '') add(sumAt(own(aggregate, 'byRun'), keys.run))
  if (config.breakdown === true) {
    // The model may be empty: its usage still belongs to the key.
    const {session, repository, run, model} = keys
    if (session !== '') add(sumAt(mapAt(own(aggregate, 'bySessionModel'), session), model))
    if (repository !== '') add(sumAt(mapAt(own(aggregate, 'byRepositoryModel'), repository), model))
    if (run !== '') add(sumAt(mapAt(own(aggregate, 'byRunModel'), run), model))
  }
}

/** An event's contribution is a call of §8 when it names a model and fills some context. */
function isCall(event: CanonicalEvent, usage: Usage): boolean {
  return (
    event.model !== '' && (usage.input !== 0 || usage.cacheRead !== 0 || usage.cacheCreation !== 0)
  )
}

function callSecond(event: CanonicalEvent): number {
  return hasTimestamp(event) ? event.sec : NO_SECOND
}

function stepOf(event: CanonicalEvent, usage: Usage): Step {
  return {
    order: event.order,
    sec: event.sec,
    nanos: event.nanos,
    action: event.action,
    name: event.message,
    model: event.model,
    traceId: event.traceId,
    spanId: event.spanId,
    parentSpanId: event.parentSpanId,
    usage,
  }
}

function sumAt<K>(groups: Map<K, UsageSum>, key: K): UsageSum {
  let sum = groups.get(key)
  if (sum === undefined) {
    sum = emptySum()
    groups.set(key, sum)
  }
  return sum
}

function mapAt<K, V>(groups: Map<K, Map<string, V>>, key: K): Map<string, V> {
  let map = groups.get(key)
  if (map === undefined) {
    map = new Map()
    groups.set(key, map)
  }
  return map
}

/** Adds `from` into `into`. */
export function mergeAggregate(into: Aggregate, from: Aggregate): void {
  mergeSum(into.totals, from.totals)
  for (const field of ['byModel', 'bySession', 'byHarness', 'byRepository', 'byRun'] as const) {
    if (from[field].size > 0) mergeGroups(own(into, field), from[field], ALL_FIELDS)
  }
  if (from.series.size > 0) mergeGroups(own(into, 'series'), from.series, ALL_FIELDS)
  for (const field of ['bySessionModel', 'byRepositoryModel', 'byRunModel'] as const) {
    for (const [key, models] of from[field])
      mergeGroups(mapAt(own(into, field), key), models, ALL_FIELDS)
  }
  for (const group of from.calls.values()) mergeCallGroup(own(into, 'calls'), group)
  for (const step of from.steps) ownSteps(into).push(step)
}

function mergeGroups<K>(into: Map<K, UsageSum>, from: Map<K, UsageSum>, keep: number): void {
  for (const [key, sum] of from) mergeSum(sumAt(into, key), sum, keep)
}

/**
 * The contributions of events that share every grouping key (one scope's metric datapoints of
 * one model, repository and run): a sum, and the series, calls and steps they add to. Far
 * smaller than an Aggregate, whose maps would each hold one row.
 */
export interface KeyedSums {
  readonly keys: GroupKeys
  readonly sum: UsageSum
  /** Bucket start → sum; NO_ROWS until written. */
  series: Map<number, UsageSum>
  /** The calls, with their three fields apart (a keep mask may zero some). */
  calls: CallGroup | undefined
  steps: Step[]
}

export function emptyKeyedSums(keys: GroupKeys): KeyedSums {
  return {keys, sum: emptySum(), series: NO_ROWS, calls: undefined, steps: NO_STEPS}
}

/** Whether an event's contribution belongs to these sums. */
export function hasKeys(sums: KeyedSums, event: CanonicalEvent): boolean {
  return keysMatch(sums.keys, event, runKey(event))
}

/** Whether two keyed sums group the same contributions. */
export function sameKeys(a: KeyedSums, b: KeyedSums): boolean {
  return keysMatch(a.keys, b.keys, b.keys.run)
}

function keysMatch(keys: GroupKeys, other: Omit<GroupKeys, 'run'>, run: string): boolean {
  return (
    keys.model === other.model &&
    keys.repository === other.repository &&
    keys.session === other.session &&
    keys.harness === other.harness &&
    keys.run === run
  )
}

export function addToKeyedSums(
  sums: KeyedSums,
  event: CanonicalEvent,
  usage: Usage,
  config: AggregateConfig,
): void {
  addUsage(sums.sum, usage)
  if (config.bucketNanos !== undefined && hasTimestamp(event)) {
    if (sums.series === NO_ROWS) sums.series = new Map()
    addUsage(sumAt(sums.series, bucketStart(event.sec, event.nanos, config.bucketNanos)), usage)
  }
  if (isCall(event, usage)) {
    sums.calls ??= newCallGroup(event.harness, event.session, event.model, true)
    addToCallGroup(sums.calls, callSecond(event), usage.input, usage.cacheRead, usage.cacheCreation)
  }
  if (config.collectSteps) {
    if (sums.steps === NO_STEPS) sums.steps = []
    sums.steps.push(stepOf(event, usage))
  }
}

/** Adds `from` into `into`, sums of the same keys. */
export function mergeKeyedSums(into: KeyedSums, from: KeyedSums): void {
  mergeSum(into.sum, from.sum)
  if (from.series.size > 0) {
    if (into.series === NO_ROWS) into.series = new Map()
    mergeGroups(into.series, from.series, ALL_FIELDS)
  }
  if (from.calls !== undefined) {
    const {harness, session, model} = from.calls
    into.calls ??= newCallGroup(harness, session, model, true)
    mergeIntoGroup(into.calls, from.calls)
  }
  if (from.steps.length > 0) {
    if (into.steps === NO_STEPS) into.steps = []
    for (const step of from.steps) into.steps.push(step)
  }
}

/** Adds keyed sums into an aggregate, keeping only the usage fields in `keep` (§5.1 zeroing). */
export function addKeyedSums(
  aggregate: Aggregate,
  sums: KeyedSums,
  keep: number,
  config: AggregateConfig,
): void {
  forEachSum(aggregate, sums.keys, config, (sum) => mergeSum(sum, sums.sum, keep))
  if (sums.series.size > 0) mergeGroups(own(aggregate, 'series'), sums.series, keep)
  if (sums.calls !== undefined) {
    mergeCallGroup(own(aggregate, 'calls'), sums.calls, keep)
  }
  for (const step of sums.steps)
    ownSteps(aggregate).push({...step, usage: keepFields(step.usage, keep)})
}

/** Seconds from 0001-01-01T00:00:00Z to the Unix epoch: buckets count from year 1, like Go's time.Truncate. */
const YEAR_ONE_TO_EPOCH = 62_135_596_800

/** Start of the bucket holding an instant, in Unix seconds (fractional only for sub-second buckets). */
export function bucketStart(sec: number, nanos: number, bucketNanos: bigint): number {
  if (bucketNanos % 1_000_000_000n === 0n) {
    const size = Number(bucketNanos / 1_000_000_000n)
    const fromYearOne = sec + YEAR_ONE_TO_EPOCH
    return fromYearOne - mod(fromYearOne, size) - YEAR_ONE_TO_EPOCH
  }
  const total = (BigInt(sec) + BigInt(YEAR_ONE_TO_EPOCH)) * 1_000_000_000n + BigInt(nanos)
  const start = total - (((total % bucketNanos) + bucketNanos) % bucketNanos)
  return Number(start / 1_000_000_000n) - YEAR_ONE_TO_EPOCH + Number(start % 1_000_000_000n) / 1e9
}

function mod(a: number, b: number): number {
  return ((a % b) + b) % b
}
