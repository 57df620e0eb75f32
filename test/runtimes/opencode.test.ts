// OpenCode 0.15 (fixtures mirror its `message.updated` events: an assistant message's
// `tokens` {input, output, reasoning, cache {read, write}} and `cost`, updated while it streams
// and counted once `time.completed` is set). Beacon forms only: OpenCode has no OTLP export of
// its messages.
import {describe, expect, it} from 'vitest'

import {canonical, fixture, fixtureEvents, jsonReport, usage, usages} from './helpers.js'

describe('opencode runtime', () => {
  it('counts completed assistant messages only, with identity from the message', () => {
    const events = fixtureEvents('opencode.raw.jsonl')
    expect(events.map((event) => [event.harness, event.session, event.model])).toEqual(
      Array(3).fill(['opencode', 'ses_oc1', 'claude-sonnet-4-5']),
    )
    expect(usages(events)).toEqual([
      canonical({
        input: 1200,
        output: 350,
        reasoning: 90,
        cacheRead: 5400,
        cacheCreation: 700,
        cost: 0.01234,
      }),
      canonical({input: 80, output: 120, cacheRead: 7300, cost: 0.00411}),
    ])
  })

  it('gives the same report from both forms', async () => {
    const [canonicalForm, raw] = await Promise.all(
      ['canonical', 'raw'].map((form) => jsonReport(fixture(`opencode.${form}.jsonl`))),
    )
    expect(raw).toEqual(canonicalForm)
    expect(raw?.totals).toEqual(
      usage({
        input: 1280,
        output: 470,
        reasoning: 90,
        cacheRead: 12700,
        cacheCreation: 700,
        cost: 0.01234 + 0.00411,
        events: 2,
      }),
    )
  })
})
