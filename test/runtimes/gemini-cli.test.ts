// Gemini CLI 0.12 (fixtures mirror its OpenTelemetry export: the `gemini_cli.api_response`
// log record with `*_token_count` attributes and the `gemini_cli.token.usage` sum with `type`
// input/output/cache/thought; Gemini's prompt count includes cached content).
import {describe, expect, it} from 'vitest'

import {canonical, fixture, fixtureEvents, jsonReport, usage, usages} from './helpers.js'

describe('gemini_cli runtime', () => {
  it('makes input disjoint on the log record and within an OTLP export', () => {
    const events = fixtureEvents('gemini-cli.otlp.jsonl')
    expect(usages(events)).toEqual([
      // api_response: 1200 − 1000 cached; thoughts as reasoning.
      canonical({input: 200, output: 300, cacheRead: 1000, reasoning: 150}),
      canonical({input: 200}),
      canonical({output: 300}),
      canonical({cacheRead: 1000}),
      canonical({reasoning: 150}),
      // Session g-2, metrics only: 500 − 200.
      canonical({input: 300}),
      canonical({output: 50}),
      canonical({cacheRead: 200}),
    ])
  })

  it('gives the same exact report from every form', async () => {
    // g-1: the log channel covers all four fields, its datapoints drop (§5.1); g-2 has only
    // metrics: input 300, output 50, cache read 200 over 3 events.
    const reports = await Promise.all(
      ['canonical', 'raw', 'otlp'].map((form) => jsonReport(fixture(`gemini-cli.${form}.jsonl`))),
    )
    for (const json of reports) {
      expect(json.totals).toEqual(
        usage({input: 500, output: 350, cacheRead: 1200, reasoning: 150, events: 4}),
      )
      expect(json.by_session).toEqual([
        {
          key: 'g-1',
          usage: usage({input: 200, output: 300, cacheRead: 1000, reasoning: 150, events: 1}),
        },
        {key: 'g-2', usage: usage({input: 300, output: 50, cacheRead: 200, events: 3})},
      ])
      expect(json).toEqual(reports[0])
    }
  })
})
