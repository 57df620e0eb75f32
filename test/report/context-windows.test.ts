// Context windows by model-name prefix (§8): lower-case, strip up to the last '/', longest
// matching prefix wins; the table is data and can be replaced.
import {describe, expect, it} from 'vitest'

import {contextWindow} from '../../src/report/context-windows.js'

describe('contextWindow', () => {
  it.each([
    ['claude-sonnet-4-5-20250929', 200_000],
    ['claude-opus-4-1[1m]', 200_000],
    ['gpt-5', 400_000],
    ['gpt-5-codex', 400_000],
    ['gpt-4.1-mini', 1_047_576],
    ['gpt-4o-mini', 128_000],
    ['gpt-4-turbo-2024-04-09', 128_000],
    ['gpt-4-0613', 8_192],
    ['gpt-4', 8_192],
    ['gpt-3.5-turbo', 16_385],
    ['o1-preview', 200_000],
    ['o3-mini', 200_000],
    ['o4-mini', 200_000],
    ['gemini-1.5-pro-002', 2_097_152],
    ['gemini-1.5-flash-8b', 1_048_576],
    ['gemini-2.5-pro', 1_048_576],
    ['gemini-3-pro-preview', 1_048_576],
  ])('%s → %d', (model, window) => {
    expect(contextWindow(model)).toBe(window)
  })

  it('ignores case', () => {
    expect(contextWindow('Claude-Sonnet-4-5')).toBe(200_000)
    expect(contextWindow('GPT-4O')).toBe(128_000)
  })

  it('drops everything up to the last slash', () => {
    expect(contextWindow('anthropic/claude-sonnet-4-5')).toBe(200_000)
    expect(contextWindow('openrouter/openai/gpt-4o')).toBe(128_000)
    expect(contextWindow('models/gemini-1.5-pro')).toBe(2_097_152)
    // Only the prefix of the last segment counts, not a match inside a vendor path.
    expect(contextWindow('claude/my-model')).toBeUndefined()
  })

  it('knows no window for unknown models', () => {
    expect(contextWindow('llama-3-70b')).toBeUndefined()
    expect(contextWindow('gemini-1.0-pro')).toBeUndefined()
    expect(contextWindow('my-claude')).toBeUndefined()
    expect(contextWindow('')).toBeUndefined()
  })

  it('uses a replacement table when given one', () => {
    const table = [
      ['claude', 200_000],
      ['claude-sonnet-4-5', 1_000_000],
    ] as const
    expect(contextWindow('claude-sonnet-4-5', table)).toBe(1_000_000)
    expect(contextWindow('claude-opus-4', table)).toBe(200_000)
    expect(contextWindow('gpt-5', table)).toBeUndefined()
  })
})
