// The assembled stages from bytes to report state (no file I/O: chunks come from memory), on a
// small log shaped like real runtime output. Figures are worked out by hand below.
import {from, lastValueFrom} from 'rxjs'
import {describe, expect, it} from 'vitest'

import {type PipelineOptions, chunksToEvents} from '../../src/pipeline/token-usage-pipeline.js'
import {reduceReport} from '../../src/pipeline/reduce-report.js'
import {buildReport} from '../../src/report/build-report.js'
import {reportJson} from '../../src/report/render-json.js'
import {fileChunks} from '../support/events.js'

const claude = '"harness":{"name":"claude_code"},"session":{"id":"s1"}'
const codex = '"harness":{"name":"codex_cli"},"session":{"id":"c1"},"model":"gpt-5"'
const API_REQUEST = `{"timestamp":"2026-06-11T10:00:05.318Z",${claude},"event":{"action":"api_request"},"model":"claude-sonnet-4-5","gen_ai":{"usage":{"input_tokens":3,"output_tokens":412,"cache_read":{"input_tokens":18234},"cache_creation":{"input_tokens":2210}}},"raw":{"attributes":{"cost_usd":0.01873}}}`

const LOG = [
  // 1. Claude Code log record: the source of truth for its four token fields.
  API_REQUEST,
  // 2. The same input on the metric channel: zeroed by §5.1 and dropped.
  `{"timestamp":"2026-06-11T10:00:05Z",${claude},"model":"claude-sonnet-4-5[1m]","gen_ai":{"usage":{"input_tokens":3}},"raw":{"metric_name":"claude_code.token.usage","metric_temporality":"Delta","attributes":{"type":"input"}}}`,
  // 3. Cost comes only on the cost metric: kept.
  `{"timestamp":"2026-06-11T10:00:05Z",${claude},"model":"claude-sonnet-4-5[1m]","gen_ai":{"usage":{"cost_usd":0.01873}},"raw":{"metric_name":"claude_code.cost.usage","metric_temporality":"delta"}}`,
  // 4. Blank line; 5. malformed; 6. a collector retry of line 1.
  '   ',
  '{"timestamp":"2026-06-11T10:00:06Z","model":',
  `  ${API_REQUEST}`,
  // 7-9. A Codex cumulative output series logged out of order: chronologically 60, 100, 150.
  `{"timestamp":"2026-06-11T10:00:10Z",${codex},"gen_ai":{"usage":{"output_tokens":100}},"raw":{"metric_name":"codex.turn.token_usage","metric_temporality":"Cumulative","attributes":{"token_type":"output"}}}`,
  `{"timestamp":"2026-06-11T10:00:09Z",${codex},"gen_ai":{"usage":{"output_tokens":60}},"raw":{"metric_name":"codex.turn.token_usage","metric_temporality":"Cumulative","attributes":{"token_type":"output"}}}`,
  `{"timestamp":"2026-06-11T10:00:11Z",${codex},"gen_ai":{"usage":{"output_tokens":150}},"raw":{"metric_name":"codex.turn.token_usage","metric_temporality":"Cumulative","attributes":{"token_type":"output"}}}`,
  // 10. Codex `total` repeats the others: never counted (but it is an event that passed).
  `{"timestamp":"2026-06-11T10:00:11Z",${codex},"gen_ai":{"usage":{"input_tokens":999}},"raw":{"metric_name":"codex.turn.token_usage","metric_temporality":"Cumulative","attributes":{"token_type":"total"}}}`,
  // 11. Codex cumulative input series with one reading.
  `{"timestamp":"2026-06-11T10:00:11Z",${codex},"gen_ai":{"usage":{"input_tokens":1000}},"raw":{"metric_name":"codex.turn.token_usage","metric_temporality":"Cumulative","attributes":{"token_type":"input"}}}`,
].join('\r\n')

async function run(options: Partial<PipelineOptions>, chunkBytes: number) {
  const bytes = Buffer.from(LOG, 'utf8')
  const pieces = []
  for (let at = 0; at < bytes.length; at += chunkBytes)
    pieces.push(bytes.subarray(at, at + chunkBytes))
  const chunks = fileChunks(pieces)
  const aggregate = {collectSteps: false}
  const state = await lastValueFrom(
    from(chunks).pipe(chunksToEvents({filter: {}, aggregate, ...options}), reduceReport(aggregate)),
  )
  return reportJson(buildReport(state, {top: 0}))
}

describe('chunksToEvents + reduceReport', () => {
  it.each([7, 64, 1 << 20])('gives the hand-worked figures with %d-byte chunks', async (size) => {
    const report = await run({}, size)
    // input 3 (line 1) + 1000 (line 11); output 412 + cumulative 60 + 40 + 50; cost from line 3.
    // Events with usage: lines 1, 3, 7, 8, 9, 11. Total events also count lines 2 and 10.
    expect(report).toMatchObject({
      totals: {
        input_tokens: 1003,
        output_tokens: 562,
        cache_read_input_tokens: 18234,
        cache_creation_input_tokens: 2210,
        reasoning_output_tokens: 0,
        cost_usd: 0.01873,
        events: 6,
      },
      events_with_usage: 6,
      total_events: 8,
      malformed_lines: 1,
      duplicate_lines: 1,
    })
  })

  it('applies filters after de-duplication: --harness codex keeps only the Codex lines', async () => {
    const report = await run({filter: {harness: 'codex'}}, 64)
    expect(report).toMatchObject({
      totals: {input_tokens: 1000, output_tokens: 150, cost_usd: 0, events: 4},
      total_events: 5,
      malformed_lines: 1,
      duplicate_lines: 1,
    })
  })
})
