// What `beacon token-usage --json` must say about a generated log, worked out by the generator
// from the events it wrote (SPEC §5–§7), independently of the CLI's code. It covers the figures
// that matter for correctness on big files: totals, the counts, and every grouping.
//
// Only what the generator emits is modelled: canonical harness names, untrimmed-free keys, usage
// lines that are unique unless deliberately duplicated, cumulative series only in scopes that
// never report usage on the log/span channel, and lines already in chronological order.

const FIELDS = ['cost', 'input', 'output', 'cacheRead', 'cacheCreation', 'reasoning']
const BIT = {cost: 1, input: 2, output: 4, cacheRead: 8, cacheCreation: 16, reasoning: 32}

// Costs are summed exactly as integers in units of 2^-200 USD, then rounded once to the nearest
// double: that is the correctly rounded exact sum the report promises (README, "Cost sums are
// exact"). Every cost the generator writes is far above 2^-148, so the scaling is exact.
const COST_SCALE_BITS = 200n
const COST_UNIT = Math.pow(2, -200)
const view = new DataView(new ArrayBuffer(8))

export function costToScaled(x) {
  if (x === 0) return 0n
  view.setFloat64(0, x)
  const hi = view.getUint32(0)
  const lo = view.getUint32(4)
  const sign = hi >>> 31 ? -1n : 1n
  const exp = (hi >>> 20) & 0x7ff
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo)
  let e
  if (exp === 0) e = -1074n
  else {
    mant |= 1n << 52n
    e = BigInt(exp) - 1075n
  }
  const shift = e + COST_SCALE_BITS
  if (shift < 0n) throw new Error(`cost ${x} is too small for the exact-sum scale`)
  return sign * (mant << shift)
}

export function scaledToCost(s) {
  return Number(s) * COST_UNIT
}

export function maskOf(u) {
  let m = 0
  for (const f of FIELDS) if (u[f] !== 0) m |= BIT[f]
  return m
}

function emptySum() {
  return {input: 0, output: 0, cacheRead: 0, cacheCreation: 0, reasoning: 0, cost: 0n, events: 0}
}

function addInto(sum, u, scaledCost, events) {
  sum.input += u.input
  sum.output += u.output
  sum.cacheRead += u.cacheRead
  sum.cacheCreation += u.cacheCreation
  sum.reasoning += u.reasoning
  sum.cost += scaledCost
  sum.events += events
}

function usageJson(sum) {
  return {
    input_tokens: sum.input,
    output_tokens: sum.output,
    cache_read_input_tokens: sum.cacheRead,
    cache_creation_input_tokens: sum.cacheCreation,
    reasoning_output_tokens: sum.reasoning,
    cost_usd: scaledToCost(sum.cost),
    events: sum.events,
  }
}

const GROUPINGS = ['by_model', 'by_session', 'by_harness', 'by_repository', 'by_run']

export class ExpectedReport {
  constructor() {
    this.totalEvents = 0
    this.eventsWithUsage = 0
    this.malformedLines = 0
    this.duplicateLines = 0
    this.blankLines = 0
    this.totals = emptySum()
    this.groups = Object.fromEntries(GROUPINGS.map((g) => [g, new Map()]))
    /** scope → fields the log/span channel reported nonzero (§5.1). */
    this.logMask = new Map()
    /** scope → Map(key → {event, sum}) of metric-channel contributions waiting for §5.1. */
    this.pending = new Map()
    /** cumulative series → previous value (§5.2). */
    this.previous = new Map()
    this.cumulativeScopes = new Set()
  }

  malformed() {
    this.malformedLines++
  }

  duplicate() {
    this.duplicateLines++
  }

  blank() {
    this.blankLines++
  }

  /**
   * One valid event as written. `usage` is undefined for events without counted usage (including
   * datapoints the runtime ignores, like Codex `total`).
   * ev: {harness, session, model, repository, run, metricName, cumulative, usage}
   */
  event(ev) {
    this.totalEvents++
    if (ev.usage === undefined) return
    const mask = maskOf(ev.usage)
    if (mask === 0) return
    const scope = `${ev.harness}\u0000${ev.session}`
    if (ev.metricName === '') {
      this.logMask.set(scope, (this.logMask.get(scope) ?? 0) | mask)
      this.contribute(ev, ev.usage, costToScaled(ev.usage.cost), 1)
      return
    }
    let usage = ev.usage
    if (ev.cumulative) {
      this.cumulativeScopes.add(scope)
      const field = FIELDS.find((f) => usage[f] !== 0)
      const series = `${scope}\u0000${ev.model}\u0000${ev.metricName}\u0000${field}`
      const value = usage[field]
      const diff = value - (this.previous.get(series) ?? 0)
      this.previous.set(series, value)
      usage = {cost: 0, input: 0, output: 0, cacheRead: 0, cacheCreation: 0, reasoning: 0}
      usage[field] = diff < 0 ? value : diff
    }
    let waiting = this.pending.get(scope)
    if (waiting === undefined) {
      waiting = new Map()
      this.pending.set(scope, waiting)
    }
    const key = `${mask}\u0000${ev.model}\u0000${ev.repository}\u0000${ev.run}`
    let entry = waiting.get(key)
    if (entry === undefined) {
      entry = {mask, ev, sum: emptySum()}
      waiting.set(key, entry)
    }
    addInto(entry.sum, usage, costToScaled(usage.cost), 1)
  }

