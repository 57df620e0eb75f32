// Marble tests of the bounded reorder of cumulative metric events (§5.2, §10): only they wait,
// in a window released earliest-first once full and flushed in chronological order at the end.
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import {from, lastValueFrom, toArray} from 'rxjs'
import {TestScheduler} from 'rxjs/testing'
import {describe, expect, it} from 'vitest'

import {orderCumulative} from '../../src/pipeline/order-cumulative.js'
import type {SkippedLine} from '../../src/pipeline/skipped-line.js'
import type {CanonicalEvent} from '../../src/runtimes/canonical-event.js'
import {LOG, canonical} from '../support/events.js'

type Item = E.Either<SkippedLine, CanonicalEvent>

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected))

const cumulative = (order: number, at: string | undefined, output = order) =>
  E.right<SkippedLine, CanonicalEvent>(
    canonical({
      order,
      ...(at === undefined ? {} : {at}),
      harness: 'claude_code',
      metricName: 'claude_code.token.usage',
      cumulative: true,
      usage: {output},
    }),
  )
const logRecord = E.right<SkippedLine, CanonicalEvent>(
  canonical({order: 2, at: '2026-06-11T10:00:00Z', usage: {input: 1}}),
)
const skipped = E.left<SkippedLine, CanonicalEvent>({
  kind: 'duplicate',
  path: LOG,
  line: 5,
  order: 5,
})

describe('orderCumulative', () => {
  it('holds cumulative events, releases the earliest when the window overflows, flushes the rest in order', () => {
    const a = cumulative(1, '2026-06-11T10:00:03Z')
    const c = cumulative(3, '2026-06-11T10:00:01Z')
    const d = cumulative(4, '2026-06-11T10:00:02Z')
    scheduler().run(({cold, expectObservable}) => {
      const source = cold<Item>('a-b-c-d-e|', {a, b: logRecord, c, d, e: skipped})
      // Window 2: a, c wait; d overflows it and releases the earliest (c, 10:00:01); the log
      // record and the skipped line pass at once; at the end d (10:00:02) then a (10:00:03).
      expectObservable(source.pipe(orderCumulative(2))).toBe('--b---c-e(da|)', {
        b: logRecord,
        c,
        e: skipped,
        d,
        a,
      })
    })
  })

  it('puts events without a timestamp first, then orders by instant, ties by log order', () => {
    const x = cumulative(1, '2026-06-11T10:00:05Z')
    const y = cumulative(2, undefined)
    const z = cumulative(3, '2026-06-11T10:00:05Z')
    const w = cumulative(4, '2026-06-11T10:00:04.5Z')
    const v = cumulative(5, '2026-06-11T10:00:04.500000001Z')
    scheduler().run(({cold, expectObservable}) => {
      const source = cold<Item>('xyzwv|', {x, y, z, w, v})
      expectObservable(source.pipe(orderCumulative())).toBe('-----(ywvxz|)', {x, y, z, w, v})
    })
  })

  it('passes cumulative events that carry no usage straight through', () => {
    const empty = E.right<SkippedLine, CanonicalEvent>(
      canonical({order: 1, metricName: 'claude_code.token.usage', cumulative: true}),
    )
    scheduler().run(({cold, expectObservable}) => {
      expectObservable(cold<Item>('a|', {a: empty}).pipe(orderCumulative(5))).toBe('a|', {a: empty})
    })
  })

  it('passes a source error (dropping what waits), completes on empty input', () => {
    scheduler().run(({cold, expectObservable}) => {
      const failing = cold<Item>(
        'a-b-#',
        {a: cumulative(1, undefined), b: logRecord},
        new Error('EIO'),
      )
      expectObservable(failing.pipe(orderCumulative())).toBe(
        '--b-#',
        {b: logRecord},
        new Error('EIO'),
      )
      expectObservable(cold<Item>('|').pipe(orderCumulative())).toBe('|')
    })
  })

  it('emits nothing held after an early unsubscribe', () => {
    scheduler().run(({cold, expectObservable, expectSubscriptions}) => {
      const source = cold<Item>('a-b-c|', {
        a: cumulative(1, '2026-06-11T10:00:01Z'),
        b: logRecord,
        c: cumulative(3, '2026-06-11T10:00:00Z'),
      })
      expectObservable(source.pipe(orderCumulative()), '^---!').toBe('--b-', {b: logRecord})
      expectSubscriptions(source.subscriptions).toBe('^---!')
    })
  })

  it('restores chronological order when each event is at most `window` places out (property)', async () => {
    // Shuffling inside blocks of window + 1 events moves none of them more than `window` places.
    const caseArb = fc.integer({min: 1, max: 6}).chain((window) =>
      fc.tuple(
        fc.constant(window),
        fc.array(fc.array(fc.nat(), {minLength: window + 1, maxLength: window + 1}), {
          maxLength: 8,
        }),
      ),
    )
    await fc.assert(
      fc.asyncProperty(caseArb, async ([window, blocks]) => {
        const logged = blocks.flatMap((keys, b) =>
          keys
            .map((key, i) => ({key, second: b * (window + 1) + i}))
            .sort((x, y) => x.key - y.key)
            .map(({second}) => second),
        )
        const items = logged.map((second, index) =>
          cumulative(index + 1, new Date(Date.UTC(2026, 5, 11, 10, 0, second)).toISOString()),
        )
        const out = await lastValueFrom(from(items).pipe(orderCumulative(window), toArray()))
        const seconds = out.map((item) => (E.isRight(item) ? item.right.sec : Number.NaN))
        expect(seconds).toEqual([...seconds].sort((a, b) => a - b))
        expect(out).toHaveLength(items.length)
      }),
      {numRuns: 200},
    )
  })
})
