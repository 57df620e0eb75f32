// Context utilization (§8): calls per model, max input, ratios against the window, p95 by
// nearest rank (index floor(n·0.95 + 0.999999) − 1), calls at or above 0.8, sorting.
import {describe, expect, it} from 'vitest'

import {type Aggregate, addToAggregate, emptyAggregate} from '../../src/report/aggregate.js'
import {utilization} from '../../src/report/utilization.js'
import {type EventSpec, canonical, usage} from '../support/events.js'

/** One call per size, a second apart, for one model (claude: window 200000). */
function callsOf(model: string, sizes: number[], session = 's'): EventSpec[] {
  return sizes.map((input, i) => ({
    harness: 'claude_code',
    session,
    model,
    at: new Date(Date.UTC(2026, 5, 11, 10, 0, i)).toISOString(),
    usage: {input},
  }))
}

function rowsOf(specs: EventSpec[]) {
  const aggregate: Aggregate = emptyAggregate()
  for (const spec of specs) {
    const event = canonical(spec)
    addToAggregate(aggregate, event, event.usage ?? usage({}), {collectSteps: false})
  }
  return utilization(aggregate.calls.values())
}

const range = (n: number, step: number) => Array.from({length: n}, (_, i) => (i + 1) * step)

describe('utilization', () => {
  it('has calls, max input, window, max ratio, p95 and near-limit calls', () => {
    // 20 calls of 1000..20000: p95 index floor(19 + 0.999999) - 1 = 18 → 19000 / 200000.
    expect(rowsOf(callsOf('claude-sonnet-4-5', range(20, 1000)))).toEqual([
      {
        model: 'claude-sonnet-4-5',
        contextWindow: 200_000,
        calls: 20,
        maxInputTokens: 20_000,
        maxRatio: 0.1,
        p95Ratio: 0.095,
        nearLimitCalls: 0,
      },
    ])
  })

  it.each([
    [1, 1], // floor(0.95 + 0.999999) - 1 = 0 → 1st
    [2, 2], // floor(1.9 + 0.999999) - 1 = 1 → 2nd
    [10, 10], // floor(9.5 + 0.999999) - 1 = 9 → 10th
    [21, 20], // floor(19.95 + 0.999999) - 1 = 19 → 20th
    [40, 38], // floor(38 + 0.999999) - 1 = 37 → 38th
    [100, 95], // floor(95 + 0.999999) - 1 = 94 → 95th
  ])('takes the p95 of %d calls at the %d-th smallest', (n, rank) => {
    // Sizes 2000, 4000, … given in descending order so sorting matters.
    const sizes = range(n, 2000).reverse()
    const [row] = rowsOf(callsOf('claude-opus-4-1', sizes))
    expect(row?.p95Ratio).toBe((rank * 2000) / 200_000)
  })

  it('counts calls with a ratio of 0.8 or more as near the limit', () => {
    // 160000 / 200000 is exactly 0.8; 159999 is just under.
    const [row] = rowsOf(callsOf('claude-haiku-4-5', [159_999, 160_000, 199_000, 250_000, 10]))
    expect(row).toMatchObject({
      calls: 5,
      nearLimitCalls: 3,
      maxInputTokens: 250_000,
      maxRatio: 1.25,
    })
  })

  it('sums a call from all its contributions in one second, input and cache only', () => {
    const [row] = rowsOf([
      {model: 'gpt-5', at: '2026-06-11T10:00:05.1Z', usage: {input: 1000, output: 99_999}},
      {model: 'gpt-5', at: '2026-06-11T10:00:05.8Z', usage: {cacheRead: 30_000}},
      {model: 'gpt-5', at: '2026-06-11T10:00:05.9Z', usage: {cacheCreation: 9_000}},
      {model: 'gpt-5', at: '2026-06-11T10:00:06Z', usage: {output: 10}},
    ])
    // One call of 40000 (the output-only second has size 0 and is skipped): 40000 / 400000.
    expect(row).toEqual({
      model: 'gpt-5',
      contextWindow: 400_000,
      calls: 1,
      maxInputTokens: 40_000,
      maxRatio: 0.1,
      p95Ratio: 0.1,
      nearLimitCalls: 0,
    })
  })

  it('counts calls of one model across sessions in one row', () => {
    const [row] = rowsOf([...callsOf('gpt-5', [100, 200], 's1'), ...callsOf('gpt-5', [300], 's2')])
    expect(row).toMatchObject({model: 'gpt-5', calls: 3, maxInputTokens: 300})
  })

  it('gives unknown models a row without window or ratios', () => {
    expect(rowsOf(callsOf('llama-3-70b', [500, 700]))).toEqual([
      {model: 'llama-3-70b', calls: 2, maxInputTokens: 700},
    ])
  })

  it('sorts by max ratio descending, ties by model, unknown windows last', () => {
    const rows = rowsOf([
      ...callsOf('llama-3', [1]),
      ...callsOf('gpt-4o', [64_000]), // 0.5
      ...callsOf('claude-b', [100_000]), // 0.5
      ...callsOf('claude-a', [100_000]), // 0.5
      ...callsOf('gpt-4', [8_192]), // 1.0
      ...callsOf('alpaca', [5]),
    ])
    expect(rows.map((row) => row.model)).toEqual([
      'gpt-4',
      'claude-a',
      'claude-b',
      'gpt-4o',
      'alpaca',
      'llama-3',
    ])
  })

  it('is empty without calls', () => {
    expect(rowsOf([])).toEqual([])
    expect(rowsOf([{model: 'm', usage: {output: 3}}])).toEqual([])
  })
})
