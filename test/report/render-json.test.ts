// --breakdown in the JSON document: an extra `models` array on session, repository and run rows;
// the contract's keys stay as they are (figures in test/fixtures/formats/README.md).
import {describe, expect, it} from 'vitest'

import {reportJson, renderJson} from '../../src/report/render-json.js'
import {HOUR, SESSION, expectGolden, fixtureReport} from './fixture-report.js'

type Row = {
  key: string
  usage: Record<string, number>
  models?: Array<{model: string; usage: Record<string, number>}>
}

describe('renderJson with breakdown', () => {
  it('adds models per session, repository and run row, and nothing else changes', async () => {
    const withBreakdown = await fixtureReport({bucketNanos: HOUR, breakdown: true})
    expectGolden('usage.json', renderJson(withBreakdown))
    const doc = reportJson(withBreakdown) as Record<string, Row[]>
    const session = doc.by_session?.[0] as Row
    expect(session.key).toBe(SESSION)
    expect(Object.keys(session)).toEqual(['key', 'usage', 'models'])
    expect(session.models?.map((m) => [m.model, m.usage.input_tokens, m.usage.cost_usd])).toEqual([
      ['claude-sonnet-4-5', 1000, 0],
      ['claude-haiku-4-5', 500, 0],
      ['claude-sonnet-4-5[1m]', 0, 0.25],
    ])
    expect(doc.by_run?.[0]?.models?.map((m) => m.usage.input_tokens)).toEqual([3000, 800])
    expect(doc.by_repository?.[1]?.models?.map((m) => m.model)).toEqual(['gpt-4.1', 'gpt-4.1-mini'])
    expect(doc.by_model?.[0]?.models).toBeUndefined()
    expect(doc.by_harness?.[0]?.models).toBeUndefined()
    // Without the models, the document is the plain one.
    const plain = reportJson(await fixtureReport({bucketNanos: HOUR})) as Record<string, Row[]>
    const strip = (rows: Row[] | undefined) => rows?.map(({key, usage}) => ({key, usage}))
    for (const key of ['by_session', 'by_repository', 'by_run'])
      expect(strip(doc[key])).toEqual(plain[key])
    expect(Object.keys(doc)).toEqual(Object.keys(plain))
  })
})
