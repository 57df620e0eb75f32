// The runtime registry: finds the module for an event and canonicalizes harness names, so one
// session is never split in two by spelling (`Claude Code`, `claude-code` → `claude_code`).
import {claudeCode} from './claude-code.js'
import {codexCli} from './codex-cli.js'
import {geminiCli} from './gemini-cli.js'
import {otelGenAi} from './otel-genai.js'
import type {RuntimeModule} from './runtime-module.js'

export const RUNTIMES: readonly RuntimeModule[] = [claudeCode, codexCli, geminiCli, otelGenAi]

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

/** The canonical harness name: a known runtime's own name, else the trimmed name as written. */
export function canonicalHarness(name: string): string {
  const trimmed = name.trim()
  if (trimmed === '') return ''
  return BY_SPELLING.get(spelling(trimmed))?.harness ?? trimmed
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
