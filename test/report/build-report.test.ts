// From state to report (§6, §7, §8, §9, §12): grouping order by total_tokens with code-point
// ties, --top, series rows, the session detail, and the JSON document's keys.
import {describe, expect, it} from 'vitest'

import type {AggregateConfig} from '../../src/report/aggregate.js'
import {type ReportOptions, buildReport} from '../../src/report/build-report.js'
import {reportJson} from '../../src/report/render-json.js'
import {addEvent, emptyState} from '../../src/report/report-state.js'
import {type EventSpec, canonical} from '../support/events.js'

function reportOf(specs: EventSpec[], options: ReportOptions, config?: AggregateConfig) {
  const state = emptyState(config ?? {collectSteps: false, bucketNanos: options.bucketNanos})
  for (const spec of specs) addEvent(state, canonical(spec))
  return reportJson(buildReport(state, options))
}

const U = (fields: Partial<Record<string, number>>) => ({
  input_tokens: 0,
  output_tokens: 0,
  cache_read_input_tokens: 0,
  cache_creation_input_tokens: 0,
  reasoning_output_tokens: 0,
  cost_usd: 0,
  events: 1,
  ...fields,
})

const keys = (rows: unknown) => (rows as Array<{key: string}>).map((row) => row.key)

describe('groupings in the report', () => {
  const specs: EventSpec[] = [
    {model: 'b', usage: {input: 10}},
    {model: '😀', usage: {output: 10}},
    {model: 'a', usage: {cacheRead: 10}},
    {model: '\uff5e', usage: {cacheCreation: 10}},
    {model: 'é', usage: {input: 4, output: 6}},
    {model: 'B', usage: {input: 10, cost: 5}},
    // Reasoning is not in total_tokens: 50, not 10050.
    {model: 'thinker', usage: {input: 50, reasoning: 10_000}},
    {model: 'big', usage: {input: 60, output: 40}},
  ]

  it('sorts rows by total_tokens descending, ties by key in code-point order', () => {
    // Ties at 10: B (U+0042) < a < b < é (U+00E9) < ～ (U+FF5E) < 😀 (U+1F600); UTF-16 order
    // would put 😀 (D83D…) before U+FF5E.
    expect(keys(reportOf(specs, {top: 0}).by_model)).toEqual([
      'big',
      'thinker',
      'B',
      'a',
      'b',
      'é',
      '\uff5e',
      '😀',
    ])
  })

  it('cuts each grouping to --top rows without changing the totals', () => {
    const all = reportOf(specs, {top: 0})
    const top = reportOf(specs, {top: 2})
    expect(keys(top.by_model)).toEqual(['big', 'thinker'])
    expect(top.totals).toEqual(all.totals)
    // By hand: input 10+10+4+50+60 = 134, output 10+6+40 = 56, cache read 10, creation 10.
    expect(top.totals).toEqual(
      U({
        input_tokens: 134,
        output_tokens: 56,
        cache_read_input_tokens: 10,
        cache_creation_input_tokens: 10,
        reasoning_output_tokens: 10_000,
        cost_usd: 5,
        events: 8,
      }),
    )
  })

  it('applies --top to every grouping and omits empty groupings', () => {
    const report = reportOf(
      [
        {session: 's1', harness: 'h1', repository: 'r1', usage: {input: 3}},
        {session: 's2', harness: 'h2', repository: 'r2', usage: {input: 2}},
        {session: 's3', harness: 'h3', repository: 'r3', usage: {input: 1}},
      ],
      {top: 1},
    )
    expect(keys(report.by_session)).toEqual(['s1'])
    expect(keys(report.by_harness)).toEqual(['h1'])
    expect(keys(report.by_repository)).toEqual(['r1'])
    expect(report).not.toHaveProperty('by_model')
    expect(report).not.toHaveProperty('by_run')
  })

  it('counts events without usage in total_events only', () => {
    const report = reportOf(
      [{model: 'm'}, {model: 'm', usage: {}}, {model: 'm', usage: {input: 1}}],
      {
        top: 0,
      },
    )
    expect(report).toMatchObject({events_with_usage: 1, total_events: 3})
    expect(report.by_model).toEqual([{key: 'm', usage: U({input_tokens: 1})}])
  })
})

describe('series in the report', () => {
  const specs: EventSpec[] = [
    {at: '2026-06-11T11:10:00Z', usage: {input: 1}},
    {at: '2026-06-11T10:59:59.9Z', usage: {input: 2}},
    {at: '2026-06-11T12:05:00+02:00', usage: {input: 4}},
    {usage: {input: 8}},
  ]

  it('is present only with a bucket, sorted by start, printed as UTC whole seconds', () => {
    expect(reportOf(specs, {top: 0})).not.toHaveProperty('series')
    const report = reportOf(specs, {top: 0, bucketNanos: 3_600_000_000_000n})
    // 10:59:59.9Z and 12:05+02:00 (10:05Z) are in the 10:00 bucket; the untimed event is in
    // the totals only.
    expect(report.series).toEqual([
      {start: '2026-06-11T10:00:00Z', usage: U({input_tokens: 6, events: 2})},
      {start: '2026-06-11T11:00:00Z', usage: U({input_tokens: 1})},
    ])
    expect(report.totals).toEqual(U({input_tokens: 15, events: 4}))
  })
})

describe('session detail in the report', () => {
  it('carries the session id, its summed usage and the step tree', () => {
    const report = reportOf(
      [
        {
          at: '2026-06-11T10:00:05.7Z',
          session: 's1',
          action: 'api_request',
          message: 'plan',
          model: 'claude-sonnet-4-5',
          traceId: 't',
          spanId: 'a',
          usage: {input: 10, cost: 0.5},
        },
        {
          at: '2026-06-11T12:00:06+02:00',
          session: 's1',
          spanId: 'b',
          parentSpanId: 'a',
          usage: {output: 3},
        },
        {session: 's1', usage: {cacheRead: 1}},
      ],
      {top: 0, session: 's1'},
      {collectSteps: true},
    )
    expect(report.session_detail).toEqual({
      session_id: 's1',
      usage: U({
        input_tokens: 10,
        output_tokens: 3,
        cache_read_input_tokens: 1,
        cost_usd: 0.5,
        events: 3,
      }),
      steps: [
        {usage: U({cache_read_input_tokens: 1})},
        {
          timestamp: '2026-06-11T10:00:05Z',
          action: 'api_request',
          name: 'plan',
          model: 'claude-sonnet-4-5',
          trace_id: 't',
          span_id: 'a',
          usage: U({input_tokens: 10, cost_usd: 0.5}),
          children: [
            {
              timestamp: '2026-06-11T10:00:06Z',
              span_id: 'b',
              parent_span_id: 'a',
              usage: U({output_tokens: 3}),
            },
          ],
        },
      ],
    })
  })
})
