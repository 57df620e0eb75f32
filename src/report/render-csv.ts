// --format csv: one row per (section, key) with every usage column, for spreadsheets and
// scripts. Sections: totals (empty key), by_model … by_run, series (key = bucket start) and,
// with --breakdown, by_session_model / by_repository_model / by_run_model (key + model), kept
// apart so that summing a section never counts a figure twice. Figures are raw (no separators,
// cost unrounded, as in JSON); fields are quoted per RFC 4180 and lines end with CRLF.
import {formatSeconds} from '../values/instant.js'
import type {Report} from './build-report.js'
import {GROUPING_SECTIONS} from './report-columns.js'
import type {UsageFigures} from './usage.js'

const USAGE_COLUMNS = [
  'input_tokens',
  'output_tokens',
  'cache_read_input_tokens',
  'cache_creation_input_tokens',
  'reasoning_output_tokens',
  'cost_usd',
  'events',
  'total_tokens',
]

export function renderCsv(report: Report, options: {breakdown?: boolean} = {}): string {
  const breakdown = options.breakdown === true
  const rows: string[][] = [['section', 'key', ...(breakdown ? ['model'] : []), ...USAGE_COLUMNS]]
  const push = (section: string, key: string, usage: UsageFigures, model?: string): void => {
    rows.push([section, key, ...(breakdown ? [model ?? ''] : []), ...usageFields(usage)])
  }
  push('totals', '', report.totals)
  for (const {grouping, section} of GROUPING_SECTIONS) {
    for (const row of report.groups[grouping]) push(section, row.key, row.usage)
  }
  if (breakdown) {
    for (const {grouping, section} of GROUPING_SECTIONS) {
      for (const row of report.groups[grouping]) {
        for (const model of row.models ?? [])
          push(`${section}_model`, row.key, model.usage, model.model)
      }
    }
  }
  for (const row of report.series ?? [])
    push('series', formatSeconds(Math.floor(row.start)), row.usage)
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('')
}

function usageFields(usage: UsageFigures): string[] {
  return [
    String(usage.input),
    String(usage.output),
    String(usage.cacheRead),
    String(usage.cacheCreation),
    String(usage.reasoning),
    String(usage.cost),
    String(usage.events),
    String(usage.totalTokens),
  ]
}

/** RFC 4180: a field holding a comma, a quote or a line break is quoted, its quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}
