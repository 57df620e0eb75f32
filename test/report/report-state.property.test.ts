// Property tests of the mergeable report state (STYLE 12, issue 2): any split of the input
// into consecutive chunks folds and merges to the same report as one fold; re-ordering Delta
// metric events and log events changes nothing; mergeStates is associative.
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {foldItem} from '../../src/pipeline/reduce-report.js'
import type {SkippedLine} from '../../src/pipeline/skipped-line.js'
import type {AggregateConfig} from '../../src/report/aggregate.js'
import {type ReportOptions, buildReport} from '../../src/report/build-report.js'
import {reportJson} from '../../src/report/render-json.js'
import {type ReportState, emptyState, mergeStates} from '../../src/report/report-state.js'
import {type Usage, zeroUsage} from '../../src/report/usage.js'
import type {CanonicalEvent} from '../../src/runtimes/canonical-event.js'
import {LOG, canonical} from '../support/events.js'

type Item = E.Either<SkippedLine, CanonicalEvent>

const HOUR = 3_600_000_000_000n
const CONFIG: AggregateConfig = {collectSteps: true, bucketNanos: HOUR}
const OPTIONS: ReportOptions = {top: 0, bucketNanos: HOUR, session: 's1'}
const RUNS = {numRuns: 100}

const SCOPES = [
  {harness: 'claude_code', session: 's1'},
  {harness: 'claude_code', session: 's2'},
  {harness: 'codex_cli', session: 's1'},
  {harness: 'gemini_cli', session: 's3'},
] as const
const MODELS = ['claude-sonnet-4-5', 'claude-sonnet-4-5[1m]', 'gpt-5', 'mystery', ''] as const
const COSTS = [0, 0, 0.1, 0.2, 0.3, 0.01873, 1e-7, 12.5] as const

/** The shape of an event before it gets its position in the log. */
interface Draft {
  readonly scope: number
  readonly model: number
  readonly channel: 'log' | 'delta' | 'cumulative'
  readonly metric: number
  readonly second: number | undefined
  readonly nanos: number
  readonly usage: Usage
  readonly repository: string
  readonly run: number
  readonly span: number
  readonly parent: number
  readonly skipped: 'malformed' | 'duplicate' | undefined
}

const positive = fc.noBias(fc.integer({min: 1, max: 5000}))
const count = fc.oneof({arbitrary: fc.constant(0), weight: 1}, {arbitrary: positive, weight: 3})
const usageArb: fc.Arbitrary<Usage> = fc.record({
  cost: fc.constantFrom(...COSTS),
  input: count,
  output: count,
  cacheRead: count,
  cacheCreation: count,
  reasoning: fc.oneof(fc.constant(0), fc.constant(0), count),
})
// Metric datapoints usually carry one field; sometimes several, sometimes none.
const singleFieldUsage: fc.Arbitrary<Usage> = fc
  .tuple(
    fc.constantFrom('cost', 'input', 'output', 'cacheRead', 'cacheCreation', 'reasoning'),
    positive,
  )
  .map(([field, value]) => ({
    cost: 0,
    input: 0,
    output: 0,
    cacheRead: 0,
    cacheCreation: 0,
    reasoning: 0,
    [field]: field === 'cost' ? value / 1000 : value,
  }))

/** Fields of the cumulative metrics of the same index, when each metric carries one field. */
const METRICS = ['token', 'cost', 'lines', 'active_time'] as const
const FIELD_OF_METRIC = ['input', 'cost', 'output', 'cacheRead'] as const

/**
 * Events of all channels. With `mixedCumulativeFields`, one cumulative metric's datapoints
 * carry different fields (Claude Code's and Codex's token metrics send one datapoint per token
 * type under one metric name); without, each cumulative metric carries one field of its own.
 * noBias: fast-check otherwise favours the first constant and small numbers, which would make
 * metric channels and repeated cumulative series rare.
 */
