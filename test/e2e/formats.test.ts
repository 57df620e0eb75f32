// Every output format on test/fixtures/formats/usage.jsonl. The figures, worked out by hand from
// the SPEC:
//   A  claude_code log record, claude-sonnet-4-5: input 1000, output 200, cache read 3000,
//      cache creation 400 → total 4600 (its cost sits in raw attributes, not in gen_ai.usage)
//   -  the matching token.usage metric (input 1000) is dropped by §5.1: the scope's log channel
//      reported input
//   D  cost.usage metric, claude-sonnet-4-5[1m]: cost 0.25 (the log channel never reported cost,
//      so it counts) → total 0
//   B  claude_code log record, claude-haiku-4-5: input 500, output 100 → 600
//   E  agent-sdk, gpt-4.1, run github/555: input 3000, output 500, cost 0.02 → 3500
//   F  agent-sdk, gpt-4.1-mini, run github/555: input 800, output 100, reasoning 50,
//      cost 0.005 → 900
//   totals: input 5300, output 900, cache read 3000, cache creation 400, reasoning 50,
//   total 9600, cost 0.275, 5 usage events of 7 (the session start and the dropped metric count
//   in total_events only).
//   Session 7f3c… = A+B+D = 5200 (54.2% of 9600); session `nightly "a|b", part 2` = E+F = 4400
//   (45.8%). Buckets of 1h: 10:00 → A, D, B = 5200, cost 0.25; 11:00 → E, F = 4400, cost 0.025.
// The golden files under test/fixtures/formats/golden were checked against these by hand;
// UPDATE_GOLDEN=1 rewrites them (then read the diff).
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {parse} from 'csv-parse/sync'
import {describe, expect, it} from 'vitest'

import {ROOT, runCli} from './run-cli.js'

const LOG = 'test/fixtures/formats/usage.jsonl'
const SESSION = '7f3c2a9e-1b4d-4c8e-9a51-2f6d0e8b7c41'
const ODD_SESSION = 'nightly "a|b", part 2'
const LONG_REPOSITORY = 'github.com/acme-corporation/platform-infrastructure-monorepo'

function expectGolden(name: string, text: string): void {
  const path = join(ROOT, 'test/fixtures/formats/golden', name)
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, text)
  expect(text).toBe(readFileSync(path, 'utf8'))
}

function report(...args: string[]): string {
  const result = runCli(['token-usage', '--log-path', LOG, ...args])
  expect(result.stderr).toBe('')
  expect(result.status).toBe(0)
  return result.stdout
}

