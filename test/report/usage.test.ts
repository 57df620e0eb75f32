// Usage fields, masks and sums (§5): the nonzero-field mask, §5.2's field order, keep masks
// (§5.1 zeroing) and total_tokens without reasoning.
import {describe, expect, it} from 'vitest'

import {
  ALL_FIELDS,
  FIELD_BIT,
  addUsage,
  emptySum,
  figures,
  firstField,
  keepFields,
  mergeSum,
  nonzeroMask,
  totalTokens,
} from '../../src/report/usage.js'
import {usage} from '../support/events.js'

describe('usage masks', () => {
  it('has one bit per field and no bits for no usage', () => {
    expect(nonzeroMask(usage({}))).toBe(0)
    expect(nonzeroMask(usage({input: 1, reasoning: 2}))).toBe(FIELD_BIT.input | FIELD_BIT.reasoning)
    expect(nonzeroMask(usage({cost: 0.001}))).toBe(FIELD_BIT.cost)
    expect(
      nonzeroMask(
        usage({cost: 1, input: 1, output: 1, cacheRead: 1, cacheCreation: 1, reasoning: 1}),
      ),
    ).toBe(ALL_FIELDS)
  })

  it('picks a cumulative value in the order cost, input, output, cache read, cache creation, reasoning', () => {
    expect(firstField(ALL_FIELDS)).toBe('cost')
    expect(firstField(ALL_FIELDS & ~FIELD_BIT.cost)).toBe('input')
    expect(firstField(FIELD_BIT.reasoning | FIELD_BIT.output)).toBe('output')
    expect(firstField(FIELD_BIT.reasoning | FIELD_BIT.cacheCreation)).toBe('cacheCreation')
    expect(firstField(FIELD_BIT.reasoning | FIELD_BIT.cacheRead)).toBe('cacheRead')
    expect(firstField(FIELD_BIT.reasoning)).toBe('reasoning')
    expect(firstField(0)).toBeUndefined()
  })

  it('zeroes the fields outside a keep mask', () => {
    const u = usage({cost: 0.5, input: 1, output: 2, cacheRead: 3, cacheCreation: 4, reasoning: 5})
    expect(keepFields(u, FIELD_BIT.cost | FIELD_BIT.reasoning)).toEqual(
      usage({cost: 0.5, reasoning: 5}),
    )
    expect(keepFields(u, ALL_FIELDS)).toEqual(u)
  })
})

describe('usage sums', () => {
  it('counts total_tokens as input + output + cache read + cache creation, not reasoning', () => {
    const sum = emptySum()
    addUsage(
      sum,
      usage({input: 1, output: 20, cacheRead: 300, cacheCreation: 4000, reasoning: 50000}),
    )
    expect(totalTokens(sum)).toBe(4321)
    expect(figures(sum)).toEqual({
      input: 1,
      output: 20,
      cacheRead: 300,
      cacheCreation: 4000,
      reasoning: 50000,
      cost: 0,
      events: 1,
      totalTokens: 4321,
    })
  })

  it('merges with a keep mask: dropped fields count as zero, events still count', () => {
    const from = emptySum()
    addUsage(from, usage({input: 10, output: 5, cost: 0.25}))
    addUsage(from, usage({input: 1, reasoning: 2}))
    const into = emptySum()
    addUsage(into, usage({output: 100, cost: 0.5}))
    mergeSum(into, from, FIELD_BIT.input | FIELD_BIT.reasoning)
    expect(figures(into)).toMatchObject({
      input: 11,
      output: 100,
      reasoning: 2,
      cost: 0.5,
      events: 3,
    })
  })

  it('keeps token sums exact up to 2^53', () => {
    const sum = emptySum()
    addUsage(sum, usage({input: 2 ** 52}))
    addUsage(sum, usage({input: 2 ** 52 - 1}))
    expect(figures(sum).input).toBe(2 ** 53 - 1)
  })

  it('sums cost exactly: 0.1 + 0.2 + 0.3 is 0.6', () => {
    const sum = emptySum()
    for (const cost of [0.1, 0.2, 0.3]) addUsage(sum, usage({cost}))
    expect(figures(sum).cost).toBe(0.6)
  })
})
