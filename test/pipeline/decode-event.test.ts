// Marble tests of the decode stage: good lines become decoded events, bad ones malformed lefts
// (the stream goes on), earlier lefts pass untouched.
import * as E from 'fp-ts/lib/Either.js'
import {TestScheduler} from 'rxjs/testing'
import {describe, expect, it} from 'vitest'

import {decodeEvents} from '../../src/pipeline/decode-event.js'
import type {SkippedLine} from '../../src/pipeline/skipped-line.js'
import type {LogLine} from '../../src/pipeline/split-lines.js'
import {LOG, logLine} from '../support/events.js'

type In = E.Either<SkippedLine, LogLine>

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected))

const good = logLine('{"model":"claude-sonnet-4-5","gen_ai":{"usage":{"input_tokens":5}}}', 1)
const notJson = logLine('{"model":', 2)
const wrongType = logLine('{"session":{"id":42}}', 3)
const earlierSkip: SkippedLine = {kind: 'duplicate', path: LOG, line: 4, order: 4}

describe('decodeEvents', () => {
  it('decodes good lines, turns bad ones into malformed lefts and passes earlier lefts', () => {
    scheduler().run(({cold, expectObservable}) => {
      const source = cold<In>('a-b-c-d|', {
        a: E.right(good),
        b: E.right(notJson),
        c: E.right(wrongType),
        d: E.left(earlierSkip),
      })
      expectObservable(source.pipe(decodeEvents())).toBe('a-b-c-d|', {
        a: E.right({
          at: good,
          event: {model: 'claude-sonnet-4-5', gen_ai: {usage: {input_tokens: 5}}},
        }),
        b: E.left({kind: 'malformed', path: LOG, line: 2, order: 2, reason: 'not valid JSON'}),
        c: E.left({
          kind: 'malformed',
          path: LOG,
          line: 3,
          order: 3,
          reason: 'session.id: expected a string, got 42',
        }),
        d: E.left(earlierSkip),
      })
    })
  })

  it('passes a source error through', () => {
    scheduler().run(({cold, expectObservable}) => {
      const source = cold<In>('a-#', {a: E.right(notJson)}, new Error('EIO'))
      expectObservable(source.pipe(decodeEvents())).toBe(
        'a-#',
        {a: E.left({kind: 'malformed', path: LOG, line: 2, order: 2, reason: 'not valid JSON'})},
        new Error('EIO'),
      )
    })
  })

  it('completes with nothing on empty input', () => {
    scheduler().run(({cold, expectObservable}) => {
      expectObservable(cold<In>('--|').pipe(decodeEvents())).toBe('--|')
    })
  })

  it('unsubscribes from its source when unsubscribed early', () => {
    scheduler().run(({cold, expectObservable, expectSubscriptions}) => {
      const source = cold<In>('a-a-a|', {a: E.left(earlierSkip)})
      expectObservable(source.pipe(decodeEvents()), '^-!').toBe('a-', {a: E.left(earlierSkip)})
      expectSubscriptions(source.subscriptions).toBe('^-!')
    })
  })
})
