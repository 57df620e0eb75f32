// The human table on the hand-worked fixture (figures in test/fixtures/formats/README.md).
import {describe, expect, it} from 'vitest'

import {renderTable, shortenMiddle} from '../../src/report/render-table.js'
import {HOUR, LONG_REPOSITORY, SESSION, expectGolden, fixtureReport} from './fixture-report.js'

const BAR = /[█▉▊▋▌▍▎▏]+/

function barCells(line: string): number {
  const bar = (line.match(BAR) ?? [''])[0]
  const full = Array.from(bar).filter((c) => c === '█').length
  return full + (Array.from(bar).length > full ? 0.5 : 0)
}

describe('renderTable', () => {
  it('matches the golden table: TOTAL TOKENS, SHARE, separators, breakdown rows, bucket chart', async () => {
    const out = renderTable(await fixtureReport({bucketNanos: HOUR, breakdown: true}), {
      bucket: '1h',
    })
    expectGolden('usage.table.txt', out)
    const lines = out.split('\n')
    expect(lines[0]).toBe('5 of 7 events carry usage')
    const header = lines[lines.indexOf('TOTALS') + 1] as string
    const totals = lines[lines.indexOf('TOTALS') + 2] as string
    expect(header).toContain('TOTAL TOKENS')
    expect(totals.trim().split(/\s+/)).toEqual([
      '5,300',
      '900',
      '3,000',
      '400',
      '50',
      '9,600',
      '0.2750',
      '5',
    ])
    // Right-aligned: the figures end where their headers end.
    expect(totals.length).toBe(header.length)
    expect(out).toMatch(
      /^7f3c2a9e-1b4d-4c8e-9a51-2f6d0e8b7c41 +1,500 .* 5,200 +0\.2500 +3 +54\.2%$/m,
    )
    expect(out).toMatch(/^nightly "a\|b", part 2 +3,800 .* 4,400 +0\.0250 +2 +45\.8%$/m)
    // --breakdown: the session's models indented under it, in total-token order.
    const at = lines.indexOf('BY SESSION') + 2
    expect(lines.slice(at, at + 4).map((line) => line.replace(/\s+[\d,]+\s.*$/, ''))).toEqual([
      SESSION,
      '  claude-sonnet-4-5',
      '  claude-haiku-4-5',
      '  claude-sonnet-4-5[1m]',
    ])
    // No width: nothing shortened; no colour asked: no escape codes.
    expect(out).toContain(LONG_REPOSITORY)
    expect(out).not.toContain('\u001b[')
  })

  it('charts tokens and cost per bucket, bars in proportion, readable without colour', async () => {
    const out = renderTable(await fixtureReport({bucketNanos: HOUR}), {bucket: '1h', width: 100})
    const tokens = out.slice(out.indexOf('TOKENS PER 1h BUCKET')).split('\n')
    expect(tokens[1]).toMatch(/^2026-06-11T10:00:00Z {2}█+ +5,200$/)
    expect(tokens[2]).toMatch(/^2026-06-11T11:00:00Z {2}█+[▉▊▋▌▍▎▏]? +4,400$/)
    // 4400 / 5200 of the longest bar (to half a cell).
    expect(
      Math.abs(barCells(tokens[2] as string) / barCells(tokens[1] as string) - 4400 / 5200),
    ).toBeLessThan(0.02)
    const cost = out.slice(out.indexOf('COST USD PER 1h BUCKET')).split('\n')
    // 0.025 against 0.25: a tenth of the bar.
    expect(barCells(cost[1] as string)).toBe(10 * barCells(cost[2] as string))
    expect(cost[2]).toMatch(/0\.0250$/)
    // Scaled to the width: each bar line is exactly as wide as the terminal.
    for (const width of [60, 100, 160]) {
      const chart = renderTable(await fixtureReport({bucketNanos: HOUR}), {width})
      const bars = chart.split('\n').filter((line) => BAR.test(line))
      expect(bars).toHaveLength(4)
      for (const line of bars) expect(Array.from(line).length).toBe(width)
    }
  })

  it('right-aligns TOTALS figures even when they are narrower than their headers', async () => {
    const lines = renderTable(await fixtureReport({session: 'nobody'}), {}).split('\n')
    const header = lines[lines.indexOf('TOTALS') + 1] as string
    const totals = lines[lines.indexOf('TOTALS') + 2] as string
    expect(lines[0]).toBe('0 of 0 events carry usage')
    expect(totals).toBe(
      '    0       0           0             0          0             0         -       0',
    )
    expect(totals.length).toBe(header.length)
  })

  it('has no cost chart when no bucket carries cost', async () => {
    const report = await fixtureReport({bucketNanos: HOUR})
    const noCost = {
      ...report,
      series: report.series?.map((row) => ({...row, usage: {...row.usage, cost: 0}})),
    }
    const out = renderTable(noCost, {})
    expect(out).toContain('TOKENS PER BUCKET')
    expect(out).not.toContain('COST USD PER')
  })

  it('fits 80 columns: stacked headers, narrower gaps, then keys shortened in the middle', async () => {
    const report = await fixtureReport()
    const out = renderTable(report, {width: 80})
    expectGolden('usage.narrow.txt', out)
    for (const line of out.split('\n')) expect(Array.from(line).length).toBeLessThanOrEqual(80)
    expect(out).toContain('                               CACHE  CACHE            TOTAL   COST\n')
    expect(out).not.toContain(LONG_REPOSITORY)
    expect(out).toMatch(/^7f3c2a9e…0e8b7c41 1,500 /m)
    expect(out).toMatch(/^github\.c…monorepo 1,500 /m)
    // Keys that fit stay whole.
    expect(out).toMatch(/^gpt-4\.1-mini +800 /m)
    // Wide enough for everything: the same as with no width at all.
    expect(renderTable(report, {width: 200})).toBe(renderTable(report, {}))
  })

  it('shortens the session id in the steps title to the width', async () => {
    const out = renderTable(await fixtureReport({session: SESSION}), {width: 40})
    expect(out).toMatch(/^SESSION 7f3c2a9…e8b7c41 \(3 usage events\)$/m)
    // Steps: line 2 of the fixture (4600 tokens), its child span (line 5, 600) indented, and the
    // cost metric (line 4).
    expect(out).toMatch(
      /^claude…quest 2026-06-11T10:00:05Z claude-sonnet-4-5 +1,000 +200 +3,000 +400 +0 +4,600 +-$/m,
    )
    expect(out).toMatch(
      /^ {2}clau…quest 2026-06-11T10:20:00Z claude-haiku-4-5 +500 +100 +0 +0 +0 +600 +-$/m,
    )
    expect(out).toMatch(
      /^metric +2026-06-11T10:00:06Z claude-sonnet-4-5\[1m\] +0 +0 +0 +0 +0 +0 +0\.2500$/m,
    )
  })

  it('colours titles and headers only when asked', async () => {
    const report = await fixtureReport()
    expect(renderTable(report, {color: true})).toContain('\u001b[1mTOTALS\u001b[0m')
    const plain = renderTable(report, {color: true}).replace(
      new RegExp(String.raw`\u001b\[\d+m`, 'g'),
      '',
    )
    expect(plain).toBe(renderTable(report, {color: false}))
  })
})

describe('shortenMiddle', () => {
  it('keeps both ends around one ellipsis, to the exact length', () => {
    expect(shortenMiddle('github.com/acme/payments', 12)).toBe('github…ments')
    expect(shortenMiddle('short', 12)).toBe('short')
    expect(shortenMiddle('abcdef', 1)).toBe('…')
    expect(Array.from(shortenMiddle('🙂🙂🙂🙂🙂🙂', 4))).toHaveLength(4)
  })
})
