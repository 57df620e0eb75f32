// The OTLP expansion stage: marble tests of the operator, and the OTLP JSON encoding rules
// (AnyValue, 64-bit ints as strings, temporality, gauge, no-value flags, attribute merging).
import * as E from 'fp-ts/lib/Either.js'
import {map} from 'rxjs'
import {TestScheduler} from 'rxjs/testing'
import {describe, expect, it} from 'vitest'

import type {DecodedLine} from '../../src/pipeline/decode-event.js'
import {decodeLine} from '../../src/pipeline/decode-event.js'
import {expandOtlp} from '../../src/pipeline/expand-otlp.js'
import type {SkippedLine} from '../../src/pipeline/skipped-line.js'
import {canonicalEvents} from '../runtimes/helpers.js'

type Item = E.Either<SkippedLine, DecodedLine>

const kv = (key: string, value: Record<string, unknown>) => ({key, value})

function decoded(text: string, line: number): Item {
  const bytes = Buffer.from(text)
  return decodeLine({
    path: 'log.jsonl',
    line,
    order: line * 1000,
    bytes,
    start: 0,
    end: bytes.length,
  })
}

const beacon = decoded('{"timestamp":"2026-06-11T10:00:00Z","event":{"action":"session_start"}}', 1)
const otlp = decoded(
  JSON.stringify({
    resourceLogs: [
      {
        resource: {attributes: [kv('service.name', {stringValue: 'claude-code'})]},
        scopeLogs: [
          {
            logRecords: [
              {
                timeUnixNano: '1781172000000000000',
                attributes: [kv('event.name', {stringValue: 'user_prompt'})],
              },
              {
                timeUnixNano: '1781172001000000000',
                attributes: [kv('event.name', {stringValue: 'api_request'})],
              },
            ],
          },
        ],
      },
    ],
  }),
  2,
)

function summary(item: Item): string {
  if (E.isLeft(item)) return `skip ${item.left.kind}`
  return `${item.right.at.order} ${item.right.event.event?.action ?? ''}`
}

function scheduler() {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected))
}

describe('expandOtlp', () => {
  it('passes Beacon events through and expands an OTLP line in record order', () => {
    scheduler().run(({cold, expectObservable}) => {
      // A group `(bc)` spans four frames: the source completes at frame 8, after it.
      const source = cold<Item>('a-b-----|', {a: beacon, b: otlp})
      expectObservable(source.pipe(expandOtlp(), map(summary))).toBe('a-(bc)--|', {
        a: '1000 session_start',
        b: '2000 user_prompt',
        c: '2001 api_request',
      })
    })
  })

  it('passes skipped lines and source errors through', () => {
    const skipped: Item = E.left({
      kind: 'malformed',
      path: 'log.jsonl',
      line: 3,
      order: 3,
      reason: 'x',
    })
    scheduler().run(({cold, expectObservable}) => {
      const source = cold<Item>('s-#', {s: skipped}, new Error('disk'))
      expectObservable(source.pipe(expandOtlp(), map(summary))).toBe(
        's-#',
        {s: 'skip malformed'},
        new Error('disk'),
      )
    })
  })

  it('completes on empty input and stops on early unsubscribe', () => {
    scheduler().run(({cold, expectObservable, expectSubscriptions}) => {
      expectObservable(cold<Item>('|').pipe(expandOtlp())).toBe('|')
      const source = cold<Item>('a-b-a-|', {a: beacon, b: otlp})
      expectObservable(source.pipe(expandOtlp(), map(summary)), '^--!').toBe('a-(bc)', {
        a: '1000 session_start',
        b: '2000 user_prompt',
        c: '2001 api_request',
      })
      expectSubscriptions(source.subscriptions).toBe('^--!')
    })
  })

  it('makes an undecodable OTLP line one malformed line', () => {
    const bad = decoded('{"resourceMetrics":[{"scopeMetrics":"oops"}]}', 4)
    scheduler().run(({cold, expectObservable}) => {
      expectObservable(cold<Item>('a|', {a: bad}).pipe(expandOtlp(), map(summary))).toBe('a|', {
        a: 'skip malformed',
      })
    })
  })
})

