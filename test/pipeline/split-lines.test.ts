// Marble tests of the lines stage: chunk boundaries, CRLF, blank lines, per-file line
// numbers, and the max line length turning an over-long line into one malformed skip.
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import {from, lastValueFrom, map, pipe, toArray} from 'rxjs'
import {TestScheduler} from 'rxjs/testing'
import {afterEach, describe, expect, it, vi} from 'vitest'

import type {FileChunk} from '../../src/pipeline/read-log-files.js'
import {type MalformedLine, lineOrder} from '../../src/pipeline/skipped-line.js'
import {splitLines} from '../../src/pipeline/split-lines.js'
import {LOG, type LineView, chunk, lineView, textLine} from '../support/events.js'

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected))

/**
 * The lines by definition: split on LF, over-long ones (CR included) malformed, blank ones
 * (JSON's white space, plus VT and FF) skipped.
 */
function expectedLines(text: string, max: number): Array<E.Either<MalformedLine, LineView>> {
  const raw = text.split('\n')
  if (raw.at(-1) === '') raw.pop()
  return raw.flatMap((rawLine, i): Array<E.Either<MalformedLine, LineView>> => {
    if (Buffer.byteLength(rawLine) > max) return [tooLong(i + 1, max)]
    const stripped = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine
    return /^[ \t\r\v\f]*$/.test(stripped) ? [] : [line(stripped, i + 1)]
  })
}

const line = (text: string, n: number, fileIndex = 0) => E.right(textLine(text, n, fileIndex))

/** splitLines with its lines shown as text, so marbles compare what a reader sees. */
const split = (options: Parameters<typeof splitLines>[0] = {}) =>
  pipe(
    splitLines(options),
    map((item) => (E.isLeft(item) ? item : E.right(lineView(item.right)))),
  )
const tooLong = (n: number, max: number) =>
  E.left({
    kind: 'malformed' as const,
    path: LOG,
    line: n,
    order: lineOrder(0, n),
    reason: `line longer than ${max} bytes`,
  })

