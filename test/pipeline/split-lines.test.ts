// Marble tests of the lines stage: chunk boundaries, CRLF, blank lines, per-file line numbers
// and byte-offset order keys, and the max line length turning an over-long line into one
// malformed skip.
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import {from, lastValueFrom, map, pipe, toArray} from 'rxjs'
import {TestScheduler} from 'rxjs/testing'
import {afterEach, describe, expect, it, vi} from 'vitest'

import type {FileChunk} from '../../src/pipeline/read-log-files.js'
import {type MalformedLine, lineOrder} from '../../src/pipeline/skipped-line.js'
import {splitLines} from '../../src/pipeline/split-lines.js'
import {LOG, type LineView, fileChunks, lineView, textLine} from '../support/events.js'

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected))

/** A line as the stage should emit it: text, 1-based line number, byte offset of its start. */
const line = (text: string, n: number, offset: number, fileIndex = 0) =>
  E.right(textLine(text, n, offset, fileIndex))

const tooLong = (n: number, offset: number, max: number) =>
  E.left({
    kind: 'malformed' as const,
    path: LOG,
    line: n,
    order: lineOrder(0, offset),
    reason: `line longer than ${max} bytes`,
  })

/** splitLines with its lines shown as text, so marbles compare what a reader sees. */
const split = (options: Parameters<typeof splitLines>[0] = {}) =>
  pipe(
    splitLines(options),
    map((item) => (E.isLeft(item) ? item : E.right(lineView(item.right)))),
  )

/** Marble values a, b, c, … for consecutive chunks of one file. */
function chunkValues(pieces: string[], fileIndex = 0): Record<string, FileChunk> {
  const chunks = fileChunks(pieces, fileIndex)
  return Object.fromEntries(chunks.map((c, i) => [String.fromCharCode(0x61 + i), c]))
}

/**
 * The lines by definition: split on LF, over-long ones (CR included) malformed, blank ones
 * (JSON's white space, plus VT and FF) skipped; offsets count the bytes before each line.
 */
function expectedLines(text: string, max: number): Array<E.Either<MalformedLine, LineView>> {
  const raw = text.split('\n')
  if (raw.at(-1) === '') raw.pop()
  let offset = 0
  return raw.flatMap((rawLine, i): Array<E.Either<MalformedLine, LineView>> => {
    const at = offset
    offset += Buffer.byteLength(rawLine) + 1
    if (Buffer.byteLength(rawLine) > max) return [tooLong(i + 1, at, max)]
    const stripped = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine
    return /^[ \t\r\v\f]*$/.test(stripped) ? [] : [line(stripped, i + 1, at)]
  })
}

