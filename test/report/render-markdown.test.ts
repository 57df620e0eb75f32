// Markdown on the hand-worked fixture (figures in test/fixtures/formats/README.md): the tables'
// rendered rows are counted and every row keeps its header's cell count.
import {describe, expect, it} from 'vitest'

import {escape, renderMarkdown} from '../../src/report/render-markdown.js'
import {HOUR, SESSION, expectGolden, fixtureReport} from './fixture-report.js'

/** The body rows of the table under `### heading`, after its header and alignment rows. */
function tableRows(markdown: string, heading: string): string[] {
  const block = markdown.split('\n### ').find((part) => part.startsWith(`${heading}\n`))
  expect(block, heading).toBeDefined()
  const lines = (block as string).split('\n').filter((line) => line.startsWith('|'))
  expect(lines[1]).toMatch(/^\|( :-- \|)*( --: \|)+$/)
  return lines.slice(2)
}

/** Cells of a row, an escaped `\|` not being a separator. */
function cells(row: string): string[] {
  return row
    .slice(2, -2)
    .split(/(?<!\\) \| /)
    .map((cell) => cell.trim())
}

describe('renderMarkdown', () => {
  it('renders a GitHub table per section, one row per key, numbers right-aligned', async () => {
    const out = renderMarkdown(await fixtureReport({bucketNanos: HOUR, breakdown: true}))
    expectGolden('usage.md', out)
    expect(out.startsWith('## Token usage\n\n5 of 7 events carry usage.\n')).toBe(true)
    expect(tableRows(out, 'Totals').map(cells)).toEqual([
      ['5,300', '900', '3,000', '400', '50', '9,600', '0.2750', '5'],
    ])
    expect(tableRows(out, 'By model')).toHaveLength(5)
    const sessions = tableRows(out, 'By session')
    expect(sessions).toHaveLength(7) // 2 sessions, each followed by its models (3 + 2)
    expect(sessions.filter((row) => row.startsWith('| ↳ '))).toHaveLength(5)
    expect(cells(sessions[4] as string)).toEqual([
      'nightly "a\\|b", part 2',
      '3,800',
      '600',
      '0',
      '0',
      '50',
      '4,400',
      '0.0250',
      '2',
      '45.8%',
    ])
    expect(tableRows(out, 'By harness')).toHaveLength(2)
    expect(tableRows(out, 'By repository')).toHaveLength(7)
    expect(tableRows(out, 'By run')).toHaveLength(3)
    expect(tableRows(out, 'Context utilization')).toHaveLength(4)
    expect(tableRows(out, 'Series').map((row) => cells(row)[6])).toEqual(['5,200', '4,400'])
    // No key broke its table: every row has its header's cell count.
    for (const block of out.split('\n### ').slice(1)) {
      const rows = block.split('\n').filter((line) => line.startsWith('|'))
      for (const row of rows) expect(cells(row)).toHaveLength(cells(rows[0] as string).length)
    }
  })

  it('nests session steps with non-breaking indents', async () => {
    const out = renderMarkdown(await fixtureReport({session: SESSION}))
    expect(out).toContain(`### Session ${SESSION} (3 usage events)`)
    const steps = tableRows(out, `Session ${SESSION} (3 usage events)`).map((row) =>
      cells(row).slice(0, 3),
    )
    expect(steps).toEqual([
      ['claude\\_code.api\\_request', '2026-06-11T10:00:05Z', 'claude-sonnet-4-5'],
      ['&nbsp;&nbsp;claude\\_code.api\\_request', '2026-06-11T10:20:00Z', 'claude-haiku-4-5'],
      ['metric', '2026-06-11T10:00:06Z', 'claude-sonnet-4-5\\[1m\\]'],
    ])
  })
})

describe('escape', () => {
  it('keeps any key literal inside a table cell', () => {
    expect(escape('a|b')).toBe('a\\|b')
    expect(escape('**bold** _x_ `code` <b> [l](u)')).toBe(
      '\\*\\*bold\\*\\* \\_x\\_ \\`code\\` \\<b\\> \\[l\\](u)',
    )
    expect(escape('two\nlines')).toBe('two lines')
    expect(escape('back\\slash')).toBe('back\\\\slash')
  })
})
