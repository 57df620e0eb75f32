// Marble tests of the exact-duplicate window (§5.3): a usage-bearing line seen again (after
// trimming) within the window becomes a duplicate left; everything else passes. Lines are
// known by their digests (duplicate-key.ts), computed here the way normalize computes them.
import * as E from 'fp-ts/lib/Either.js'
import {TestScheduler} from 'rxjs/testing'
import {describe, expect, it} from 'vitest'

import {RecentLines, dropDuplicateLines} from '../../src/pipeline/drop-duplicate-lines.js'
import {lineDigest} from '../../src/pipeline/duplicate-key.js'
import type {SkippedLine} from '../../src/pipeline/skipped-line.js'
import type {CanonicalEvent} from '../../src/runtimes/canonical-event.js'
import {LOG, canonical} from '../support/events.js'

type Item = E.Either<SkippedLine, CanonicalEvent>

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected))

const USAGE_LINE = '{"session":{"id":"s1"},"gen_ai":{"usage":{"input_tokens":5}}}'
const OTHER_LINE = '{"session":{"id":"s1"},"gen_ai":{"usage":{"input_tokens":6}}}'
const THIRD_LINE = '{"session":{"id":"s2"},"gen_ai":{"usage":{"input_tokens":5}}}'

const key = (text: string): string => {
  const bytes = Buffer.from(text)
  return lineDigest(bytes, 0, bytes.length)
}
const withUsage = (text: string, order: number) =>
  E.right<SkippedLine, CanonicalEvent>(
    canonical({duplicateKey: key(text), order, usage: {input: 5}}),
  )
const duplicate = (order: number) =>
  E.left<SkippedLine, CanonicalEvent>({kind: 'duplicate', path: LOG, line: order, order})

