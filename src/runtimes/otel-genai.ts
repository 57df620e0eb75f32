// Any OpenTelemetry GenAI semantic-conventions source (semconv 1.3x): the
// `gen_ai.client.token.usage` metric with `gen_ai.token.type`, and spans or log records with
// `gen_ai.usage.*` attributes (plus the legacy `llm.usage.*` / `*.prompt_tokens` spellings).
// Semconv counts cached input inside `input_tokens`; the cached parts are subtracted. It is
// also the fallback for events of a harness no other module knows. Its harness name is
// whatever the source reports.
import {
  type AttributeMapping,
  type MetricTable,
  type RuntimeModule,
  rawAttribute,
  usageFromAttributes,
  usageFromMetric,
} from './runtime-module.js'

export const GEN_AI_TOKEN_USAGE = 'gen_ai.client.token.usage'

const METRICS: MetricTable = {
  [GEN_AI_TOKEN_USAGE]: {
    typeAttributes: ['gen_ai.token.type'],
    types: {input: 'input', output: 'output', prompt: 'input', completion: 'output'},
  },
}

export const GEN_AI_ATTRIBUTES: AttributeMapping = {
  fields: {
    input: [['gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens', 'llm.usage.prompt_tokens']],
    output: [
      [
        'gen_ai.usage.output_tokens',
        'gen_ai.usage.completion_tokens',
        'llm.usage.completion_tokens',
      ],
    ],
    cacheRead: [['gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.cache_read_input_tokens']],
    cacheCreation: [
      ['gen_ai.usage.cache_creation.input_tokens', 'gen_ai.usage.cache_creation_input_tokens'],
    ],
    reasoning: [['gen_ai.usage.reasoning.output_tokens', 'gen_ai.usage.reasoning_tokens']],
    cost: [['gen_ai.usage.cost_usd']],
  },
  inputIncludes: ['cacheRead', 'cacheCreation'],
}

export const otelGenAi: RuntimeModule = {
  harness: '',
  aliases: [],
  metricPrefixes: ['gen_ai.'],
  ignoresDatapoint: (event) => {
    const tokenType = rawAttribute(event, 'gen_ai.token.type')
    return typeof tokenType === 'string' && tokenType.trim().toLowerCase() === 'total'
  },
  usageFromRaw: (event) =>
    (event.raw?.metric_name ?? '') !== ''
      ? usageFromMetric(METRICS, event)
      : usageFromAttributes(GEN_AI_ATTRIBUTES, event),
  noUsageHint:
    'no gen_ai.usage on its events — does it follow the OpenTelemetry GenAI conventions?',
}
