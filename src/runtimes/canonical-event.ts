// The runtime layer's output: one event in the report's vocabulary, whatever runtime wrote it.
// Keys are trimmed; harness names are canonical; usage is disjoint (§5).
import type {Usage} from '../report/usage.js'

export interface CanonicalEvent {
  readonly path: string
  readonly line: number
  /** Global read order (files oldest first, then lines): the tie-break of §10. */
  readonly order: number
  /** A usage-bearing event's key in the exact-duplicate window (§5.3, duplicate-key.ts); '' without usage. */
  readonly duplicateKey: string
  /** Unix seconds and nanoseconds; `sec` is NaN when there is no parseable timestamp. */
  readonly sec: number
  readonly nanos: number
  readonly action: string
  readonly harness: string
  readonly session: string
  readonly model: string
  readonly repository: string
  readonly message: string
  readonly runProvider: string
  readonly runId: string
  readonly traceId: string
  readonly spanId: string
  readonly parentSpanId: string
  /** Disjoint usage, or undefined when the event carries none. */
  readonly usage: Usage | undefined
  /** Bit mask of the nonzero usage fields (0 = not usage-bearing). */
  readonly usageMask: number
  /** Set on metric-channel events (`raw.metric_name`); empty on the log/span channel. */
  readonly metricName: string
  readonly cumulative: boolean
}

/** `provider/run_id`, or whichever of the two is present (§7). */
export function runKey(event: Pick<CanonicalEvent, 'runProvider' | 'runId'>): string {
  if (event.runProvider !== '' && event.runId !== '') return `${event.runProvider}/${event.runId}`
  return event.runProvider !== '' ? event.runProvider : event.runId
}

export function hasTimestamp(event: Pick<CanonicalEvent, 'sec'>): boolean {
  return !Number.isNaN(event.sec)
}
