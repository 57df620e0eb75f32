// Coverage diagnostics: which harnesses produced events but no token usage, with the likely
// cause (a runtime whose metrics or logs exporter is off looks exactly like one that spent
// nothing). Built from the per-harness counts of the report state.
import {runtimeFor} from '../runtimes/index.js'
import type {HarnessCoverage} from './report-state.js'

export interface CoverageRow {
  readonly harness: string
  readonly events: number
  readonly usageEvents: number
  /** Set when the harness produced events but none carried usage. */
  readonly cause?: string
}

/** One row per harness, by name (code-point order). */
export function coverageRows(counts: ReadonlyMap<string, HarnessCoverage>): CoverageRow[] {
  return [...counts]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([harness, count]) => ({
      harness,
      events: count.events,
      usageEvents: count.usageEvents,
      ...(count.usageEvents === 0 && count.events > 0 ? {cause: likelyCause(harness, count)} : {}),
    }))
}

function likelyCause(harness: string, count: HarnessCoverage): string {
  if (count.metricEvents > 0)
    return 'its metric datapoints carry no token counts this tool knows (check the metric names)'
  return (
    runtimeFor(harness, '')?.noUsageHint ??
    'no token usage on its events — does it export usage (gen_ai.usage or token metrics)?'
  )
}

/** The stderr lines, e.g. "codex_cli: 120 events, no token usage — is its metrics exporter enabled?". */
export function coverageWarnings(rows: readonly CoverageRow[]): string[] {
  return rows
    .filter((row) => row.cause !== undefined)
    .map((row) => {
      const s = row.events === 1 ? '' : 's'
      const cause = row.cause as string
      const detail = cause.startsWith('no ') ? cause : `no token usage — ${cause}`
      return `${row.harness}: ${row.events} event${s}, ${detail}`
    })
}