describe('dropDuplicateLines', () => {
  it('drops a repeated usage line, also when it differs only in surrounding white space', () => {
    scheduler().run(({cold, expectObservable}) => {
      const source = cold<Item>('a-b-c-d|', {
        a: withUsage(USAGE_LINE, 1),
        b: withUsage(OTHER_LINE, 2),
        c: withUsage(USAGE_LINE, 3),
        d: withUsage(`  ${USAGE_LINE}\t`, 4),
      })
      expectObservable(source.pipe(dropDuplicateLines())).toBe('a-b-c-d|', {
        a: withUsage(USAGE_LINE, 1),
        b: withUsage(OTHER_LINE, 2),
        c: duplicate(3),
        d: duplicate(4),
      })
    })
  })

  it('keeps distinct lines that carry equal numbers, and repeated lines without usage', () => {
    const noUsage = (order: number) => E.right<SkippedLine, CanonicalEvent>(canonical({order}))
    scheduler().run(({cold, expectObservable}) => {
      const source = cold<Item>('a-b-c-d|', {
        a: withUsage(USAGE_LINE, 1),
        b: withUsage(THIRD_LINE, 2),
        c: noUsage(3),
        d: noUsage(4),
      })
      expectObservable(source.pipe(dropDuplicateLines())).toBe('a-b-c-d|', {
        a: withUsage(USAGE_LINE, 1),
        b: withUsage(THIRD_LINE, 2),
        c: noUsage(3),
        d: noUsage(4),
      })
    })
  })

  it('forgets a line once windowLines other usage lines came after it', () => {
    scheduler().run(({cold, expectObservable}) => {
      // Window of 2: A B C pushes A out, so the second A counts.
      const source = cold<Item>('a-b-c-d|', {
        a: withUsage(USAGE_LINE, 1),
        b: withUsage(OTHER_LINE, 2),
        c: withUsage(THIRD_LINE, 3),
        d: withUsage(USAGE_LINE, 4),
      })
      expectObservable(source.pipe(dropDuplicateLines({windowLines: 2}))).toBe('a-b-c-d|', {
        a: withUsage(USAGE_LINE, 1),
        b: withUsage(OTHER_LINE, 2),
        c: withUsage(THIRD_LINE, 3),
        d: withUsage(USAGE_LINE, 4),
      })
    })
  })

  it('counts a dropped repeat as a line of the window, so a retry burst stays one event', () => {
    scheduler().run(({cold, expectObservable}) => {
      // Window of 2: A B A(dup) C A — the repeat at 3 is within the last two lines of 5.
      const source = cold<Item>('a-b-c-d-e|', {
        a: withUsage(USAGE_LINE, 1),
        b: withUsage(OTHER_LINE, 2),
        c: withUsage(USAGE_LINE, 3),
        d: withUsage(THIRD_LINE, 4),
        e: withUsage(USAGE_LINE, 5),
      })
      expectObservable(source.pipe(dropDuplicateLines({windowLines: 2}))).toBe('a-b-c-d-e|', {
        a: withUsage(USAGE_LINE, 1),
        b: withUsage(OTHER_LINE, 2),
        c: duplicate(3),
        d: withUsage(THIRD_LINE, 4),
        e: duplicate(5),
      })
    })
  })

  it('does not count lines without usage or skipped lines toward the window', () => {
    const skipped: SkippedLine = {kind: 'malformed', path: LOG, line: 3, order: 3, reason: 'x'}
    scheduler().run(({cold, expectObservable}) => {
      const source = cold<Item>('a-b-c-d|', {
        a: withUsage(USAGE_LINE, 1),
        b: E.right(canonical({order: 2})),
        c: E.left(skipped),
        d: withUsage(USAGE_LINE, 4),
      })
      expectObservable(source.pipe(dropDuplicateLines({windowLines: 1}))).toBe('a-b-c-d|', {
        a: withUsage(USAGE_LINE, 1),
        b: E.right(canonical({order: 2})),
        c: E.left(skipped),
        d: duplicate(4),
      })
    })
  })

  it('starts from the usage lines before the input, as a reader of the whole log would', () => {
    scheduler().run(({cold, expectObservable}) => {
      const source = cold<Item>('a-b|', {
        a: withUsage(USAGE_LINE, 10),
        b: withUsage(OTHER_LINE, 11),
      })
      // A worker's range starts after USAGE_LINE and THIRD_LINE: with a window of 1 only the
      // newest (THIRD_LINE) is still remembered, so USAGE_LINE counts; with 2 it is a repeat.
      const preceding = [key(` ${USAGE_LINE} `), key(THIRD_LINE)]
      expectObservable(
        source.pipe(dropDuplicateLines({windowLines: 1, precedingKeys: preceding})),
      ).toBe('a-b|', {a: withUsage(USAGE_LINE, 10), b: withUsage(OTHER_LINE, 11)})
      expectObservable(
        source.pipe(dropDuplicateLines({windowLines: 2, precedingKeys: preceding})),
      ).toBe('a-b|', {a: duplicate(10), b: withUsage(OTHER_LINE, 11)})
    })
  })

  it('keeps every line with a window of 0', () => {
    scheduler().run(({cold, expectObservable}) => {
      const source = cold<Item>('a-b|', {a: withUsage(USAGE_LINE, 1), b: withUsage(USAGE_LINE, 2)})
      expectObservable(source.pipe(dropDuplicateLines({windowLines: 0}))).toBe('a-b|', {
        a: withUsage(USAGE_LINE, 1),
        b: withUsage(USAGE_LINE, 2),
      })
    })
  })

  it('starts each subscription with an empty window', () => {
    scheduler().run(({cold, expectObservable}) => {
      const source = cold<Item>('a|', {a: withUsage(USAGE_LINE, 1)})
      const deduped = source.pipe(dropDuplicateLines())
      expectObservable(deduped).toBe('a|', {a: withUsage(USAGE_LINE, 1)})
      expectObservable(deduped).toBe('a|', {a: withUsage(USAGE_LINE, 1)})
    })
  })

  it('passes a source error, completes on empty input, and unsubscribes early', () => {
    scheduler().run(({cold, expectObservable, expectSubscriptions}) => {
      const failing = cold<Item>('a-#', {a: withUsage(USAGE_LINE, 1)}, new Error('EIO'))
      expectObservable(failing.pipe(dropDuplicateLines())).toBe(
        'a-#',
        {a: withUsage(USAGE_LINE, 1)},
        new Error('EIO'),
      )
      expectObservable(cold<Item>('|').pipe(dropDuplicateLines())).toBe('|')
      const long = cold<Item>('a-b-a|', {a: withUsage(USAGE_LINE, 1), b: withUsage(OTHER_LINE, 2)})
      expectObservable(long.pipe(dropDuplicateLines()), '^-!').toBe('a-', {
        a: withUsage(USAGE_LINE, 1),
      })
      expectSubscriptions(long.subscriptions).toBe('^-!')
    })
  })
})

describe('RecentLines', () => {
  it('remembers exactly the last N keys, repeats included', () => {
    const window = new RecentLines(2)
    const seen = ['a', 'a', 'a', 'b', 'c', 'a', 'c', 'c', 'b'].map((key) => window.seen(key))
    // a a a: repeats; b new; c new (window b c); a forgotten; c in (a c); c in (c c); b gone.
    expect(seen).toEqual([false, true, true, false, false, false, true, true, false])
  })

  it('remembers nothing with a window of 0', () => {
    const window = new RecentLines(0)
    expect([window.seen('a'), window.seen('a')]).toEqual([false, false])
  })
})
