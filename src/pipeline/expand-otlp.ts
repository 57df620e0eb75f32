// Expand stage: a line of OTLP JSON (collector `file` exporter: `resourceLogs`,
// `resourceMetrics` or `resourceSpans`) becomes one Beacon-shaped event per log record, span
// and metric datapoint, so the rest of the pipeline sees one vocabulary; Beacon lines pass
// untouched, and a log may mix both. Resource and scope attributes are merged under each
// record's own. The k-th event of a line gets the order key line + k: keys are byte offsets, and
// a line holding k records is longer than k bytes, so they stay before the next line (§10 ties).
// Their duplicate key is the line's digest plus k, so a repeated OTLP line is caught (§5.3)
// while distinct records of one line never are.
import * as E from 'fp-ts/lib/Either.js'
import {Observable, type OperatorFunction} from 'rxjs'

import {harnessOf, runtimeFor} from '../runtimes/index.js'
import type {ExportedDatapoint} from '../runtimes/runtime-module.js'
import type {BeaconEvent} from './beacon-event.js'
import {type DecodedLine, describeDecodeErrors} from './decode-event.js'
import {lineDigest, recordKey} from './duplicate-key.js'
import {
  OTLP_KEYS,
  OtlpLine,
  type OtlpAttributes,
  type OtlpHistogramDataPoint,
  type OtlpMetric,
  type OtlpNumberDataPoint,
  attributeObject,
  toDouble,
} from './otlp-json.js'
import {malformed, type SkippedLine} from './skipped-line.js'

type Item = E.Either<SkippedLine, DecodedLine>

/** Datapoint flag: no recorded value (the point only marks a gap). */
const FLAG_NO_RECORDED_VALUE = 1

export function expandOtlp(): OperatorFunction<Item, Item> {
  return (source) =>
    new Observable<Item>((subscriber) =>
      source.subscribe({
        next(item) {
          if (E.isLeft(item) || !isOtlpLine(item.right.event)) {
            subscriber.next(item)
            return
          }
          expandOtlpLine(item.right, (expanded) => {
            if (!subscriber.closed) subscriber.next(expanded)
          })
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      }),
    )
}

/** True when a decoded line is an OTLP export request rather than a Beacon event. */
export function isOtlpLine(event: BeaconEvent): boolean {
  const object = event as Record<string, unknown>
  return OTLP_KEYS.some((key) => object[key] != null)
}

/** The events of one OTLP line, in record order (or one malformed line when it does not decode). */
export function expandOtlpLine(decoded: DecodedLine, emit: (item: Item) => void): void {
  const result = OtlpLine.decode(decoded.event)
  if (E.isLeft(result)) {
    emit(E.left(malformed(decoded.at, `OTLP JSON: ${describeDecodeErrors(result.left)}`)))
    return
  }
  const otlp = result.right
  const digest = lineDigest(decoded.at.bytes, decoded.at.start, decoded.at.end)
  let sub = 0
  const push = (event: BeaconEvent): void => {
    const at = {...decoded.at, order: decoded.at.order + sub}
    emit(E.right({at, event, duplicateKey: recordKey(digest, sub)}))
    sub++
  }

  for (const resourceLogs of otlp.resourceLogs ?? []) {
    const resource = attributeObject(resourceLogs.resource?.attributes ?? undefined)
    for (const scopeLogs of resourceLogs.scopeLogs ?? []) {
      const scope = mergedAttributes(resource, scopeLogs.scope?.attributes)
      for (const record of scopeLogs.logRecords ?? []) {
        const attributes = mergedAttributes(scope, record.attributes)
        const eventName = stringOr(attributes['event.name'], record.eventName)
        push({
          timestamp: rfc3339(record.timeUnixNano) ?? rfc3339(record.observedTimeUnixNano),
          event: eventName === undefined ? undefined : {action: eventName},
          message: bodyText(record.body),
          trace: traceOf(record.traceId, record.spanId, undefined),
          raw: {attributes},
        })
      }
    }
  }

  for (const resourceSpans of otlp.resourceSpans ?? []) {
    const resource = attributeObject(resourceSpans.resource?.attributes ?? undefined)
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      const scope = mergedAttributes(resource, scopeSpans.scope?.attributes)
      for (const span of scopeSpans.spans ?? []) {
        const attributes = mergedAttributes(scope, span.attributes)
        const name = span.name ?? undefined
        const action = stringOr(attributes['gen_ai.operation.name'], name)
        push({
          // A span's usage belongs to its call, which starts at the span's start (parents first).
          timestamp: rfc3339(span.startTimeUnixNano) ?? rfc3339(span.endTimeUnixNano),
          event: action === undefined ? undefined : {action},
          message: name,
          trace: traceOf(span.traceId, span.spanId, span.parentSpanId),
          raw: {attributes},
        })
      }
    }
  }

  for (const resourceMetrics of otlp.resourceMetrics ?? []) {
    const resource = attributeObject(resourceMetrics.resource?.attributes ?? undefined)
    for (const scopeMetrics of resourceMetrics.scopeMetrics ?? []) {
      const scope = mergedAttributes(resource, scopeMetrics.scope?.attributes)
      for (const metric of scopeMetrics.metrics ?? []) {
        for (const event of metricEvents(metric, scope)) push(event)
      }
    }
  }
}

