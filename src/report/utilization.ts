// Context-window utilization (§8): per model, the calls' sizes (input + cache read + cache
// creation), the largest, and against the model's window the max and p95 (nearest rank) ratios
// and the calls at or above 80%.
import {type CallGroup, callSizes} from './call-table.js'
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
  const sizesByModel = new Map<string, number[]>()
  for (const group of calls) {
    let sizes = sizesByModel.get(group.model)
    if (sizes === undefined) {
      sizes = []
      sizesByModel.set(group.model, sizes)
    }
    for (const size of callSizes(group)) sizes.push(size)
  }
  const rows: UtilizationRow[] = []
  for (const [model, sizes] of sizesByModel) {
    if (sizes.length === 0) continue
    sizes.sort((a, b) => a - b)
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
      nearLimitCalls: sizes.filter((size) => size / window >= NEAR_LIMIT_RATIO).length,
    })
  }
  return rows.sort((a, b) => {
    const ra = a.maxRatio ?? -Infinity
    const rb = b.maxRatio ?? -Infinity
    if (ra !== rb) return rb - ra
    return compareKeys(a.model, b.model)
  })
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
