// Marble tests of the reduce stage: items fold into the report state (one value at the end, or
// a running value with scanReport); skipped lines are counted, not added.
import * as E from 'fp-ts/lib/Either.js'
import {map} from 'rxjs'
import {TestScheduler} from 'rxjs/testing'
import {describe, expect, it} from 'vitest'

import {reduceReport, scanReport} from '../../src/pipeline/reduce-report.js'
import type {SkippedLine} from '../../src/pipeline/skipped-line.js'
import {buildReport} from '../../src/report/build-report.js'
import {reportJson} from '../../src/report/render-json.js'
import type {ReportState} from '../../src/report/report-state.js'
import type {CanonicalEvent} from '../../src/runtimes/canonical-event.js'
import {LOG, canonical} from '../support/events.js'

type Item = E.Either<SkippedLine, CanonicalEvent>

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected))
const config = {collectSteps: false}
const json = map((state: ReportState) => reportJson(buildReport(state, {top: 0})))

const claudeLog = E.right<SkippedLine, CanonicalEvent>(
  canonical({
    order: 1,
    at: '2026-06-11T10:00:00Z',
    harness: 'claude_code',
    session: 's1',
    model: 'claude-sonnet-4-5',
    usage: {input: 100, output: 20, cost: 0.5},
  }),
)
// The same output on the metric channel: the log channel reported output in s1, so it is zeroed
// and the event, left with nothing, counts nowhere (§5.1).
const claudeMetric = E.right<SkippedLine, CanonicalEvent>(
  canonical({
    order: 2,
    at: '2026-06-11T10:00:00Z',
    harness: 'claude_code',
    session: 's1',
    model: 'claude-sonnet-4-5[1m]',
    metricName: 'claude_code.token.usage',
    usage: {output: 20},
  }),
)
const codexMetric = E.right<SkippedLine, CanonicalEvent>(
  canonical({
    order: 3,
    at: '2026-06-11T10:00:01Z',
    harness: 'codex_cli',
    session: 's2',
    model: 'gpt-5',
    metricName: 'codex.turn.token_usage',
    usage: {input: 50},
  }),
)
const malformed = E.left<SkippedLine, CanonicalEvent>({
  kind: 'malformed',
  path: LOG,
  line: 4,
  order: 4,
  reason: 'not valid JSON',
})
const duplicate = E.left<SkippedLine, CanonicalEvent>({
  kind: 'duplicate',
  path: LOG,
  line: 5,
  order: 5,
})

const usage = (input: number, output: number, cost: number, events: number) => ({
  input_tokens: input,
  output_tokens: output,
  cache_read_input_tokens: 0,
  cache_creation_input_tokens: 0,
  reasoning_output_tokens: 0,
  cost_usd: cost,
  events,
})
const EMPTY_REPORT = {
  totals: usage(0, 0, 0, 0),
  utilization: [],
  events_with_usage: 0,
  total_events: 0,
  malformed_lines: 0,
  duplicate_lines: 0,
  coverage: [],
}

describe('reduceReport', () => {
  it('emits one report state when the input completes', () => {
    scheduler().run(({cold, expectObservable}) => {
      const source = cold<Item>('a-b-c-d-e|', {
        a: claudeLog,
        b: claudeMetric,
        c: codexMetric,
        d: malformed,
        e: duplicate,
      })
      // By hand: totals input 100 + 50, output 20 (metric copy zeroed), cost 0.5, 2 events;
      // total_events counts the three events; the two skipped lines are counted apart.
      // Utilization: claude call size 100 / 200000 = 0.0005; gpt-5 call 50 / 400000 = 0.000125.
      expectObservable(source.pipe(reduceReport(config), json)).toBe('---------(r|)', {
        r: {
          totals: usage(150, 20, 0.5, 2),
          by_model: [
            {key: 'claude-sonnet-4-5', usage: usage(100, 20, 0.5, 1)},
            {key: 'gpt-5', usage: usage(50, 0, 0, 1)},
          ],
          by_session: [
            {key: 's1', usage: usage(100, 20, 0.5, 1)},
            {key: 's2', usage: usage(50, 0, 0, 1)},
          ],
          by_harness: [
            {key: 'claude_code', usage: usage(100, 20, 0.5, 1)},
            {key: 'codex_cli', usage: usage(50, 0, 0, 1)},
          ],
          utilization: [
            {
              model: 'claude-sonnet-4-5',
              context_window: 200000,
              calls: 1,
              max_input_tokens: 100,
              max_ratio: 0.0005,
              p95_ratio: 0.0005,
              near_limit_calls: 0,
            },
            {
              model: 'gpt-5',
              context_window: 400000,
              calls: 1,
              max_input_tokens: 50,
              max_ratio: 0.000125,
              p95_ratio: 0.000125,
              near_limit_calls: 0,
            },
          ],
          events_with_usage: 2,
          total_events: 3,
          malformed_lines: 1,
          duplicate_lines: 1,
          // Per harness: events that passed the filters, and those that carried usage (before §5.1).
          coverage: [
            {harness: 'claude_code', events: 2, usage_events: 2},
            {harness: 'codex_cli', events: 1, usage_events: 1},
          ],
        },
      })
    })
  })

  it('emits the empty report for empty input', () => {
    scheduler().run(({cold, expectObservable}) => {
      expectObservable(cold<Item>('--|').pipe(reduceReport(config), json)).toBe('--(r|)', {
        r: EMPTY_REPORT,
      })
    })
  })

  it('starts from an empty state on every subscription', () => {
    scheduler().run(({cold, expectObservable}) => {
      const reduced = cold<Item>('d|', {d: duplicate}).pipe(reduceReport(config), json)
      const once = {...EMPTY_REPORT, duplicate_lines: 1}
      expectObservable(reduced).toBe('-(r|)', {r: once})
      expectObservable(reduced).toBe('-(r|)', {r: once})
    })
  })

  it('passes a source error without emitting a state', () => {
    scheduler().run(({cold, expectObservable}) => {
      const failing = cold<Item>('a-#', {a: claudeLog}, new Error('EIO'))
      expectObservable(failing.pipe(reduceReport(config), json)).toBe('--#', {}, new Error('EIO'))
    })
  })

  it('emits nothing when unsubscribed before the input ends', () => {
    scheduler().run(({cold, expectObservable, expectSubscriptions}) => {
      const source = cold<Item>('a-b-c|', {a: claudeLog, b: claudeMetric, c: codexMetric})
      expectObservable(source.pipe(reduceReport(config), json), '^--!').toBe('---')
      expectSubscriptions(source.subscriptions).toBe('^--!')
    })
  })
})

describe('scanReport', () => {
  it('emits the running figures after every item', () => {
    const figures = map((state: ReportState) => {
      const report = buildReport(state, {top: 0})
      return [report.totals.input, report.totalEvents, report.malformedLines]
    })
    scheduler().run(({cold, expectObservable}) => {
      const source = cold<Item>('a-c-d|', {a: claudeLog, c: codexMetric, d: malformed})
      expectObservable(source.pipe(scanReport(config), figures)).toBe('a-c-d|', {
        a: [100, 1, 0],
        c: [150, 2, 0],
        d: [150, 2, 1],
      })
    })
  })
})
