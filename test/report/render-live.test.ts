// The live view's text and the NDJSON line, from a report built by the real pipeline on
// fixture lines, and the recent-rate window behind the RATE line.
import {lastValueFrom, of} from 'rxjs'
import {describe, expect, it} from 'vitest'

import type {LiveFrame} from '../../src/pipeline/follow-report.js'
import {reduceReport} from '../../src/pipeline/reduce-report.js'
import {chunksToEvents} from '../../src/pipeline/token-usage-pipeline.js'
import {buildReport} from '../../src/report/build-report.js'
import {reportJson} from '../../src/report/render-json.js'
import {renderLiveView, renderSnapshotLine} from '../../src/report/render-live.js'
import {RateWindow} from '../../src/report/usage-rate.js'
import type {UsageFigures} from '../../src/report/usage.js'
import {claudeApiRequest} from '../e2e/follow-helpers.js'

async function reportOf(lines: string[]) {
  const options = {filter: {}, aggregate: {collectSteps: false}}
  const chunk = {
    fileIndex: 0,
    path: 'runtime.jsonl',
    bytes: Buffer.from(`${lines.join('\n')}\n`),
    offset: 0,
    endOfFile: true,
  }
  const state = await lastValueFrom(
    of(chunk).pipe(chunksToEvents(options), reduceReport(options.aggregate)),
  )
  return buildReport(state, {top: 0})
}

const UPDATED = new Date(2026, 5, 11, 10, 4, 12).getTime()

async function frame(overrides: Partial<LiveFrame> = {}): Promise<LiveFrame> {
  // Two sessions' log records: s1 1,350 tokens and $0.0100, s2 15 tokens and $0.0020.
  const report = await reportOf([
    claudeApiRequest('s1', '2026-06-11T10:00:00Z', {
      input: 100,
      output: 50,
      cacheRead: 1000,
      cacheCreation: 200,
      cost: 0.01,
    }),
    claudeApiRequest('s2', '2026-06-11T10:01:00Z', {input: 10, output: 5, cost: 0.002}),
  ])
  return {
    log: '/home/dev/.beacon/endpoint/logs/runtime.jsonl',
    report,
    provisionalScopes: 0,
    updatedAt: UPDATED,
    now: UPDATED + 3_000,
    rate: {tokensPerMinute: 12_480, costPerHour: 0.8112, overMs: 300_000},
    ...overrides,
  }
}

describe('renderLiveView', () => {
  it('shows totals, rates, the last update, top models and sessions, and the dual-channel state', async () => {
    const lines = renderLiveView(await frame(), {columns: 100, rows: 40})
    expect(lines.slice(0, 6)).toEqual([
      'beacon token-usage --follow  /home/dev/.beacon/endpoint/logs/runtime.jsonl',
      'updated 10:04:12 (3s ago) · 2 of 2 events carry usage',
      '',
      // 1,350 + 15 tokens; 0.01 + 0.002 dollars.
      'TOTAL  1,365 tokens · $0.0120',
      '       input 110 · output 55 · cache read 1,000 · cache create 200 · reasoning 0',
      'RATE   12,480 tokens/min · $0.8112/hour (last 5m)',
    ])
    const text = lines.join('\n')
    expect(text).toContain(
      'SESSION  TOKENS  COST USD  EVENTS\ns1        1,350    0.0100       1\ns2           15    0.0020       1',
    )
    expect(text).toContain('dual-channel: settled')
    expect(lines[lines.length - 1]).toBe('Ctrl-C: stop and print the full report')
  })

  it('says when scopes are provisional, and when nothing has been read or measured yet', async () => {
    const lines = renderLiveView(
      await frame({provisionalScopes: 2, updatedAt: undefined, rate: undefined}),
      {columns: 120, rows: 40},
      {notices: ['/x/runtime.jsonl was truncated; reading it again from the start']},
    )
    expect(lines).toContain(
      'dual-channel: provisional for 2 scopes (metric usage counts until its log record arrives)',
    )
    expect(lines[1]).toBe('waiting for lines · 2 of 2 events carry usage')
    expect(lines).toContain('RATE   measuring…')
    expect(lines).toContain('note: /x/runtime.jsonl was truncated; reading it again from the start')
  })

  it('fits a small screen: lines cut to the width, top lists shortened to the height', async () => {
    const lines = renderLiveView(await frame(), {columns: 30, rows: 15})
    expect(lines.length).toBeLessThanOrEqual(15)
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(30)
    expect(lines[0]).toBe('beacon token-usage --follow  …')
    // One row per top list: the largest session only.
    expect(lines.some((line) => line.startsWith('s1 '))).toBe(true)
    expect(lines.some((line) => line.startsWith('s2 '))).toBe(false)
  })
})

describe('renderSnapshotLine', () => {
  it('is the --json document on one line', async () => {
    const f = await frame()
    const line = renderSnapshotLine(f)
    expect(line.endsWith('\n')).toBe(true)
    expect(line.trimEnd()).not.toContain('\n')
    expect(JSON.parse(line)).toEqual(reportJson(f.report))
  })
})

describe('RateWindow', () => {
  const totals = (tokens: number, cost: number): UsageFigures => ({
    input: tokens,
    output: 0,
    cacheRead: 0,
    cacheCreation: 0,
    reasoning: 0,
    cost,
    events: 1,
    totalTokens: tokens,
  })

  it('measures the growth between the oldest sample in the window and the newest', () => {
    const window = new RateWindow(300_000)
    window.record(0, totals(1000, 0))
    expect(window.rate()).toBeUndefined()
    window.record(60_000, totals(2000, 0.01))
    // 1000 tokens in one minute; $0.01 a minute is $0.60 an hour.
    expect(window.rate()).toEqual({tokensPerMinute: 1000, costPerHour: 0.6, overMs: 60_000})
    window.record(360_000, totals(5000, 0.01))
    // The sample at 0 left the five-minute window: (5000 − 2000) tokens over 5 minutes.
    expect(window.rate()).toEqual({tokensPerMinute: 600, costPerHour: 0, overMs: 300_000})
  })

  it('never reports a negative rate when a late log record lowers the totals', () => {
    const window = new RateWindow()
    window.record(0, totals(1000, 0.5))
    window.record(30_000, totals(900, 0.4))
    expect(window.rate()).toMatchObject({tokensPerMinute: 0, costPerHour: 0})
  })
})
