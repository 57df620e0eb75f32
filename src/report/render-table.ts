// The human report (§12): a heading line, then TOTALS, the groupings (with TOTAL TOKENS and each
// row's SHARE of the total; --breakdown adds indented model rows), CONTEXT UTILIZATION, the
// bucket series with a bar chart, and the session steps. Numbers are right-aligned with
// thousands separators. Given a width, long keys are shortened in the middle to fit, and the
// chart is scaled to it; colour is an option, and the text reads the same without it.
import {formatSeconds} from '../values/instant.js'
import type {GroupRow, Report, SeriesRow} from './build-report.js'
import {
  GROUPING_SECTIONS,
  NO_MODEL,
  SHARE_HEADER,
  USAGE_HEADERS,
  formatCost,
  formatCount,
  formatPercent,
  formatShare,
  stepFigures,
  usageCells,
} from './report-columns.js'
import type {StepNode} from './step-tree.js'
import type {UsageFigures} from './usage.js'

export interface TableOptions {
  /** Terminal columns to fit; undefined (a file or a pipe) shortens nothing. */
  readonly width?: number
  /** ANSI styles (bold titles, dim headers, coloured bars). */
  readonly color?: boolean
  /** The bucket size as typed (`1h`), for the chart's title. */
  readonly bucket?: string
}

interface Row {
  readonly cells: readonly string[]
  /** A breakdown row under its key, printed dim. */
  readonly sub?: boolean
}

interface Table {
  readonly title: string
  readonly header: readonly string[]
  readonly rows: readonly Row[]
  /** Whether the first column may be shortened to fit the width. */
  readonly shrinkKeys: boolean
  /** Leading text columns, left-aligned (default 1); the rest are numbers, right-aligned. */
  readonly textColumns?: number
}

/** A shortened key keeps at least this many characters (with the ellipsis). */
const MIN_KEY_WIDTH = 12
/** Chart width when the terminal's is unknown. */
const DEFAULT_CHART_WIDTH = 80
const MIN_BAR_WIDTH = 10
const ELLIPSIS = '…'
const BLOCKS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉']
const FULL_BLOCK = '█'

