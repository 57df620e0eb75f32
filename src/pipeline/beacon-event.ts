// The Beacon runtime event as io-ts codecs: the single source of the event's type. Only the
// fields the report reads are declared; unknown fields pass untouched. `null` counts as
// absent; any other wrong JSON type on a declared field makes the line malformed.
import * as t from 'io-ts'

const optional = <C extends t.Mixed>(codec: C) => t.union([codec, t.null])

/** A token count: a JSON integer (not a string, fraction or exponent form). */
const TokenCount = t.Int

/** Cost in USD: any finite JSON number. */
const CostUsd = t.refinement(t.number, Number.isFinite, 'FiniteNumber')

export const GenAiUsage = t.partial({
  input_tokens: optional(TokenCount),
  output_tokens: optional(TokenCount),
  cache_read: optional(t.partial({input_tokens: optional(TokenCount)})),
  cache_creation: optional(t.partial({input_tokens: optional(TokenCount)})),
  reasoning: optional(t.partial({output_tokens: optional(TokenCount)})),
  cost_usd: optional(CostUsd),
})

export const BeaconEvent = t.partial({
  timestamp: optional(t.string),
  event: optional(t.partial({action: optional(t.string)})),
  harness: optional(t.partial({name: optional(t.string)})),
  session: optional(t.partial({id: optional(t.string)})),
  model: optional(t.string),
  repository: optional(t.string),
  message: optional(t.string),
  run: optional(t.partial({provider: optional(t.string), run_id: optional(t.string)})),
  trace: optional(
    t.partial({
      id: optional(t.string),
      span_id: optional(t.string),
      parent_span_id: optional(t.string),
    }),
  ),
  gen_ai: optional(t.partial({usage: optional(GenAiUsage)})),
  raw: optional(
    t.partial({
      metric_name: optional(t.string),
      metric_temporality: optional(t.string),
      // Runtime modules read raw attributes defensively; their shape is the runtime's.
      attributes: t.unknown,
    }),
  ),
})

export type BeaconEvent = t.TypeOf<typeof BeaconEvent>
export type GenAiUsage = t.TypeOf<typeof GenAiUsage>

/**
 * The objects of the codec that may be written with dotted keys instead of nesting
 * (`"session.id": "s1"` for `"session": {"id": "s1"}`). Paths are dotted from the event root.
 */
export const NESTED_OBJECTS: ReadonlySet<string> = new Set([
  '',
  'event',
  'harness',
  'session',
  'run',
  'trace',
  'gen_ai',
  'gen_ai.usage',
  'gen_ai.usage.cache_read',
  'gen_ai.usage.cache_creation',
  'gen_ai.usage.reasoning',
  'raw',
])

/** Dotted paths of the token counts, for the integer-literal check. */
export const TOKEN_COUNT_PATHS: ReadonlySet<string> = new Set([
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.output_tokens',
  'gen_ai.usage.cache_read.input_tokens',
  'gen_ai.usage.cache_creation.input_tokens',
  'gen_ai.usage.reasoning.output_tokens',
])