function draftArbOf(mixedCumulativeFields: boolean): fc.Arbitrary<Draft> {
  return fc
    .record({
      scope: fc.noBias(fc.nat({max: SCOPES.length - 1})),
      model: fc.noBias(fc.constantFrom(0, 0, 0, 1, 2, 3, 4)),
      channel: fc.noBias(fc.constantFrom('log', 'log', 'delta', 'cumulative', 'cumulative')),
      metric: fc.noBias(fc.constantFrom(0, 0, 0, 1)),
      cumulativeMetric: fc.noBias(fc.nat({max: METRICS.length - 1})),
      value: positive,
      second: fc.option(fc.noBias(fc.integer({min: 0, max: 3 * 3600})), {freq: 8}),
      nanos: fc.constantFrom(0, 0, 1, 500_000_000, 999_999_999),
      multi: fc.noBias(fc.constantFrom(false, false, false, true)),
      many: usageArb,
      one: singleFieldUsage,
      repository: fc.constantFrom('', 'github.com/acme/app', 'github.com/acme/api'),
      run: fc.noBias(fc.nat({max: 3})),
      span: fc.noBias(fc.nat({max: 4})),
      parent: fc.noBias(fc.nat({max: 4})),
      skipped: fc.oneof(
        {arbitrary: fc.constant(undefined), weight: 12},
        {arbitrary: fc.constantFrom('malformed' as const, 'duplicate' as const), weight: 1},
      ),
    })
    .map(({multi, many, one, second, skipped, cumulativeMetric, value, ...rest}) => {
      const draft = {
        ...rest,
        second: second ?? undefined,
        skipped,
        usage: rest.channel === 'log' || multi ? many : one,
      }
      if (rest.channel !== 'cumulative') return draft
      // Cumulative readings share few series (two models) so that series span chunks.
      const model = rest.model < 4 ? 0 : 2
      if (mixedCumulativeFields) return {...draft, metric: 0, model}
      const field = FIELD_OF_METRIC[cumulativeMetric] as (typeof FIELD_OF_METRIC)[number]
      const usage = {...zeroUsage(), [field]: field === 'cost' ? value / 1000 : value}
      return {...draft, metric: cumulativeMetric, model, usage}
    })
}

const draftArb = draftArbOf(false)
const mixedDraftArb = draftArbOf(true)

const BASE = Date.UTC(2026, 5, 11, 9, 0, 0) / 1000

/** Gives drafts their log positions (order = index + 1), as read from one file. */
function itemsOf(drafts: readonly Draft[]): Item[] {
  return drafts.map((draft, index) => toItem(draft, index + 1))
}

function toItem(draft: Draft, order: number): Item {
  if (draft.skipped !== undefined) {
    const at = {path: LOG, line: order, order}
    return E.left(
      draft.skipped === 'malformed'
        ? {...at, kind: 'malformed', reason: 'not valid JSON'}
        : {...at, kind: 'duplicate'},
    )
  }
  const scope = SCOPES[draft.scope] as (typeof SCOPES)[number]
  const metricName =
    draft.channel === 'log' ? '' : `${scope.harness}.${METRICS[draft.metric] as string}.usage`
  const at =
    draft.second === undefined
      ? undefined
      : `${new Date((BASE + draft.second) * 1000).toISOString().slice(0, 19)}.${String(draft.nanos).padStart(9, '0')}Z`
  return E.right(
    canonical({
      order,
      ...(at === undefined ? {} : {at}),
      harness: scope.harness,
      session: scope.session,
      model: MODELS[draft.model] as string,
      repository: draft.repository,
      runProvider: draft.run % 2 === 0 ? '' : 'github',
      runId: draft.run < 2 ? '' : String(100 + draft.run),
      action: 'api_request',
      message: `step ${order}`,
      spanId: `span${draft.span}`,
      parentSpanId: draft.parent === 0 ? '' : `span${draft.parent}`,
      metricName,
      cumulative: draft.channel === 'cumulative',
      usage: draft.usage,
    }),
  )
}

function fold(items: readonly Item[]): ReportState {
  return items.reduce(foldItem, emptyState(CONFIG))
}

const report = (state: ReportState) => reportJson(buildReport(state, OPTIONS))

/** Cut points splitting `length` items into consecutive chunks (possibly empty ones). */
const cutsArb = (length: number) =>
  fc
    .uniqueArray(fc.noBias(fc.nat({max: length})), {maxLength: 6, size: 'max'})
    .map((cuts) => [...cuts].sort((a, b) => a - b))

function chunksOf<T>(items: readonly T[], cuts: readonly number[]): T[][] {
  const bounds = [0, ...cuts, items.length]
  return bounds.slice(1).map((end, i) => items.slice(bounds[i], end))
}

