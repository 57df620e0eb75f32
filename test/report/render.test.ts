// The two sinks (§12): the --json document's keys and indent, and the table's heading,
// sections, cost and percent formats, and step labels.
import {describe, expect, it} from 'vitest'

import {type ReportOptions, buildReport} from '../../src/report/build-report.js'
import {renderJson} from '../../src/report/render-json.js'
import {renderTable} from '../../src/report/render-table.js'
import {addEvent, emptyState} from '../../src/report/report-state.js'
import {type EventSpec, canonical} from '../support/events.js'

function reportOf(specs: EventSpec[], options: ReportOptions = {top: 0}) {
  const state = emptyState({
    collectSteps: options.session !== undefined,
    bucketNanos: options.bucketNanos,
  })
  for (const spec of specs) addEvent(state, canonical(spec))
  return buildReport(state, options)
}

const specs: EventSpec[] = [
  {
    at: '2026-06-11T10:00:05.9Z',
    harness: 'claude_code',
    session: 's1',
    model: 'claude-sonnet-4-5',
    action: 'api_request',
    message: 'plan the change',
    spanId: 'a',
    usage: {input: 160_000, output: 1_234, cost: 0.01873},
  },
  {
    at: '2026-06-11T10:00:07Z',
    harness: 'claude_code',
    session: 's1',
    model: 'mystery-model',
    action: 'tool_call',
    spanId: 'b',
    parentSpanId: 'a',
    usage: {input: 10},
  },
  {harness: 'claude_code', session: 's1', spanId: 'c', parentSpanId: 'b', usage: {output: 1}},
  {harness: 'claude_code', session: 's1'},
]

describe('renderJson', () => {
  it('prints the contract keys in order with a two-space indent, omitting empty groupings', () => {
    const text = renderJson(reportOf(specs))
    expect(text.endsWith('}\n')).toBe(true)
    expect(text).toContain('\n  "totals": {\n    "input_tokens": 160010,')
    const document = JSON.parse(text) as Record<string, unknown>
    expect(Object.keys(document)).toEqual([
      'totals',
      'by_model',
      'by_session',
      'by_harness',
      'utilization',
      'events_with_usage',
      'total_events',
      'malformed_lines',
      'duplicate_lines',
    ])
    expect(document).toMatchObject({events_with_usage: 3, total_events: 4})
    // 160000 / 200000 = 0.8: one near-limit call; the unknown model has no ratio keys.
    expect(document.utilization).toEqual([
      {
        model: 'claude-sonnet-4-5',
        context_window: 200000,
        calls: 1,
        max_input_tokens: 160000,
        max_ratio: 0.8,
        p95_ratio: 0.8,
        near_limit_calls: 1,
      },
      {model: 'mystery-model', calls: 1, max_input_tokens: 10},
    ])
  })
})

describe('renderTable', () => {
  const text = renderTable(reportOf(specs, {top: 0, session: 's1'}))
  const lines = text.split('\n')

  it('starts with the "N of M events carry usage" heading and the totals', () => {
    expect(lines[0]).toBe('3 of 4 events carry usage')
    expect(text).toContain('TOTALS\n')
    const header = lines.find((line) => line.startsWith('INPUT'))
    expect(header?.split(/\s{2,}/)).toEqual([
      'INPUT',
      'OUTPUT',
      'CACHE READ',
      'CACHE CREATE',
      'REASONING',
      'COST USD',
      'EVENTS',
    ])
  })

  it('prints cost with 4 decimals, "-" when zero', () => {
    const row = (key: string) =>
      lines
        .find((line) => line.startsWith(key))
        ?.trim()
        .split(/\s+/)
    expect(row('claude-sonnet-4-5')).toEqual([
      'claude-sonnet-4-5',
      '160000',
      '1234',
      '0',
      '0',
      '0',
      '0.0187',
      '1',
    ])
    expect(row('mystery-model ')).toEqual(['mystery-model', '10', '0', '0', '0', '0', '-', '1'])
  })

  it('shows only non-empty groupings', () => {
    expect(text).toContain('BY MODEL\n')
    expect(text).toContain('BY HARNESS\n')
    expect(text).not.toContain('BY REPOSITORY')
    expect(text).not.toContain('BY RUN')
  })

  it('shows utilization with one decimal, "unknown" windows and "-" for missing ratios', () => {
    const section = text.slice(text.indexOf('CONTEXT UTILIZATION'))
    const row = (model: string) =>
      section
        .split('\n')
        .find((line) => line.startsWith(model))
        ?.split(/\s+/)
    expect(row('claude-sonnet-4-5')).toEqual([
      'claude-sonnet-4-5',
      '200000',
      '1',
      '160000',
      '80.0',
      '80.0',
      '1',
    ])
    expect(row('mystery-model')).toEqual(['mystery-model', 'unknown', '1', '10', '-', '-', '-'])
  })

  it('labels steps by name, else action, else span id, two spaces per level', () => {
    const section = text.slice(text.indexOf('SESSION s1'))
    const labels = section
      .split('\n')
      .slice(2)
      .filter((line) => line !== '')
      .map((line) => line.match(/^( *\S+(?: \S+)*)/)?.[1])
    expect(labels).toEqual(['plan the change', '  tool_call', '    c'])
  })
})
