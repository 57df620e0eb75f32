// The human report (§12): a heading line, then TOTALS, the groupings, CONTEXT UTILIZATION, the
// bucket series and the session steps, each an aligned table with numbers right-aligned.
import {formatSeconds} from '../values/instant.js'
import type {Grouping, Report} from './build-report.js'
import type {StepNode} from './step-tree.js'
import type {UsageFigures} from './usage.js'

const USAGE_HEADERS = [
  'INPUT',
  'OUTPUT',
  'CACHE READ',
  'CACHE CREATE',
  'REASONING',
  'COST USD',
  'EVENTS',
]

const GROUP_TITLES: ReadonlyArray<readonly [Grouping, string, string]> = [
  ['byModel', 'BY MODEL', 'MODEL'],
  ['bySession', 'BY SESSION', 'SESSION'],
  ['byHarness', 'BY HARNESS', 'HARNESS'],
  ['byRepository', 'BY REPOSITORY', 'REPOSITORY'],
  ['byRun', 'BY RUN', 'RUN'],
]

export function renderTable(report: Report): string {
  const sections: string[] = [
    `${report.eventsWithUsage} of ${report.totalEvents} events carry usage`,
  ]
  sections.push(section('TOTALS', [USAGE_HEADERS, usageCells(report.totals)]))
  for (const [grouping, title, keyHeader] of GROUP_TITLES) {
    const rows = report.groups[grouping]
    if (rows.length === 0) continue
    sections.push(
      section(title, [
        [keyHeader, ...USAGE_HEADERS],
        ...rows.map((row) => [row.key, ...usageCells(row.usage)]),
      ]),
    )
  }
  if (report.utilization.length > 0) {
    const header = ['MODEL', 'WINDOW', 'CALLS', 'MAX INPUT', 'MAX %', 'P95 %', 'NEAR LIMIT']
    const rows = report.utilization.map((row) => [
      row.model,
      row.contextWindow === undefined ? 'unknown' : String(row.contextWindow),
      String(row.calls),
      String(row.maxInputTokens),
      percent(row.maxRatio),
      percent(row.p95Ratio),
      row.nearLimitCalls === undefined ? '-' : String(row.nearLimitCalls),
    ])
    sections.push(section('CONTEXT UTILIZATION', [header, ...rows]))
  }
  if (report.series !== undefined && report.series.length > 0) {
    const rows = report.series.map((row) => [
      formatSeconds(Math.floor(row.start)),
      ...usageCells(row.usage),
    ])
    sections.push(section('SERIES', [['START', ...USAGE_HEADERS], ...rows]))
  }
  if (report.sessionDetail !== undefined) {
    const detail = report.sessionDetail
    const rows: string[][] = []
    const visit = (node: StepNode, depth: number): void => {
      const step = node.step
      const label = step.name || step.action || step.spanId || '-'
      rows.push([
        `${'  '.repeat(depth)}${label}`,
        Number.isNaN(step.sec) ? '-' : formatSeconds(step.sec),
        step.model || '-',
        ...usageCells({...step.usage, events: 1, totalTokens: 0}).slice(0, 6),
      ])
      for (const child of node.children) visit(child, depth + 1)
    }
    for (const root of detail.steps) visit(root, 0)
    const title = `SESSION ${detail.sessionId} (${detail.usage.events} usage events)`
    sections.push(
      section(title, [['STEP', 'TIME', 'MODEL', ...USAGE_HEADERS.slice(0, 6)], ...rows]),
    )
  }
  return `${sections.join('\n\n')}\n`
}

function usageCells(usage: UsageFigures): string[] {
  return [
    String(usage.input),
    String(usage.output),
    String(usage.cacheRead),
    String(usage.cacheCreation),
    String(usage.reasoning),
    usage.cost === 0 ? '-' : usage.cost.toFixed(4),
    String(usage.events),
  ]
}

function percent(ratio: number | undefined): string {
  return ratio === undefined ? '-' : (ratio * 100).toFixed(1)
}

/** A titled table; the first column is left-aligned, the others right-aligned. */
function section(title: string, rows: string[][]): string {
  const widths: number[] = []
  for (const row of rows)
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)))
  const lines = rows.map((row) =>
    row
      .map((cell, i) =>
        i === 0 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number),
      )
      .join('  ')
      .trimEnd(),
  )
  return [title, ...lines].join('\n')
}
