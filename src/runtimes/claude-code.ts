// Claude Code (OpenTelemetry export, 2.x): usage arrives twice, on the
// `claude_code.api_request` log record and on `claude_code.token.usage` /
// `claude_code.cost.usage` metric datapoints; §5.1 keeps one channel per field.
import type {RuntimeModule} from './runtime-module.js'

export const claudeCode: RuntimeModule = {
  harness: 'claude_code',
  aliases: ['claude', 'claude code', 'claude-code', 'claudecode'],
  metricPrefixes: ['claude_code.'],
}
