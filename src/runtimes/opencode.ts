// OpenCode (sst/opencode 0.x): usage sits on assistant messages (`tokens.input`,
// `tokens.output`, `tokens.reasoning`, `tokens.cache.read`, `tokens.cache.write`, `cost`), and
// a message is updated many times while it streams: only a completed one (`time.completed`)
// counts. OpenCode's input excludes cache reads and writes.
import type {BeaconEvent} from '../pipeline/beacon-event.js'
import {
  type AttributeMapping,
  type RuntimeModule,
  rawAttribute,
  usageFromAttributes,
} from './runtime-module.js'

/** Where the message sits in the raw attributes: the attributes themselves, or under `info` / `message`. */
const PREFIXES = ['', 'info.', 'message.', 'properties.info.']

const at = (name: string): string[] => PREFIXES.map((prefix) => prefix + name)

const MESSAGE: AttributeMapping = {
  fields: {
    input: [at('tokens.input')],
    output: [at('tokens.output')],
    reasoning: [at('tokens.reasoning')],
    cacheRead: [at('tokens.cache.read')],
    cacheCreation: [at('tokens.cache.write')],
    cost: [at('cost')],
  },
}

function isCompletedAssistantMessage(event: BeaconEvent): boolean {
  const role = at('role')
    .map((name) => rawAttribute(event, name))
    .find((v) => v !== undefined)
  const completed = at('time.completed')
    .map((name) => rawAttribute(event, name))
    .find((v) => v !== undefined && v !== null)
  return role === 'assistant' && completed !== undefined
}

export const opencode: RuntimeModule = {
  harness: 'opencode',
  aliases: ['open code', 'open-code', 'sst opencode'],
  metricPrefixes: ['opencode.'],
  usageFromRaw: (event) =>
    isCompletedAssistantMessage(event) ? usageFromAttributes(MESSAGE, event) : undefined,
  identity: {
    session: at('sessionID'),
    model: at('modelID'),
  },
  noUsageHint: 'no completed assistant messages with tokens in its events',
}
