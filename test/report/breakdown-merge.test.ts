// --breakdown sums are part of the mergeable state: any split of the input into chunks, folded
// separately and merged, gives the same per-(key, model) rows, and under every key the model rows
// add up to the key's row — also after §5.1 zeroes a metric channel's fields.
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {buildReport} from '../../src/report/build-report.js'
import {renderJson} from '../../src/report/render-json.js'
import {type ReportState, addEvent, emptyState, mergeStates} from '../../src/report/report-state.js'
import {type Usage, nonzeroMask} from '../../src/report/usage.js'
import type {CanonicalEvent} from '../../src/runtimes/canonical-event.js'

const CONFIG = {collectSteps: false, breakdown: true}

const usageArb = fc.record<Usage>({
  input: fc.nat(5000),
  output: fc.nat(5000),
  cacheRead: fc.nat(5000),
  cacheCreation: fc.constantFrom(0, 0, 700),
  reasoning: fc.constantFrom(0, 50),
  // Binary fractions keep float sums exact whatever the order.
  cost: fc.constantFrom(0, 0.25, 0.125, 0.5),
})

const eventArb = fc.record({
  session: fc.constantFrom('s1', 's2', ''),
  model: fc.constantFrom('claude-sonnet-4-5', 'gpt-5-codex', ''),
  repository: fc.constantFrom('github.com/acme/app', 'github.com/acme/api', ''),
  runId: fc.constantFrom('', '77'),
  metric: fc.boolean(),
  usage: usageArb,
})

type EventSpec = typeof eventArb extends fc.Arbitrary<infer T> ? T : never

function toEvent(e: EventSpec, order: number): CanonicalEvent {
  return {
    path: 'log',
    line: order + 1,
    order,
    duplicateKey: String(order),
    sec: 1_781_172_000 + order,
    nanos: 0,
    action: 'api_request',
    harness: 'claude_code',
    session: e.session,
    model: e.model,
    repository: e.repository,
    message: '',
    runProvider: e.runId === '' ? '' : 'github',
    runId: e.runId,
    traceId: '',
    spanId: '',
    parentSpanId: '',
    usage: e.usage,
    usageMask: nonzeroMask(e.usage),
    metricName: e.metric ? 'claude_code.token.usage' : '',
    cumulative: false,
  }
}

function fold(events: readonly CanonicalEvent[]): ReportState {
  const state = emptyState(CONFIG)
  for (const event of events) addEvent(state, event)
  return state
}

function reportText(state: ReportState): string {
  return renderJson(buildReport(state, {top: 0, breakdown: true}))
}

describe('breakdown sums', () => {
  it('any split of the input merges into the same report', () => {
    fc.assert(
      fc.property(
        fc.array(eventArb, {maxLength: 40}),
        fc.array(fc.nat(), {maxLength: 5}),
        (raw, cuts) => {
          const events = raw.map(toEvent)
          const points = [...new Set(cuts.map((cut) => cut % (events.length + 1)))].sort(
            (a, b) => a - b,
          )
          const chunks: CanonicalEvent[][] = []
          let from = 0
          for (const point of [...points, events.length]) {
            chunks.push(events.slice(from, point))
            from = point
          }
          const merged = chunks
            .map(fold)
            .reduce((into, next) => mergeStates(into, next), emptyState(CONFIG))
          expect(reportText(merged)).toBe(reportText(fold(events)))
        },
      ),
      {numRuns: 200},
    )
  })

  it('under every key, the model rows add up to the key row', () => {
    fc.assert(
      fc.property(fc.array(eventArb, {maxLength: 40}), (raw) => {
        const report = buildReport(fold(raw.map(toEvent)), {top: 0, breakdown: true})
        for (const rows of [
          report.groups.bySession,
          report.groups.byRepository,
          report.groups.byRun,
        ]) {
          for (const row of rows) {
            const models = row.models ?? []
            for (const field of [
              'input',
              'output',
              'cacheRead',
              'cacheCreation',
              'reasoning',
              'events',
              'totalTokens',
            ] as const)
              expect(models.reduce((sum, m) => sum + m.usage[field], 0)).toBe(row.usage[field])
          }
        }
      }),
      {numRuns: 200},
    )
  })
})
