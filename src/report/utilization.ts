// Context-window utilization (§8): per model, the calls' sizes (input + cache read + cache
// creation), the largest, and against the model's window the max and p95 (nearest rank) ratios
// and the calls at or above 80%.
import {type CallGroup, forEachCall} from './call-table.js'
import {type ContextWindowTable, contextWindow} from './context-windows.js'

export interface UtilizationRow {
  readonly model: string
  readonly contextWindow?: number
  readonly calls: number
  readonly maxInputTokens: number
  readonly maxRatio?: number
  readonly p95Ratio?: number
  readonly nearLimitCalls?: number
}

export const NEAR_LIMIT_RATIO = 0.8

export function utilization(
  calls: Iterable<CallGroup>,
  table?: ContextWindowTable,
): UtilizationRow[] {
  // One exactly sized array of sizes per model (a group's entries bound its calls): a big log
  // has hundreds of thousands of calls, and growing arrays would leave garbage behind.
  const groupsByModel = new Map<string, CallGroup[]>()
  for (const group of calls) {
    const groups = groupsByModel.get(group.model)
    if (groups === undefined) groupsByModel.set(group.model, [group])
    else groups.push(group)
  }
  const rows: UtilizationRow[] = []
  for (const [model, groups] of groupsByModel) {
    const all = new Float64Array(groups.reduce((n, group) => n + group.count, 0))
    let n = 0
    for (const group of groups)
      forEachCall(group, (_second, size) => {
        if (size !== 0) all[n++] = size
      })
    if (n === 0) continue
    const sizes = all.subarray(0, n).sort()
    const max = sizes[sizes.length - 1] as number
    const window = contextWindow(model, table)
    if (window === undefined) {
      rows.push({model, calls: sizes.length, maxInputTokens: max})
      continue
    }
    const rank = Math.min(
      Math.max(Math.floor(sizes.length * 0.95 + 0.999999) - 1, 0),
      sizes.length - 1,
    )
    rows.push({
      model,
      contextWindow: window,
      calls: sizes.length,
      maxInputTokens: max,
      maxRatio: max / window,
      p95Ratio: (sizes[rank] as number) / window,
      nearLimitCalls: countFrom(sizes, (size) => size / window >= NEAR_LIMIT_RATIO),
    })
  }
  return rows.sort((a, b) => {
    const ra = a.maxRatio ?? -Infinity
    const rb = b.maxRatio ?? -Infinity
    if (ra !== rb) return rb - ra
    return compareKeys(a.model, b.model)
  })
}

/** How many of the ascending `sizes` pass `test`, which once true stays true. */
function countFrom(sizes: Float64Array, test: (size: number) => boolean): number {
  let first = sizes.length
  while (first > 0 && test(sizes[first - 1] as number)) first--
  return sizes.length - first
}

/** Code-point order (not UTF-16 unit or locale order), as §7 asks for ties. */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i)
    const cb = b.charCodeAt(i)
    if (ca !== cb) return codePointRank(ca) - codePointRank(cb)
  }
  return a.length - b.length
}

/** Surrogates (astral code points) sort after U+E000-U+FFFF. */
function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000
  if (unit >= 0xe000) return unit - 0x800
  return unit
}
