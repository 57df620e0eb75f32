// The runtime registry: finds the module for an event, canonicalizes harness names, so one
// session is never split in two by spelling (`Claude Code`, `claude-code` → `claude_code`),
// and reads identity and usage an event carries only in its raw attributes.
import type {BeaconEvent} from '../pipeline/beacon-event.js'
import type {Usage} from '../report/usage.js'
import {claudeCode} from './claude-code.js'
import {codexCli} from './codex-cli.js'
import {copilot} from './copilot.js'
import {geminiCli} from './gemini-cli.js'
import {opencode} from './opencode.js'
import {otelGenAi} from './otel-genai.js'
import {
  COMMON_IDENTITY,
  HARNESS_ATTRIBUTES,
  type IdentityField,
  type IdentityTable,
  type RuntimeModule,
  stringAttribute,
} from './runtime-module.js'

export const RUNTIMES: readonly RuntimeModule[] = [
  claudeCode,
  codexCli,
  geminiCli,
  copilot,
  opencode,
  otelGenAi,
]

const BY_SPELLING = new Map<string, RuntimeModule>()
for (const runtime of RUNTIMES) {
  if (runtime.harness === '') continue
  for (const name of [runtime.harness, ...runtime.aliases]) BY_SPELLING.set(spelling(name), runtime)
}

function spelling(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')
}

/**
 * Words every source of usage contains: `gen_ai.usage`, each module's raw token and cost
 * attribute names (`input_tokens`, `tokens.input`, `cost`, …) and its usage metric names
 * (`claude_code.token.usage`, `codex.turn.token_usage`, …). A line whose bytes hold none of
 * them, and no `\u` escape that could spell one, carries no usage whatever it decodes to; a
 * reader that only needs usage lines can skip decoding it. A module that reads usage from a
 * name without these words must add a word here (test/runtimes/usage-markers.test.ts checks
 * every fixture).
 */
export const USAGE_MARKERS: readonly string[] = ['token', 'usage', 'cost', '\\u']

/** The canonical harness name: a known runtime's own name, else the trimmed name as written. */
export function canonicalHarness(name: string): string {
  let canonical = CANONICAL_CACHE.get(name)
  if (canonical === undefined) {
    const trimmed = name.trim()
    canonical = trimmed === '' ? '' : (BY_SPELLING.get(spelling(trimmed))?.harness ?? trimmed)
    // A log names few harnesses; the cache only guards against a pathological one.
    if (CANONICAL_CACHE.size < 1024) CANONICAL_CACHE.set(name, canonical)
  }
  return canonical
}

const CANONICAL_CACHE = new Map<string, string>()

/** The harness an event names: `harness.name`, else its raw `harness.name` / OTLP `service.name`. */
export function harnessOf(event: BeaconEvent): string {
  const named = event.harness?.name
  if (named != null && named.trim() !== '') return canonicalHarness(named)
  return canonicalHarness(stringAttribute(event, HARNESS_ATTRIBUTES))
}

/** The module for an event: by its harness name, else by its metric name. */
export function runtimeFor(harness: string, metricName: string): RuntimeModule | undefined {
  const byHarness = harness === '' ? undefined : BY_SPELLING.get(spelling(harness))
  if (byHarness !== undefined) return byHarness
  if (metricName === '') return undefined
  return RUNTIMES.find((runtime) =>
    runtime.metricPrefixes.some((prefix) => metricName.startsWith(prefix)),
  )
}

/** Identity from raw attributes (the runtime's own names first, then the common ones); '' when absent. */
export function rawIdentity(
  event: BeaconEvent,
  runtime: RuntimeModule | undefined,
  field: IdentityField,
): string {
  return stringAttribute(event, identityNames(runtime)[field])
}

function identityNames(runtime: RuntimeModule | undefined): IdentityTable {
  if (runtime?.identity === undefined) return COMMON_IDENTITY
  let names = IDENTITY_NAMES.get(runtime)
  if (names === undefined) {
    const own = runtime.identity
    const table = {} as Record<IdentityField, readonly string[]>
    for (const field of Object.keys(COMMON_IDENTITY) as IdentityField[])
      table[field] = [...(own[field] ?? []), ...COMMON_IDENTITY[field]]
    names = table
    IDENTITY_NAMES.set(runtime, names)
  }
  return names
}

const IDENTITY_NAMES = new Map<RuntimeModule, IdentityTable>()

/**
 * Usage derived from raw telemetry, for an event without `gen_ai.usage`: its runtime's mapping,
 * or the OpenTelemetry GenAI one for harnesses no module knows.
 */
export function rawUsage(
  event: BeaconEvent,
  runtime: RuntimeModule | undefined,
): Usage | undefined {
  const derive = runtime?.usageFromRaw ?? otelGenAi.usageFromRaw
  return derive?.(event)
}
