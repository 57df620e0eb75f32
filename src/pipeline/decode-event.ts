// Decode stage: JSON.parse, then the io-ts codec. A line that is not JSON, not an object, or
// has a wrong type on a field the report reads becomes a MalformedLine (an Either left) with
// the path and reason; the stream goes on.
import * as E from 'fp-ts/lib/Either.js'
import {pipe} from 'fp-ts/lib/function.js'
import type * as t from 'io-ts'
import {map, type OperatorFunction} from 'rxjs'

import {BeaconEvent, NESTED_OBJECTS, TOKEN_COUNT_PATHS} from './beacon-event.js'
import {compileGuard} from './codec-guard.js'
import {findNonIntegerLiteral} from './integer-literals.js'
import {malformed, type SkippedLine} from './skipped-line.js'
import {type LogLine, lineText} from './split-lines.js'

export interface DecodedLine {
  readonly at: LogLine
  readonly event: BeaconEvent
  /** Set on the records of an OTLP line (see expand-otlp); others are keyed by their line. */
  readonly duplicateKey?: string
}

export function decodeEvents(): OperatorFunction<
  E.Either<SkippedLine, LogLine>,
  E.Either<SkippedLine, DecodedLine>
> {
  return map((item) => (E.isLeft(item) ? item : decodeLine(item.right)))
}

export function decodeLine(line: LogLine): E.Either<SkippedLine, DecodedLine> {
  return decodeText(line, lineText(line))
}

/** JSON.parse, dotted keys nested, the io-ts codec, then the integer-literal check. */
export function decodeText(line: LogLine, text: string): E.Either<SkippedLine, DecodedLine> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return E.left(malformed(line, 'not valid JSON'))
  }
  if (!isPlainObject(value)) return E.left(malformed(line, 'not a JSON object'))
  nestDottedKeys(value, '')
  // The codec only checks types (no transformation), so its type guard accepts exactly what
  // decode would, without building a validation context; decode runs only to explain a failure.
  if (!isBeaconEvent(value)) {
    return pipe(
      BeaconEvent.decode(value),
      E.fold(
        (errors) => E.left(malformed(line, describeDecodeErrors(errors))),
        () => E.left(malformed(line, 'does not match the event schema')),
      ),
    )
  }
  const badLiteral = hasTokenCount(value)
    ? findNonIntegerLiteral(text, TOKEN_COUNT_PATHS)
    : undefined
  return badLiteral === undefined
    ? E.right({at: line, event: value})
    : E.left(malformed(line, `${badLiteral}: expected an integer, got a fraction or exponent form`))
}

const isBeaconEvent = compileGuard(BeaconEvent) as (value: unknown) => value is BeaconEvent

function hasTokenCount(event: BeaconEvent): boolean {
  return event.gen_ai?.usage != null
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Rewrites dotted keys (`"session.id": "s1"`) into the nesting the codec declares, only along
 * the codec's own objects. When both spellings are present the nested one wins.
 */
function nestDottedKeys(object: Record<string, unknown>, path: string): void {
  const children = NESTED_CHILDREN.get(path) ?? NO_CHILDREN
  for (const key in object) {
    if (key.includes('.')) {
      nestDotted(object, children)
      break
    }
  }
  for (const {name, path: childPath} of children) {
    const child = object[name]
    if (isPlainObject(child)) nestDottedKeys(child, childPath)
  }
}

function nestDotted(object: Record<string, unknown>, children: readonly NestedChild[]): void {
  for (const key of Object.keys(object)) {
    const dot = key.indexOf('.')
    if (dot === -1) continue
    const head = key.slice(0, dot)
    if (!children.some((child) => child.name === head)) continue
    let child = object[head]
    if (child == null) {
      child = {}
      object[head] = child
    }
    if (!isPlainObject(child)) continue
    const rest = key.slice(dot + 1)
    if (!(rest in child)) child[rest] = object[key]
    delete object[key]
  }
}

interface NestedChild {
  readonly name: string
  /** Its dotted path from the event root. */
  readonly path: string
}

const NO_CHILDREN: readonly NestedChild[] = []

/** Each codec object's child objects, by dotted path ('' is the event). */
const NESTED_CHILDREN = new Map<string, NestedChild[]>()
for (const path of NESTED_OBJECTS) {
  if (path === '') continue
  const dot = path.lastIndexOf('.')
  const parent = dot === -1 ? '' : path.slice(0, dot)
  NESTED_CHILDREN.set(parent, [
    ...(NESTED_CHILDREN.get(parent) ?? []),
    {name: path.slice(dot + 1), path},
  ])
}

/** One line for the first decode error: the dotted path, what was expected and what was found. */
export function describeDecodeErrors(errors: t.Errors): string {
  const first = errors[0]
  if (first === undefined) return 'does not match the event schema'
  const path = first.context
    .map((entry) => entry.key)
    .filter((key) => key !== '' && !/^\d+$/.test(key))
    .join('.')
  const expected = first.context[first.context.length - 1]?.type.name ?? 'a valid value'
  return `${path}: expected ${describeType(expected)}, got ${describeValue(first.value)}`
}

function describeType(name: string): string {
  if (name.includes('Int')) return 'an integer'
  if (name.includes('FiniteNumber')) return 'a finite number'
  if (name.includes('string')) return 'a string'
  if (name.startsWith('Partial') || name.startsWith('{')) return 'an object'
  return name
}

function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 40 ? `${text.slice(0, 37)}...` : text
}
