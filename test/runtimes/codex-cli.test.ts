// Codex CLI (codex-rs 0.58, fixtures mirror its OpenTelemetry export: the cumulative
// `codex.turn.token_usage` histogram with one datapoint per `token_type`, `service.name`
// `codex_cli_rs`; session, repository and run come from resource attributes Beacon's collector
// adds). Two exports of running totals: input 8000 → 20000 (inclusive of cached input),
// cached_input 4000 → 13000, output 600 → 1500, reasoning_output 200 → 500, total 8600 → 21500.
import {readFileSync} from 'node:fs'

import {describe, expect, it} from 'vitest'

import {
  canonical,
  canonicalEvents,
  fixture,
  fixtureEvents,
  jsonReport,
  usage,
  usages,
} from './helpers.js'

describe('codex_cli runtime', () => {
  it('subtracts the turn’s cached input from OTLP input and ignores total', () => {
    const events = fixtureEvents('codex-cli.otlp.jsonl')
    expect(new Set(events.map((event) => event.harness))).toEqual(new Set(['codex_cli']))
    // Per export: input − cached_input (8000 − 4000, then 20000 − 13000); `total` carries none.
    expect(usages(events)).toEqual([
      canonical({input: 4000}),
      canonical({cacheRead: 4000}),
      canonical({output: 600}),
      canonical({reasoning: 200}),
      canonical({input: 7000}),
      canonical({cacheRead: 13000}),
      canonical({output: 1500}),
      canonical({reasoning: 500}),
    ])
    const totals = events.filter((event) => event.metricName !== '' && event.usageMask === 0)
    expect(totals).toHaveLength(2)
    expect(events.filter((event) => event.metricName !== '').every((e) => e.cumulative)).toBe(true)
  })

  it('never lets input go below zero', () => {
    const line = JSON.stringify({
      resourceMetrics: [
        {
          resource: {attributes: [{key: 'service.name', value: {stringValue: 'codex_cli_rs'}}]},
          scopeMetrics: [
            {
              metrics: [
                {
                  name: 'codex.turn.token_usage',
                  histogram: {
                    aggregationTemporality: 1,
                    dataPoints: ['input', 'cached_input'].map((type, i) => ({
                      attributes: [{key: 'token_type', value: {stringValue: type}}],
                      timeUnixNano: '1781172010000000000',
                      count: '1',
                      sum: [100, 150][i],
                    })),
                  },
                },
              ],
            },
          ],
        },
      ],
    })
    // 100 − 150 clamps to 0: the input datapoint carries nothing, cached input stays 150.
    expect(usages(canonicalEvents(line))).toEqual([canonical({cacheRead: 150})])
  })

  it('reads raw-only Beacon events as the disjoint values Beacon writes', () => {
    expect(usages(fixtureEvents('codex-cli.raw.jsonl'))).toEqual(
      usages(fixtureEvents('codex-cli.canonical.jsonl')),
    )
  })

  it('turns the cumulative histograms into deltas, the same from every form', async () => {
    // §5.2 by hand: input 4000 + (7000 − 4000), cache read 4000 + (13000 − 4000), output
    // 600 + 900, reasoning 200 + 300; 8 datapoints with usage (the 2 totals carry none).
    const totals = usage({input: 7000, output: 1500, cacheRead: 13000, reasoning: 500, events: 8})
    const reports = await Promise.all(
      ['canonical', 'raw', 'otlp'].map((form) => jsonReport(fixture(`codex-cli.${form}.jsonl`))),
    )
    for (const json of reports) {
      expect(json.totals).toEqual(totals)
      expect(json.by_run).toEqual([{key: 'github/9876543210', usage: totals}])
      expect(json.by_repository).toEqual([{key: 'github.com/acme/payments', usage: totals}])
      expect(json.by_session).toEqual([{key: 'codex-run-5521', usage: totals}])
      expect(json.total_events).toBe(11)
      expect(json).toEqual(reports[0])
    }
  })

  it('counts a repeated OTLP export once, as duplicates of its usage records', async () => {
    const text = readFileSync(fixture('codex-cli.otlp.jsonl'), 'utf8').split('\n')
    const {mkdtempSync, writeFileSync, rmSync} = await import('node:fs')
    const {join} = await import('node:path')
    const {tmpdir} = await import('node:os')
    const dir = mkdtempSync(join(tmpdir(), 'codex-dup-'))
    try {
      // The second export written twice (a collector retry).
      const log = join(dir, 'runtime.jsonl')
      writeFileSync(log, [text[0], text[1], text[2], text[2]].join('\n') + '\n')
      const json = await jsonReport(log)
      expect(json.totals).toEqual(
        usage({input: 7000, output: 1500, cacheRead: 13000, reasoning: 500, events: 8}),
      )
      // Its four usage-bearing datapoints are the dropped duplicates.
      expect(json.duplicate_lines).toBe(4)
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })
})
