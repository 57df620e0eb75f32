// Builders for unit tests: log lines, file chunks and canonical events shaped like what the
// pipeline stages hand each other, so tests name only the fields they are about.
import {type Usage, nonzeroMask, zeroUsage} from '../../src/report/usage.js'
import type {FileChunk} from '../../src/pipeline/read-log-files.js'
import {lineOrder} from '../../src/pipeline/skipped-line.js'
import type {LogLine} from '../../src/pipeline/split-lines.js'
import type {CanonicalEvent} from '../../src/runtimes/canonical-event.js'
import {parseInstant} from '../../src/values/instant.js'

export const LOG = 'runtime.jsonl'

export function chunk(text: string | Buffer, endOfFile = false, fileIndex = 0): FileChunk {
  return {
    fileIndex,
    path: fileIndex === 0 ? LOG : `${LOG}.${fileIndex}`,
    bytes: typeof text === 'string' ? Buffer.from(text, 'utf8') : text,
    endOfFile,
  }
}

export function logLine(text: string, line = 1, fileIndex = 0): LogLine {
  return {
    path: fileIndex === 0 ? LOG : `${LOG}.${fileIndex}`,
    line,
    order: lineOrder(fileIndex, line),
    text,
  }
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
    text: `line ${order}`,
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
