// Sums of contributions: totals, the five groupings, the time series, the calls of §8 and the
// selected session's steps. Everything here is order-independent, so aggregates of any split
// of the input merge into the same figures. `keep` masks let §5.1 zero a channel's fields.
// With `breakdown`, session, repository and run also keep per-(key, model) sums.
import {type CanonicalEvent, hasTimestamp, runKey} from '../runtimes/canonical-event.js'
import {type CallTable, addCall, mergeCalls} from './call-table.js'
import {
  ALL_FIELDS,
  FIELD_BIT,
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
 * The maps start as one shared, never-written empty map and get their own on the first write:
 * a scope's waiting metric sums (report-state.ts) are thousands of small aggregates, most of
 * whose maps stay empty, and an empty Map costs ~150 bytes. Write through the helpers below.
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

/** Calls without a parseable timestamp share one slot per (harness, session, model). */
const NO_SECOND = Number.NEGATIVE_INFINITY

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

export function addToAggregate(
  aggregate: Aggregate,
  event: CanonicalEvent,
  usage: Usage,
  config: AggregateConfig,
): void {
  addUsage(aggregate.totals, usage)
  addToGroup(aggregate, 'byModel', event.model, usage)
  addToGroup(aggregate, 'bySession', event.session, usage)
  addToGroup(aggregate, 'byHarness', event.harness, usage)
  addToGroup(aggregate, 'byRepository', event.repository, usage)
  const run = runKey(event)
  addToGroup(aggregate, 'byRun', run, usage)
  if (config.breakdown === true) {
    addToModelGroup(aggregate, 'bySessionModel', event.session, event.model, usage)
    addToModelGroup(aggregate, 'byRepositoryModel', event.repository, event.model, usage)
    addToModelGroup(aggregate, 'byRunModel', run, event.model, usage)
  }
  if (config.bucketNanos !== undefined && hasTimestamp(event)) {
    const start = bucketStart(event.sec, event.nanos, config.bucketNanos)
    addSum(own(aggregate, 'series'), start, usage)
  }
  if (
    event.model !== '' &&
    (usage.input !== 0 || usage.cacheRead !== 0 || usage.cacheCreation !== 0)
  ) {
    const second = hasTimestamp(event) ? event.sec : NO_SECOND
    addCall(
      own(aggregate, 'calls'),
      event.harness,
      event.session,
      event.model,
      second,
      usage.input,
      usage.cacheRead,
      usage.cacheCreation,
    )
  }
  if (config.collectSteps) {
    ownSteps(aggregate).push({
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
    })
  }
}

function addToGroup(aggregate: Aggregate, field: SumGroup, key: string, usage: Usage): void {
  if (key === '') return
  addSum(own(aggregate, field), key, usage)
}

function addSum<K>(groups: Map<K, UsageSum>, key: K, usage: Usage): void {
  let sum = groups.get(key)
  if (sum === undefined) {
    sum = emptySum()
    groups.set(key, sum)
  }
  addUsage(sum, usage)
}

/** Like addToGroup, one level deeper; the model may be empty (its usage still belongs to the key). */
function addToModelGroup(
  aggregate: Aggregate,
  field: ModelGroup,
  key: string,
  model: string,
  usage: Usage,
): void {
  if (key === '') return
  const groups = own(aggregate, field)
  let models = groups.get(key)
  if (models === undefined) {
    models = new Map()
    groups.set(key, models)
  }
  let sum = models.get(model)
  if (sum === undefined) {
    sum = emptySum()
    models.set(model, sum)
  }
  addUsage(sum, usage)
}

/** Adds `from` into `into`, keeping only the usage fields in `keep` (§5.1 zeroing). */
export function mergeAggregate(into: Aggregate, from: Aggregate, keep = ALL_FIELDS): void {
  mergeSum(into.totals, from.totals, keep)
  for (const field of ['byModel', 'bySession', 'byHarness', 'byRepository', 'byRun'] as const) {
    if (from[field].size > 0) mergeGroups(own(into, field), from[field], keep)
  }
  if (from.series.size > 0) mergeGroups(own(into, 'series'), from.series, keep)
  for (const field of ['bySessionModel', 'byRepositoryModel', 'byRunModel'] as const) {
    if (from[field].size > 0) mergeModelGroups(own(into, field), from[field], keep)
  }
  if (from.calls.size > 0) {
    mergeCalls(
      own(into, 'calls'),
      from.calls,
      (keep & FIELD_BIT.input) !== 0,
      (keep & FIELD_BIT.cacheRead) !== 0,
      (keep & FIELD_BIT.cacheCreation) !== 0,
    )
  }
  for (const step of from.steps) {
    ownSteps(into).push(keep === ALL_FIELDS ? step : {...step, usage: keepFields(step.usage, keep)})
  }
}

function mergeGroups<K>(into: Map<K, UsageSum>, from: Map<K, UsageSum>, keep: number): void {
  for (const [key, sum] of from) {
    let target = into.get(key)
    if (target === undefined) {
      target = emptySum()
      into.set(key, target)
    }
    mergeSum(target, sum, keep)
  }
}

function mergeModelGroups(
  into: Map<string, Map<string, UsageSum>>,
  from: Map<string, Map<string, UsageSum>>,
  keep: number,
): void {
  for (const [key, models] of from) {
    let target = into.get(key)
    if (target === undefined) {
      target = new Map()
      into.set(key, target)
    }
    mergeGroups(target, models, keep)
  }
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
