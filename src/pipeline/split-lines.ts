// Lines stage: finds newlines in the raw bytes and decodes one line at a time (faster than
// decoding whole chunks). Blank lines are dropped; a line longer than `maxLineBytes` is skipped
// as malformed without buffering it whole.
import * as E from 'fp-ts/lib/Either.js'
import {Observable, type OperatorFunction} from 'rxjs'

import type {FileChunk} from './read-log-files.js'
import {lineOrder, malformed, type MalformedLine} from './skipped-line.js'

/** One line: a view of the chunk's bytes [start, end), decoded only when needed. */
export interface LogLine {
  readonly path: string
  readonly line: number
  readonly order: number
  readonly bytes: Buffer
  readonly start: number
  readonly end: number
}

export function lineText(line: LogLine): string {
  return line.bytes.toString('utf8', line.start, line.end)
}

export interface SplitOptions {
  readonly maxLineBytes?: number
  /** Number of the first line read (a worker reading a byte range counts from 1 and is corrected later). */
  readonly firstLine?: number
}

export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024
const NEWLINE = 0x0a

export function splitLines(
  options: SplitOptions = {},
): OperatorFunction<FileChunk, E.Either<MalformedLine, LogLine>> {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES
  return (source) =>
    new Observable((subscriber) => {
      let carry: Buffer[] = []
      let carryBytes = 0
      let oversized = false
      let carryOffset = 0
      let lineNumber = 0
      let currentFile = -1

      /** Emits bytes[start, end) as the next line; `offset` is where it starts in the file. */
      const emit = (
        chunk: FileChunk,
        bytes: Buffer,
        start: number,
        end: number,
        offset: number,
      ): void => {
        lineNumber++
        const order = lineOrder(chunk.fileIndex, offset)
        if (oversized) {
          oversized = false
          const at = {path: chunk.path, line: lineNumber, order}
          subscriber.next(E.left(malformed(at, `line longer than ${maxLineBytes} bytes`)))
          return
        }
        if (end > start && bytes[end - 1] === 0x0d) end-- // CRLF
        if (isBlank(bytes, start, end)) return
        subscriber.next(E.right({path: chunk.path, line: lineNumber, order, bytes, start, end}))
      }

      const takeCarry = (tail: Buffer): Buffer => {
        const whole = carry.length === 0 ? tail : Buffer.concat([...carry, tail])
        carry = []
        carryBytes = 0
        return whole
      }

      const keep = (rest: Buffer, offset: number): void => {
        if (oversized || rest.length === 0) return
        if (carryBytes === 0) carryOffset = offset
        if (carryBytes + rest.length > maxLineBytes) {
          oversized = true
          carry = []
          carryBytes = 0
          return
        }
        // Copy: the stream may hand us slices of a pooled buffer.
        carry.push(Buffer.from(rest))
        carryBytes += rest.length
      }

      return source.subscribe({
        next(chunk) {
          if (chunk.fileIndex !== currentFile) {
            currentFile = chunk.fileIndex
            lineNumber = options.firstLine === undefined ? 0 : options.firstLine - 1
          }
          const bytes = chunk.bytes
          let start = 0
          let newline = bytes.indexOf(NEWLINE, start)
          if (newline !== -1 && (carryBytes > 0 || oversized)) {
            const first = takeCarry(bytes.subarray(0, newline))
            if (!oversized && first.length > maxLineBytes) oversized = true
            emit(chunk, first, 0, first.length, carryOffset)
            start = newline + 1
            newline = bytes.indexOf(NEWLINE, start)
          }
          while (newline !== -1) {
            if (newline - start > maxLineBytes) oversized = true
            emit(chunk, bytes, start, newline, chunk.offset + start)
            start = newline + 1
            newline = bytes.indexOf(NEWLINE, start)
          }
          keep(bytes.subarray(start), chunk.offset + start)
          if (chunk.endOfFile && (carryBytes > 0 || oversized)) {
            const last = takeCarry(Buffer.alloc(0))
            emit(chunk, last, 0, last.length, carryOffset)
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      })
    })
}

/** Only ASCII white space (what JSON allows around a value, plus VT and FF). */
function isBlank(bytes: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = bytes[i]
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0b && c !== 0x0c) return false
  }
  return true
}
