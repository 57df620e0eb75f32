// The calls of §8 in little memory: a call is (harness, session, model, whole second), and its
// size is input + cache read + cache creation. Each (harness, session, model) keeps its calls in
// one growable typed array instead of a map entry per call, since calls grow with the log. A
// report's table keeps two numbers a call (second, size); contributions that wait for §5.1
// (report-state.ts) keep four (second, input, cache read, cache creation), because §5.1 may still
// zero some of those fields. A contribution joins the entry of its second among the group's last
// few entries; one to an older second gets an entry of its own, and entries of one second are
// summed when sizes are read, so the figures never depend on order.
//
// Entries are 32-bit while they fit, which is nearly always: a second as its offset from the
// group's first timestamped call, token counts as unsigned integers. The first number that does
// not fit (a count of 2^32 or more, a negative or fractional one, seconds 68 years apart) turns
// the group into 64-bit floats for good, so the figures are the same either way.
import {ALL_FIELDS, FIELD_BIT} from './usage.js'

/** How many of a group's latest entries a contribution may join (logs are nearly in time order). */
const RECENT_ENTRIES = 4
const SIZED = 2 // second, size
const SPLIT = 4 // second, input, cache read, cache creation

/** Calls without a parseable timestamp share one slot per (harness, session, model). */
export const NO_SECOND = Number.NEGATIVE_INFINITY
/** A 32-bit entry's second: 0 for NO_SECOND, else the offset from `base` plus this bias. */
const NO_SECOND_CODE = 0
const SECOND_BIAS = 2 ** 31
const MAX_UINT32 = 2 ** 32 - 1

export interface CallGroup {
  readonly harness: string
  readonly session: string
  readonly model: string
  /** Numbers an entry: 2 (second, size) or 4 (second, input, cache read, cache creation). */
  readonly stride: typeof SIZED | typeof SPLIT
  /** 32-bit entries (seconds relative to `base`) until a number does not fit, then 64-bit ones. */
  entries: Uint32Array | Float64Array
  /** The second 32-bit entries count from: the group's first timestamped call (NaN before). */
  base: number
  count: number
}

export type CallTable = Map<string, CallGroup>

/** A group that keeps the three fields apart (`split`) or only their sum. */
export function newCallGroup(
  harness: string,
  session: string,
  model: string,
  split: boolean,
): CallGroup {
  const stride = split ? SPLIT : SIZED
  return {
    harness,
    session,
    model,
    stride,
    entries: new Uint32Array(4 * stride),
    base: Number.NaN,
    count: 0,
  }
}

/** Adds to the call at `second` (NO_SECOND for events without a timestamp). */
export function addToCallGroup(
  group: CallGroup,
  second: number,
  input: number,
  cacheRead: number,
  cacheCreation: number,
): void {
  if (input === 0 && cacheRead === 0 && cacheCreation === 0) return
  const at = entryOf(group, second)
  if (group.stride === SIZED) {
    addAt(group, at + 1, input + cacheRead + cacheCreation)
    return
  }
  addAt(group, at + 1, input)
  addAt(group, at + 2, cacheRead)
  addAt(group, at + 3, cacheCreation)
}

/** The index of the entry of `second` among the group's latest ones, or of a new one. */
function entryOf(group: CallGroup, second: number): number {
  let code = second
  if (group.entries instanceof Uint32Array) {
    const narrow = narrowSecond(group, second)
    if (narrow === undefined) widen(group)
    else code = narrow
  }
  const {stride, count} = group
  for (let i = count - 1; i >= 0 && i >= count - RECENT_ENTRIES; i--) {
    if (group.entries[i * stride] === code) return i * stride
  }
  if ((count + 1) * stride > group.entries.length) {
    const length = Math.ceil(group.entries.length * 1.5 + stride)
    const grown =
      group.entries instanceof Uint32Array ? new Uint32Array(length) : new Float64Array(length)
    grown.set(group.entries)
    group.entries = grown
  }
  const at = group.count++ * stride
  group.entries[at] = code
  return at
}

function addAt(group: CallGroup, index: number, value: number): void {
  if (value === 0) return
  const sum = (group.entries[index] as number) + value
  if (group.entries instanceof Uint32Array && !fitsUint32(sum)) widen(group)
  group.entries[index] = sum
}

function fitsUint32(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= MAX_UINT32
}

/** The 32-bit code of `second`, or undefined when it does not fit. */
function narrowSecond(group: CallGroup, second: number): number | undefined {
  if (second === NO_SECOND) return NO_SECOND_CODE
  if (!Number.isInteger(second)) return undefined
  if (Number.isNaN(group.base)) group.base = second
  const code = second - group.base + SECOND_BIAS
  return code > NO_SECOND_CODE && code <= MAX_UINT32 ? code : undefined
}

