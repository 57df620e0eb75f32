// Codex CLI sends metrics only: `codex.turn.token_usage` datapoints, one `token_type` each
// (raw.attributes.token_type), Cumulative temporality (written in three cases), plus a `total`
// datapoint that repeats the others and must never count. CI runs with and without a provider.
// Fixture: test/fixtures/e2e/codex-cli.jsonl (33 lines, all events).
//
// codex-a (github/9876543210, github.com/acme/payments, gpt-5-codex), cumulative, 4 turns:
//            input  cached  output  reasoning   (total: ignored)
//   11:00:10.5 8000   4000     700     300
//   11:01:10  11500   9000    1250     480
//   11:05:00   2000   1000     300     100     ← process restart: every counter reset
//   11:06:00   2000   1500     450     100     ← input/reasoning unchanged: delta 0, still events
//   deltas: input 8000+3500+2000+0 = 13500, cached 4000+5000+1000+500 = 10500,
//           output 700+550+300+150 = 1700, reasoning 300+180+100+0 = 580; 16 usage events.
//   Plus one `codex.user_prompt` log record without usage (a log channel with nothing nonzero
//   leaves the metrics untouched) → 21 events.
// codex-b (run 4412 without provider, gitlab.com/acme/infra, o4-mini), Delta:
//   13:30:00+02:00 input 3000, cached 1000, output 400 (+ total); 13:30:00.999+02:00 input 500,
//   output 100 → in 3500, cr 1000, out 500; 5 usage events, 6 events.
// codex-c (gitlab/9876543210, gitlab.com/acme/infra, gpt-5-codex), cumulative:
//   12:00 input 5000 output 200; 12:01 input 5600 output 500 → in 5000+600, out 200+300;
//   4 usage events, 6 events. Its series are its own: against codex-a's last input (2000) the
//   first point would look like +3000, not 5000.
import {describe, expect, it} from 'vitest'

import {fixture, plus, report, row, usage} from './cli.js'

const LOG = fixture('codex-cli.jsonl')
const A = usage({in: 13500, out: 1700, cr: 10500, reasoning: 580, events: 16})
const B = usage({in: 3500, out: 500, cr: 1000, events: 5})
const C = usage({in: 5600, out: 500, events: 4})
// in 22600, out 2700, cr 11500, reasoning 580, 25 events.
const TOTALS = usage({in: 22600, out: 2700, cr: 11500, reasoning: 580, events: 25})

