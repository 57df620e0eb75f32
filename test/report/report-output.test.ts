// The one-shot sink: each format renders as its renderer does with the settings the command
// reads from the terminal, and the stderr notes name skipped and duplicate lines.
import {describe, expect, it} from 'vitest'

import type {Report} from '../../src/report/build-report.js'
import {renderCsv} from '../../src/report/render-csv.js'
import {renderJson} from '../../src/report/render-json.js'
import {renderMarkdown} from '../../src/report/render-markdown.js'
import {renderTable} from '../../src/report/render-table.js'
import {renderReport, skippedLineNotes} from '../../src/report/report-output.js'
import {HOUR, fixtureReport, goldenText} from './fixture-report.js'

const PIPE = {isTTY: false}
const TERMINAL = {isTTY: true, columns: 80}

describe('renderReport', () => {
  it('renders JSON, CSV and Markdown as their renderers do', async () => {
    const report = await fixtureReport({bucketNanos: HOUR, breakdown: true})
    expect(renderReport(report, 'json', {}, PIPE, {})).toBe(renderJson(report))
    expect(renderReport(report, 'csv', {breakdown: true}, PIPE, {})).toBe(
      renderCsv(report, {breakdown: true}),
    )
    expect(renderReport(report, 'csv', {}, PIPE, {})).toBe(renderCsv(report, {breakdown: false}))
    expect(renderReport(report, 'markdown', {}, PIPE, {})).toBe(renderMarkdown(report))
  })

  it('prints the whole table without colour to a pipe, with the bucket named', async () => {
    const report = await fixtureReport({bucketNanos: HOUR, breakdown: true})
    const out = renderReport(report, 'table', {bucketNanos: HOUR, breakdown: true}, PIPE, {})
    expect(out).toBe(goldenText('usage.table.txt'))
  })

  it('fits a terminal, colours it, and leaves colour out when NO_COLOR is set or --no-color', async () => {
    const report = await fixtureReport()
    const coloured = renderReport(report, 'table', {}, TERMINAL, {})
    expect(coloured).toBe(renderTable(report, {width: 80, color: true}))
    expect(coloured).toContain('\u001b[')
    expect(renderReport(report, 'table', {}, TERMINAL, {NO_COLOR: '1'})).toBe(
      renderTable(report, {width: 80, color: false}),
    )
    expect(renderReport(report, 'table', {color: false}, TERMINAL, {})).not.toContain('\u001b[')
    expect(renderReport(report, 'table', {}, TERMINAL, {COLUMNS: '60'})).toBe(
      renderTable(report, {width: 60, color: true}),
    )
  })
})

describe('skippedLineNotes', () => {
  const base = {malformedLines: 0, malformedExamples: [], duplicateLines: 0} as const

  const notes = (counts: Partial<Report>): string[] =>
    skippedLineNotes({...(base as unknown as Report), ...counts})

  it('says nothing about a clean log', () => {
    expect(notes({})).toEqual([])
  })

  it('names each kept malformed line and counts the rest', () => {
    const examples = [1, 4, 9, 12, 20].map((line) => ({
      kind: 'malformed' as const,
      path: 'logs/runtime.jsonl',
      line,
      order: line,
      reason: 'not valid JSON',
    }))
    expect(notes({malformedLines: 7, malformedExamples: examples})).toEqual([
      'beacon: skipped 7 malformed lines:',
      ...examples.map((e) => `  logs/runtime.jsonl:${e.line}: not valid JSON`),
      '  … and 2 more',
    ])
    expect(notes({malformedLines: 1, malformedExamples: examples.slice(0, 1)})).toEqual([
      'beacon: skipped 1 malformed line:',
      '  logs/runtime.jsonl:1: not valid JSON',
    ])
  })

  it('counts duplicates once, naming the window', () => {
    expect(notes({duplicateLines: 1})).toEqual([
      'beacon: counted 1 exact duplicate usage line once (repeats within 4096 usage lines)',
    ])
    expect(notes({duplicateLines: 3})[0]).toMatch(/^beacon: counted 3 exact duplicate usage lines/)
  })
})
