// Normalize stage: a decoded Beacon event becomes a CanonicalEvent — trimmed keys, canonical
// harness name, parsed timestamp, disjoint usage. Events that already carry gen_ai.usage are
// trusted as canonical; others may get usage from their runtime module's raw mapping.
import * as E from 'fp-ts/lib/Either.js'
import {map, type OperatorFunction} from 'rxjs'

import {type Usage, nonzeroMask} from '../report/usage.js'
import type {CanonicalEvent} from '../runtimes/canonical-event.js'
import {canonicalHarness, runtimeFor} from '../runtimes/index.js'
import {parseInstant} from '../values/instant.js'
import type {BeaconEvent} from './beacon-event.js'
import type {DecodedLine} from './decode-event.js'
import type {SkippedLine} from './skipped-line.js'

export function normalizeEvents(): OperatorFunction<
  E.Either<SkippedLine, DecodedLine>,
  E.Either<SkippedLine, CanonicalEvent>
> {
  return map((item) => (E.isLeft(item) ? item : E.right(normalizeEvent(item.right))))
}

export function normalizeEvent({at, event, text}: DecodedLine): CanonicalEvent {
  const harness = canonicalHarness(event.harness?.name ?? '')
  const metricName = (event.raw?.metric_name ?? '').trim()
  const instant = event.timestamp == null ? undefined : parseInstant(event.timestamp)
  const usage = usageOf(event, harness, metricName)
  return {
    path: at.path,
    line: at.line,
    order: at.order,
    text,
    sec: instant?.sec ?? Number.NaN,
    nanos: instant?.nanos ?? 0,
    action: trimmed(event.event?.action),
    harness,
    session: trimmed(event.session?.id),
    model: trimmed(event.model),
    repository: trimmed(event.repository),
    message: trimmed(event.message),
    runProvider: trimmed(event.run?.provider),
    runId: trimmed(event.run?.run_id),
    traceId: trimmed(event.trace?.id),
    spanId: trimmed(event.trace?.span_id),
    parentSpanId: trimmed(event.trace?.parent_span_id),
    usage,
    usageMask: usage === undefined ? 0 : nonzeroMask(usage),
    metricName,
    cumulative:
      metricName !== '' &&
      (event.raw?.metric_temporality ?? '').trim().toLowerCase() === 'cumulative',
  }
}

function usageOf(event: BeaconEvent, harness: string, metricName: string): Usage | undefined {
  const runtime = runtimeFor(harness, metricName)
  if (metricName !== '' && runtime?.ignoresDatapoint?.(event) === true) return undefined
  const usage = event.gen_ai?.usage
  if (usage == null) return runtime?.usageFromRaw?.(event)
  return {
    cost: usage.cost_usd ?? 0,
    input: usage.input_tokens ?? 0,
    output: usage.output_tokens ?? 0,
    cacheRead: usage.cache_read?.input_tokens ?? 0,
    cacheCreation: usage.cache_creation?.input_tokens ?? 0,
    reasoning: usage.reasoning?.output_tokens ?? 0,
  }
}

function trimmed(value: string | null | undefined): string {
  return value == null ? '' : value.trim()
}
