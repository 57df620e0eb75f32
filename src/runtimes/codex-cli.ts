// Codex CLI (OpenTelemetry export, 0.5x): metrics only. `codex.turn.token_usage` datapoints
// carry one `token_type` each; `total` repeats the others' sum and is never counted.
import {rawAttribute, type RuntimeModule} from './runtime-module.js'

export const codexCli: RuntimeModule = {
  harness: 'codex_cli',
  aliases: ['codex', 'codex cli', 'codex-cli', 'openai codex'],
  metricPrefixes: ['codex.'],
  ignoresDatapoint: (event) => {
    const tokenType = rawAttribute(event, 'token_type') ?? rawAttribute(event, 'gen_ai.token.type')
    return typeof tokenType === 'string' && tokenType.trim().toLowerCase() === 'total'
  },
}