describe('splitLines', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('joins a line cut across chunk boundaries; numbers lines from 1, orders by byte offset', () => {
    scheduler().run(({cold, expectObservable}) => {
      const source = cold<FileChunk>(
        'a-b-c-d---|',
        chunkValues(['{"n":1}\n{"n"', ':2', '}\n{"n":3}\n', '']),
      )
      // Each line is 7 bytes plus LF: they start at bytes 0, 8 and 16.
      expectObservable(source.pipe(split())).toBe('x---(yz)--|', {
        x: line('{"n":1}', 1, 0),
        y: line('{"n":2}', 2, 8),
        z: line('{"n":3}', 3, 16),
      })
    })
  })

  it('emits the last line of a file that has no final newline at end of file', () => {
    scheduler().run(({cold, expectObservable}) => {
      const source = cold<FileChunk>('a-b|', chunkValues(['one\ntwo', '']))
      expectObservable(source.pipe(split())).toBe('x-y|', {
        x: line('one', 1, 0),
        y: line('two', 2, 4),
      })
    })
  })

  it('strips CRLF, also when the CR and LF fall in different chunks', () => {
    scheduler().run(({cold, expectObservable}) => {
      const source = cold<FileChunk>('a-b---c|', chunkValues(['one\r\ntwo\r', '\nthree\r\n', '']))
      expectObservable(source.pipe(split())).toBe('x-(yz)-|', {
        x: line('one', 1, 0),
        y: line('two', 2, 5),
        z: line('three', 3, 10),
      })
    })
  })

  it('skips blank and whitespace-only lines without emitting anything, but keeps counting lines', () => {
    scheduler().run(({cold, expectObservable}) => {
      const source = cold<FileChunk>(
        'a-b|',
        chunkValues(['first\n\n   \n\t\r\n\r\n', '  last  \n']),
      )
      // Lines 2..5 are blank (1 + 4 + 3 + 2 bytes after "first\n"): "  last  " is line 6 at
      // byte 16 and keeps its own spaces (dedup trims later).
      expectObservable(source.pipe(split())).toBe('x-y|', {
        x: line('first', 1, 0),
        y: line('  last  ', 6, 16),
      })
    })
  })

  it('decodes a UTF-8 character split between two chunks', () => {
    const bytes = Buffer.from('{"message":"café"}\n', 'utf8')
    const cut = bytes.indexOf(0xa9) // second byte of é
    scheduler().run(({cold, expectObservable}) => {
      const [a, b] = fileChunks([bytes.subarray(0, cut), bytes.subarray(cut)])
      const source = cold<FileChunk>('a-b|', {a: a as FileChunk, b: b as FileChunk})
      expectObservable(source.pipe(split())).toBe('--y|', {y: line('{"message":"café"}', 1, 0)})
    })
  })

  it('restarts line numbers for each file and orders later files after earlier ones', () => {
    const [a, b] = fileChunks(['old1\nold2', ''], 1)
    const [c] = fileChunks(['new1\n'], 2)
    scheduler().run(({cold, expectObservable}) => {
      const source = cold<FileChunk>('a-b-c|', {a, b, c} as Record<string, FileChunk>)
      expectObservable(source.pipe(split())).toBe('x-y-z|', {
        x: line('old1', 1, 0, 1),
        y: line('old2', 2, 5, 1),
        z: line('new1', 1, 0, 2),
      })
    })
    expect(lineOrder(2, 0)).toBeGreaterThan(lineOrder(1, 5))
  })

  it('turns a line longer than maxLineBytes into one malformed skip and goes on', () => {
    scheduler().run(({cold, expectObservable}) => {
      const source = cold<FileChunk>('a----|', chunkValues(['12345678\n123456789\nok\n']))
      // 8 bytes is exactly the limit and passes; 9 bytes is one too many.
      expectObservable(source.pipe(split({maxLineBytes: 8}))).toBe('(xyz)|', {
        x: line('12345678', 1, 0),
        y: tooLong(2, 9, 8),
        z: line('ok', 3, 19),
      })
    })
  })

  it('skips an over-long line spread over many chunks without buffering it', () => {
    const concat = vi.spyOn(Buffer, 'concat')
    scheduler().run(({cold, expectObservable}) => {
      const source = cold<FileChunk>(
        'a-b-c-d-e---|',
        chunkValues(['ok\n0123', '4567', '89ab', 'cdef', 'gh\nlast']),
      )
      // The long line starts at byte 3 and takes 18 bytes plus LF: "last" starts at 22.
      expectObservable(source.pipe(split({maxLineBytes: 6}))).toBe('x-------(yz)|', {
        x: line('ok', 1, 0),
        y: tooLong(2, 3, 6),
        z: line('last', 3, 22),
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
      const source = cold<FileChunk>('a-b|', chunkValues(['ok\n0123456789', '']))
      expectObservable(source.pipe(split({maxLineBytes: 4}))).toBe('x-y|', {
        x: line('ok', 1, 0),
        y: tooLong(2, 3, 4),
      })
    })
  })

  it('passes a source error through after the complete lines before it', () => {
    scheduler().run(({cold, expectObservable}) => {
      const [a] = fileChunks(['one\npartial', 'never'])
      const source = cold<FileChunk>('a-#', {a: a as FileChunk}, new Error('EIO'))
      expectObservable(source.pipe(split())).toBe('x-#', {x: line('one', 1, 0)}, new Error('EIO'))
    })
  })

  it('completes with nothing on empty input and on an empty file', () => {
    scheduler().run(({cold, expectObservable}) => {
      expectObservable(cold<FileChunk>('|').pipe(split())).toBe('|')
      expectObservable(cold<FileChunk>('a|', chunkValues([''])).pipe(split())).toBe('-|')
    })
  })

  it('stops reading its source when unsubscribed early', () => {
    scheduler().run(({cold, expectObservable, expectSubscriptions}) => {
      const source = cold<FileChunk>('a-b-c|', chunkValues(['one\n', 'two\n', 'three\n']))
      expectObservable(source.pipe(split()), '^--!').toBe('x-y', {
        x: line('one', 1, 0),
        y: line('two', 2, 4),
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
    const linesOf = (pieces: Buffer[]) =>
      lastValueFrom(from(fileChunks(pieces)).pipe(split({maxLineBytes: 24}), toArray()))
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
