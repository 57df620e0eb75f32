// The calls of §8 in little memory: a call is (harness, session, model, whole second), and its
// size needs only the summed input, cache read and cache creation. Each (harness, session,
// model) keeps its calls in one growable Float64Array, four numbers a call, instead of a map
// entry per call: calls grow with the log, so their bytes count. A small map finds the recent
// calls to add to; a contribution to an older second simply gets a second entry, and entries
// of the same second are summed when the sizes are read, so the figures never depend on order.

const STRIDE = 4 // second, input, cache read, cache creation
const RECENT_CALLS = 4

export interface CallGroup {
  readonly harness: string
  readonly session: string
  readonly model: string
  entries: Float64Array
  count: number
  /** Second → entry index, for the latest seconds only. */
  readonly recent: Map<number, number>
}

export type CallTable = Map<string, CallGroup>

/** Adds to the call at `second` (NEGATIVE_INFINITY for events without a timestamp). */
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
  const key = `${harness}\u0000${session}\u0000${model}`
  let group = calls.get(key)
  if (group === undefined) {
    group = {
      harness,
      session,
      model,
      entries: new Float64Array(4 * STRIDE),
      count: 0,
      recent: new Map(),
    }
    calls.set(key, group)
  }
  let index = group.recent.get(second)
  if (index === undefined) {
    if ((group.count + 1) * STRIDE > group.entries.length) {
      const grown = new Float64Array(group.entries.length * 2)
      grown.set(group.entries)
      group.entries = grown
    }
    index = group.count++
    group.entries[index * STRIDE] = second
    if (group.recent.size >= RECENT_CALLS) group.recent.clear()
    group.recent.set(second, index)
  }
  const at = index * STRIDE
  const entries = group.entries
  entries[at + 1] = (entries[at + 1] as number) + input
  entries[at + 2] = (entries[at + 2] as number) + cacheRead
  entries[at + 3] = (entries[at + 3] as number) + cacheCreation
}

/** Adds every call of `from` into `into`, with input / cache read / cache creation kept or zeroed. */
export function mergeCalls(
  into: CallTable,
  from: CallTable,
  keepInput: boolean,
  keepCacheRead: boolean,
  keepCacheCreation: boolean,
): void {
  for (const group of from.values()) {
    const entries = group.entries
    for (let at = 0; at < group.count * STRIDE; at += STRIDE) {
      addCall(
        into,
        group.harness,
        group.session,
        group.model,
        entries[at] as number,
        keepInput ? (entries[at + 1] as number) : 0,
        keepCacheRead ? (entries[at + 2] as number) : 0,
        keepCacheCreation ? (entries[at + 3] as number) : 0,
      )
    }
  }
}

/** Each second's call and its size (input + cache read + cache creation), in time order. */
export function callsBySecond(group: CallGroup): Array<[second: number, size: number]> {
  const order = Array.from({length: group.count}, (_, i) => i)
  const entries = group.entries
  order.sort((a, b) => (entries[a * STRIDE] as number) - (entries[b * STRIDE] as number) || a - b)
  const calls: Array<[number, number]> = []
  let i = 0
  while (i < order.length) {
    const second = entries[(order[i] as number) * STRIDE] as number
    let size = 0
    while (i < order.length && entries[(order[i] as number) * STRIDE] === second) {
      const at = (order[i] as number) * STRIDE
      size +=
        (entries[at + 1] as number) + (entries[at + 2] as number) + (entries[at + 3] as number)
      i++
    }
    calls.push([second, size])
  }
  return calls
}

/** The sizes of a group's calls; calls of size 0 are left out (§8). */
export function callSizes(group: CallGroup): number[] {
  return callsBySecond(group)
    .map(([, size]) => size)
    .filter((size) => size !== 0)
}