describe('--format table', () => {
  it('matches the golden table: TOTAL TOKENS, SHARE, separators, breakdown rows, bucket chart', () => {
    const out = report('--bucket', '1h', '--breakdown')
    expectGolden('usage.table.txt', out)
    const lines = out.split('\n')
    // Right-aligned thousands: every figure row of TOTALS ends its columns at the header's edges.
    const header = lines[lines.indexOf('TOTALS') + 1] as string
    const totals = lines[lines.indexOf('TOTALS') + 2] as string
    expect(totals.split(/\s+/)).toEqual([
      '5,300',
      '900',
      '3,000',
      '400',
      '50',
      '9,600',
      '0.2750',
      '5',
    ])
    expect(totals.length).toBe(header.length)
    expect(out).toMatch(
      /^7f3c2a9e-1b4d-4c8e-9a51-2f6d0e8b7c41 +1,500 .* 5,200 +0\.2500 +3 +54\.2%$/m,
    )
    expect(out).toMatch(/^nightly "a\|b", part 2 +3,800 .* 4,400 +0\.0250 +2 +45\.8%$/m)
    // --breakdown: the session's models, indented under it, in total-token order.
    const bySession = lines.slice(lines.indexOf('BY SESSION') + 2, lines.indexOf('BY SESSION') + 5)
    expect(bySession.map((line) => line.replace(/\s+[\d,]+\s.*$/, ''))).toEqual([
      SESSION,
      '  claude-sonnet-4-5',
      '  claude-haiku-4-5',
    ])
    // Not a terminal and no COLUMNS: nothing is shortened, nothing is coloured.
    expect(out).toContain(LONG_REPOSITORY)
    expect(out).not.toContain('\u001b[')
  })

  it('draws tokens and cost per bucket, the longest bar for the largest bucket', () => {
    const out = report('--bucket', '1h')
    const chart = out.slice(out.indexOf('TOKENS PER 1h BUCKET')).split('\n')
    const bar = (line: string) => (line.match(/[█▉▊▋▌▍▎▏]+/) ?? [''])[0]
    const first = bar(chart[1] as string)
    const second = bar(chart[2] as string)
    // 4400 / 5200 of the longest bar, to the eighth of a cell.
    expect(Array.from(second).length / Array.from(first).length).toBeCloseTo(4400 / 5200, 1)
    expect(chart[1]).toMatch(/5,200$/)
    expect(out).toContain('COST USD PER 1h BUCKET')
    // The cost chart scales 0.025 against 0.25: a tenth of the bar.
    const costs = out.slice(out.indexOf('COST USD PER 1h BUCKET')).split('\n')
    expect(Array.from(bar(costs[2] as string)).length * 10).toBe(
      Array.from(bar(costs[1] as string)).length,
    )
  })

  it('fits the chart to COLUMNS', () => {
    for (const columns of [60, 120]) {
      const out = runCli(['token-usage', '--log-path', LOG, '--bucket', '1h'], {
        COLUMNS: String(columns),
      }).stdout
      const chart = out.slice(out.indexOf('TOKENS PER 1h BUCKET')).split('\n').slice(1, 3)
      for (const line of chart) expect(Array.from(line).length).toBe(columns)
    }
  })

  it('shortens long keys in the middle when COLUMNS is narrow, and only then', () => {
    const out = runCli(['token-usage', '--log-path', LOG], {COLUMNS: '80'}).stdout
    expectGolden('usage.narrow.txt', out)
    // Headers stack (CACHE over READ) and gaps narrow first; then keys give up the rest.
    for (const line of out.split('\n')) expect(Array.from(line).length).toBeLessThanOrEqual(80)
    expect(out).not.toContain(LONG_REPOSITORY)
    expect(out).not.toContain(SESSION)
    expect(out).toMatch(/^7f3c2a9e…0e8b7c41 1,500 /m)
    expect(out).toMatch(/^github\.c…monorepo 1,500 /m)
    // Keys that fit stay whole.
    expect(out).toMatch(/^gpt-4\.1-mini +800 /m)
    // Wide enough: nothing shortened.
    const wide = runCli(['token-usage', '--log-path', LOG], {COLUMNS: '200'}).stdout
    expect(wide).toContain(LONG_REPOSITORY)
    expect(wide).toBe(report())
    // JSON and CSV never shorten.
    const json = runCli(['token-usage', '--log-path', LOG, '--json'], {COLUMNS: '40'}).stdout
    expect(json).toContain(LONG_REPOSITORY)
    const csv = runCli(['token-usage', '--log-path', LOG, '--format', 'csv'], {
      COLUMNS: '40',
    }).stdout
    expect(csv).toContain(LONG_REPOSITORY)
  })

  it('colours with --color even into a pipe; NO_COLOR and --no-color keep it plain', () => {
    expect(report('--color')).toContain('\u001b[1mTOTALS\u001b[0m')
    expect(
      runCli(['token-usage', '--log-path', LOG, '--no-color'], {COLUMNS: '200'}).stdout,
    ).not.toContain('\u001b[')
    // An explicit flag wins over NO_COLOR, as no-color.org asks.
    expect(runCli(['token-usage', '--log-path', LOG, '--color'], {NO_COLOR: '1'}).stdout).toContain(
      '\u001b[',
    )
  })
})

