// OTLP JSON (the OpenTelemetry Collector `file` exporter: one ExportLogs/Metrics/TraceService
// request per line) as io-ts codecs, declared as leniently as the protobuf JSON mapping allows:
// 64-bit integers may be strings or numbers, enums integers or their names. Attribute values
// (AnyValue) are read by `anyValue`.
import * as t from 'io-ts'

const optional = <C extends t.Mixed>(codec: C) => t.union([codec, t.null])

/** fixed64/uint64 nanoseconds or counts: a decimal string (the JSON mapping) or a number. */
const Uint64 = t.union([t.string, t.number])
/** A double: a number, or a string ("NaN", "Infinity", or a number written as text). */
const Double = t.union([t.number, t.string])

const KeyValue = t.partial({key: optional(t.string), value: t.unknown})
const Attributes = optional(t.array(KeyValue))

const Resource = optional(t.partial({attributes: Attributes}))
const Scope = optional(t.partial({name: optional(t.string), attributes: Attributes}))

const LogRecord = t.partial({
  timeUnixNano: optional(Uint64),
  observedTimeUnixNano: optional(Uint64),
  eventName: optional(t.string),
  body: t.unknown,
  attributes: Attributes,
  traceId: optional(t.string),
  spanId: optional(t.string),
})

const Span = t.partial({
  traceId: optional(t.string),
  spanId: optional(t.string),
  parentSpanId: optional(t.string),
  name: optional(t.string),
  startTimeUnixNano: optional(Uint64),
  endTimeUnixNano: optional(Uint64),
  attributes: Attributes,
})

const DataPointFields = {
  attributes: Attributes,
  startTimeUnixNano: optional(Uint64),
  timeUnixNano: optional(Uint64),
  flags: optional(t.number),
}
const NumberDataPoint = t.partial({
  ...DataPointFields,
  asInt: optional(Uint64),
  asDouble: optional(Double),
})
const HistogramDataPoint = t.partial({
  ...DataPointFields,
  count: optional(Uint64),
  sum: optional(Double),
})

/** 1 = delta, 2 = cumulative (or the enum names). */
const Temporality = optional(t.union([t.number, t.string]))

const Metric = t.partial({
  name: optional(t.string),
  sum: optional(
    t.partial({
      dataPoints: optional(t.array(NumberDataPoint)),
      aggregationTemporality: Temporality,
    }),
  ),
  gauge: optional(t.partial({dataPoints: optional(t.array(NumberDataPoint))})),
  histogram: optional(
    t.partial({
      dataPoints: optional(t.array(HistogramDataPoint)),
      aggregationTemporality: Temporality,
    }),
  ),
  exponentialHistogram: optional(
    t.partial({
      dataPoints: optional(t.array(HistogramDataPoint)),
      aggregationTemporality: Temporality,
    }),
  ),
  summary: optional(t.partial({dataPoints: optional(t.array(HistogramDataPoint))})),
})

export const OtlpLine = t.partial({
  resourceLogs: optional(
    t.array(
      t.partial({
        resource: Resource,
        scopeLogs: optional(
          t.array(t.partial({scope: Scope, logRecords: optional(t.array(LogRecord))})),
        ),
      }),
    ),
  ),
  resourceMetrics: optional(
    t.array(
      t.partial({
        resource: Resource,
        scopeMetrics: optional(
          t.array(t.partial({scope: Scope, metrics: optional(t.array(Metric))})),
        ),
      }),
    ),
  ),
  resourceSpans: optional(
    t.array(
      t.partial({
        resource: Resource,
        scopeSpans: optional(t.array(t.partial({scope: Scope, spans: optional(t.array(Span))}))),
      }),
    ),
  ),
})

export type OtlpLine = t.TypeOf<typeof OtlpLine>
export type OtlpAttributes = t.TypeOf<typeof Attributes>
export type OtlpLogRecord = t.TypeOf<typeof LogRecord>
export type OtlpSpan = t.TypeOf<typeof Span>
export type OtlpMetric = t.TypeOf<typeof Metric>
export type OtlpNumberDataPoint = t.TypeOf<typeof NumberDataPoint>
export type OtlpHistogramDataPoint = t.TypeOf<typeof HistogramDataPoint>

/** The top-level keys that make a line OTLP JSON rather than a Beacon event. */
export const OTLP_KEYS = ['resourceLogs', 'resourceMetrics', 'resourceSpans'] as const

/** An AnyValue as plain JSON: strings, numbers (64-bit ints beyond 2^53 stay strings), arrays, objects. */
export function anyValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return undefined
  const v = value as Record<string, unknown>
  if ('stringValue' in v) return v.stringValue
  if ('intValue' in v) {
    const n = typeof v.intValue === 'string' ? Number(v.intValue) : v.intValue
    return typeof n === 'number' && Number.isSafeInteger(n) ? n : v.intValue
  }
  if ('doubleValue' in v) return toDouble(v.doubleValue)
  if ('boolValue' in v) return v.boolValue
  if ('arrayValue' in v) {
    const values = (v.arrayValue as {values?: unknown} | null)?.values
    return Array.isArray(values) ? values.map(anyValue) : []
  }
  if ('kvlistValue' in v) {
    return attributeObject((v.kvlistValue as {values?: OtlpAttributes} | null)?.values)
  }
  if ('bytesValue' in v) return v.bytesValue
  return undefined
}

/** Attributes as a flat object with the OTLP keys (dotted names stay dotted). */
export function attributeObject(
  attributes: OtlpAttributes | undefined,
  into: Record<string, unknown> = {},
): Record<string, unknown> {
  if (!Array.isArray(attributes)) return into
  for (const {key, value} of attributes) {
    if (typeof key !== 'string') continue
    const decoded = anyValue(value)
    if (decoded !== undefined) into[key] = decoded
  }
  return into
}

export function toDouble(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined
}
