// A generic OpenTelemetry GenAI source (semconv 1.37 spans, as an OpenAI Agents SDK app with
// `service.name` support-bot writes them): an invoke_agent span over two chat spans, one with
// `gen_ai.usage.*` (input inclusive of the cache read, per semconv) and one with the legacy
// `llm.usage.prompt_tokens` / `completion_tokens`.
import {describe, expect, it} from 'vitest'

import {
  canonical,
  canonicalEvents,
  fixture,
  fixtureEvents,
  jsonReport,
  usage,
  usages,
} from './helpers.js'

describe('OpenTelemetry GenAI runtime', () => {
  it('maps semconv and legacy attributes to disjoint usage', () => {
    const events = fixtureEvents('otel-genai.otlp.jsonl')
    expect(events.map((event) => event.harness)).toEqual(Array(3).fill('support-bot'))
    expect(events.map((event) => event.session)).toEqual(Array(3).fill('conv-7'))
    expect(events.map((event) => event.model)).toEqual([
      '',
      'gpt-4o-2024-08-06',
      'gpt-4o-2024-08-06',
    ])
    expect(events.map((event) => event.parentSpanId)).toEqual([
      '',
      'a1b2c3d4e5f60708',
      'a1b2c3d4e5f60708',
    ])
    expect(usages(events)).toEqual([
      canonical({input: 1000 - 600, output: 200, cacheRead: 600, reasoning: 50}),
      canonical({input: 300, output: 40}),
    ])
  })

  it('reads gen_ai.client.token.usage and skips its total type', () => {
    const line = (type: string, value: number) =>
      JSON.stringify({
        timestamp: '2026-06-11T13:05:00Z',
        harness: {name: 'support-bot'},
        raw: {
          metric_name: 'gen_ai.client.token.usage',
          metric_temporality: 'Delta',
          value,
          attributes: {'gen_ai.token.type': type},
        },
      })
    const events = canonicalEvents(
      [line('input', 70), line('output', 9), line('total', 79)].join('\n'),
    )
    expect(events.map((event) => event.usage)).toEqual([
      canonical({input: 70}),
      canonical({output: 9}),
      undefined,
    ])
  })

  it('gives the same report, step tree included, from every form', async () => {
    const reports = await Promise.all(
      ['canonical', 'raw', 'otlp'].map((form) =>
        jsonReport(fixture(`otel-genai.${form}.jsonl`), {session: 'conv-7'}),
      ),
    )
    for (const json of reports) {
      expect(json.totals).toEqual(
        usage({input: 700, output: 240, cacheRead: 600, reasoning: 50, events: 2}),
      )
      expect(json).toEqual(reports[0])
    }
    const steps = (reports[2]?.session_detail as {steps: Array<Record<string, unknown>>}).steps
    expect(steps.map((step) => [step.timestamp, step.action, step.span_id])).toEqual([
      ['2026-06-11T13:00:00Z', 'chat', '1112131415161718'],
      ['2026-06-11T13:00:03Z', 'chat', '2122232425262728'],
    ])
  })
})
