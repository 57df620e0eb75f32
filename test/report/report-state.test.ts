// The report state's two corrections (§5.1 dual channel, §5.2 cumulative counters), checked on
// small hand-worked inputs folded with emptyState/addEvent and merged with mergeStates.
import {describe, expect, it} from 'vitest'

import {buildReport} from '../../src/report/build-report.js'
import {reportJson} from '../../src/report/render-json.js'
import {type ReportState, addEvent, emptyState, mergeStates} from '../../src/report/report-state.js'
import {type EventSpec, canonical} from '../support/events.js'

const config = {collectSteps: false}

function fold(specs: EventSpec[]): ReportState {
  const state = emptyState(config)
  for (const spec of specs) addEvent(state, canonical(spec))
  return state
}

const json = (state: ReportState) => reportJson(buildReport(state, {top: 0}))

const U = (fields: Partial<Record<string, number>>) => ({
  input_tokens: 0,
  output_tokens: 0,
  cache_read_input_tokens: 0,
  cache_creation_input_tokens: 0,
  reasoning_output_tokens: 0,
  cost_usd: 0,
  events: 0,
  ...fields,
})

const claude = {harness: 'claude_code', session: 's1'}
const apiRequest: EventSpec = {
  ...claude,
  model: 'claude-sonnet-4-5',
  at: '2026-06-11T10:00:05Z',
  usage: {input: 3, output: 412, cacheRead: 18_234, cacheCreation: 2_210},
}
const tokenMetric = (usage: EventSpec['usage'], order?: number): EventSpec => ({
  ...claude,
  ...(order === undefined ? {} : {order}),
  model: 'claude-sonnet-4-5[1m]',
  at: '2026-06-11T10:00:05Z',
  metricName: 'claude_code.token.usage',
  usage,
})
const costMetric: EventSpec = {
  ...claude,
  model: 'claude-sonnet-4-5[1m]',
  at: '2026-06-11T10:00:05Z',
  metricName: 'claude_code.cost.usage',
  usage: {cost: 0.01873},
}

describe('dual-channel de-duplication (§5.1)', () => {
  // By hand: the log record's four token fields are kept; the token metrics repeat fields the
  // log channel reported and are dropped (not even counted as events); cost only comes on the
  // cost metric, so it is kept. Totals: the log record's tokens, cost 0.01873, 2 events.
  const expected = U({
    input_tokens: 3,
    output_tokens: 412,
    cache_read_input_tokens: 18_234,
    cache_creation_input_tokens: 2_210,
    cost_usd: 0.01873,
    events: 2,
  })
  const metrics = [
    tokenMetric({input: 3}),
    tokenMetric({output: 412}),
    tokenMetric({cacheRead: 18_234}),
    tokenMetric({cacheCreation: 2_210}),
    costMetric,
  ]

  it('keeps the log channel and only the metric fields it never reported', () => {
    const report = json(fold([apiRequest, ...metrics]))
    expect(report.totals).toEqual(expected)
    expect(report).toMatchObject({events_with_usage: 2, total_events: 6})
    // The cost is grouped under the metric's own model spelling.
    expect(report.by_model).toEqual([
      {key: 'claude-sonnet-4-5', usage: U({...expected, cost_usd: 0, events: 1})},
      {key: 'claude-sonnet-4-5[1m]', usage: U({cost_usd: 0.01873, events: 1})},
    ])
  })

  it('is exact when metric events come before the first log record of their scope', () => {
    expect(json(fold([...metrics, apiRequest])).totals).toEqual(expected)
  })

  it('is exact when the log record is in a later merged state', () => {
    const merged = mergeStates(fold(metrics), fold([apiRequest]))
    expect(json(merged).totals).toEqual(expected)
  })

  it('zeroes only the covered fields of a metric event that carries several', () => {
    const report = json(fold([{...claude, usage: {input: 5}}, tokenMetric({input: 5, output: 7})]))
    expect(report.totals).toEqual(U({input_tokens: 5, output_tokens: 7, events: 2}))
  })

  it('leaves scopes without a log channel, and other sessions, untouched', () => {
    const report = json(
      fold([
        apiRequest,
        {...tokenMetric({input: 100}), session: 's2'},
        {
          harness: 'codex_cli',
          session: 's1',
          metricName: 'codex.turn.token_usage',
          usage: {input: 40},
        },
      ]),
    )
    expect(report.totals).toMatchObject({input_tokens: 3 + 100 + 40, events: 3})
  })
})