/** (a): folding consecutive chunks and merging them in order equals one fold. */
function splitInvariance(
  draftsArb: fc.Arbitrary<Draft[]>,
  parameters: fc.Parameters<[[Draft[], number[]]]>,
) {
  fc.assert(
    fc.property(
      draftsArb.chain((drafts) => fc.tuple(fc.constant(drafts), cutsArb(drafts.length))),
      ([drafts, cuts]) => {
        const items = itemsOf(drafts)
        const whole = report(fold(items))
        const merged = chunksOf(items, cuts)
          .map(fold)
          .reduce((into, from) => mergeStates(into, from), emptyState(CONFIG))
        expect(report(merged)).toEqual(whole)
        // Reading the report does not change the state (a live view reads it many times).
        expect(report(merged)).toEqual(whole)
      },
    ),
    parameters,
  )
}

/** (c): (a ⊕ b) ⊕ c = a ⊕ (b ⊕ c) = one fold of a, b, c. */
function associativity(
  draftsArb: fc.Arbitrary<Draft[]>,
  parameters: fc.Parameters<[Draft[], Draft[], Draft[]]>,
) {
  fc.assert(
    fc.property(draftsArb, draftsArb, draftsArb, (a, b, c) => {
      const [ia, ib, ic] = chunksOf(itemsOf([...a, ...b, ...c]), [
        a.length,
        a.length + b.length,
      ]) as [Item[], Item[], Item[]]
      const left = mergeStates(mergeStates(fold(ia), fold(ib)), fold(ic))
      const right = mergeStates(fold(ia), mergeStates(fold(ib), fold(ic)))
      expect(report(left)).toEqual(report(right))
      expect(report(left)).toEqual(report(fold([...ia, ...ib, ...ic])))
    }),
    parameters,
  )
}

describe('report state properties', () => {
  const logArb = fc.array(draftArb, {maxLength: 60, size: 'medium'})
  const mixedLogArb = fc.array(mixedDraftArb, {maxLength: 60, size: 'medium'})

  it('(a) any split into consecutive chunks, folded and merged in order, gives the same report', () => {
    splitInvariance(logArb, RUNS)
  })

  // Claude Code and Codex send one datapoint per token type under one metric name: every
  // field's first reading in a state must take its previous value from the earlier state. The
  // fixed seed once reproduced a double count; see report-state.test.ts for a worked case.
  it('(a) also when one cumulative metric carries different fields per datapoint', () => {
    splitInvariance(mixedLogArb, {numRuns: 300, seed: 1, endOnFailure: true})
  })

  it('(b) re-ordering Delta metric events and log events leaves the report unchanged', () => {
    fc.assert(
      fc.property(
        mixedLogArb.chain((drafts) => {
          const movable = drafts.flatMap((draft, i) => (draft.channel === 'cumulative' ? [] : [i]))
          return fc.tuple(
            fc.constant(drafts),
            fc.constant(movable),
            fc.shuffledSubarray(movable, {minLength: movable.length, maxLength: movable.length}),
          )
        }),
        ([drafts, movable, shuffled]) => {
          // Each event keeps its own log position (order); only the sequence of folding changes.
          const items = itemsOf(drafts)
          const reordered = [...items]
          movable.forEach((slot, k) => {
            reordered[slot] = items[shuffled[k] as number] as Item
          })
          const before = report(fold(items))
          const after = report(fold(reordered))
          expect(after.totals).toEqual(before.totals)
          for (const key of ['by_model', 'by_session', 'by_harness', 'by_repository', 'by_run'])
            expect(after[key]).toEqual(before[key])
          expect(after).toEqual(before)
        },
      ),
      RUNS,
    )
  })

  it('(c) mergeStates is associative, and equals one fold of the concatenation', () => {
    associativity(logArb, RUNS)
  })

  // As for (a) above, with three states.
  it('(c) also when one cumulative metric carries different fields per datapoint', () => {
    associativity(mixedLogArb, {numRuns: 300, seed: 1, endOnFailure: true})
  })

  it('merging never changes the state merged from', () => {
    fc.assert(
      fc.property(mixedLogArb, mixedLogArb, (a, b) => {
        const [ia, ib] = chunksOf(itemsOf([...a, ...b]), [a.length]) as [Item[], Item[]]
        const from = fold(ib)
        const snapshot = report(from)
        mergeStates(fold(ia), from)
        expect(report(from)).toEqual(snapshot)
      }),
      RUNS,
    )
  })
})
