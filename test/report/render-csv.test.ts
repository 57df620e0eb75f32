// CSV on the hand-worked fixture (figures in test/fixtures/formats/README.md), parsed back with
// a real CSV parser.
import {parse} from 'csv-parse/sync'
import {describe, expect, it} from 'vitest'

import {csvField, renderCsv} from '../../src/report/render-csv.js'
import {HOUR, ODD_SESSION, SESSION, expectGolden, fixtureReport} from './fixture-report.js'

type Row = Record<string, string>

describe('renderCsv', () => {
  it('parses back into one row per (section, key) with every usage column', async () => {
    const out = renderCsv(await fixtureReport({bucketNanos: HOUR}))
    expectGolden('usage.csv', out)
    expect(out.split('\r\n')).toHaveLength(17) // a header and 15 records, each ending in CRLF
    const rows: Row[] = parse(out, {columns: true})
    expect(Object.keys(rows[0] as Row)).toEqual([
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
    const sections = rows.map((row) => row.section)
    expect(sections).toEqual([
      'totals',
      ...Array(5).fill('by_model'),
      'by_session',
      'by_session',
      'by_harness',
      'by_harness',
      'by_repository',
      'by_repository',
      'by_run',
      'series',
      'series',
    ])
    expect(rows[0]).toEqual({
      section: 'totals',
      key: '',
      input_tokens: '5300',
      output_tokens: '900',
      cache_read_input_tokens: '3000',
      cache_creation_input_tokens: '400',
      reasoning_output_tokens: '50',
      cost_usd: '0.275',
      events: '5',
      total_tokens: '9600',
    })
    // The key with a comma, quotes and a pipe comes back intact.
    expect(
      rows.find((row) => row.section === 'by_session' && row.key === ODD_SESSION),
    ).toMatchObject({
      input_tokens: '3800',
      output_tokens: '600',
      reasoning_output_tokens: '50',
      cost_usd: '0.025',
      events: '2',
      total_tokens: '4400',
    })
    expect(
      rows.filter((row) => row.section === 'series').map((row) => [row.key, row.total_tokens]),
    ).toEqual([
      ['2026-06-11T10:00:00Z', '5200'],
      ['2026-06-11T11:00:00Z', '4400'],
    ])
    // Every section adds up to the totals: nothing counted twice.
    for (const section of ['by_model', 'by_session', 'by_harness', 'by_repository', 'series']) {
      const input = rows
        .filter((row) => row.section === section)
        .reduce((sum, row) => sum + Number(row.input_tokens), 0)
      expect(input).toBe(5300)
    }
  })

  it('with breakdown adds a model column and per-model sections that sum to their key', async () => {
    const rows: Row[] = parse(
      renderCsv(await fixtureReport({breakdown: true}), {breakdown: true}),
      {
        columns: true,
      },
    )
    expect(Object.keys(rows[0] as Row).slice(0, 3)).toEqual(['section', 'key', 'model'])
    expect(
      rows.filter((row) => row.section === 'by_session').every((row) => row.model === ''),
    ).toBe(true)
    expect(
      rows
        .filter((row) => row.section === 'by_session_model')
        .map((row) => [row.key, row.model, row.total_tokens, row.cost_usd]),
    ).toEqual([
      [SESSION, 'claude-sonnet-4-5', '4600', '0'],
      [SESSION, 'claude-haiku-4-5', '600', '0'],
      [SESSION, 'claude-sonnet-4-5[1m]', '0', '0.25'],
      [ODD_SESSION, 'gpt-4.1', '3500', '0.02'],
      [ODD_SESSION, 'gpt-4.1-mini', '900', '0.005'],
    ])
    expect(rows.filter((row) => row.section === 'by_run_model').map((row) => row.model)).toEqual([
      'gpt-4.1',
      'gpt-4.1-mini',
    ])
    expect(rows.filter((row) => row.section === 'by_repository_model')).toHaveLength(5)
    // Harness and model rows are never split.
    expect(
      rows.some((row) => row.section === 'by_harness_model' || row.section === 'by_model_model'),
    ).toBe(false)
  })
})

describe('csvField', () => {
  it('quotes per RFC 4180 only when needed', () => {
    expect(csvField('plain')).toBe('plain')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
    expect(csvField('cr\r')).toBe('"cr\r"')
    expect(csvField('')).toBe('')
    const tricky = ['a,"b"\r\nc', ' x ', '"', ',,']
    const [back] = parse(`${tricky.map(csvField).join(',')}\r\n`) as string[][]
    expect(back).toEqual(tricky)
  })
})
