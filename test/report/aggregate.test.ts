// Aggregates (§7, §8): groupings skip empty keys but totals count them, run keys, bucket
// starts counted from year 1, calls per whole second, merges, and keyed sums joining an
// aggregate with keep masks (§5.1).
import {callsBySecond} from '../../src/report/call-table.js'
import {describe, expect, it} from 'vitest'

import {
  type Aggregate,
  type AggregateConfig,
  type KeyedSums,
  addKeyedSums,
  addToAggregate,
  addToKeyedSums,
  bucketStart,
  emptyAggregate,
  emptyKeyedSums,
  groupKeysOf,
  mergeAggregate,
} from '../../src/report/aggregate.js'
import {FIELD_BIT, figures} from '../../src/report/usage.js'
import {type EventSpec, canonical, usage} from '../support/events.js'

const HOUR = 3_600_000_000_000n

function aggregateOf(
  specs: EventSpec[],
  config: AggregateConfig = {collectSteps: false},
): Aggregate {
  const aggregate = emptyAggregate()
  for (const spec of specs) {
    const event = canonical(spec)
    addToAggregate(aggregate, event, event.usage ?? usage({}), config)
  }
  return aggregate
}

/** Keyed sums of events that share every grouping key (the first event's). */
function keyedSumsOf(specs: EventSpec[], config: AggregateConfig): KeyedSums {
  const events = specs.map((spec) => canonical(spec))
  const sums = emptyKeyedSums(groupKeysOf(events[0]!))
  for (const event of events) addToKeyedSums(sums, event, event.usage ?? usage({}), config)
  return sums
}

const rows = (groups: Map<string | number, ReturnType<typeof emptyAggregate>['totals']>) =>
  Object.fromEntries([...groups].map(([key, sum]) => [key, figures(sum).totalTokens]))

/** Call sizes per (group key, second): input + cache read + cache creation. */
function callSizes(aggregate: Aggregate): Record<string, number> {
  const out: Record<string, number> = {}
  for (const group of aggregate.calls.values()) {
    for (const [second, size] of callsBySecond(group)) {
      out[`${group.harness}|${group.session}|${group.model}|${second}`] = size
    }
  }
  return out
}

describe('groupings', () => {
  it('sums per key; an empty key is not a row but counts in the totals', () => {
    const aggregate = aggregateOf([
      {model: 'a', session: 's1', usage: {input: 1}},
      {model: 'a', session: '', usage: {output: 2}},
      {model: '', session: 's1', usage: {cacheRead: 4}},
    ])
    expect(figures(aggregate.totals)).toMatchObject({input: 1, output: 2, cacheRead: 4, events: 3})
    expect(rows(aggregate.byModel)).toEqual({a: 3})
    expect(rows(aggregate.bySession)).toEqual({s1: 5})
  })

  it('keys runs as provider/run_id, or whichever is present', () => {
    const aggregate = aggregateOf([
      {runProvider: 'github', runId: '123', usage: {input: 1}},
      {runProvider: 'github', usage: {input: 10}},
      {runId: '123', usage: {input: 100}},
      {usage: {input: 1000}},
    ])
    expect(rows(aggregate.byRun)).toEqual({'github/123': 1, github: 10, '123': 100})
  })
})

describe('bucketStart', () => {
  const at = 1_781_172_005 // 2026-06-11T10:00:05Z

  it('truncates to the bucket size; sizes dividing a day align to UTC midnight', () => {
    expect(bucketStart(at, 0, HOUR)).toBe(1_781_172_000) // 10:00:00
    expect(bucketStart(at, 0, 24n * HOUR)).toBe(1_781_136_000) // 00:00:00
    // 1h30m buckets start at 00:00, 01:30, … 09:00, 10:30: 10:00:05 is in the 09:00 one.
    expect(bucketStart(at, 0, 3n * (HOUR / 2n))).toBe(1_781_168_400)
  })

  it('counts from 0001-01-01T00:00:00Z for sizes that do not divide a day', () => {
    // 7 minutes: (62135596800 + 1781172005) mod 420 = 365 s, so the bucket starts 09:54:00.
    expect(bucketStart(at, 0, 7n * 60_000_000_000n)).toBe(1_781_171_640)
  })

  it('handles instants before 1970 and sub-second buckets', () => {
    expect(bucketStart(-1800, 0, HOUR)).toBe(-3600) // 1969-12-31T23:30 → 23:00
    expect(bucketStart(at, 700_000_000, 500_000_000n)).toBe(at + 0.5)
  })

  it('puts events into series buckets only with a bucket size and a timestamp', () => {
    const specs: EventSpec[] = [
      {at: '2026-06-11T10:59:59.999Z', usage: {input: 1}},
      {at: '2026-06-11T11:00:00Z', usage: {input: 2}},
      {at: '2026-06-11T12:30:00+02:00', usage: {input: 4}},
      {usage: {input: 8}},
    ]
    expect(aggregateOf(specs).series.size).toBe(0)
    const series = aggregateOf(specs, {collectSteps: false, bucketNanos: HOUR}).series
    // 10:59:59.999Z and 12:30+02:00 (10:30Z) share the 10:00 bucket; 11:00:00Z opens the next.
    expect(rows(series)).toEqual({1781172000: 5, 1781175600: 2})
  })
})