export function renderTable(report: Report, options: TableOptions = {}): string {
  const paint = painter(options.color === true)
  const blocks: string[] = [
    `${formatCount(report.eventsWithUsage)} of ${formatCount(report.totalEvents)} events carry usage`,
  ]
  const tables: Table[] = [
    {
      title: 'TOTALS',
      header: [...USAGE_HEADERS],
      rows: [{cells: usageCells(report.totals)}],
      shrinkKeys: false,
      textColumns: 0,
    },
  ]
  for (const {grouping, title, keyHeader} of GROUPING_SECTIONS) {
    const rows = report.groups[grouping]
    if (rows.length === 0) continue
    tables.push({
      title,
      header: [keyHeader, ...USAGE_HEADERS, SHARE_HEADER],
      rows: rows.flatMap((row) => groupRows(row, report.totals)),
      shrinkKeys: true,
    })
  }
  if (report.utilization.length > 0) {
    tables.push({
      title: 'CONTEXT UTILIZATION',
      header: ['MODEL', 'WINDOW', 'CALLS', 'MAX INPUT', 'MAX %', 'P95 %', 'NEAR LIMIT'],
      rows: report.utilization.map((row) => ({
        cells: [
          row.model,
          row.contextWindow === undefined ? 'unknown' : formatCount(row.contextWindow),
          formatCount(row.calls),
          formatCount(row.maxInputTokens),
          formatPercent(row.maxRatio),
          formatPercent(row.p95Ratio),
          row.nearLimitCalls === undefined ? '-' : formatCount(row.nearLimitCalls),
        ],
      })),
      shrinkKeys: true,
    })
  }
  for (const table of tables) blocks.push(renderSection(table, options.width, paint))
  if (report.series !== undefined && report.series.length > 0) {
    const series = report.series
    blocks.push(
      renderSection(
        {
          title: 'SERIES',
          header: ['START', ...USAGE_HEADERS],
          rows: series.map((row) => ({cells: [bucketLabel(row), ...usageCells(row.usage)]})),
          shrinkKeys: false,
        },
        options.width,
        paint,
      ),
    )
    const per = options.bucket === undefined ? 'BUCKET' : `${options.bucket} BUCKET`
    blocks.push(
      renderChart(
        `TOKENS PER ${per}`,
        series.map((row) => [
          bucketLabel(row),
          row.usage.totalTokens,
          formatCount(row.usage.totalTokens),
        ]),
        options.width,
        paint,
        GREEN,
      ),
    )
    if (series.some((row) => row.usage.cost !== 0)) {
      blocks.push(
        renderChart(
          `COST USD PER ${per}`,
          series.map((row) => [bucketLabel(row), row.usage.cost, formatCost(row.usage.cost)]),
          options.width,
          paint,
          YELLOW,
        ),
      )
    }
  }
  if (report.sessionDetail !== undefined) {
    const detail = report.sessionDetail
    const rows: Row[] = []
    const visit = (node: StepNode, depth: number): void => {
      const step = node.step
      const label = step.name || step.action || step.spanId || '-'
      rows.push({
        cells: [
          `${'  '.repeat(depth)}${label}`,
          Number.isNaN(step.sec) ? '-' : formatSeconds(step.sec),
          step.model || '-',
          ...usageCells(stepFigures(step.usage)).slice(0, 7),
        ],
      })
      for (const child of node.children) visit(child, depth + 1)
    }
    for (const root of detail.steps) visit(root, 0)
    const events = `(${formatCount(detail.usage.events)} usage events)`
    const room =
      options.width === undefined ? Infinity : options.width - 'SESSION  '.length - events.length
    blocks.push(
      renderSection(
        {
          title: `SESSION ${shortenMiddle(detail.sessionId, Math.max(room, MIN_KEY_WIDTH))} ${events}`,
          header: ['STEP', 'TIME', 'MODEL', ...USAGE_HEADERS.slice(0, 7)],
          rows,
          shrinkKeys: true,
          textColumns: 3,
        },
        options.width,
        paint,
      ),
    )
  }
  return `${blocks.join('\n\n')}\n`
}

/** A grouping row, then (with --breakdown) its models indented under it. */
function groupRows(row: GroupRow, totals: UsageFigures): Row[] {
  const rows: Row[] = [{cells: [row.key, ...usageCells(row.usage), formatShare(row.usage, totals)]}]
  for (const model of row.models ?? []) {
    rows.push({
      cells: [
        `  ${model.model || NO_MODEL}`,
        ...usageCells(model.usage),
        formatShare(model.usage, totals),
      ],
      sub: true,
    })
  }
  return rows
}

function bucketLabel(row: SeriesRow): string {
  return formatSeconds(Math.floor(row.start))
}

/**
 * A titled table: text columns left-aligned, numbers right-aligned. Given a width it tries, in
 * turn, one-line headers, two-line headers (CACHE over READ) and single-space gaps, and then
 * shortens the first column (down to MIN_KEY_WIDTH) to fit what is left.
 */
function renderSection(table: Table, width: number | undefined, paint: Painter): string {
  const rows = table.rows.map((row) => row.cells)
  let layout = layoutFor(
    table.header.map((cell) => ['', cell]),
    rows,
    2,
  )
  for (const [stacked, gap] of [
    [true, 2],
    [true, 1],
  ] as const) {
    if (width === undefined || layout.lineWidth <= width) break
    const header = stacked
      ? table.header.map(stackHeader)
      : table.header.map((cell) => ['', cell] as const)
    layout = layoutFor(header, rows, gap)
  }
  const {widths, gap, header} = layout
  if (table.shrinkKeys && width !== undefined && layout.lineWidth > width) {
    const first = widths[0] as number
    widths[0] = Math.max(Math.min(first, MIN_KEY_WIDTH), first - (layout.lineWidth - width))
  }
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => {
        const w = widths[i] as number
        if (i >= (table.textColumns ?? 1)) return cell.padStart(w)
        const shown = i === 0 ? shortenMiddle(cell, w) : cell
        return shown.padEnd(w + shown.length - length(shown))
      })
      .join(' '.repeat(gap))
      .trimEnd()
  const headerLines = [header.map(([top]) => top), header.map(([, bottom]) => bottom)]
  return [
    paint(BOLD, table.title),
    ...headerLines
      .filter((cells) => cells.some((cell) => cell !== ''))
      .map((cells) => paint(DIM, line(cells))),
    ...table.rows.map((row) => (row.sub === true ? paint(DIM, line(row.cells)) : line(row.cells))),
  ].join('\n')
}