describe.concurrent('Codex CLI metrics-only turns (§5.2, §7)', () => {
  it('turns cumulative counters into deltas, with resets, and ignores `total`', async () => {
    const {report: r} = await report(LOG)
    expect(plus(A, B, C)).toEqual(TOTALS)
    expect(r.totals).toEqual(TOTALS)
    expect(r.events_with_usage).toBe(25)
    expect(r.total_events).toBe(33)
    // Totals (input+output+cache_read+cache_creation; reasoning not added):
    // gpt-5-codex = A + C → 19100+2200+10500 = 31800; o4-mini = 3500+500+1000 = 5000.
    expect(r.by_model).toEqual([row('gpt-5-codex', plus(A, C)), row('o4-mini', B)])
    // codex-a 25700, codex-c 6100, codex-b 5000.
    expect(r.by_session).toEqual([row('codex-a', A), row('codex-c', C), row('codex-b', B)])
    expect(r.by_harness).toEqual([row('codex_cli', TOTALS)])
    // payments = A (25700); infra = B + C (11100).
    expect(r.by_repository).toEqual([
      row('github.com/acme/payments', A),
      row('gitlab.com/acme/infra', plus(B, C)),
    ])
    // Run keys: provider/run_id, or the bare run_id when there is no provider.
    expect(r.by_run).toEqual([
      row('github/9876543210', A),
      row('gitlab/9876543210', C),
      row('4412', B),
    ])
  })

  it('measures utilization per call (same second), from deltas', async () => {
    const {report: r} = await report(LOG)
    // gpt-5-codex calls (input + cache_read deltas per second): codex-a 8000+4000 = 12000,
    // 3500+5000 = 8500, 2000+1000 = 3000, 0+500 = 500; codex-c 5000, 600. n = 6,
    // p95 index floor(5.7+0.999999)-1 = 5 → 12000. Window gpt-5 = 400000.
    // o4-mini: both lines fall in second 11:30:00Z → one call 3000+1000+500 = 4500; window o4.
    expect(r.utilization).toEqual([
      {
        model: 'gpt-5-codex',
        context_window: 400000,
        calls: 6,
        max_input_tokens: 12000,
        max_ratio: 12000 / 400000,
        p95_ratio: 12000 / 400000,
        near_limit_calls: 0,
      },
      {
        model: 'o4-mini',
        context_window: 200000,
        calls: 1,
        max_input_tokens: 4500,
        max_ratio: 4500 / 200000,
        p95_ratio: 4500 / 200000,
        near_limit_calls: 0,
      },
    ])
  })

  it('--run-id with a bare id keeps every run with that id', async () => {
    // 9876543210 matches github/… (codex-a, 21 events) and gitlab/… (codex-c, 6 events).
    const {report: r} = await report(LOG, ['--run-id', '9876543210'])
    expect(r.total_events).toBe(27)
    expect(r.totals).toEqual(plus(A, C))
    expect(r.by_run).toEqual([row('github/9876543210', A), row('gitlab/9876543210', C)])
  })

  it('--run-id with provider/run_id keeps that run only', async () => {
    const {report: r} = await report(LOG, ['--run-id', 'github/9876543210'])
    expect(r.total_events).toBe(21)
    expect(r.totals).toEqual(A)
    expect(r.by_run).toEqual([row('github/9876543210', A)])
  })

  it('--run-id matches a run without provider by its bare id', async () => {
    const {report: r} = await report(LOG, ['--run-id', '4412'])
    expect(r.total_events).toBe(6)
    expect(r.totals).toEqual(B)
    expect(r.by_run).toEqual([row('4412', B)])
  })

  it('--run-id that names no run keeps nothing', async () => {
    // `gitlab` is neither a run_id nor a provider/run_id key here.
    const {report: r} = await report(LOG, ['--run-id', 'gitlab'])
    expect(r.total_events).toBe(0)
    expect(r.events_with_usage).toBe(0)
    expect(r.totals).toEqual(usage({events: 0}))
    expect(r.by_model).toBeUndefined()
    expect(r.utilization).toEqual([])
  })

  it('walks cumulative series over the filtered input only', async () => {
    // --since 11:01:00Z --until 11:05:00Z keeps codex-a's turns at 11:01:10 and 11:05:00
    // (inclusive): 10 lines. The first kept point starts its series from 0:
    //   input 11500, then reset 2000 → 13500; cached 9000 + 1000 = 10000;
    //   output 1250 + 300 = 1550; reasoning 480 + 100 = 580; 8 usage events.
    const {report: r} = await report(LOG, [
      '--since',
      '2026-06-11T11:01:00Z',
      '--until',
      '2026-06-11T11:05:00Z',
    ])
    expect(r.total_events).toBe(10)
    expect(r.totals).toEqual(usage({in: 13500, out: 1550, cr: 10000, reasoning: 580, events: 8}))
  })

  it('combines filters with AND', async () => {
    // codex_cli AND repository contains "INFRA" AND model contains "O4" → codex-b only (6 lines).
    const {report: r} = await report(LOG, [
      '--harness',
      'codex_cli',
      '--repository',
      'INFRA',
      '--model',
      'O4',
    ])
    expect(r.total_events).toBe(6)
    expect(r.totals).toEqual(B)
  })

  it('walks a cumulative series with events without a timestamp first (§10)', async () => {
    // cumulative-order.jsonl, one output counter: 100 at 10:00, 50 without a timestamp (line 2),
    // 180 at 10:01. Chronological order puts the untimed point first: 50, 100 (+50), 180 (+80)
    // = 180. (Line order would give 100, 50 (reset), 180 (+130) = 280.)
    const {report: r} = await report(fixture('cumulative-order.jsonl'))
    expect(r.totals).toEqual(usage({out: 180, events: 3}))
  })
})
