// What the human renderers (table, Markdown) and CSV share: the sections in report order, the
// usage columns, and number formats for people (thousands separators, shares of the total).
import type {Grouping} from './build-report.js'
import type {Usage, UsageFigures} from './usage.js'

export interface GroupingSection {
  readonly grouping: Grouping
  /** Table title, Markdown heading, key column header, CSV/JSON section name. */
  readonly title: string
  readonly heading: string
  readonly keyHeader: string
  readonly section: string
}

export const GROUPING_SECTIONS: readonly GroupingSection[] = [
  {
    grouping: 'byModel',
    title: 'BY MODEL',
    heading: 'By model',
    keyHeader: 'MODEL',
    section: 'by_model',
  },
  {
    grouping: 'bySession',
    title: 'BY SESSION',
    heading: 'By session',
    keyHeader: 'SESSION',
    section: 'by_session',
  },
  {
    grouping: 'byHarness',
    title: 'BY HARNESS',
    heading: 'By harness',
    keyHeader: 'HARNESS',
    section: 'by_harness',
  },
  {
    grouping: 'byRepository',
    title: 'BY REPOSITORY',
    heading: 'By repository',
    keyHeader: 'REPOSITORY',
    section: 'by_repository',
  },
  {grouping: 'byRun', title: 'BY RUN', heading: 'By run', keyHeader: 'RUN', section: 'by_run'},
]

/** Usage columns people read, in order; SHARE follows in groupings. */
export const USAGE_HEADERS = [
  'INPUT',
  'OUTPUT',
  'CACHE READ',
  'CACHE CREATE',
  'REASONING',
  'TOTAL TOKENS',
  'COST USD',
  'EVENTS',
] as const

export const SHARE_HEADER = 'SHARE'

/** The label of a breakdown row whose events named no model. */
export const NO_MODEL = '(no model)'

export function usageCells(usage: UsageFigures): string[] {
  return [
    formatCount(usage.input),
    formatCount(usage.output),
    formatCount(usage.cacheRead),
    formatCount(usage.cacheCreation),
    formatCount(usage.reasoning),
    formatCount(usage.totalTokens),
    formatCost(usage.cost),
    formatCount(usage.events),
  ]
}

/** One step's usage as figures: one event, its total tokens. */
export function stepFigures(usage: Usage): UsageFigures {
  const totalTokens = usage.input + usage.output + usage.cacheRead + usage.cacheCreation
  return {...usage, events: 1, totalTokens}
}

/** An integer with comma thousands separators, independent of the locale (12,345,678). */
export function formatCount(n: number): string {
  return groupThousands(String(n))
}

/** Cost with 4 decimals (§12), "-" when zero. */
export function formatCost(cost: number): string {
  if (cost === 0) return '-'
  const [whole, fraction] = cost.toFixed(4).split('.') as [string, string]
  return `${groupThousands(whole)}.${fraction}`
}

/** A part's share of the whole's total tokens, one decimal (42.0%); "-" when the whole is 0. */
export function formatShare(part: UsageFigures, whole: UsageFigures): string {
  if (whole.totalTokens === 0) return '-'
  return `${((part.totalTokens / whole.totalTokens) * 100).toFixed(1)}%`
}

export function formatPercent(ratio: number | undefined): string {
  return ratio === undefined ? '-' : (ratio * 100).toFixed(1)
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+$)/g, ',')
}
