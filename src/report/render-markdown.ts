// --format markdown: the report as GitHub-flavoured Markdown tables, fit for
// $GITHUB_STEP_SUMMARY and pull-request comments. Same sections and figures as the table
// (thousands separators, shares of the total, --breakdown rows marked ↳), numbers
// right-aligned; cell text is escaped so a key can never break the table or start markup.
import {formatSeconds} from '../values/instant.js'
import type {Report} from './build-report.js'
import {
  GROUPING_SECTIONS,
  NO_MODEL,
  formatCount,
  formatPercent,
  formatShare,
  stepFigures,
  usageCells,
} from './report-columns.js'
import type {StepNode} from './step-tree.js'

const USAGE_HEADERS = [
  'Input',
  'Output',
  'Cache read',
  'Cache create',
  'Reasoning',
  'Total tokens',
  'Cost USD',
  'Events',
]

export function renderMarkdown(report: Report): string {
  const blocks: string[] = [
    '## Token usage',
    `${formatCount(report.eventsWithUsage)} of ${formatCount(report.totalEvents)} events carry usage.`,
    section('Totals', USAGE_HEADERS, [usageCells(report.totals)], 0),
  ]
  for (const {grouping, heading, keyHeader} of GROUPING_SECTIONS) {
    const rows = report.groups[grouping]
    if (rows.length === 0) continue
    const cells: string[][] = []
    for (const row of rows) {
      cells.push([escape(row.key), ...usageCells(row.usage), formatShare(row.usage, report.totals)])
      for (const model of row.models ?? []) {
        cells.push([
          `↳ ${escape(model.model || NO_MODEL)}`,
          ...usageCells(model.usage),
          formatShare(model.usage, report.totals),
        ])
      }
    }
    blocks.push(section(heading, [titleCase(keyHeader), ...USAGE_HEADERS, 'Share'], cells, 1))
  }
  if (report.utilization.length > 0) {
    const cells = report.utilization.map((row) => [
      escape(row.model),
      row.contextWindow === undefined ? 'unknown' : formatCount(row.contextWindow),
      formatCount(row.calls),
      formatCount(row.maxInputTokens),
      formatPercent(row.maxRatio),
      formatPercent(row.p95Ratio),
      row.nearLimitCalls === undefined ? '-' : formatCount(row.nearLimitCalls),
    ])
    const header = ['Model', 'Window', 'Calls', 'Max input', 'Max %', 'P95 %', 'Near limit']
    blocks.push(section('Context utilization', header, cells, 1))
  }
  if (report.series !== undefined && report.series.length > 0) {
    const cells = report.series.map((row) => [
      formatSeconds(Math.floor(row.start)),
      ...usageCells(row.usage),
    ])
    blocks.push(section('Series', ['Start', ...USAGE_HEADERS], cells, 1))
  }
  if (report.sessionDetail !== undefined) {
    const detail = report.sessionDetail
    const cells: string[][] = []
    const visit = (node: StepNode, depth: number): void => {
      const step = node.step
      cells.push([
        `${'&nbsp;&nbsp;'.repeat(depth)}${escape(step.name || step.action || step.spanId || '-')}`,
        Number.isNaN(step.sec) ? '-' : formatSeconds(step.sec),
        escape(step.model || '-'),
        ...usageCells(stepFigures(step.usage)).slice(0, 7),
      ])
      for (const child of node.children) visit(child, depth + 1)
    }
    for (const root of detail.steps) visit(root, 0)
    blocks.push(
      section(
        `Session ${escape(detail.sessionId)} (${formatCount(detail.usage.events)} usage events)`,
        ['Step', 'Time', 'Model', ...USAGE_HEADERS.slice(0, 7)],
        cells,
        3,
      ),
    )
  }
  return `${blocks.join('\n\n')}\n`
}

/** A `###` heading and a table; columns from `firstNumber` on are right-aligned. */
function section(heading: string, header: string[], rows: string[][], firstNumber: number): string {
  const align = header.map((_, i) => (i < firstNumber ? ':--' : '--:'))
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`
  return [`### ${heading}`, '', line(header), line(align), ...rows.map(line)].join('\n')
}

/**
 * Backslash-escapes the ASCII punctuation that could end a cell (`|`) or start inline markup,
 * and folds line breaks, so any key renders as the text it is.
 */
export function escape(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_[\]<>|~&#!]/g, '\\$&')
}

function titleCase(header: string): string {
  return header.charAt(0) + header.slice(1).toLowerCase()
}