describe('--format json', () => {
  it('keeps the contract keys and adds models per row with --breakdown', () => {
    const out = report('--json', '--breakdown', '--bucket', '1h')
    expectGolden('usage.json', out)
    const doc = JSON.parse(out)
    expect(Object.keys(doc)).toEqual([
      'totals',
      'by_model',
      'by_session',
      'by_harness',
      'by_repository',
      'by_run',
      'utilization',
      'series',
      'events_with_usage',
      'total_events',
      'malformed_lines',
      'duplicate_lines',
    ])
    expect(doc.totals).toEqual({
      input_tokens: 5300,
      output_tokens: 900,
      cache_read_input_tokens: 3000,
      cache_creation_input_tokens: 400,
      reasoning_output_tokens: 50,
      cost_usd: 0.275,
      events: 5,
    })
    const session = doc.by_session[0]
    expect(Object.keys(session)).toEqual(['key', 'usage', 'models'])
    expect(session.models.map((m: {model: string}) => m.model)).toEqual([
      'claude-sonnet-4-5',
      'claude-haiku-4-5',
      'claude-sonnet-4-5[1m]',
    ])
    expect(session.models[2].usage.cost_usd).toBe(0.25)
    expect(
      doc.by_run[0].models.map((m: {usage: {input_tokens: number}}) => m.usage.input_tokens),
    ).toEqual([3000, 800])
    // Harness and model rows are not split.
    expect(doc.by_model[0].models).toBeUndefined()
    expect(doc.by_harness[0].models).toBeUndefined()
  })

  it('is the same document with --json and --format json, and without --breakdown has no models', () => {
    const short = report('--json')
    expect(report('--format', 'json')).toBe(short)
    expect(report('--json', '--format', 'json')).toBe(short)
    expect(short).not.toContain('"models"')
  })

  it('rejects --json with another --format: one line, exit 2', () => {
    const result = runCli(['token-usage', '--log-path', LOG, '--json', '--format', 'csv'])
    expect(result.status).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toContain('--format csv')
  })

  it('rejects an unknown format: one line naming the accepted values, exit 2', () => {
    const result = runCli(['token-usage', '--log-path', LOG, '--format', 'xml'])
    expect(result.status).toBe(2)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toContain('table, json, csv, markdown')
  })
})

describe('--format csv', () => {
  it('parses back with a real CSV parser into one row per (section, key) with every usage column', () => {
    const out = report('--format', 'csv', '--bucket', '1h')
    expectGolden('usage.csv', out)
    expect(out.endsWith('\r\n')).toBe(true)
    const rows: Record<string, string>[] = parse(out, {columns: true})
    expect(Object.keys(rows[0] as object)).toEqual([
      'section',
      'key',
      'input_tokens',
      'output_tokens',
      'cache_read_input_tokens',
      'cache_creation_input_tokens',
      'reasoning_output_tokens',
      'cost_usd',
      'events',
      'total_tokens',
    ])
    const count = (section: string) => rows.filter((row) => row.section === section).length
    expect(count('totals')).toBe(1)
    expect(count('by_model')).toBe(5)
    expect(count('by_session')).toBe(2)
    expect(count('by_harness')).toBe(2)
    expect(count('by_repository')).toBe(2)
    expect(count('by_run')).toBe(1)
    expect(count('series')).toBe(2)
    expect(rows).toHaveLength(15)
    // The key with a comma, quotes and a pipe survives quoting intact.
    const odd = rows.find((row) => row.section === 'by_session' && row.key === ODD_SESSION)
    expect(odd).toMatchObject({
      input_tokens: '3800',
      output_tokens: '600',
      reasoning_output_tokens: '50',
      total_tokens: '4400',
      events: '2',
    })
    expect(Number(odd?.cost_usd)).toBeCloseTo(0.025, 12)
    expect(rows[0]).toMatchObject({section: 'totals', key: '', total_tokens: '9600', events: '5'})
    expect(
      rows.filter((row) => row.section === 'series').map((row) => [row.key, row.total_tokens]),
    ).toEqual([
      ['2026-06-11T10:00:00Z', '5200'],
      ['2026-06-11T11:00:00Z', '4400'],
    ])
    // Each section's rows add up to the totals (5300 input) — nothing counted twice.
    const input = (section: string) =>
      rows
        .filter((row) => row.section === section)
        .reduce((sum, row) => sum + Number(row.input_tokens), 0)
    for (const section of ['by_model', 'by_session', 'by_harness', 'by_repository', 'series'])
      expect(input(section)).toBe(5300)
  })

  it('with --breakdown adds a model column and per-model sections that sum to their key', () => {
    const rows: Record<string, string>[] = parse(report('--format', 'csv', '--breakdown'), {
      columns: true,
    })
    expect(Object.keys(rows[0] as object).slice(0, 3)).toEqual(['section', 'key', 'model'])
    const sessionModels = rows.filter((row) => row.section === 'by_session_model')
    expect(sessionModels.map((row) => [row.key, row.model, row.total_tokens])).toEqual([
      [SESSION, 'claude-sonnet-4-5', '4600'],
      [SESSION, 'claude-haiku-4-5', '600'],
      [SESSION, 'claude-sonnet-4-5[1m]', '0'],
      [ODD_SESSION, 'gpt-4.1', '3500'],
      [ODD_SESSION, 'gpt-4.1-mini', '900'],
    ])
    expect(rows.filter((row) => row.section === 'by_run_model').map((row) => row.model)).toEqual([
      'gpt-4.1',
      'gpt-4.1-mini',
    ])
    expect(rows.filter((row) => row.section === 'by_repository_model')).toHaveLength(5)
  })
})

