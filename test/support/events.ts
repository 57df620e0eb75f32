// Builders for unit tests: log lines, file chunks and canonical events shaped like what the
// pipeline stages hand each other, so tests name only the fields they are about.
import {type Usage, nonzeroMask, zeroUsage} from '../../src/report/usage.js'
import type {FileChunk} from '../../src/pipeline/read-log-files.js'
import {lineOrder} from '../../src/pipeline/skipped-line.js'
import {type LogLine, lineText} from '../../src/pipeline/split-lines.js'
import type {CanonicalEvent} from '../../src/runtimes/canonical-event.js'
import {parseInstant} from '../../src/values/instant.js'

export const LOG = 'runtime.jsonl'

export function chunk(
  text: string | Buffer,
  endOfFile = false,
  fileIndex = 0,
  offset = 0,
): FileChunk {
  return {
    fileIndex,
    path: fileIndex === 0 ? LOG : `${LOG}.${fileIndex}`,
    bytes: typeof text === 'string' ? Buffer.from(text, 'utf8') : text,
    offset,
    endOfFile,
  }
}

/** Consecutive chunks of one file, each with its byte offset; the last ends the file. */
export function fileChunks(pieces: ReadonlyArray<string | Buffer>, fileIndex = 0): FileChunk[] {
  let offset = 0
  return pieces.map((piece, i) => {
    const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece
    const made = chunk(bytes, i === pieces.length - 1, fileIndex, offset)
    offset += bytes.length
    return made
  })
}

/** A line; its order key is the file index and its byte offset (defaulting to the line number). */
export function logLine(text: string, line = 1, fileIndex = 0, offset = line): LogLine {
  const bytes = Buffer.from(text, 'utf8')
  return {
    path: fileIndex === 0 ? LOG : `${LOG}.${fileIndex}`,
    line,
    order: lineOrder(fileIndex, offset),
    bytes,
    start: 0,
    end: bytes.length,
  }
}

/** A line as tests compare it: its position and decoded text (not the chunk it views). */
export interface LineView {
  readonly path: string
  readonly line: number
  readonly order: number
  readonly text: string
}

export function lineView(line: LogLine): LineView {
  return {path: line.path, line: line.line, order: line.order, text: lineText(line)}
}

export function textLine(text: string, line: number, offset: number, fileIndex = 0): LineView {
  return lineView(logLine(text, line, fileIndex, offset))
}

export function usage(fields: Partial<Usage>): Usage {
  return {...zeroUsage(), ...fields}
}

export interface EventSpec extends Partial<
  Omit<CanonicalEvent, 'usage' | 'usageMask' | 'sec' | 'nanos'>
> {
  /** RFC 3339 timestamp; absent means no parseable timestamp. */
  readonly at?: string
  readonly usage?: Partial<Usage>
}

let nextOrder = 1

/** A canonical event with empty keys and no usage unless the spec says otherwise. */
export function canonical(spec: EventSpec = {}): CanonicalEvent {
  const {at, usage: fields, ...rest} = spec
  const instant = at === undefined ? undefined : parseInstant(at)
  if (at !== undefined && instant === undefined) throw new Error(`bad test timestamp ${at}`)
  const u = fields === undefined ? undefined : usage(fields)
  const order = rest.order ?? nextOrder++
  return {
    path: LOG,
    line: order,
    duplicateKey: `line ${order}`,
    action: '',
    harness: '',
    session: '',
    model: '',
    repository: '',
    message: '',
    runProvider: '',
    runId: '',
    traceId: '',
    spanId: '',
    parentSpanId: '',
    metricName: '',
    cumulative: false,
    ...rest,
    order,
    sec: instant?.sec ?? Number.NaN,
    nanos: instant?.nanos ?? 0,
    usage: u,
    usageMask: u === undefined ? 0 : nonzeroMask(u),
  }
}