describe('calls for utilization', () => {
  it('groups contributions by harness, session, model and whole second', () => {
    const aggregate = aggregateOf([
      {harness: 'h', session: 's', model: 'm', at: '2026-06-11T10:00:05.1Z', usage: {input: 1}},
      {
        harness: 'h',
        session: 's',
        model: 'm',
        at: '2026-06-11T10:00:05.9Z',
        usage: {cacheRead: 10},
      },
      {
        harness: 'h',
        session: 's',
        model: 'm',
        at: '2026-06-11T10:00:06Z',
        usage: {cacheCreation: 100},
      },
      {harness: 'h', session: 't', model: 'm', at: '2026-06-11T10:00:05Z', usage: {input: 1000}},
      // Output does not fill the context; an event with only output is no call.
      {harness: 'h', session: 's', model: 'm', at: '2026-06-11T10:00:07Z', usage: {output: 5}},
      // No model: not a call.
      {harness: 'h', session: 's', at: '2026-06-11T10:00:05Z', usage: {input: 7}},
    ])
    expect(callSizes(aggregate)).toEqual({
      'h|s|m|1781172005': 11,
      'h|s|m|1781172006': 100,
      'h|t|m|1781172005': 1000,
    })
  })
})

describe('mergeAggregate', () => {
  it('adds everything by default', () => {
    const into = aggregateOf([{model: 'a', usage: {input: 1}}])
    mergeAggregate(
      into,
      aggregateOf([
        {model: 'a', usage: {input: 2}},
        {model: 'b', usage: {output: 3}},
      ]),
    )
    expect(rows(into.byModel)).toEqual({a: 3, b: 3})
    expect(figures(into.totals).events).toBe(3)
  })
})

describe('addKeyedSums', () => {
  it('keeps only the masked fields, in sums, calls and steps, and still counts events', () => {
    const config = {collectSteps: true, bucketNanos: HOUR}
    const at = '2026-06-11T10:00:05Z'
    const keys = {harness: 'h', session: 's', model: 'm', repository: 'r', at}
    const from = keyedSumsOf(
      [
        {...keys, usage: {input: 10, output: 5, cacheRead: 20, cost: 0.25}},
        {...keys, usage: {input: 1, cacheRead: 2}},
      ],
      config,
    )
    const into = emptyAggregate()
    addKeyedSums(into, from, FIELD_BIT.output | FIELD_BIT.cacheRead, config)
    expect(figures(into.totals)).toEqual({
      input: 0,
      output: 5,
      cacheRead: 22,
      cacheCreation: 0,
      reasoning: 0,
      cost: 0,
      events: 2,
      totalTokens: 27,
    })
    for (const groups of [into.byModel, into.bySession, into.byHarness, into.byRepository])
      expect(Object.values(rows(groups))).toEqual([27])
    expect(rows(into.series)).toEqual({1_781_172_000: 27})
    expect(callSizes(into)).toEqual({'h|s|m|1781172005': 22})
    expect(into.steps.map((step) => step.usage)).toEqual([
      usage({output: 5, cacheRead: 20}),
      usage({cacheRead: 2}),
    ])
  })

  it('drops calls left with no size after masking', () => {
    const from = keyedSumsOf(
      [{model: 'm', at: '2026-06-11T10:00:05Z', usage: {input: 10, output: 5}}],
      {
        collectSteps: false,
      },
    )
    const into = emptyAggregate()
    addKeyedSums(into, from, FIELD_BIT.output, {collectSteps: false})
    expect(callSizes(into)).toEqual({})
    expect(figures(into.totals).output).toBe(5)
  })

  it('adds to the per-model breakdown rows with --breakdown', () => {
    const config = {collectSteps: false, breakdown: true}
    const from = keyedSumsOf(
      [{session: 's', model: 'm', repository: 'r', usage: {output: 5}}],
      config,
    )
    const into = emptyAggregate()
    addKeyedSums(into, from, FIELD_BIT.output, config)
    expect(rows(into.bySessionModel.get('s')!)).toEqual({m: 5})
    expect(rows(into.byRepositoryModel.get('r')!)).toEqual({m: 5})
  })
})
