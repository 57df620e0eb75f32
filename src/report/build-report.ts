// From the final sums to the report people read: groupings sorted by total tokens (ties by
// key, code-point order) and cut by --top, the utilization table, the bucket series and the
// session's step tree. With --breakdown, session, repository and run rows carry their models,
// sorted the same way.
import type {MalformedLine} from '../pipeline/skipped-line.js'
import type {Aggregate} from './aggregate.js'
import type {ContextWindowTable} from './context-windows.js'
import {type ReportState, finalAggregate} from './report-state.js'
import {type StepNode, buildStepTree} from './step-tree.js'
import {type UsageFigures, type UsageSum, figures, totalTokens} from './usage.js'
import {type UtilizationRow, compareKeys, utilization} from './utilization.js'

export interface GroupRow {
  readonly key: string
  readonly usage: UsageFigures
  /** The key's usage per model (with --breakdown); `model` is empty for events that named none. */
  readonly models?: ModelRow[]
}

export interface ModelRow {
  readonly model: string
  readonly usage: UsageFigures
}

export interface SeriesRow {
  /** Bucket start, Unix seconds. */
  readonly start: number
  readonly usage: UsageFigures
}

export const GROUPINGS = ['byModel', 'bySession', 'byHarness', 'byRepository', 'byRun'] as const
export type Grouping = (typeof GROUPINGS)[number]

export interface Report {
  readonly totals: UsageFigures
  readonly groups: Record<Grouping, GroupRow[]>
  readonly utilization: UtilizationRow[]
  readonly series?: SeriesRow[]
  readonly sessionDetail?: {
    readonly sessionId: string
    readonly usage: UsageFigures
    readonly steps: StepNode[]
  }
  readonly eventsWithUsage: number
  readonly totalEvents: number
  readonly malformedLines: number
  readonly malformedExamples: readonly MalformedLine[]
  readonly duplicateLines: number
}

export interface ReportOptions {
  /** Rows kept per grouping; 0 keeps all. */
  readonly top: number
  /** With a bucket size, the report has a series. */
  readonly bucketNanos?: bigint
  /** With a session, the report has its step detail. */
  readonly session?: string
  readonly contextWindows?: ContextWindowTable
  /** Rows of session, repository and run carry their per-model sums. */
  readonly breakdown?: boolean
}

/** The groupings that --breakdown splits by model. */
export const BREAKDOWN_GROUPINGS: readonly Grouping[] = ['bySession', 'byRepository', 'byRun']

export function buildReport(state: ReportState, options: ReportOptions): Report {
  const sums = finalAggregate(state)
  const totals = figures(sums.totals)
  const breakdown = options.breakdown === true
  return {
    totals,
    groups: {
      byModel: groupRows(sums.byModel, options.top),
      bySession: groupRows(sums.bySession, options.top, breakdown && sums.bySessionModel),
      byHarness: groupRows(sums.byHarness, options.top),
      byRepository: groupRows(sums.byRepository, options.top, breakdown && sums.byRepositoryModel),
      byRun: groupRows(sums.byRun, options.top, breakdown && sums.byRunModel),
    },
    utilization: utilization(sums.calls.values(), options.contextWindows),
    ...(options.bucketNanos === undefined ? {} : {series: seriesRows(sums)}),
    ...(options.session === undefined
      ? {}
      : {
          sessionDetail: {
            sessionId: options.session,
            usage: totals,
            steps: buildStepTree(sums.steps),
          },
        }),
    eventsWithUsage: totals.events,
    totalEvents: state.totalEvents,
    malformedLines: state.malformedLines,
    malformedExamples: state.malformedExamples,
    duplicateLines: state.duplicateLines,
  }
}

function groupRows(
  groups: Map<string, UsageSum>,
  top: number,
  models: Map<string, Map<string, UsageSum>> | false = false,
): GroupRow[] {
  const kept = sortedRows(groups, top)
  return kept.map(({key, sum}) => {
    const row = {key, usage: figures(sum)}
    if (models === false) return row
    const byModel = sortedRows(models.get(key) ?? new Map<string, UsageSum>(), 0)
    return {...row, models: byModel.map(({key, sum}) => ({model: key, usage: figures(sum)}))}
  })
}

/** §7 order: total tokens descending, ties by key in code-point order; then --top cuts. */
function sortedRows(groups: Map<string, UsageSum>, top: number) {
  const rows = [...groups].map(([key, sum]) => ({key, sum, total: totalTokens(sum)}))
  rows.sort((a, b) => (a.total !== b.total ? b.total - a.total : compareKeys(a.key, b.key)))
  return top > 0 ? rows.slice(0, top) : rows
}

function seriesRows(sums: Aggregate): SeriesRow[] {
  return [...sums.series]
    .sort(([a], [b]) => a - b)
    .map(([start, sum]) => ({start, usage: figures(sum)}))
}
