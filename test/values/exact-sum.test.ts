// Exact, order-independent summation of cost figures: the correctly rounded sum of the
// doubles whatever the order, chunking or merge.
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {type ExactSum, addExact, exactValue, mergeExact} from '../../src/values/exact-sum.js'

function sumOf(values: readonly number[]): number {
  const partials: ExactSum = []
  for (const value of values) addExact(partials, value)
  return exactValue(partials)
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]]
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  )
}

describe('exact sums', () => {
  it('is 0 for nothing', () => {
    expect(sumOf([])).toBe(0)
  })

  it('sums 0.1 + 0.2 + 0.3 to 0.6 in every order', () => {
    // The exact sum of the three doubles is 0.60000000000000000555…, whose nearest double is
    // the double 0.6 (naive left-to-right addition gives 0.6000000000000001).
    for (const order of permutations([0.1, 0.2, 0.3])) expect(sumOf(order)).toBe(0.6)
  })

  it('keeps small values next to huge ones that cancel', () => {
    for (const order of permutations([1e100, 1, -1e100])) expect(sumOf(order)).toBe(1)
    for (const order of permutations([1e16, 1, -1e16, 0.01])) expect(sumOf(order)).toBe(1.01)
    // 2^53 + 1 + 1: a naive fold loses each 1 to rounding; the exact sum is 2^53 + 2.
    for (const order of permutations([2 ** 53, 1, 1])) expect(sumOf(order)).toBe(2 ** 53 + 2)
    for (const order of permutations([1e-300, 1e300, -1e300, 1e-300]))
      expect(sumOf(order)).toBe(2e-300)
  })

  it('rounds half to even only on an exact tie', () => {
    // 1 + 2^-53 lies exactly between 1 and 1 + 2^-52: ties go to even (1). Any extra bit
    // beyond decides the direction.
    expect(sumOf([1, 2 ** -53])).toBe(1)
    expect(sumOf([1, 2 ** -53, 2 ** -105])).toBe(1 + 2 ** -52)
    expect(sumOf([1, 2 ** -53, -(2 ** -105)])).toBe(1)
  })

  it('gives the same value merged from any split', () => {
    const values = [0.01873, 0.02291, 0.1, 1e-9, 3.5, 0.2, 0.3, 1e12, -1e12]
    for (let cut = 0; cut <= values.length; cut++) {
      const left: ExactSum = []
      const right: ExactSum = []
      for (const v of values.slice(0, cut)) addExact(left, v)
      for (const v of values.slice(cut)) addExact(right, v)
      mergeExact(left, right)
      expect(exactValue(left)).toBe(sumOf(values))
    }
  })

  it('equals the correctly rounded rational sum, in any order (property)', () => {
    // Dyadic values k / 2^30 with |k| < 2^45: their exact sum is a BigInt over 2^30, and
    // Number(bigint) rounds to nearest, ties to even, like the exact sum must.
    const dyadic = fc
      .integer({min: -(2 ** 45), max: 2 ** 45})
      .chain((k) => fc.integer({min: 0, max: 30}).map((shift) => k / 2 ** shift))
    fc.assert(
      fc.property(fc.array(dyadic, {maxLength: 40}), fc.integer(), (values, seed) => {
        const exact = values.reduce((sum, v) => sum + BigInt(v * 2 ** 30), 0n)
        const expected = Number(exact) / 2 ** 30
        const shuffled = [...values].sort((a, b) => ((a * 31 + seed) % 7) - ((b * 31 + seed) % 7))
        expect(sumOf(values)).toBe(expected)
        expect(sumOf(shuffled)).toBe(expected)
      }),
    )
  })
})
