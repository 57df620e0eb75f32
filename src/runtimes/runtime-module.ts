// What a runtime module declares: its canonical harness name, the other spellings of it, the
// metric names it emits, and how to read usage and identity from its raw telemetry. Mappings
// are data (tables of attribute names); the helpers below interpret them, purely.
import type {BeaconEvent} from '../pipeline/beacon-event.js'
import {type Usage, type UsageField, zeroUsage} from '../report/usage.js'

/** Identity a runtime may report only in its raw attributes (OTLP input, older Beacon events). */
export type IdentityField = 'session' | 'model' | 'repository' | 'runProvider' | 'runId'
export type IdentityTable = Readonly<Record<IdentityField, readonly string[]>>

/** One metric datapoint of an OTLP export, before it becomes an event (values may be rewritten). */
export interface ExportedDatapoint {
  readonly attributes: Readonly<Record<string, unknown>>
  readonly startNanos: string
  readonly timeNanos: string
  value: number
}

export interface RuntimeModule {
  /** Canonical harness name, as reported in BY HARNESS. */
  readonly harness: string
  /** Other spellings of the harness name, including OTLP `service.name` values (compared lower-cased, spaces/dashes as underscores). */
  readonly aliases: readonly string[]
  /** Metric name prefixes that identify this runtime's metric channel. */
  readonly metricPrefixes: readonly string[]
  /**
   * Usage for an event whose `gen_ai.usage` is absent, derived from its raw telemetry.
   * Pure; undefined when the event carries no usage this module understands.
   */
  readonly usageFromRaw?: (event: BeaconEvent) => Usage | undefined
  /** True for datapoints that repeat other datapoints' usage and must not count (Codex `total`). */
  readonly ignoresDatapoint?: (event: BeaconEvent) => boolean
  /**
   * Rewrites the values of one metric's datapoints exported together (one OTLP line), e.g. to
   * make an input count that includes cached input disjoint. Mutates `points`.
   */
  readonly adjustExport?: (metricName: string, points: ExportedDatapoint[]) => void
  /** Raw attribute names for identity, tried before the common ones. */
  readonly identity?: Partial<IdentityTable>
  /** Why this runtime's events may carry no usage, for the coverage diagnostics. */
  readonly noUsageHint?: string
}

/** Attribute names most runtimes use for identity (Beacon's own, then OpenTelemetry semconv). */
export const COMMON_IDENTITY: IdentityTable = {
  session: ['session.id', 'gen_ai.conversation.id', 'conversation.id'],
  model: ['model', 'gen_ai.response.model', 'gen_ai.request.model'],
  repository: ['repository', 'vcs.repository.url.full', 'vcs.repository.name'],
  runProvider: ['run.provider', 'cicd.provider.name'],
  runId: ['run.run_id', 'cicd.pipeline.run.id'],
}

/** Attribute names that name the harness when the event has no `harness.name`. */
export const HARNESS_ATTRIBUTES = ['harness.name', 'service.name'] as const

function attributesOf(event: BeaconEvent): Record<string, unknown> | undefined {
  const attributes = event.raw?.attributes
  if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes))
    return undefined
  return attributes as Record<string, unknown>
}

/**
 * A raw telemetry attribute, whether the attributes object is flat with dotted keys
 * (`"session.id"`) or nested (`{"session": {"id": …}}`), or a mix of both.
 */
export function rawAttribute(event: BeaconEvent, name: string): unknown {
  const attributes = attributesOf(event)
  return attributes === undefined ? undefined : attributeAt(attributes, name)
}

export function attributeAt(object: Record<string, unknown>, name: string): unknown {
  const direct = object[name]
  if (direct !== undefined) return direct
  for (const [head, rest] of splitsOf(name)) {
    const child = object[head]
    if (typeof child === 'object' && child !== null && !Array.isArray(child)) {
      const found = attributeAt(child as Record<string, unknown>, rest)
      if (found !== undefined) return found
    }
  }
  return undefined
}

/** Each way to cut a dotted name in two (`a.b.c` → `a`+`b.c`, `a.b`+`c`), cached: names come from tables. */
function splitsOf(name: string): ReadonlyArray<readonly [string, string]> {
  const cached = SPLITS.get(name)
  if (cached !== undefined) return cached
  const splits: Array<readonly [string, string]> = []
  for (let dot = name.indexOf('.'); dot !== -1; dot = name.indexOf('.', dot + 1))
    splits.push([name.slice(0, dot), name.slice(dot + 1)])
  if (SPLITS.size < 4096) SPLITS.set(name, splits)
  return splits
}

const SPLITS = new Map<string, ReadonlyArray<readonly [string, string]>>()

