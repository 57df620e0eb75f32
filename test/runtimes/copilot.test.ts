// GitHub Copilot Chat in VS Code (extension 0.32, `service.name` copilot-chat; fixtures mirror
// its GenAI spans: invoke_agent over chat spans, plus the gen_ai.client.token.usage histogram).
import {describe, expect, it} from 'vitest'

import {canonical, fixture, fixtureEvents, jsonReport, usage, usages} from './helpers.js'

describe('github_copilot runtime', () => {
  it('counts chat spans only: the agent span and the metric repeat them', () => {
    const events = fixtureEvents('copilot.otlp.jsonl')
    expect(new Set(events.map((event) => event.harness))).toEqual(new Set(['github_copilot']))
    expect(usages(events)).toEqual([
      canonical({input: 1000 - 400, output: 200, cacheRead: 400}),
      canonical({input: 500, output: 100}),
    ])
  })

  it('gives the same report from every form', async () => {
    const reports = await Promise.all(
      ['canonical', 'raw', 'otlp'].map((form) => jsonReport(fixture(`copilot.${form}.jsonl`))),
    )
    for (const json of reports) {
      expect(json.totals).toEqual(usage({input: 1100, output: 300, cacheRead: 400, events: 2}))
      expect(json.total_events).toBe(5)
      expect(json).toEqual(reports[0])
    }
  })
})
