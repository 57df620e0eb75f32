// The --json document (§12): the contract's keys, in its order, two-space indent. Extra keys
// (malformed and duplicate counts) come last; none is renamed. With --breakdown, session,
// repository and run rows gain a `models` array of {model, usage}.
import {formatSeconds} from '../values/instant.js'
import type {Report} from './build-report.js'
import type {StepNode} from './step-tree.js'
import type {UsageFigures} from './usage.js'
import type {UtilizationRow} from './utilization.js'

export function usageJson(usage: UsageFigures) {
  return {
    input_tokens: usage.input,
    output_tokens: usage.output,
    cache_read_input_tokens: usage.cacheRead,
    cache_creation_input_tokens: usage.cacheCreation,
    reasoning_output_tokens: usage.reasoning,
    cost_usd: usage.cost,
    events: usage.events,
  }
}

const GROUP_KEYS = [
  ['by_model', 'byModel'],
  ['by_session', 'bySession'],
  ['by_harness', 'byHarness'],
  ['by_repository', 'byRepository'],
  ['by_run', 'byRun'],
] as const

export function reportJson(report: Report): Record<string, unknown> {
  const document: Record<string, unknown> = {totals: usageJson(report.totals)}
  for (const [jsonKey, grouping] of GROUP_KEYS) {
    const rows = report.groups[grouping]
    if (rows.length > 0)
      document[jsonKey] = rows.map((row) => ({
        key: row.key,
        usage: usageJson(row.usage),
        ...(row.models === undefined
          ? {}
          : {models: row.models.map((m) => ({model: m.model, usage: usageJson(m.usage)}))}),
      }))
  }
  document.utilization = report.utilization.map(utilizationJson)
  if (report.series !== undefined) {
    document.series = report.series.map((row) => ({
      start: formatSeconds(Math.floor(row.start)),
      usage: usageJson(row.usage),
    }))
  }
  if (report.sessionDetail !== undefined) {
    document.session_detail = {
      session_id: report.sessionDetail.sessionId,
      usage: usageJson(report.sessionDetail.usage),
      steps: report.sessionDetail.steps.map(stepJson),
    }
  }
  document.events_with_usage = report.eventsWithUsage
  document.total_events = report.totalEvents
  document.malformed_lines = report.malformedLines
  document.duplicate_lines = report.duplicateLines
  return document
}

export function renderJson(report: Report): string {
  return `${JSON.stringify(reportJson(report), null, 2)}\n`
}

function utilizationJson(row: UtilizationRow): Record<string, unknown> {
  return {
    model: row.model,
    ...(row.contextWindow === undefined ? {} : {context_window: row.contextWindow}),
    calls: row.calls,
    max_input_tokens: row.maxInputTokens,
    ...(row.maxRatio === undefined ? {} : {max_ratio: row.maxRatio}),
    ...(row.p95Ratio === undefined ? {} : {p95_ratio: row.p95Ratio}),
    ...(row.nearLimitCalls === undefined ? {} : {near_limit_calls: row.nearLimitCalls}),
  }
}

function stepJson(node: StepNode): Record<string, unknown> {
  const step = node.step
  const json: Record<string, unknown> = {}
  if (!Number.isNaN(step.sec)) json.timestamp = formatSeconds(step.sec)
  if (step.action !== '') json.action = step.action
  if (step.name !== '') json.name = step.name
  if (step.model !== '') json.model = step.model
  if (step.traceId !== '') json.trace_id = step.traceId
  if (step.spanId !== '') json.span_id = step.spanId
  if (step.parentSpanId !== '') json.parent_span_id = step.parentSpanId
  json.usage = usageJson({...step.usage, events: 1, totalTokens: 0})
  if (node.children.length > 0) json.children = node.children.map(stepJson)
  return json
}
