// Context-window utilization (§8) on test/fixtures/e2e/utilization.jsonl (harness agent-sdk).
// A call = (harness, session, model, whole second); size = input + cache_read + cache_creation.
import {describe, expect, it} from 'vitest'

import {fixture, report} from './cli.js'

const LOG = fixture('utilization.jsonl')

describe.concurrent('context utilization (§8)', () => {
  it('computes calls, max, p95 nearest rank and near-limit per model, sorted by max ratio', async () => {
    const {report: r} = await report(LOG)
    // claude-sonnet-4-5 (window 200000), session u1: 17 calls of 1000·k (k = 1..17, outputs do
    // not count), 09:00:18 → 59999+100000 = 159999, 09:00:19 → 10000+140000+10000 = 160000,
    // 09:00:20.100 + 09:00:20.900 → one call 90000+100000 = 190000 (same second); session u2
    // at 09:00:20 → its own call of 5000. n = 21 sizes, ascending:
    //   1000,2000,3000,4000,5000,5000,6000,…,17000 (18 values), 159999, 160000, 190000.
    // p95 index = floor(21·0.95 + 0.999999) − 1 = floor(20.949999) − 1 = 19 → 160000 → 0.8.
    // near limit (ratio ≥ 0.8): 160000 (exactly 0.8) and 190000 → 2; 159999 is 0.799995.
    // Other models, one call each unless said:
    //   openai/gpt-4.1-mini → "gpt-4.1-mini" → gpt-4.1 1047576: 47576+1000000 = 1047576 → 1.0
    //   gpt-4o-2024-08-06 → gpt-4o (longer than gpt-4) 128000: 121600 → 0.95 (ties claude;
    //     model ascending puts claude first)
    //   gemini-2.5-pro → gemini-2 1048576: 524288 → 0.5
    //   gpt-4-0613 → gpt-4 8192: 4096 → 0.5
    //   gpt-4-turbo-2024-04-09 → gpt-4-turbo 128000: 64000 → 0.5   (0.5 ties by model name)
    //   gemini-1.5-pro-002 → gemini-1.5-pro 2097152: 524288 → 0.25
    //   acme-llm, mystery-model-x: unknown window → no ratios, after every known model, by name;
    //     mystery-model-x has 2 calls (300 at 09:05:00, 700 at 09:05:01).
    // Not in the table: the event without a model, and gpt-5-mini (output only → size 0).
    expect(r.utilization).toEqual([
      {
        model: 'openai/gpt-4.1-mini',
        context_window: 1047576,
        calls: 1,
        max_input_tokens: 1047576,
        max_ratio: 1,
        p95_ratio: 1,
        near_limit_calls: 1,
      },
      {
        model: 'claude-sonnet-4-5',
        context_window: 200000,
        calls: 21,
        max_input_tokens: 190000,
        max_ratio: 190000 / 200000,
        p95_ratio: 160000 / 200000,
        near_limit_calls: 2,
      },
      {
        model: 'gpt-4o-2024-08-06',
        context_window: 128000,
        calls: 1,
        max_input_tokens: 121600,
        max_ratio: 121600 / 128000,
        p95_ratio: 121600 / 128000,
        near_limit_calls: 1,
      },
      {
        model: 'gemini-2.5-pro',
        context_window: 1048576,
        calls: 1,
        max_input_tokens: 524288,
        max_ratio: 0.5,
        p95_ratio: 0.5,
        near_limit_calls: 0,
      },
      {
        model: 'gpt-4-0613',
        context_window: 8192,
        calls: 1,
        max_input_tokens: 4096,
        max_ratio: 0.5,
        p95_ratio: 0.5,
        near_limit_calls: 0,
      },
      {
        model: 'gpt-4-turbo-2024-04-09',
        context_window: 128000,
        calls: 1,
        max_input_tokens: 64000,
        max_ratio: 0.5,
        p95_ratio: 0.5,
        near_limit_calls: 0,
      },
      {
        model: 'gemini-1.5-pro-002',
        context_window: 2097152,
        calls: 1,
        max_input_tokens: 524288,
        max_ratio: 0.25,
        p95_ratio: 0.25,
        near_limit_calls: 0,
      },
      {model: 'acme-llm', calls: 1, max_input_tokens: 50},
      {model: 'mystery-model-x', calls: 2, max_input_tokens: 700},
    ])
    // The 0.95 tie really is a tie in binary floating point.
    expect(190000 / 200000).toBe(121600 / 128000)
  })

  it('--model filters the utilization table too (contains, any case)', async () => {
    // "GPT-4" ⊂ gpt-4o-…, gpt-4-0613, gpt-4-turbo-…, openai/gpt-4.1-mini (4 events).
    const {report: r} = await report(LOG, ['--model', 'GPT-4'])
    expect(r.total_events).toBe(4)
    expect(r.utilization.map((u) => u.model)).toEqual([
      'openai/gpt-4.1-mini',
      'gpt-4o-2024-08-06',
      'gpt-4-0613',
      'gpt-4-turbo-2024-04-09',
    ])
  })
})