describe('--format markdown', () => {
  it('renders GitHub tables: one row per key, numbers right-aligned, pipes escaped', () => {
    const out = report('--format', 'markdown', '--bucket', '1h', '--breakdown')
    expectGolden('usage.md', out)
    const tables = out.split('\n### ').slice(1)
    const rowsOf = (heading: string) => {
      const table = tables.find((t) => t.startsWith(`${heading}\n`)) as string
      const lines = table.split('\n').filter((line) => line.startsWith('|'))
      // header, alignment row, then the rows
      expect(lines[1]).toMatch(/^\| :-- \|( --: \|)+$|^\|( --: \|)+$/)
      return lines.slice(2)
    }
    expect(rowsOf('Totals')).toEqual(['| 5,300 | 900 | 3,000 | 400 | 50 | 9,600 | 0.2750 | 5 |'])
    expect(rowsOf('By model')).toHaveLength(5)
    // Two sessions, each followed by its models (3 + 2).
    const sessions = rowsOf('By session')
    expect(sessions).toHaveLength(7)
    expect(sessions.filter((row) => row.startsWith('| ↳ '))).toHaveLength(5)
    expect(sessions[4]).toBe(
      '| nightly "a\\|b", part 2 | 3,800 | 600 | 0 | 0 | 50 | 4,400 | 0.0250 | 2 | 45.8% |',
    )
    expect(rowsOf('By harness')).toHaveLength(2)
    expect(rowsOf('By repository')).toHaveLength(7)
    expect(rowsOf('By run')).toHaveLength(3)
    expect(rowsOf('Context utilization')).toHaveLength(4)
    expect(rowsOf('Series')).toHaveLength(2)
    // Every row has as many cells as its header: no key broke the table.
    for (const table of tables) {
      const lines = table.split('\n').filter((line) => line.startsWith('|'))
      const cells = (line: string) => line.replace(/\\\|/g, '').split('|').length
      for (const line of lines) expect(cells(line)).toBe(cells(lines[0] as string))
    }
  })

  it('nests session steps with non-breaking indents', () => {
    const out = report('--format', 'markdown', '--session', SESSION)
    expect(out).toContain(`### Session ${SESSION} (3 usage events)`)
    expect(out).toContain(
      '| claude\\_code.api\\_request | 2026-06-11T10:00:05Z | claude-sonnet-4-5 |',
    )
    expect(out).toContain(
      '| &nbsp;&nbsp;claude\\_code.api\\_request | 2026-06-11T10:20:00Z | claude-haiku-4-5 |',
    )
  })
})

describe('shell completion', () => {
  it('ships the autocomplete plugin, which knows the command and its flags', () => {
    const cache = join(ROOT, 'dist', '.completion-test-cache')
    const result = runCli(['autocomplete', 'script', 'zsh'], {XDG_CACHE_HOME: cache})
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('beacon')
    const help = runCli(['autocomplete', '--help'])
    expect(help.stdout).toContain('bash')
    expect(help.stdout).toContain('zsh')
  })
})
