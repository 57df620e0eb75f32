// Canonical usage: the six figures every runtime is normalized to, their bit masks, and
// exact sums of them. Token counts are integers (exact to 2^53); cost is summed exactly.
import {addExact, type ExactSum, exactValue, mergeExact} from '../values/exact-sum.js'

/** The six usage fields, in the order §5.2 picks a cumulative event's value from. */
export const USAGE_FIELDS = [
  'cost',
  'input',
  'output',
  'cacheRead',
  'cacheCreation',
  'reasoning',
] as const
export type UsageField = (typeof USAGE_FIELDS)[number]

/** One event's usage (a contribution): plain numbers. */
export type Usage = Record<UsageField, number>

export const FIELD_BIT: Record<UsageField, number> = {
  cost: 1,
  input: 2,
  output: 4,
  cacheRead: 8,
  cacheCreation: 16,
  reasoning: 32,
}
export const ALL_FIELDS = 63

export function zeroUsage(): Usage {
  return {cost: 0, input: 0, output: 0, cacheRead: 0, cacheCreation: 0, reasoning: 0}
}

/** Bit mask of the fields that are nonzero; 0 means the event carries no usage. */
export function nonzeroMask(u: Usage): number {
  let mask = 0
  if (u.cost !== 0) mask |= 1
  if (u.input !== 0) mask |= 2
  if (u.output !== 0) mask |= 4
  if (u.cacheRead !== 0) mask |= 8
  if (u.cacheCreation !== 0) mask |= 16
  if (u.reasoning !== 0) mask |= 32
  return mask
}

/** The first field of a mask in §5.2 order (cost, input, output, cache read, cache creation, reasoning). */
export function firstField(mask: number): UsageField | undefined {
  for (const field of USAGE_FIELDS) if ((mask & FIELD_BIT[field]) !== 0) return field
  return undefined
}

/** A running total of contributions. */
export interface UsageSum {
  input: number
  output: number
  cacheRead: number
  cacheCreation: number
  reasoning: number
  cost: ExactSum
  events: number
}

export function emptySum(): UsageSum {
  return {input: 0, output: 0, cacheRead: 0, cacheCreation: 0, reasoning: 0, cost: [], events: 0}
}

export function addUsage(sum: UsageSum, u: Usage): void {
  sum.input += u.input
  sum.output += u.output
  sum.cacheRead += u.cacheRead
  sum.cacheCreation += u.cacheCreation
  sum.reasoning += u.reasoning
  if (u.cost !== 0) addExact(sum.cost, u.cost)
  sum.events += 1
}

/** Adds `from` into `into`, keeping only the fields in `keep` (the others count as zero). */
export function mergeSum(into: UsageSum, from: UsageSum, keep = ALL_FIELDS): void {
  if (keep & FIELD_BIT.input) into.input += from.input
  if (keep & FIELD_BIT.output) into.output += from.output
  if (keep & FIELD_BIT.cacheRead) into.cacheRead += from.cacheRead
  if (keep & FIELD_BIT.cacheCreation) into.cacheCreation += from.cacheCreation
  if (keep & FIELD_BIT.reasoning) into.reasoning += from.reasoning
  if (keep & FIELD_BIT.cost) mergeExact(into.cost, from.cost)
  into.events += from.events
}

export function keepFields(u: Usage, keep: number): Usage {
  if (keep === ALL_FIELDS) return u
  return {
    cost: keep & FIELD_BIT.cost ? u.cost : 0,
    input: keep & FIELD_BIT.input ? u.input : 0,
    output: keep & FIELD_BIT.output ? u.output : 0,
    cacheRead: keep & FIELD_BIT.cacheRead ? u.cacheRead : 0,
    cacheCreation: keep & FIELD_BIT.cacheCreation ? u.cacheCreation : 0,
    reasoning: keep & FIELD_BIT.reasoning ? u.reasoning : 0,
  }
}

/** input + output + cache read + cache creation; reasoning is inside output already. */
export function totalTokens(sum: UsageSum): number {
  return sum.input + sum.output + sum.cacheRead + sum.cacheCreation
}

/** The figures of a finished sum, as plain numbers. */
export interface UsageFigures {
  input: number
  output: number
  cacheRead: number
  cacheCreation: number
  reasoning: number
  cost: number
  events: number
  totalTokens: number
}

export function figures(sum: UsageSum): UsageFigures {
  return {
    input: sum.input,
    output: sum.output,
    cacheRead: sum.cacheRead,
    cacheCreation: sum.cacheCreation,
    reasoning: sum.reasoning,
    cost: exactValue(sum.cost),
    events: sum.events,
    totalTokens: totalTokens(sum),
  }
}
