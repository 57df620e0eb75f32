// Codex CLI (OpenTelemetry export, 0.5x): token usage only on metrics. Each
// `codex.turn.token_usage` histogram datapoint carries one `token_type`: `input` (inclusive of
// cached input), `cached_input`, `output`, `reasoning_output`, and `total`, which repeats the
// others' sum and never counts. No cost, no conversation id on the metric.
import {
  type MetricTable,
  type RuntimeModule,
  rawAttribute,
  subtractCachedInput,
  usageFromMetric,
} from './runtime-module.js'

const TOKEN_USAGE = 'codex.turn.token_usage'

const METRICS: MetricTable = {
  [TOKEN_USAGE]: {
    typeAttributes: ['token_type', 'gen_ai.token.type'],
    types: {
      input: 'input',
      cached_input: 'cacheRead',
      output: 'output',
      reasoning_output: 'reasoning',
    },
  },
}

export const codexCli: RuntimeModule = {
  harness: 'codex_cli',
  aliases: ['codex', 'codex cli', 'codex-cli', 'openai codex', 'codex_cli_rs', 'codex_exec'],
  metricPrefixes: ['codex.'],
  ignoresDatapoint: (event) => {
    const tokenType = rawAttribute(event, 'token_type') ?? rawAttribute(event, 'gen_ai.token.type')
    return typeof tokenType === 'string' && tokenType.trim().toLowerCase() === 'total'
  },
  // A Beacon event already carries the disjoint input; raw datapoints of one OTLP export arrive
  // together, so the turn's cached input is subtracted there (adjustExport), never below 0.
  usageFromRaw: (event) => usageFromMetric(METRICS, event),
  adjustExport: (metricName, points) => {
    if (metricName === TOKEN_USAGE)
      subtractCachedInput(points, 'token_type', 'input', 'cached_input')
  },
  noUsageHint: 'no token usage — is its metrics exporter enabled ([otel] metrics_exporter)?',
}
