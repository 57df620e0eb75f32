// Gemini CLI (OpenTelemetry export, 0.x): `gemini_cli.token.usage` datapoints with a `type`
// attribute and the `gemini_cli.api_response` log record. Gemini's prompt count includes cached
// content, so cached tokens are subtracted from input; tool-use prompt tokens count as input;
// thoughts are reported as reasoning.
import {
  type AttributeMapping,
  type MetricTable,
  type RuntimeModule,
  subtractCachedInput,
  usageFromAttributes,
  usageFromMetric,
} from './runtime-module.js'

const TOKEN_USAGE = 'gemini_cli.token.usage'

const METRICS: MetricTable = {
  [TOKEN_USAGE]: {
    typeAttributes: ['type'],
    types: {
      input: 'input',
      output: 'output',
      cache: 'cacheRead',
      thought: 'reasoning',
      tool: 'input',
    },
  },
}

const API_RESPONSE: AttributeMapping = {
  fields: {
    input: [['input_token_count'], ['tool_token_count']],
    output: [['output_token_count']],
    cacheRead: [['cached_content_token_count']],
    reasoning: [['thoughts_token_count']],
  },
  inputIncludes: ['cacheRead'],
}

export const geminiCli: RuntimeModule = {
  harness: 'gemini_cli',
  aliases: ['gemini', 'gemini cli', 'gemini-cli'],
  metricPrefixes: ['gemini_cli.'],
  usageFromRaw: (event) =>
    (event.raw?.metric_name ?? '') !== ''
      ? usageFromMetric(METRICS, event)
      : usageFromAttributes(API_RESPONSE, event),
  adjustExport: (metricName, points) => {
    if (metricName === TOKEN_USAGE) subtractCachedInput(points, 'type', 'input', 'cache')
  },
  noUsageHint: 'no token usage — is telemetry enabled (telemetry.enabled, an OTLP target)?',
}
