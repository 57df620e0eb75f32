// What a runtime module declares: its canonical harness name, the other spellings of it, the
// metric names it emits, and (optionally) how to read usage from its raw telemetry.
import type {BeaconEvent} from '../pipeline/beacon-event.js'
import type {Usage} from '../report/usage.js'

export interface RuntimeModule {
  /** Canonical harness name, as reported in BY HARNESS. */
  readonly harness: string
  /** Other spellings of the harness name (compared lower-cased, spaces/dashes as underscores). */
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
}

/** A raw telemetry attribute, whether the attributes object is nested or dotted. */
export function rawAttribute(event: BeaconEvent, name: string): unknown {
  const attributes = event.raw?.attributes
  if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes))
    return undefined
  return (attributes as Record<string, unknown>)[name]
}
