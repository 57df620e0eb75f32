// Worker ranges over a Codex log whose cumulative metric sends one datapoint per token type
// (as examples/runtime.jsonl and Codex CLI do): the figures must not depend on the split.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import type {LogSource} from '../../src/pipeline/read-log-files.js'
import {buildReport} from '../../src/report/build-report.js'
import {reportJson} from '../../src/report/render-json.js'

// Workers run compiled code, so this test drives the build (`npm test` builds first).
const {runReport} = (await import(
  new URL('../../dist/pipeline/run-report.js', import.meta.url).href
)) as typeof import('../../src/pipeline/run-report.js')

const dir = mkdtempSync(join(tmpdir(), 'beacon-codex-ranges-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

const TURNS = 40

/** Turn i reports running totals input 1000(i+1), cached 500(i+1), output 100(i+1), reasoning 10(i+1), and their total. */
function writeCodexLog(): string {
  const lines: string[] = []
  for (let i = 0; i < TURNS; i++) {
    const n = i + 1
    const datapoint = (tokenType: string, usage: object) =>
      JSON.stringify({
        timestamp: new Date(Date.UTC(2026, 5, 11, 11, 0, 10) + i * 60_000).toISOString(),
        event: {action: 'metric'},
        harness: {name: 'codex_cli'},
        session: {id: 'codex-run-5521'},
        model: 'gpt-5-codex',
        gen_ai: {usage},
        raw: {
          metric_name: 'codex.turn.token_usage',
          metric_temporality: 'Cumulative',
          attributes: {token_type: tokenType},
        },
      })
    lines.push(datapoint('input', {input_tokens: 1000 * n}))
    lines.push(datapoint('cached_input', {cache_read: {input_tokens: 500 * n}}))
    lines.push(datapoint('output', {output_tokens: 100 * n}))
    lines.push(datapoint('reasoning_output', {reasoning: {output_tokens: 10 * n}}))
    lines.push(datapoint('total', {input_tokens: 1610 * n}))
  }
  const path = join(dir, 'codex.jsonl')
  writeFileSync(path, `${lines.join('\n')}\n`)
  return path
}

async function totalsOf(path: string, workers: number, rangeBytes?: number) {
  const sources: LogSource[] = [{fileIndex: 0, path, kind: 'plain'}]
  const aggregate = {collectSteps: false}
  const state = await runReport(sources, {
    filter: {},
    aggregate,
    workers,
    parallelMinBytes: 0,
    rangeBytes,
  })
  return reportJson(buildReport(state, {top: 0})).totals
}

// By hand: no counter resets, so each series contributes its last running total; the `total`
// datapoints never count. 4 datapoints a turn carry usage: 160 events.
const EXPECTED = {
  input_tokens: 1000 * TURNS,
  output_tokens: 100 * TURNS,
  cache_read_input_tokens: 500 * TURNS,
  cache_creation_input_tokens: 0,
  reasoning_output_tokens: 10 * TURNS,
  cost_usd: 0,
  events: 4 * TURNS,
}

describe('runReport over a Codex cumulative log', () => {
  it('gives the hand-worked totals with one reader', async () => {
    expect(await totalsOf(writeCodexLog(), 1)).toEqual(EXPECTED)
  })

  // Split into worker ranges, the cached/output/reasoning datapoints of a range must take their
  // previous values from the range before (once they took 0 and every range added the running
  // totals again).
  it('gives the same totals split into worker ranges', async () => {
    const path = writeCodexLog()
    for (const rangeBytes of [3000, 10_000])
      expect(await totalsOf(path, 2, rangeBytes)).toEqual(EXPECTED)
  }, 60_000)
})
