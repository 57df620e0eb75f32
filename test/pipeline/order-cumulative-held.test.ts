// The reorder window's view for live runs (`onHeld`): while the stream is open, a snapshot can
// see the cumulative events still waiting, in the order the final drain would release them.
import * as E from 'fp-ts/lib/Either.js'
import {lastValueFrom, map, of, toArray} from 'rxjs'
import {TestScheduler} from 'rxjs/testing'
import {describe, expect, it} from 'vitest'

import {decodeEvents} from '../../src/pipeline/decode-event.js'
import {normalizeEvents} from '../../src/pipeline/normalize-event.js'
import {type HeldCumulative, orderCumulative} from '../../src/pipeline/order-cumulative.js'
import type {SkippedLine} from '../../src/pipeline/skipped-line.js'
import {splitLines} from '../../src/pipeline/split-lines.js'
import type {CanonicalEvent} from '../../src/runtimes/canonical-event.js'
import {claudeApiRequest, codexCumulativeInput} from '../e2e/follow-helpers.js'

type Item = E.Either<SkippedLine, CanonicalEvent>

/** Canonical events from log lines, through the real decode and normalize stages. */
async function events(lines: string[]): Promise<Item[]> {
  const chunk = {
    fileIndex: 0,
    path: 'runtime.jsonl',
    bytes: Buffer.from(`${lines.join('\n')}\n`),
    offset: 0,
    endOfFile: true,
  }
  return lastValueFrom(of(chunk).pipe(splitLines(), decodeEvents(), normalizeEvents(), toArray()))
}

describe('orderCumulative onHeld', () => {
  it('shows the waiting cumulative events in release order, and nothing once they are released', async () => {
    const [late, logRecord, early] = (await events([
      codexCumulativeInput('c1', '2026-06-11T11:01:00Z', 1500),
      claudeApiRequest('s1', '2026-06-11T10:00:00Z', {input: 1, output: 1, cost: 0.001}),
      codexCumulativeInput('c1', '2026-06-11T11:00:00Z', 1000),
    ])) as [Item, Item, Item]
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected))
    scheduler.run(({cold, expectObservable}) => {
      let held: HeldCumulative | undefined
      const peek = () => (held?.inOrder() ?? []).map((event) => event.line)
      const source = cold<Item>('a-b-c---|', {a: late, b: logRecord, c: early})
      // The log record passes at once; the counters wait until the end, earliest first.
      expectObservable(source.pipe(orderCumulative(10, (window) => (held = window)))).toBe(
        '--b-----(ca|)',
        {b: logRecord, c: early, a: late},
      )
      // Line 3 (11:00) before line 1 (11:01): the order the drain releases them in.
      expectObservable(cold('-x-x-x-|').pipe(map(peek))).toBe('-x-y-z-|', {
        x: [1],
        y: [1],
        z: [3, 1],
      })
    })
  })

  it('shows only what the full window has not released yet', async () => {
    const [late, , early] = (await events([
      codexCumulativeInput('c1', '2026-06-11T11:01:00Z', 1500),
      claudeApiRequest('s1', '2026-06-11T10:00:00Z', {input: 1, output: 1, cost: 0.001}),
      codexCumulativeInput('c1', '2026-06-11T11:00:00Z', 1000),
    ])) as [Item, Item, Item]
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected))
    scheduler.run(({cold, expectObservable}) => {
      let held: HeldCumulative | undefined
      const source = cold<Item>('a-c---|', {a: late, c: early})
      // Window 1: the second counter overflows it and the earliest (line 3) goes out.
      expectObservable(source.pipe(orderCumulative(1, (window) => (held = window)))).toBe(
        '--c---(a|)',
        {c: early, a: late},
      )
      expectObservable(
        cold('---x|').pipe(map(() => (held?.inOrder() ?? []).map((event) => event.line))),
      ).toBe('---x|', {x: [1]})
    })
  })
})
