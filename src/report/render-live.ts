// The live view of --follow, as text: a compact screen redrawn in place on a terminal (totals,
// top models and sessions, recent rates, last update, whether the dual-channel correction is
// still provisional), and the NDJSON line (the --json document, compact) used off a terminal.
import type {LiveFrame} from '../pipeline/follow-report.js'
import type {GroupRow} from './build-report.js'
import {reportJson} from './render-json.js'
import type {UsageFigures} from './usage.js'

export interface ScreenSize {
  readonly columns: number
  readonly rows: number
}

export interface LiveViewOptions {
  /** Rows per top list; the view shows fewer when the screen is short. */
  readonly top?: number
  /** Recent one-line notices (truncation, waiting for the log), newest last. */
  readonly notices?: readonly string[]
}

export const LIVE_TOP_ROWS = 5

/** One snapshot as one line of NDJSON: the same document as --json, without indentation. */
export function renderSnapshotLine(frame: Pick<LiveFrame, 'report'>): string {
  return `${JSON.stringify(reportJson(frame.report))}\n`
}

/** The live screen, one string per line, each cut to the screen's width. */
export function renderLiveView(
  frame: LiveFrame,
  size: ScreenSize,
  options: LiveViewOptions = {},
): string[] {
  const report = frame.report
  const totals = report.totals
  const head = [
    `beacon token-usage --follow  ${frame.log}`,
    `${updatedLine(frame)} · ${report.eventsWithUsage} of ${report.totalEvents} events carry usage`,
    '',
    `TOTAL  ${digits(totals.totalTokens)} tokens · ${dollars(totals.cost)}`,
    `       input ${digits(totals.input)} · output ${digits(totals.output)} · cache read ${digits(totals.cacheRead)} · cache create ${digits(totals.cacheCreation)} · reasoning ${digits(totals.reasoning)}`,
    `RATE   ${rateLine(frame)}`,
  ]
  const tail = ['', provisionalLine(frame.provisionalScopes)]
  for (const notice of (options.notices ?? []).slice(-2)) tail.push(`note: ${notice}`)
  tail.push('Ctrl-C: stop and print the full report')

  // Two tables share what is left of the screen: a blank line, a header, then rows each.
  const wanted = options.top ?? LIVE_TOP_ROWS
  const spare = size.rows - head.length - tail.length - 4
  const perTable = Math.max(1, Math.min(wanted, Math.floor(spare / 2)))
  const lines = [
    ...head,
    '',
    ...groupTable('MODEL', report.groups.byModel.slice(0, perTable)),
    '',
    ...groupTable('SESSION', report.groups.bySession.slice(0, perTable)),
    ...tail,
  ]
  return lines.map((line) => cut(line, size.columns))
}

function updatedLine(frame: LiveFrame): string {
  if (frame.updatedAt === undefined) return 'waiting for lines'
  const ago = Math.max(0, Math.round((frame.now - frame.updatedAt) / 1000))
  return `updated ${clock(frame.updatedAt)} (${ago}s ago)`
}

function rateLine(frame: LiveFrame): string {
  const rate = frame.rate
  if (rate === undefined) return 'measuring…'
  const minutes = Math.max(1, Math.round(rate.overMs / 60_000))
  const over = rate.overMs < 60_000 ? `last ${Math.round(rate.overMs / 1000)}s` : `last ${minutes}m`
  return `${digits(Math.round(rate.tokensPerMinute))} tokens/min · ${dollars(rate.costPerHour)}/hour (${over})`
}

function provisionalLine(scopes: number): string {
  if (scopes === 0) return 'dual-channel: settled'
  const s = scopes === 1 ? '' : 's'
  return `dual-channel: provisional for ${scopes} scope${s} (metric usage counts until its log record arrives)`
}

function groupTable(keyHeader: string, rows: readonly GroupRow[]): string[] {
  const header = [keyHeader, 'TOKENS', 'COST USD', 'EVENTS']
  if (rows.length === 0) return [`${keyHeader}  (none yet)`]
  const cells = [header, ...rows.map((row) => [cut(row.key, 40), ...usageCells(row.usage)])]
  const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] as string).length)))
  return cells.map((row) =>
    row
      .map((cell, i) =>
        i === 0 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number),
      )
      .join('  '),
  )
}

function usageCells(usage: UsageFigures): string[] {
  return [
    digits(usage.totalTokens),
    usage.cost === 0 ? '-' : usage.cost.toFixed(4),
    digits(usage.events),
  ]
}

/** 1234567 → 1,234,567 (fixed, whatever the locale). */
function digits(n: number): string {
  const text = String(Math.trunc(n))
  return text.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

function dollars(cost: number): string {
  return `$${cost.toFixed(4)}`
}

/** Local wall-clock time, HH:MM:SS. */
function clock(ms: number): string {
  const date = new Date(ms)
  return [date.getHours(), date.getMinutes(), date.getSeconds()]
    .map((part) => String(part).padStart(2, '0'))
    .join(':')
}

function cut(line: string, columns: number): string {
  if (columns <= 0 || line.length <= columns) return line
  return `${line.slice(0, Math.max(0, columns - 1))}…`
}
