// Decode stage: JSON.parse, then the io-ts codec. A line that is not JSON, not an object, or
// has a wrong type on a field the report reads becomes a MalformedLine (an Either left) with
// the path and reason; the stream goes on.
import * as E from 'fp-ts/lib/Either.js'
import {pipe} from 'fp-ts/lib/function.js'
import type * as t from 'io-ts'
import {map, type OperatorFunction} from 'rxjs'

import {BeaconEvent, NESTED_OBJECTS, TOKEN_COUNT_PATHS} from './beacon-event.js'
import {findNonIntegerLiteral} from './integer-literals.js'
import {malformed, type SkippedLine} from './skipped-line.js'
import type {LogLine} from './split-lines.js'

export interface DecodedLine {
  readonly at: LogLine
  readonly event: BeaconEvent
  /** Position among the events expanded from one OTLP line (expand-otlp.ts); absent otherwise. */
  readonly sub?: number
}

export function decodeEvents(): OperatorFunction<
  E.Either<SkippedLine, LogLine>,
  E.Either<SkippedLine, DecodedLine>
> {
  return map((item) => (E.isLeft(item) ? item : decodeLine(item.right)))
}

export function decodeLine(line: LogLine): E.Either<SkippedLine, DecodedLine> {
  return pipe(
    E.tryCatch(
      () => JSON.parse(line.text) as unknown,
      () => malformed(line, 'not valid JSON'),
    ),
    E.chain((value) =>
      isPlainObject(value) ? E.right(value) : E.left(malformed(line, 'not a JSON object')),
    ),
    E.chain((object) => {
      nestDottedKeys(object, '')
      return pipe(
        BeaconEvent.decode(object),
        E.mapLeft((errors) => malformed(line, describeDecodeErrors(errors))),
      )
    }),
    E.chain((event) => {
      const badLiteral = hasTokenCount(event)
        ? findNonIntegerLiteral(line.text, TOKEN_COUNT_PATHS)
        : undefined
      return badLiteral === undefined
        ? E.right({at: line, event})
        : E.left(
            malformed(line, `${badLiteral}: expected an integer, got a fraction or exponent form`),
          )
    }),
  )
}

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
  for (const key in object) {
    const dot = key.indexOf('.')
    if (dot === -1) continue
    const head = key.slice(0, dot)
    const headPath = path === '' ? head : `${path}.${head}`
    if (!NESTED_OBJECTS.has(headPath)) continue
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
  for (const key in object) {
    const childPath = path === '' ? key : `${path}.${key}`
    const child = object[key]
    if (NESTED_OBJECTS.has(childPath) && isPlainObject(child)) nestDottedKeys(child, childPath)
  }
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