describe('splitLines', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('joins a line cut across chunk boundaries and numbers lines from 1', () => {
    scheduler().run(({cold, expectObservable}) => {
      const source = cold<FileChunk>('a-b-c-d---|', {
        a: chunk('{"n":1}\n{"n"'),
        b: chunk(':2'),
        c: chunk('}\n{"n":3}\n'),
        d: chunk('', true),
      })
      expectObservable(source.pipe(split())).toBe('x---(yz)--|', {
        x: line('{"n":1}', 1),
        y: line('{"n":2}', 2),
        z: line('{"n":3}', 3),
      })
    })
  })

  it('emits the last line of a file that has no final newline at end of file', () => {
    scheduler().run(({cold, expectObservable}) => {
      const source = cold<FileChunk>('a-b|', {a: chunk('one\ntwo'), b: chunk('', true)})
      expectObservable(source.pipe(split())).toBe('x-y|', {
        x: line('one', 1),
        y: line('two', 2),
      })
    })
  })

  it('strips CRLF, also when the CR and LF fall in different chunks', () => {
    scheduler().run(({cold, expectObservable}) => {
      const source = cold<FileChunk>('a-b---c|', {
        a: chunk('one\r\ntwo\r'),
        b: chunk('\nthree\r\n'),
        c: chunk('', true),
      })
      expectObservable(source.pipe(split())).toBe('x-(yz)-|', {
        x: line('one', 1),
        y: line('two', 2),
        z: line('three', 3),
      })
    })
  })

  it('skips blank and whitespace-only lines without emitting anything, but keeps counting lines', () => {
    scheduler().run(({cold, expectObservable}) => {
      const source = cold<FileChunk>('a-b|', {
        a: chunk('first\n\n   \n\t\r\n\r\n'),
        b: chunk('  last  \n', true),
      })
      // Lines 2..5 are blank; "  last  " is line 6 and keeps its own spaces (dedup trims later).
      expectObservable(source.pipe(split())).toBe('x-y|', {
        x: line('first', 1),
        y: line('  last  ', 6),
      })
    })
  })

  it('decodes a UTF-8 character split between two chunks', () => {
    const bytes = Buffer.from('{"message":"café"}\n', 'utf8')
    const cut = bytes.indexOf(0xa9) // second byte of é
    scheduler().run(({cold, expectObservable}) => {
      const source = cold<FileChunk>('a-b|', {
        a: chunk(bytes.subarray(0, cut)),
        b: chunk(bytes.subarray(cut), true),
      })
      expectObservable(source.pipe(split())).toBe('--y|', {y: line('{"message":"café"}', 1)})
    })
  })

  it('restarts line numbers for each file and orders later files after earlier ones', () => {
    scheduler().run(({cold, expectObservable}) => {
      const source = cold<FileChunk>('a-b-c|', {
        a: chunk('old1\nold2', false, 1),
        b: chunk('', true, 1),
        c: chunk('new1\n', true, 0),
      })
      expectObservable(source.pipe(split())).toBe('x-y-z|', {
        x: line('old1', 1, 1),
        y: line('old2', 2, 1),
        z: line('new1', 1, 0),
      })
    })
  })

  it('turns a line longer than maxLineBytes into one malformed skip and goes on', () => {
    scheduler().run(({cold, expectObservable}) => {
      const source = cold<FileChunk>('a----|', {a: chunk('12345678\n123456789\nok\n', true)})
      // 8 bytes is exactly the limit and passes; 9 bytes is one too many.
      expectObservable(source.pipe(split({maxLineBytes: 8}))).toBe('(xyz)|', {
        x: line('12345678', 1),
        y: tooLong(2, 8),
        z: line('ok', 3),
      })
    })
  })

  it('skips an over-long line spread over many chunks without buffering it', () => {
    const concat = vi.spyOn(Buffer, 'concat')
    scheduler().run(({cold, expectObservable}) => {
      const source = cold<FileChunk>('a-b-c-d-e---|', {
        a: chunk('ok\n0123'),
        b: chunk('4567'),
        c: chunk('89ab'),
        d: chunk('cdef'),
        e: chunk('gh\nlast', true),
      })
      expectObservable(source.pipe(split({maxLineBytes: 6}))).toBe('x-------(yz)|', {
        x: line('ok', 1),
        y: tooLong(2, 6),
        z: line('last', 3),
      })
    })
    // Once the line is known to be too long its bytes are dropped, never joined into one buffer.
    for (const [buffers] of concat.mock.calls) {
      const joined = buffers.reduce((sum, b) => sum + b.length, 0)
      expect(joined).toBeLessThanOrEqual(6)
    }
  })

  it('reports an over-long last line without a newline at end of file', () => {
    scheduler().run(({cold, expectObservable}) => {
      const source = cold<FileChunk>('a-b|', {a: chunk('ok\n0123456789'), b: chunk('', true)})
      expectObservable(source.pipe(split({maxLineBytes: 4}))).toBe('x-y|', {
        x: line('ok', 1),
        y: tooLong(2, 4),
      })
    })
  })

  it('passes a source error through after the complete lines before it', () => {
    scheduler().run(({cold, expectObservable}) => {
      const source = cold<FileChunk>('a-#', {a: chunk('one\npartial')}, new Error('EIO'))
      expectObservable(source.pipe(split())).toBe('x-#', {x: line('one', 1)}, new Error('EIO'))
    })
  })

  it('completes with nothing on empty input and on an empty file', () => {
    scheduler().run(({cold, expectObservable}) => {
      expectObservable(cold<FileChunk>('|').pipe(split())).toBe('|')
      expectObservable(cold<FileChunk>('a|', {a: chunk('', true)}).pipe(split())).toBe('-|')
    })
  })

  it('stops reading its source when unsubscribed early', () => {
    scheduler().run(({cold, expectObservable, expectSubscriptions}) => {
      const source = cold<FileChunk>('a-b-c|', {
        a: chunk('one\n'),
        b: chunk('two\n'),
        c: chunk('three\n', true),
      })
      expectObservable(source.pipe(split()), '^--!').toBe('x-y', {
        x: line('one', 1),
        y: line('two', 2),
      })
      expectSubscriptions(source.subscriptions).toBe('^--!')
    })
  })

  it('gives the same lines whatever the chunk boundaries (property)', async () => {
    const lineArb = fc.oneof(
      fc.string({unit: 'grapheme', maxLength: 12}).map((text) => text.replace(/[\r\n]/g, ' ')),
      fc.constantFrom('', '   ', '{"model":"claude-sonnet-4-5"}', 'café ☕ 😀'),
    )
    const inputArb = fc
      .tuple(fc.array(lineArb, {maxLength: 12}), fc.boolean(), fc.boolean())
      .map(([lines, crlf, finalNewline]) => {
        const text = lines.join(crlf ? '\r\n' : '\n') + (finalNewline ? '\n' : '')
        return Buffer.from(text, 'utf8')
      })
    const linesOf = (chunks: Buffer[]) =>
      lastValueFrom(
        from(chunks.map((bytes, i) => chunk(bytes, i === chunks.length - 1))).pipe(
          split({maxLineBytes: 24}),
          toArray(),
        ),
      )
    await fc.assert(
      fc.asyncProperty(
        inputArb.chain((bytes) =>
          fc.tuple(
            fc.constant(bytes),
            fc
              .uniqueArray(fc.nat({max: bytes.length}), {maxLength: 8})
              .map((cuts) => cuts.sort((a, b) => a - b)),
          ),
        ),
        async ([bytes, cuts]) => {
          const bounds = [0, ...cuts, bytes.length]
          const pieces = bounds.slice(1).map((end, i) => bytes.subarray(bounds[i], end))
          expect(await linesOf(pieces)).toEqual(expectedLines(bytes.toString('utf8'), 24))
        },
      ),
      {numRuns: 200},
    )
  })
})