interface Layout {
  /** Each header as [top line, bottom line]; the top is empty for one-line headers. */
  readonly header: ReadonlyArray<readonly [string, string]>
  readonly widths: number[]
  readonly gap: number
  readonly lineWidth: number
}

function layoutFor(
  header: ReadonlyArray<readonly [string, string]>,
  rows: ReadonlyArray<readonly string[]>,
  gap: number,
): Layout {
  const widths = header.map(([top, bottom]) => Math.max(length(top), length(bottom)))
  for (const cells of rows)
    cells.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, length(cell))))
  const lineWidth = widths.reduce((sum, w) => sum + w, 0) + gap * (widths.length - 1)
  return {header, widths, gap, lineWidth}
}

/** `CACHE READ` → [`CACHE`, `READ`]; one word stays on the bottom line, above the figures. */
function stackHeader(cell: string): readonly [string, string] {
  const space = cell.indexOf(' ')
  return space < 0 ? ['', cell] : [cell.slice(0, space), cell.slice(space + 1)]
}

/**
 * A horizontal bar per bucket, scaled so the largest fills the room the width leaves; eighth
 * blocks give the bars their resolution, so the chart reads the same without colour.
 */
function renderChart(
  title: string,
  points: ReadonlyArray<readonly [string, number, string]>,
  width: number | undefined,
  paint: Painter,
  colour: string,
): string {
  const labelWidth = Math.max(...points.map(([label]) => length(label)))
  const valueWidth = Math.max(...points.map(([, , value]) => length(value)))
  const room = (width ?? DEFAULT_CHART_WIDTH) - labelWidth - valueWidth - 4
  const barWidth = Math.max(room, MIN_BAR_WIDTH)
  const max = Math.max(...points.map(([, value]) => value))
  const lines = points.map(([label, value, text]) => {
    const bar = max > 0 ? barOf(value / max, barWidth) : ''
    return `${label.padEnd(labelWidth)}  ${paint(colour, bar)}${' '.repeat(barWidth - length(bar))}  ${text.padStart(valueWidth)}`
  })
  return [paint(BOLD, title), ...lines].join('\n')
}

/** A bar of `fraction` × `width` cells in eighths; any nonzero value shows at least an eighth. */
function barOf(fraction: number, width: number): string {
  let eighths = Math.round(fraction * width * 8)
  if (eighths === 0 && fraction > 0) eighths = 1
  return FULL_BLOCK.repeat(Math.floor(eighths / 8)) + (BLOCKS[eighths % 8] as string)
}

/** Shortens text to `max` characters with an ellipsis in the middle, keeping both ends readable. */
export function shortenMiddle(text: string, max: number): string {
  const chars = Array.from(text)
  if (chars.length <= max) return text
  if (max <= 1) return ELLIPSIS.slice(0, max)
  const keep = max - 1
  const head = Math.ceil(keep / 2)
  return `${chars.slice(0, head).join('')}${ELLIPSIS}${chars.slice(chars.length - (keep - head)).join('')}`
}

/** Display length in code points (keys may carry astral characters). */
function length(text: string): number {
  let n = 0
  for (const _ of text) n++
  return n
}

type Painter = (code: string, text: string) => string

const BOLD = '1'
const DIM = '2'
const GREEN = '32'
const YELLOW = '33'

function painter(color: boolean): Painter {
  return color
    ? (code, text) => (text === '' ? text : `\u001b[${code}m${text}\u001b[0m`)
    : (_code, text) => text
}
