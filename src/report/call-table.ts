// The calls of §8 in little memory: a call is (harness, session, model, whole second), and its
// size is input + cache read + cache creation. Each (harness, session, model) keeps its calls in
// one growable Float64Array instead of a map entry per call, since calls grow with the log. A
// report's table keeps two numbers a call (second, size); contributions that wait for §5.1
// (report-state.ts) keep four (second, input, cache read, cache creation), because §5.1 may still
// zero some of those fields. A contribution joins the entry of its second among the group's last
// few entries; one to an older second gets an entry of its own, and entries of one second are
// summed when sizes are read, so the figures never depend on order.
import {ALL_FIELDS, FIELD_BIT} from './usage.js'

/** How many of a group's latest entries a contribution may join (logs are nearly in time order). */
const RECENT_ENTRIES = 4
const SIZED = 2 // second, size
const SPLIT = 4 // second, input, cache read, cache creation

export interface CallGroup {
  readonly harness: string
  readonly session: string
  readonly model: string
  /** Numbers an entry: 2 (second, size) or 4 (second, input, cache read, cache creation). */
  readonly stride: typeof SIZED | typeof SPLIT
  entries: Float64Array
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
  return {harness, session, model, stride, entries: new Float64Array(4 * stride), count: 0}
}

/** Adds to the call at `second` (NEGATIVE_INFINITY for events without a timestamp). */
export function addToCallGroup(
  group: CallGroup,
  second: number,
  input: number,
  cacheRead: number,
  cacheCreation: number,
): void {
  if (input === 0 && cacheRead === 0 && cacheCreation === 0) return
  const {stride} = group
  let at = -1
  for (let i = group.count - 1; i >= 0 && i >= group.count - RECENT_ENTRIES; i--) {
    if (group.entries[i * stride] === second) {
      at = i * stride
      break
    }
  }
  if (at === -1) {
    if ((group.count + 1) * stride > group.entries.length) {
      const grown = new Float64Array(Math.ceil(group.entries.length * 1.5 + stride))
      grown.set(group.entries)
      group.entries = grown
    }
    at = group.count++ * stride
    group.entries[at] = second
  }
  const entries = group.entries
  if (stride === SIZED) {
    entries[at + 1] = (entries[at + 1] as number) + input + cacheRead + cacheCreation
    return
  }
  entries[at + 1] = (entries[at + 1] as number) + input
  entries[at + 2] = (entries[at + 2] as number) + cacheRead
  entries[at + 3] = (entries[at + 3] as number) + cacheCreation
}

/** Adds to the call at `second` in a report's table. */
export function addCall(
  calls: CallTable,
  harness: string,
  session: string,
  model: string,
  second: number,
  input: number,
  cacheRead: number,
  cacheCreation: number,
): void {
  if (input === 0 && cacheRead === 0 && cacheCreation === 0) return
  addToCallGroup(groupOf(calls, harness, session, model), second, input, cacheRead, cacheCreation)
}

function callKey(harness: string, session: string, model: string): string {
  return `${harness}\u0000${session}\u0000${model}`
}

function groupOf(calls: CallTable, harness: string, session: string, model: string): CallGroup {
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
  mergeIntoGroup(target ?? groupOf(into, from.harness, from.session, from.model), from, keep)
}

/** Adds every call of `from` into `into` (same keys; a split group only into a split one). */
export function mergeIntoGroup(into: CallGroup, from: CallGroup, keep = ALL_FIELDS): void {
  const {entries, stride} = from
  const keepInput = (keep & FIELD_BIT.input) !== 0
  const keepCacheRead = (keep & FIELD_BIT.cacheRead) !== 0
  const keepCacheCreation = (keep & FIELD_BIT.cacheCreation) !== 0
  for (let at = 0; at < from.count * stride; at += stride) {
    if (stride === SIZED) {
      addToCallGroup(into, entries[at] as number, entries[at + 1] as number, 0, 0)
      continue
    }
    addToCallGroup(
      into,
      entries[at] as number,
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
    const second = entries[at(i)] as number
    let size = 0
    for (; i < count && entries[at(i)] === second; i++) {
      const entry = at(i)
      size +=
        stride === SIZED
          ? (entries[entry + 1] as number)
          : (entries[entry + 1] as number) +
            (entries[entry + 2] as number) +
            (entries[entry + 3] as number)
    }
    visit(second, size)
  }
}