/** The second an entry's first number stands for. */
function secondOf(group: CallGroup, code: number): number {
  if (group.entries instanceof Float64Array) return code
  return code === NO_SECOND_CODE ? NO_SECOND : code - SECOND_BIAS + group.base
}

/** Turns a group's entries into 64-bit floats, seconds included. */
function widen(group: CallGroup): void {
  const {entries, stride} = group
  const wide = new Float64Array(entries.length)
  for (let at = 0; at < group.count * stride; at += stride) {
    wide[at] = secondOf(group, entries[at] as number)
    for (let k = 1; k < stride; k++) wide[at + k] = entries[at + k] as number
  }
  group.entries = wide
}

function callKey(harness: string, session: string, model: string): string {
  return `${harness}\u0000${session}\u0000${model}`
}

/** The group of (harness, session, model) in a report's table, made on first use. */
export function callGroupOf(
  calls: CallTable,
  harness: string,
  session: string,
  model: string,
): CallGroup {
  const key = callKey(harness, session, model)
  let group = calls.get(key)
  if (group === undefined) {
    group = newCallGroup(harness, session, model, false)
    calls.set(key, group)
  }
  return group
}

/**
 * Adds a group's calls into a report's table. A split group's input, cache read and cache
 * creation are kept or zeroed by the `keep` mask (§5.1); a sized group's are all kept.
 */
export function mergeCallGroup(into: CallTable, from: CallGroup, keep = ALL_FIELDS): void {
  const key = callKey(from.harness, from.session, from.model)
  const target = into.get(key)
  if (target === undefined && from.stride === SIZED) {
    // A copy of the right size at once: growing entry by entry would leave garbage behind.
    into.set(key, {...from, entries: from.entries.slice(0, from.count * SIZED)})
    return
  }
  mergeIntoGroup(target ?? callGroupOf(into, from.harness, from.session, from.model), from, keep)
}

/** Adds every call of `from` into `into` (same keys; a split group only into a split one). */
export function mergeIntoGroup(into: CallGroup, from: CallGroup, keep = ALL_FIELDS): void {
  const {entries, stride} = from
  const keepInput = (keep & FIELD_BIT.input) !== 0
  const keepCacheRead = (keep & FIELD_BIT.cacheRead) !== 0
  const keepCacheCreation = (keep & FIELD_BIT.cacheCreation) !== 0
  for (let at = 0; at < from.count * stride; at += stride) {
    const second = secondOf(from, entries[at] as number)
    if (stride === SIZED) {
      addToCallGroup(into, second, entries[at + 1] as number, 0, 0)
      continue
    }
    addToCallGroup(
      into,
      second,
      keepInput ? (entries[at + 1] as number) : 0,
      keepCacheRead ? (entries[at + 2] as number) : 0,
      keepCacheCreation ? (entries[at + 3] as number) : 0,
    )
  }
}

/** Each second's call and its size (input + cache read + cache creation), in time order. */
export function callsBySecond(group: CallGroup): Array<[second: number, size: number]> {
  const calls: Array<[number, number]> = []
  forEachCall(group, (second, size) => calls.push([second, size]))
  return calls
}

/** Visits each second's call in time order, its entries summed. */
export function forEachCall(group: CallGroup, visit: (second: number, size: number) => void): void {
  const {entries, stride, count} = group
  // Entries are almost always in time order already; sort an index only when they are not.
  // (A 32-bit entry's second code orders as its second does.)
  let sorted = true
  for (let i = 1; i < count && sorted; i++)
    sorted = (entries[(i - 1) * stride] as number) <= (entries[i * stride] as number)
  let order: Uint32Array | undefined
  if (!sorted) {
    order = new Uint32Array(count)
    for (let i = 0; i < count; i++) order[i] = i
    order.sort((a, b) => (entries[a * stride] as number) - (entries[b * stride] as number) || a - b)
  }
  const at = (i: number): number => (order === undefined ? i : (order[i] as number)) * stride
  let i = 0
  while (i < count) {
    const code = entries[at(i)] as number
    let size = 0
    for (; i < count && entries[at(i)] === code; i++) {
      const entry = at(i)
      size +=
        stride === SIZED
          ? (entries[entry + 1] as number)
          : (entries[entry + 1] as number) +
            (entries[entry + 2] as number) +
            (entries[entry + 3] as number)
    }
    visit(secondOf(group, code), size)
  }
}
