// Normalize stage: a decoded Beacon event becomes a CanonicalEvent — trimmed keys, canonical
// harness name, parsed timestamp, disjoint usage. Events that already carry gen_ai.usage are
// trusted as canonical; others may get usage from their runtime module's raw mapping, and
// identity the event lacks (model, session, …) from its raw attributes (OTLP input, older logs).
import * as E from 'fp-ts/lib/Either.js'
import {map, type OperatorFunction} from 'rxjs'

import {type Usage, nonzeroMask} from '../report/usage.js'
import type {CanonicalEvent} from '../runtimes/canonical-event.js'
import {harnessOf, rawIdentity, rawUsage, runtimeFor} from '../runtimes/index.js'
import type {RuntimeModule} from '../runtimes/runtime-module.js'
import {parseInstant} from '../values/instant.js'
import type {BeaconEvent} from './beacon-event.js'
import type {DecodedLine} from './decode-event.js'
import {lineDigest} from './duplicate-key.js'
import type {SkippedLine} from './skipped-line.js'

export interface NormalizeOptions {
  /**
   * Whether events without usage need their identity and time. They only count in
   * total_events and the harness coverage, so only filters read more of them; most lines of a
   * log carry no usage, and skipping their identity and timestamp is a large part of the cost
   * of a line. Default true.
   */
  readonly identifyUsageFree?: boolean
}

export function normalizeEvents(
  options: NormalizeOptions = {},
): OperatorFunction<E.Either<SkippedLine, DecodedLine>, E.Either<SkippedLine, CanonicalEvent>> {
  const identifyUsageFree = options.identifyUsageFree ?? true
  return map((item) =>
    E.isLeft(item) ? item : E.right(normalizeEvent(item.right, identifyUsageFree)),
  )
}

export function normalizeEvent(decoded: DecodedLine, identifyUsageFree = true): CanonicalEvent {
  const {at, event} = decoded
  const harness = harnessOf(event)
  const metricName = (event.raw?.metric_name ?? '').trim()
  const runtime = runtimeFor(harness, metricName)
  const usage = usageOf(event, runtime, metricName)
  const usageMask = usage === undefined ? 0 : nonzeroMask(usage)
  if (usageMask === 0 && !identifyUsageFree) return usageFree(decoded, harness, metricName)
  const instant = event.timestamp == null ? undefined : parseInstant(event.timestamp)
  const run = event.run
  return {
    path: at.path,
    line: at.line,
    order: at.order,
    duplicateKey:
      usageMask === 0 ? '' : (decoded.duplicateKey ?? lineDigest(at.bytes, at.start, at.end)),
    sec: instant?.sec ?? Number.NaN,
    nanos: instant?.nanos ?? 0,
    action: trimmed(event.event?.action),
    harness,
    session: trimmed(event.session?.id) || rawIdentity(event, runtime, 'session'),
    model: trimmed(event.model) || rawIdentity(event, runtime, 'model'),
    repository: trimmed(event.repository) || rawIdentity(event, runtime, 'repository'),
    message: trimmed(event.message),
    runProvider: trimmed(run?.provider) || rawIdentity(event, runtime, 'runProvider'),
    runId: trimmed(run?.run_id) || rawIdentity(event, runtime, 'runId'),
    traceId: trimmed(event.trace?.id),
    spanId: trimmed(event.trace?.span_id),
    parentSpanId: trimmed(event.trace?.parent_span_id),
    usage,
    usageMask,
    metricName,
    cumulative:
      metricName !== '' &&
      (event.raw?.metric_temporality ?? '').trim().toLowerCase() === 'cumulative',
  }
}

/**
 * An event without usage, identified only as far as the report reads it (see NormalizeOptions).
 * The same fields in the same order as normalizeEvent's, so all events keep one object shape.
 */
function usageFree({at}: DecodedLine, harness: string, metricName: string): CanonicalEvent {
  return {
    path: at.path,
    line: at.line,
    order: at.order,
    duplicateKey: '',
    sec: Number.NaN,
    nanos: 0,
    action: '',
    harness,
    session: '',
    model: '',
    repository: '',
    message: '',
    runProvider: '',
    runId: '',
    traceId: '',
    spanId: '',
    parentSpanId: '',
    usage: undefined,
    usageMask: 0,
    metricName,
    cumulative: false,
  }
}

function usageOf(
  event: BeaconEvent,
  runtime: RuntimeModule | undefined,
  metricName: string,
): Usage | undefined {
  if (metricName !== '' && runtime?.ignoresDatapoint?.(event) === true) return undefined
  const usage = event.gen_ai?.usage
  if (usage == null) return rawUsage(event, runtime)
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