/** One event per datapoint of a Sum, Gauge, Histogram (sum of the values) or Summary. */
function metricEvents(metric: OtlpMetric, scope: Record<string, unknown>): BeaconEvent[] {
  const name = (metric.name ?? '').trim()
  let temporality: unknown
  let points: ReadonlyArray<OtlpNumberDataPoint | OtlpHistogramDataPoint> = []
  let valueOf: (point: OtlpNumberDataPoint & OtlpHistogramDataPoint) => number | undefined
  if (metric.sum != null) {
    temporality = metric.sum.aggregationTemporality
    points = metric.sum.dataPoints ?? []
    valueOf = numberValue
  } else if (metric.gauge != null) {
    points = metric.gauge.dataPoints ?? []
    valueOf = numberValue
  } else {
    const histogram = metric.histogram ?? metric.exponentialHistogram ?? metric.summary
    if (histogram == null) return []
    temporality =
      'aggregationTemporality' in histogram ? histogram.aggregationTemporality : undefined
    points = histogram.dataPoints ?? []
    valueOf = (point) => toDouble(point.sum)
  }
  const exported: ExportedDatapoint[] = []
  for (const point of points) {
    if (((point.flags ?? 0) & FLAG_NO_RECORDED_VALUE) !== 0) continue
    exported.push({
      attributes: mergedAttributes(scope, point.attributes),
      startNanos: String(point.startTimeUnixNano ?? ''),
      timeNanos: String(point.timeUnixNano ?? ''),
      value: valueOf(point as OtlpNumberDataPoint & OtlpHistogramDataPoint) ?? Number.NaN,
    })
  }
  const first = exported[0]
  if (first !== undefined) {
    const harness = harnessOf({raw: {attributes: first.attributes}})
    runtimeFor(harness, name)?.adjustExport?.(name, exported)
  }
  const metricTemporality = isCumulative(temporality) ? 'Cumulative' : 'Delta'
  return exported.map((point) => {
    const raw: Record<string, unknown> = {
      metric_name: name,
      metric_temporality: metricTemporality,
      attributes: point.attributes,
    }
    if (Number.isFinite(point.value)) raw.value = point.value
    return {
      timestamp: rfc3339(point.timeNanos),
      event: {action: 'metric'},
      raw: raw as BeaconEvent['raw'],
    }
  })
}

function numberValue(point: OtlpNumberDataPoint): number | undefined {
  if (point.asInt != null) return toDouble(point.asInt)
  return toDouble(point.asDouble)
}

/** AGGREGATION_TEMPORALITY_CUMULATIVE is 2; delta (1) and unspecified sum as they are. */
function isCumulative(temporality: unknown): boolean {
  if (temporality === 2) return true
  return typeof temporality === 'string' && /cumulative|^2$/i.test(temporality)
}

function mergedAttributes(
  outer: Record<string, unknown>,
  own: OtlpAttributes | undefined,
): Record<string, unknown> {
  return attributeObject(own ?? undefined, {...outer})
}

/** Unix nanoseconds (decimal string or number) as RFC 3339 with nanoseconds; undefined for 0 or junk. */
export function rfc3339(nanos: string | number | null | undefined): string | undefined {
  if (nanos == null || nanos === '') return undefined
  let ns: bigint
  try {
    ns = BigInt(typeof nanos === 'number' ? Math.round(nanos) : nanos.trim())
  } catch {
    return undefined
  }
  if (ns <= 0n) return undefined
  const seconds = ns / 1_000_000_000n
  const fraction = ns % 1_000_000_000n
  const date = new Date(Number(seconds) * 1000)
  if (Number.isNaN(date.getTime())) return undefined
  return `${date.toISOString().slice(0, 19)}.${fraction.toString().padStart(9, '0')}Z`
}

function bodyText(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined
  const text = (body as {stringValue?: unknown}).stringValue
  return typeof text === 'string' ? text : undefined
}

function stringOr(value: unknown, fallback: string | null | undefined): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value
  return fallback == null || fallback === '' ? undefined : fallback
}

function traceOf(
  traceId: string | null | undefined,
  spanId: string | null | undefined,
  parentSpanId: string | null | undefined,
): BeaconEvent['trace'] {
  if (!traceId && !spanId && !parentSpanId) return undefined
  return {
    id: traceId || undefined,
    span_id: spanId || undefined,
    parent_span_id: parentSpanId || undefined,
  }
}
