// followReport in-process on a temp log: each snapshot must equal a batch run over the lines
// read so far, including cumulative events still held by the reorder window — written here out
// of time order, so folding them in arrival order would give a different figure.
import {appendFileSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import * as path from 'node:path'
import {Subject} from 'rxjs'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {type LiveFrame, followReport} from '../../src/pipeline/follow-report.js'
import {readReportState} from '../../src/pipeline/token-usage-pipeline.js'
import {buildReport} from '../../src/report/build-report.js'
import {reportJson} from '../../src/report/render-json.js'
import {
  claudeApiRequest,
  claudeInputMetric,
  codexCumulativeInput,
  waitFor,
} from '../e2e/follow-helpers.js'

const OPTIONS = {filter: {}, aggregate: {collectSteps: false}}
const REPORT = {top: 0}

let dir: string
let log: string

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'beacon-follow-report-'))
  log = path.join(dir, 'runtime.jsonl')
})

afterEach(() => rmSync(dir, {recursive: true, force: true}))

async function batch(): Promise<Record<string, unknown>> {
  return reportJson(buildReport(await readReportState([log], OPTIONS), REPORT))
}

describe('followReport', () => {
  it('snapshots equal a batch run over the lines so far, held cumulative events included', async () => {
    const frames: LiveFrame[] = []
    const stop = new Subject<void>()
    writeFileSync(log, `${claudeInputMetric('s1', '2026-06-11T10:00:01Z', 100)}\n`)
    const done = followReport(
      {log, pipeline: OPTIONS, report: REPORT, intervalMs: 20, stop, onNotice: () => undefined},
      (frame) => frames.push(frame),
    )
    const latest = () => frames[frames.length - 1]
    const frameWith = (events: number) =>
      waitFor(`a frame with ${events} events`, () =>
        frames.find((frame) => frame.report.totalEvents === events),
      )

    // Only a metric datapoint for s1: it counts, provisionally.
    let frame = await frameWith(1)
    expect(frame.report.totals.input).toBe(100)
    expect(frame.provisionalScopes).toBe(1)
    expect(reportJson(frame.report)).toEqual(await batch())

    // The Codex counter's later reading (11:01, 1500) arrives before its earlier one (11:00,
    // 1000). In time order the deltas are 1000 then 500: 1500 input for c1, not 1500 + 1000.
    appendFileSync(log, `${codexCumulativeInput('c1', '2026-06-11T11:01:00Z', 1500)}\n`)
    await frameWith(2)
    appendFileSync(log, `${codexCumulativeInput('c1', '2026-06-11T11:00:00Z', 1000)}\n`)
    frame = await frameWith(3)
    expect(frame.report.groups.bySession).toContainEqual(
      expect.objectContaining({
        key: 'c1',
        usage: expect.objectContaining({input: 1500, events: 2}),
      }),
    )
    expect(reportJson(frame.report)).toEqual(await batch())

    // s1's log record settles the dual-channel correction: the metric's input is zeroed.
    appendFileSync(
      log,
      `${claudeApiRequest('s1', '2026-06-11T10:00:00Z', {input: 100, output: 50, cost: 0.01})}\n`,
    )
    frame = await frameWith(4)
    // c1 is metrics-only, so it stays provisional; s1 is settled.
    expect(frame.provisionalScopes).toBe(1)
    expect(frame.report.totals).toMatchObject({input: 1600, output: 50, cost: 0.01, events: 3})
    expect(reportJson(frame.report)).toEqual(await batch())
    expect(latest()?.updatedAt).toBeDefined()

    stop.next()
    const final = await done
    expect(reportJson(final)).toEqual(await batch())
  })
})
