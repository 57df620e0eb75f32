// The runtime registry: canonical harness names (one session never split by spelling) and
// which module reads an event, by harness name or else by metric name.
import {describe, expect, it} from 'vitest'

import {canonicalHarness, runtimeFor} from '../../src/runtimes/index.js'

describe('canonicalHarness', () => {
  it.each([
    ['claude_code', 'claude_code'],
    ['Claude Code', 'claude_code'],
    ['claude-code', 'claude_code'],
    [' CLAUDE ', 'claude_code'],
    ['codex', 'codex_cli'],
    ['Codex CLI', 'codex_cli'],
    ['OpenAI Codex', 'codex_cli'],
    ['gemini-cli', 'gemini_cli'],
    ['  my agent  ', 'my agent'],
    ['', ''],
    ['   ', ''],
  ])('%j → %j', (name, canonical) => {
    expect(canonicalHarness(name)).toBe(canonical)
  })
})

describe('runtimeFor', () => {
  it('finds the module by harness name first', () => {
    expect(runtimeFor('claude_code', 'codex.turn.token_usage')?.harness).toBe('claude_code')
  })

  it('falls back to the metric name prefix', () => {
    expect(runtimeFor('', 'codex.turn.token_usage')?.harness).toBe('codex_cli')
    expect(runtimeFor('some-sdk', 'gen_ai.client.token.usage')?.metricPrefixes).toContain('gen_ai.')
    expect(runtimeFor('', 'claude_code.cost.usage')?.harness).toBe('claude_code')
  })

  it('knows no module for unknown harnesses on the log channel', () => {
    expect(runtimeFor('my-agent', '')).toBeUndefined()
    expect(runtimeFor('', 'acme.tokens')).toBeUndefined()
  })
})
