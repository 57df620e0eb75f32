// Claude Code (OpenTelemetry export, 2.x): usage arrives twice, on the
// `claude_code.api_request` log record and on `claude_code.token.usage` /
// `claude_code.cost.usage` metric datapoints; §5.1 keeps one channel per field. The log
// record's `cost_usd` attribute is not read: cost stays single-sourced on the cost metric.
import type {BeaconEvent} from '../pipeline/beacon-event.js'
import {
  type AttributeMapping,
  type MetricTable,
  type RuntimeModule,
  rawAttribute,
  usageFromAttributes,
  usageFromMetric,
} from './runtime-module.js'

const METRICS: MetricTable = {
  'claude_code.token.usage': {
    typeAttributes: ['type'],
    types: {
      input: 'input',
      output: 'output',
      cacheRead: 'cacheRead',
      cacheCreation: 'cacheCreation',
    },
  },
  'claude_code.cost.usage': {field: 'cost'},
}

/** `claude_code.api_request` attributes; Anthropic's input count excludes cache reads and writes. */
const API_REQUEST: AttributeMapping = {
  fields: {
    input: [['input_tokens']],
    output: [['output_tokens']],
    cacheRead: [['cache_read_tokens']],
    cacheCreation: [['cache_creation_tokens']],
  },
}

const API_REQUEST_NAMES = new Set(['api_request', 'claude_code.api_request'])

function isApiRequest(event: BeaconEvent): boolean {
  const eventName = rawAttribute(event, 'event.name')
  return (
    (typeof eventName === 'string' && API_REQUEST_NAMES.has(eventName)) ||
    event.event?.action === 'api_request' ||
    event.message === 'claude_code.api_request'
  )
}

export const claudeCode: RuntimeModule = {
  harness: 'claude_code',
  aliases: ['claude', 'claude code', 'claude-code', 'claudecode'],
  metricPrefixes: ['claude_code.'],
  usageFromRaw: (event) => {
    if ((event.raw?.metric_name ?? '') !== '') return usageFromMetric(METRICS, event)
    return isApiRequest(event) ? usageFromAttributes(API_REQUEST, event) : undefined
  },
  noUsageHint:
    'no api_request events or token metrics — are OTEL_LOGS_EXPORTER and OTEL_METRICS_EXPORTER set?',
}