describe('OTLP JSON encoding', () => {
  const metricLine = (
    metric: Record<string, unknown>,
    resource: Array<ReturnType<typeof kv>> = [],
  ) =>
    JSON.stringify({
      resourceMetrics: [
        {
          resource: {attributes: [kv('service.name', {stringValue: 'support-bot'}), ...resource]},
          scopeMetrics: [{scope: {name: 'app'}, metrics: [metric]}],
        },
      ],
    })
  const point = (
    type: string,
    value: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ) => ({
    attributes: [
      kv('gen_ai.token.type', {stringValue: type}),
      kv('gen_ai.request.model', {stringValue: 'gpt-4o'}),
    ],
    timeUnixNano: '1781172000123456789',
    ...value,
    ...extra,
  })

  it('reads intValue strings and doubles, keeps nanoseconds, skips points without a value', () => {
    const events = canonicalEvents(
      metricLine({
        name: 'gen_ai.client.token.usage',
        sum: {
          aggregationTemporality: 1,
          dataPoints: [
            point('input', {asInt: '9007199254740991'}),
            point('output', {asDouble: 12}),
            point('output', {asDouble: 99}, {flags: 1}),
          ],
        },
      }),
    )
    expect(events.map((event) => [event.usage?.input, event.usage?.output])).toEqual([
      [9007199254740991, 0],
      [0, 12],
    ])
    expect(events.map((event) => [event.sec, event.nanos, event.model, event.cumulative])).toEqual([
      [1781172000, 123456789, 'gpt-4o', false],
      [1781172000, 123456789, 'gpt-4o', false],
    ])
  })

  it.each([
    [2, true],
    ['AGGREGATION_TEMPORALITY_CUMULATIVE', true],
    [1, false],
    ['AGGREGATION_TEMPORALITY_DELTA', false],
  ])('aggregationTemporality %s → cumulative %s', (temporality, cumulative) => {
    const [event] = canonicalEvents(
      metricLine({
        name: 'gen_ai.client.token.usage',
        sum: {aggregationTemporality: temporality, dataPoints: [point('input', {asInt: '5'})]},
      }),
    )
    expect(event?.cumulative).toBe(cumulative)
  })

  it('sums gauges as they are and reads histogram sums', () => {
    const gauge = canonicalEvents(
      metricLine({
        name: 'gen_ai.client.token.usage',
        gauge: {dataPoints: [point('input', {asInt: 7})]},
      }),
    )
    const histogram = canonicalEvents(
      metricLine({
        name: 'gen_ai.client.token.usage',
        histogram: {
          aggregationTemporality: 2,
          dataPoints: [point('output', {count: '2', sum: 30})],
        },
      }),
    )
    expect(gauge.map((event) => [event.usage?.input, event.cumulative])).toEqual([[7, false]])
    expect(histogram.map((event) => [event.usage?.output, event.cumulative])).toEqual([[30, true]])
  })

  it('merges resource attributes under the record’s own, which win', () => {
    const [event] = canonicalEvents(
      metricLine(
        {
          name: 'gen_ai.client.token.usage',
          sum: {
            aggregationTemporality: 1,
            dataPoints: [
              point(
                'input',
                {asInt: '5'},
                {
                  attributes: [
                    kv('gen_ai.token.type', {stringValue: 'input'}),
                    kv('session.id', {stringValue: 'from-record'}),
                  ],
                },
              ),
            ],
          },
        },
        [
          kv('session.id', {stringValue: 'from-resource'}),
          kv('repository', {stringValue: 'github.com/acme/app'}),
          kv('tags', {arrayValue: {values: [{stringValue: 'a'}]}}),
          kv('ci', {kvlistValue: {values: [kv('run', {boolValue: true})]}}),
        ],
      ),
    )
    expect([event?.harness, event?.session, event?.repository]).toEqual([
      'support-bot',
      'from-record',
      'github.com/acme/app',
    ])
  })

  it('gives each record of a line its own order key and duplicate key', () => {
    const events = canonicalEvents(
      metricLine({
        name: 'gen_ai.client.token.usage',
        sum: {
          aggregationTemporality: 1,
          dataPoints: [point('input', {asInt: '5'}), point('input', {asInt: '5'})],
        },
      }),
    )
    // The helper puts line 1 at order 2^20: the records follow it one by one.
    expect(events.map((event) => event.order)).toEqual([2 ** 20, 2 ** 20 + 1])
    expect(new Set(events.map((event) => event.duplicateKey)).size).toBe(2)
  })
})
