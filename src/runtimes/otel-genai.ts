// Any OpenTelemetry GenAI semantic-conventions source (`gen_ai.client.token.usage` with
// `gen_ai.token.type`). Its harness name is whatever the source reports.
import {rawAttribute, type RuntimeModule} from './runtime-module.js'

export const otelGenAi: RuntimeModule = {
  harness: '',
  aliases: [],
  metricPrefixes: ['gen_ai.'],
  ignoresDatapoint: (event) => {
    const tokenType = rawAttribute(event, 'gen_ai.token.type')
    return typeof tokenType === 'string' && tokenType.trim().toLowerCase() === 'total'
  },
}
