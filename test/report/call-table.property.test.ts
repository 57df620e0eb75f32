// Property tests of the call tables (§8): whatever the numbers, order and merges, a group reads
// back each second's summed size, the same as a plain map of seconds would; 32-bit entries give
// way to 64-bit ones without changing a figure, and ordinary calls stay 32-bit.
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {
  type CallGroup,
  type CallTable,
  NO_SECOND,
  addToCallGroup,
  callsBySecond,
  mergeCallGroup,
  mergeIntoGroup,
  newCallGroup,
} from '../../src/report/call-table.js'
import {ALL_FIELDS, FIELD_BIT} from '../../src/report/usage.js'

const RUNS = {numRuns: 300}
const NOW = 1_764_720_000 // 2025-12-03T00:00:00Z

interface Contribution {
  readonly second: number
  readonly input: number
  readonly cacheRead: number
  readonly cacheCreation: number
}

/** Seconds as logs have them: mostly close together, sometimes missing or decades apart. */
const second = fc.oneof(
  {weight: 8, arbitrary: fc.integer({min: NOW, max: NOW + 40}).map((s) => s)},
  {weight: 1, arbitrary: fc.constant(NO_SECOND)},
  {weight: 1, arbitrary: fc.constantFrom(-62_135_596_800, 0, NOW + 2 ** 31, 253_402_300_799)},
)
/** Token counts: mostly small, sometimes past 32 bits, fractional or negative (never in a real log). */
const tokens = fc.oneof(
  {weight: 8, arbitrary: fc.integer({min: 0, max: 300_000})},
  {weight: 1, arbitrary: fc.constantFrom(2 ** 32 - 1, 2 ** 32, 2 ** 40, 2 ** 53 - 1)},
  {weight: 1, arbitrary: fc.constantFrom(0.5, -3)},
)
const contribution = fc.record({second, input: tokens, cacheRead: tokens, cacheCreation: tokens})
const ordinary = fc.record({
  second: fc.integer({min: NOW, max: NOW + 86_400 * 365}),
  input: fc.integer({min: 0, max: 1_000_000}),
  cacheRead: fc.integer({min: 0, max: 1_000_000}),
  cacheCreation: fc.integer({min: 0, max: 1_000_000}),
})

/** What a group must read back: each second's size, kept fields only, seconds ascending. */
function expectedCalls(
  contributions: readonly Contribution[],
  keep = ALL_FIELDS,
): Array<[number, number]> {
  const sizes = new Map<number, number>()
  for (const c of contributions) {
    if (c.input === 0 && c.cacheRead === 0 && c.cacheCreation === 0) continue
    const size =
      ((keep & FIELD_BIT.input) !== 0 ? c.input : 0) +
      ((keep & FIELD_BIT.cacheRead) !== 0 ? c.cacheRead : 0) +
      ((keep & FIELD_BIT.cacheCreation) !== 0 ? c.cacheCreation : 0)
    sizes.set(c.second, (sizes.get(c.second) ?? 0) + size)
  }
  return [...sizes].sort((a, b) => a[0] - b[0])
}

function groupOf(contributions: readonly Contribution[], split: boolean): CallGroup {
  const group = newCallGroup('claude_code', 's1', 'claude-sonnet-4-5', split)
  for (const c of contributions)
    addToCallGroup(group, c.second, c.input, c.cacheRead, c.cacheCreation)
  return group
}

/** Sizes summed in another order can differ in the last bit past 2^53: compare what logs hold. */
function exactOnly(contributions: readonly Contribution[]): boolean {
  let total = 0
  for (const c of contributions) total += Math.abs(c.input + c.cacheRead + c.cacheCreation)
  return total <= Number.MAX_SAFE_INTEGER
}

/** Two runs of contributions whose sums are exact whichever is added first. */
const twoParts = fc
  .tuple(fc.array(contribution, {maxLength: 40}), fc.array(contribution, {maxLength: 40}))
  .filter(([first, second]) => exactOnly([...first, ...second]))

describe('call tables', () => {
  it('read back each second summed, in either layout', () => {
    fc.assert(
      fc.property(fc.array(contribution, {maxLength: 60}), fc.boolean(), (contributions, split) => {
        fc.pre(exactOnly(contributions))
        expect(callsBySecond(groupOf(contributions, split))).toEqual(expectedCalls(contributions))
      }),
      RUNS,
    )
  })

  it('merge into a table as if the contributions had been added there', () => {
    fc.assert(
      fc.property(twoParts, ([first, second]) => {
        const table: CallTable = new Map()
        mergeCallGroup(table, groupOf(first, false))
        mergeCallGroup(table, groupOf(second, false))
        expect([...table.values()].map(callsBySecond)).toEqual([
          expectedCalls([...first, ...second]),
        ])
      }),
      RUNS,
    )
  })

  it('zero the fields a keep mask drops when a split group joins a table', () => {
    fc.assert(
      fc.property(
        fc.array(contribution, {maxLength: 40}),
        fc.integer({min: 0, max: 7}),
        (contributions, mask) => {
          fc.pre(exactOnly(contributions))
          const keep = [FIELD_BIT.input, FIELD_BIT.cacheRead, FIELD_BIT.cacheCreation]
            .filter((_, i) => (mask & (1 << i)) !== 0)
            .reduce((a, b) => a | b, 0)
          const table: CallTable = new Map()
          mergeCallGroup(table, groupOf(contributions, true), keep)
          const read = [...table.values()].flatMap(callsBySecond)
          // A zeroed call still has its entry; its size is 0, which utilization skips.
          expect(read.filter(([, size]) => size !== 0)).toEqual(
            expectedCalls(contributions, keep).filter(([, size]) => size !== 0),
          )
        },
      ),
      RUNS,
    )
  })

  it('give the same calls whether a split group merges into a split group or is read directly', () => {
    fc.assert(
      fc.property(twoParts, ([first, second]) => {
        const into = groupOf(first, true)
        mergeIntoGroup(into, groupOf(second, true))
        expect(callsBySecond(into)).toEqual(expectedCalls([...first, ...second]))
      }),
      RUNS,
    )
  })

  it('keep ordinary calls in 32-bit entries: a year of seconds, counts up to millions', () => {
    fc.assert(
      fc.property(
        fc.array(ordinary, {minLength: 1, maxLength: 60}),
        fc.boolean(),
        (calls, split) => {
          const group = groupOf(calls, split)
          expect(group.entries).toBeInstanceOf(Uint32Array)
          expect(callsBySecond(group)).toEqual(expectedCalls(calls))
        },
      ),
      RUNS,
    )
  })

  it('turn 64-bit for good at the first number past 32 bits, keeping every figure', () => {
    const group = newCallGroup('codex_cli', 's2', 'gpt-5', false)
    addToCallGroup(group, NOW, 10, 0, 0)
    addToCallGroup(group, NO_SECOND, 7, 0, 0)
    addToCallGroup(group, NOW + 1, 2 ** 32 - 20, 0, 0)
    expect(group.entries).toBeInstanceOf(Uint32Array)
    addToCallGroup(group, NOW + 1, 25, 0, 0) // the sum passes 2^32 - 1
    expect(group.entries).toBeInstanceOf(Float64Array)
    addToCallGroup(group, NOW - 5, 1, 0, 0)
    expect(callsBySecond(group)).toEqual([
      [NO_SECOND, 7],
      [NOW - 5, 1],
      [NOW, 10],
      [NOW + 1, 2 ** 32 + 5],
    ])
  })
})
