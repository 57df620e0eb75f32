// Claude Code 2.0.x (fixtures mirror its documented OpenTelemetry export: the
// `claude_code.api_request` log record with string-valued token attributes, the
// `claude_code.token.usage` sum with `type`, and the `claude_code.cost.usage` sum in USD).
// The same session is written three ways: canonical Beacon events, raw-only Beacon events
// (older Beacon: usage only in raw.attributes, metric values in raw.value) and OTLP JSON.
import {describe, expect, it} from 'vitest'

import {canonical, fixture, fixtureEvents, jsonReport, usage, usages} from './helpers.js'

const FORMS = ['canonical', 'raw', 'otlp'] as const

describe('claude_code runtime', () => {
  it.each(['raw', 'otlp'] as const)('derives exact canonical usage from the %s form', (form) => {
    const events = fixtureEvents(`claude-code.${form}.jsonl`)
    expect(events.map((event) => event.harness)).toEqual(Array(8).fill('claude_code'))
    expect(events.every((event) => event.session === 'cc-session-1')).toBe(true)
    // The api_request records: cost_usd is on them but is not a cost source (single-sourced on
    // the cost metric); then the four token.usage datapoints and the cost datapoint.
    expect(usages(events)).toEqual([
      canonical({input: 3, output: 412, cacheRead: 18234, cacheCreation: 2210}),
      canonical({input: 5, output: 1088, cacheRead: 20444, cacheCreation: 1540}),
      canonical({input: 8}),
      canonical({output: 1500}),
      canonical({cacheRead: 38678}),
      canonical({cacheCreation: 3750}),
      canonical({cost: 0.04164}),
    ])
    const metrics = events.filter((event) => event.metricName !== '')
    expect(metrics.map((event) => event.metricName)).toEqual([
      ...Array(4).fill('claude_code.token.usage'),
      'claude_code.cost.usage',
    ])
    expect(metrics.every((event) => !event.cumulative)).toBe(true)
  })

  it('keeps one channel per field when both channels come from OTLP', async () => {
    // §5.1 by hand: the log channel reported input, output, cache read and cache creation, so
    // the four token.usage datapoints are zeroed and dropped; cost only exists on the metric.
    // Totals = the two api_requests + the cost datapoint: 3 events.
    const json = await jsonReport(fixture('claude-code.otlp.jsonl'))
    const totals = usage({
      input: 3 + 5,
      output: 412 + 1088,
      cacheRead: 18234 + 20444,
      cacheCreation: 2210 + 1540,
      cost: 0.04164,
      events: 3,
    })
    expect(json.totals).toEqual(totals)
    expect(json.by_harness).toEqual([{key: 'claude_code', usage: totals}])
    expect(json.by_session).toEqual([{key: 'cc-session-1', usage: totals}])
    expect(json.by_model).toEqual([{key: 'claude-sonnet-4-5-20250929', usage: totals}])
    expect(json.events_with_usage).toBe(3)
    // 3 log records (one tool_result) + 5 datapoints.
    expect(json.total_events).toBe(8)
    expect(json.utilization).toEqual([
      {
        model: 'claude-sonnet-4-5-20250929',
        context_window: 200000,
        calls: 2,
        // The larger call: 5 + 20444 + 1540.
        max_input_tokens: 21989,
        max_ratio: 21989 / 200000,
        p95_ratio: 21989 / 200000,
        near_limit_calls: 0,
      },
    ])
  })

  it('gives the same report from canonical, raw-only and OTLP input', async () => {
    for (const session of [undefined, 'cc-session-1']) {
      const [first, ...others] = await Promise.all(
        FORMS.map((form) => jsonReport(fixture(`claude-code.${form}.jsonl`), {session})),
      )
      for (const other of others) expect(other).toEqual(first)
    }
  })
})
