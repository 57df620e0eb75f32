// GitHub Copilot — Copilot Chat in VS Code (1.10x+, `service.name` `copilot-chat`) and the
// Copilot CLI runtime — export OpenTelemetry GenAI spans: an `invoke_agent` span per turn over
// `chat` spans per model call. Usage counts on the `chat` spans only: the agent span repeats its
// children's sums. The `gen_ai.client.token.usage` metric repeats the spans too but carries no
// conversation id, so §5.1 could not pair it with its session: it is not counted.
import type {BeaconEvent} from '../pipeline/beacon-event.js'
import {GEN_AI_ATTRIBUTES, GEN_AI_TOKEN_USAGE} from './otel-genai.js'
import {type RuntimeModule, rawAttribute, usageFromAttributes} from './runtime-module.js'

/** Operations whose usage repeats that of the operations they contain. */
const AGGREGATE_OPERATIONS = new Set(['invoke_agent', 'create_agent'])

function isAggregate(event: BeaconEvent): boolean {
  const operation = rawAttribute(event, 'gen_ai.operation.name')
  return typeof operation === 'string' && AGGREGATE_OPERATIONS.has(operation.trim())
}

export const copilot: RuntimeModule = {
  harness: 'github_copilot',
  aliases: [
    'copilot',
    'github copilot',
    'github-copilot',
    'copilot-chat',
    'copilot chat',
    'copilot-cli',
    'vscode-copilot',
    'vscode copilot',
  ],
  metricPrefixes: ['github.copilot.', 'copilot_chat.'],
  ignoresDatapoint: (event) => (event.raw?.metric_name ?? '').trim() === GEN_AI_TOKEN_USAGE,
  usageFromRaw: (event) =>
    (event.raw?.metric_name ?? '') !== '' || isAggregate(event)
      ? undefined
      : usageFromAttributes(GEN_AI_ATTRIBUTES, event),
  noUsageHint:
    'no chat spans with token usage — is trace export enabled (github.copilot.chat.otel)?',
}