describe('cumulative counters (§5.2)', () => {
  const reading = (value: number, second: number, field = 'output'): EventSpec => ({
    harness: 'codex_cli',
    session: 's9',
    model: 'gpt-5',
    at: `2026-06-11T10:00:${String(second).padStart(2, '0')}Z`,
    metricName: 'codex.turn.token_usage',
    cumulative: true,
    usage: {[field]: value},
  })

  it('turns running totals into differences, a drop being a reset counted at its raw value', () => {
    // 100, 250, 50 (reset), 80: contributions 100 + 150 + 50 + 30 = 330.
    const report = json(fold([reading(100, 1), reading(250, 2), reading(50, 3), reading(80, 4)]))
    expect(report.totals).toEqual(U({output_tokens: 330, events: 4}))
  })

  it('counts an unchanged reading as an event contributing nothing', () => {
    expect(json(fold([reading(100, 1), reading(100, 2)])).totals).toEqual(
      U({output_tokens: 100, events: 2}),
    )
  })

  it('keeps one series per field, model, metric and scope', () => {
    const report = json(
      fold([
        reading(100, 1),
        reading(30, 2, 'input'),
        {...reading(70, 3), model: 'gpt-5-mini'},
        {...reading(120, 4), session: 's10'},
        reading(150, 5),
      ]),
    )
    // Output: s9/gpt-5 100 → 150 = 150; gpt-5-mini 70; s10 120. Input 30.
    expect(report.totals).toEqual(U({output_tokens: 340, input_tokens: 30, events: 5}))
  })

  it('continues a series across merged states, taking the previous value from the earlier one', () => {
    const merged = mergeStates(fold([reading(100, 1)]), fold([reading(250, 2), reading(50, 3)]))
    expect(json(merged).totals).toEqual(U({output_tokens: 300, events: 3}))
  })

  it('drops cumulative metric readings of a field the scope reported on its log channel', () => {
    const report = json(
      fold([
        {...reading(500, 1), harness: 'claude_code', metricName: 'claude_code.token.usage'},
        {harness: 'claude_code', session: 's9', usage: {output: 20}},
        {...reading(900, 2), harness: 'claude_code', metricName: 'claude_code.token.usage'},
      ]),
    )
    expect(report.totals).toEqual(U({output_tokens: 20, events: 1}))
  })

  // §5.2 takes a cumulative event's value after §5.1: with cost reported by the log channel,
  // the readings' value is their input. Log record {cost 0.5, output 10}; readings {cost 1.0,
  // input 100} then {cost 1.5, input 250}: input 100 + (250 − 100) = 250, 3 events.
  it('picks the cumulative value after the dual-channel zeroing', () => {
    const scope = {harness: 'claude_code', session: 's1', model: 'claude-sonnet-4-5'}
    const metric = {...scope, metricName: 'claude_code.token.usage', cumulative: true}
    const report = json(
      fold([
        {...scope, at: '2026-06-11T10:00:00Z', usage: {cost: 0.5, output: 10}},
        {...metric, at: '2026-06-11T10:00:01Z', usage: {cost: 1.0, input: 100}},
        {...metric, at: '2026-06-11T10:00:02Z', usage: {cost: 1.5, input: 250}},
      ]),
    )
    expect(report.totals).toEqual(
      U({input_tokens: 250, output_tokens: 10, cost_usd: 0.5, events: 3}),
    )
  })

  // Codex sends one datapoint per token type under codex.turn.token_usage: a field's first
  // reading in a state waits for the earlier state's previous value (it was once taken as 0,
  // counting the cached input twice in a log split in two).
  // Input: state 1 = input 8000, cached 4000 (11:00:10); state 2 = input 11500, cached 9000
  // (11:01:10). Expected input 8000 + 3500 = 11500 and cache read 4000 + 5000 = 9000 (as one
  // fold gives); merged states give cache read 4000 + 9000 = 13000.
  it('continues every field of a metric across merged states (one datapoint per token type)', () => {
    const codexTurn = (second: number, usage: EventSpec['usage']): EventSpec => ({
      harness: 'codex_cli',
      session: 'codex-run-5521',
      model: 'gpt-5-codex',
      at: `2026-06-11T11:0${second}:10Z`,
      metricName: 'codex.turn.token_usage',
      cumulative: true,
      usage,
    })
    const first = [codexTurn(0, {input: 8000}), codexTurn(0, {cacheRead: 4000})]
    const second = [codexTurn(1, {input: 11_500}), codexTurn(1, {cacheRead: 9000})]
    const expected = U({input_tokens: 11_500, cache_read_input_tokens: 9000, events: 4})
    expect(json(fold([...first, ...second])).totals).toEqual(expected)
    expect(json(mergeStates(fold(first), fold(second))).totals).toEqual(expected)
  })
})