  contribute(ev, usage, scaledCost, events) {
    this.eventsWithUsage += events
    addInto(this.totals, usage, scaledCost, events)
    const keys = {
      by_model: ev.model,
      by_session: ev.session,
      by_harness: ev.harness,
      by_repository: ev.repository,
      by_run: ev.run,
    }
    for (const g of GROUPINGS) {
      const key = keys[g]
      if (key === '') continue
      let sum = this.groups[g].get(key)
      if (sum === undefined) {
        sum = emptySum()
        this.groups[g].set(key, sum)
      }
      addInto(sum, usage, scaledCost, events)
    }
  }

  /** Applies §5.1 to the waiting metric contributions; call once, after the last line. */
  finish() {
    for (const [scope, waiting] of this.pending) {
      const zeroed = this.logMask.get(scope) ?? 0
      if (zeroed !== 0 && this.cumulativeScopes.has(scope))
        throw new Error('generator bug: cumulative series in a scope with log-channel usage')
      for (const {mask, ev, sum} of waiting.values()) {
        if ((mask & ~zeroed) === 0) continue
        const kept = {
          input: zeroed & BIT.input ? 0 : sum.input,
          output: zeroed & BIT.output ? 0 : sum.output,
          cacheRead: zeroed & BIT.cacheRead ? 0 : sum.cacheRead,
          cacheCreation: zeroed & BIT.cacheCreation ? 0 : sum.cacheCreation,
          reasoning: zeroed & BIT.reasoning ? 0 : sum.reasoning,
        }
        this.contribute(ev, kept, zeroed & BIT.cost ? 0n : sum.cost, sum.events)
      }
    }
    this.pending.clear()
  }

  toJson() {
    const doc = {totals: usageJson(this.totals)}
    for (const g of GROUPINGS) {
      const rows = [...this.groups[g]].map(([key, sum]) => ({key, usage: usageJson(sum)}))
      const total = (r) =>
        r.usage.input_tokens +
        r.usage.output_tokens +
        r.usage.cache_read_input_tokens +
        r.usage.cache_creation_input_tokens
      rows.sort((a, b) => total(b) - total(a) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      if (rows.length > 0) doc[g] = rows
    }
    doc.events_with_usage = this.eventsWithUsage
    doc.total_events = this.totalEvents
    doc.malformed_lines = this.malformedLines
    doc.duplicate_lines = this.duplicateLines
    return doc
  }
}

/**
 * Differences between the CLI's --json document and the expected one, as readable lines
 * (empty when they agree). Groupings are compared as key → usage maps.
 */
export function compareReports(expected, actual) {
  const problems = []
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b)
  if (!same(expected.totals, actual.totals))
    problems.push(
      `totals: expected ${JSON.stringify(expected.totals)}, got ${JSON.stringify(actual.totals)}`,
    )
  for (const key of ['events_with_usage', 'total_events', 'malformed_lines', 'duplicate_lines']) {
    if (expected[key] !== actual[key])
      problems.push(`${key}: expected ${expected[key]}, got ${actual[key]}`)
  }
  for (const g of GROUPINGS) {
    const want = new Map((expected[g] ?? []).map((r) => [r.key, r.usage]))
    const got = new Map((actual[g] ?? []).map((r) => [r.key, r.usage]))
    let shown = 0
    for (const [key, usage] of want) {
      if (!same(usage, got.get(key)) && shown++ < 3)
        problems.push(
          `${g}[${key}]: expected ${JSON.stringify(usage)}, got ${JSON.stringify(got.get(key))}`,
        )
    }
    for (const key of got.keys()) {
      if (!want.has(key) && shown++ < 3) problems.push(`${g}[${key}]: unexpected row`)
    }
    if (shown > 3) problems.push(`${g}: ${shown - 3} more differing rows`)
  }
  return problems
}
