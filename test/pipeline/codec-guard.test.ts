// The compiled guard must accept exactly what the io-ts codec's own guard accepts: checked on
// random values shaped like Beacon events (every declared field, at every depth, with any JSON
// type), and on a few hand-picked ones.
import fc from 'fast-check'
import * as t from 'io-ts'
import {describe, expect, it} from 'vitest'

import {BeaconEvent, GenAiUsage} from '../../src/pipeline/beacon-event.js'
import {compileGuard} from '../../src/pipeline/codec-guard.js'

/** Any JSON value, small. */
const scalar = fc.oneof(
  fc.string({maxLength: 4}),
  fc.integer(),
  fc.double({noNaN: true, noDefaultInfinity: true}),
  fc.constantFrom(null, true, false, 1.5, -3, 0, ''),
)
const json = fc.oneof(scalar, fc.array(scalar, {maxLength: 2}), fc.dictionary(fc.string(), scalar))

/** Objects with the keys a codec declares (some left out), values shaped by the codec or not. */
function shaped(codec: t.Mixed, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 4) return json
  if (codec instanceof t.PartialType) {
    const props = codec.props as t.Props
    const fields = Object.fromEntries(
      Object.entries(props).map(([key, field]) => [key, shaped(field as t.Mixed, depth + 1)]),
    )
    return fc.oneof(
      {weight: 4, arbitrary: fc.record(fields, {requiredKeys: []})},
      {weight: 1, arbitrary: json},
    )
  }
  if (codec instanceof t.UnionType)
    return fc.oneof(...(codec.types as t.Mixed[]).map((member) => shaped(member, depth + 1)), json)
  if (codec instanceof t.RefinementType) return fc.oneof(shaped(codec.type as t.Mixed, depth), json)
  return json
}

describe('compileGuard', () => {
  it('agrees with the codec guard on values shaped like Beacon events', () => {
    const guard = compileGuard(BeaconEvent)
    fc.assert(
      fc.property(shaped(BeaconEvent), (value) => {
        expect(guard(value)).toBe(BeaconEvent.is(value))
      }),
      {numRuns: 3000},
    )
  })

  it('agrees on hand-picked events', () => {
    const guard = compileGuard(BeaconEvent)
    const cases: unknown[] = [
      {},
      [],
      null,
      'x',
      {session: {id: 's1'}, gen_ai: {usage: {input_tokens: 5, cost_usd: 0.1}}},
      {session: {id: 5}},
      {gen_ai: {usage: {input_tokens: 1.5}}},
      {gen_ai: {usage: {cost_usd: Number.POSITIVE_INFINITY}}},
      {gen_ai: {usage: {cache_read: {input_tokens: null}}}},
      {gen_ai: {usage: null}, raw: {attributes: [1, 2]}},
      {raw: {metric_name: 7}},
      {model: null, timestamp: null, trace: {span_id: ['a']}},
    ]
    for (const value of cases) expect(guard(value)).toBe(BeaconEvent.is(value))
    expect(compileGuard(GenAiUsage)({input_tokens: 3})).toBe(true)
  })

  it('falls back to the codec guard for kinds it does not compile', () => {
    const codec = t.partial({flag: t.boolean, tags: t.array(t.string)})
    const guard = compileGuard(codec)
    for (const value of [{flag: true}, {flag: 1}, {tags: ['a']}, {tags: [1]}])
      expect(guard(value)).toBe(codec.is(value))
  })
})
