// Harness names are canonicalized on read, whatever the spelling or channel (Beacon
// `harness.name`, OTLP `service.name`), so one session is never split in two.
import {describe, expect, it} from 'vitest'

import {canonicalHarness} from '../../src/runtimes/index.js'
import {fixture, fixtureEvents, jsonReport, usage} from './helpers.js'

describe('harness-name canonicalization', () => {
  it.each([
    ['claude', 'claude_code'],
    ['Claude Code', 'claude_code'],
    ['claude-code', 'claude_code'],
    ['codex', 'codex_cli'],
    ['codex_cli_rs', 'codex_cli'],
    ['gemini-cli', 'gemini_cli'],
    ['copilot-chat', 'github_copilot'],
    ['OpenCode', 'opencode'],
    ['  my-agent ', 'my-agent'],
  ])('%s → %s', (name, canonical) => {
    expect(canonicalHarness(name)).toBe(canonical)
  })

  it('keeps each session in one row across spellings and input formats', async () => {
    const events = fixtureEvents('harness-names.jsonl')
    expect(events.map((event) => event.harness)).toEqual([
      ...Array(5).fill('claude_code'),
      ...Array(3).fill('codex_cli'),
      'claude_code',
      'codex_cli',
    ])
    const json = await jsonReport(fixture('harness-names.jsonl'))
    // Six Claude api_requests of 10 in / 1 out; four Codex output datapoints of 7.
    const claude = usage({input: 60, output: 6, events: 6})
    const codex = usage({output: 28, events: 4})
    expect(json.by_harness).toEqual([
      {key: 'claude_code', usage: claude},
      {key: 'codex_cli', usage: codex},
    ])
    expect(json.by_session).toEqual([
      {key: 'mixed-1', usage: claude},
      {key: 'mixed-2', usage: codex},
    ])
  })
})