/** The first of `names` that is a non-empty string attribute, trimmed; '' when none. */
export function stringAttribute(event: BeaconEvent, names: readonly string[]): string {
  const attributes = attributesOf(event)
  if (attributes === undefined) return ''
  for (const name of names) {
    const value = attributeAt(attributes, name)
    if (typeof value === 'string' && value.trim() !== '') return value.trim()
  }
  return ''
}

/**
 * A raw token count: a non-negative integer, or its decimal string (OTLP encodes 64-bit ints
 * as strings; histogram sums are doubles and are rounded). Anything else is no count.
 */
export function tokenCount(value: unknown): number | undefined {
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) value = Number(value)
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return undefined
  return Math.round(value)
}

/** A raw cost in USD: a finite number or its decimal string. */
export function costAmount(value: unknown): number | undefined {
  if (typeof value === 'string' && value.trim() !== '') value = Number(value)
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

/** Where a raw metric event carries its value: `raw.value` (as the OTLP expansion writes it), or `raw.metric_value`. */
export function rawMetricValue(event: BeaconEvent): unknown {
  const raw = event.raw as Record<string, unknown> | null | undefined
  if (raw == null) return undefined
  return raw.value ?? raw.metric_value
}

/** How one metric's datapoints map to usage: a fixed field, or a field per token-type attribute value. */
export interface MetricMapping {
  readonly field?: UsageField
  readonly typeAttributes?: readonly string[]
  /** Token type → field; a type mapped to undefined (or absent) carries no usage. */
  readonly types?: Readonly<Record<string, UsageField | undefined>>
}
export type MetricTable = Readonly<Record<string, MetricMapping>>

/** Usage of a raw metric datapoint event, by the table; undefined when the table does not apply. */
export function usageFromMetric(table: MetricTable, event: BeaconEvent): Usage | undefined {
  const name = (event.raw?.metric_name ?? '').trim()
  const mapping = table[name]
  if (mapping === undefined) return undefined
  let field = mapping.field
  if (field === undefined && mapping.typeAttributes !== undefined) {
    const type = stringAttribute(event, mapping.typeAttributes)
    field = mapping.types?.[type]
  }
  if (field === undefined) return undefined
  const raw = rawMetricValue(event)
  const value = field === 'cost' ? costAmount(raw) : tokenCount(raw)
  if (value === undefined) return undefined
  const usage = zeroUsage()
  usage[field] = value
  return usage
}

/** How a log record's or span's attributes map to usage. */
export interface AttributeMapping {
  /** Per field, attribute-name groups to add up; within a group the first present wins (legacy spellings). */
  readonly fields: Partial<Record<UsageField, ReadonlyArray<readonly string[]>>>
  /** Fields the runtime counts inside `input`: subtracted from it, never below 0. */
  readonly inputIncludes?: readonly UsageField[]
}

/** Usage from raw attributes by the mapping; undefined when none of its attributes is present. */
export function usageFromAttributes(
  mapping: AttributeMapping,
  event: BeaconEvent,
): Usage | undefined {
  const attributes = attributesOf(event)
  if (attributes === undefined) return undefined
  const usage = zeroUsage()
  let found = false
  for (const field in mapping.fields) {
    const groups = mapping.fields[field as UsageField] ?? []
    for (const names of groups) {
      for (const name of names) {
        const raw = attributeAt(attributes, name)
        const value = field === 'cost' ? costAmount(raw) : tokenCount(raw)
        if (value === undefined) continue
        usage[field as UsageField] += value
        found = true
        break
      }
    }
  }
  if (!found) return undefined
  for (const field of mapping.inputIncludes ?? []) usage.input -= usage[field]
  if (usage.input < 0) usage.input = 0
  return usage
}

/**
 * For runtimes whose `input` datapoint includes cached input: within one export, subtract each
 * group's cached value (same attributes apart from the type, same times) from its input value.
 */
export function subtractCachedInput(
  points: ExportedDatapoint[],
  typeAttribute: string,
  inputType: string,
  cachedType: string,
): void {
  const groups = new Map<string, {input?: ExportedDatapoint; cached: number}>()
  for (const point of points) {
    const type = point.attributes[typeAttribute]
    if (type !== inputType && type !== cachedType) continue
    const key = turnKey(point, typeAttribute)
    let group = groups.get(key)
    if (group === undefined) {
      group = {cached: 0}
      groups.set(key, group)
    }
    if (type === inputType) group.input = point
    else group.cached += point.value
  }
  for (const {input, cached} of groups.values())
    if (input !== undefined) input.value = Math.max(0, input.value - cached)
}

function turnKey(point: ExportedDatapoint, typeAttribute: string): string {
  const others = Object.keys(point.attributes)
    .filter((key) => key !== typeAttribute)
    .sort()
    .map((key) => [key, point.attributes[key]])
  return `${point.startNanos}\u0000${point.timeNanos}\u0000${JSON.stringify(others)}`
}
