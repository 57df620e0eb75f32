// Claude Code reports each API request twice: on the `claude_code.api_request` log record and on
// `claude_code.token.usage` / `claude_code.cost.usage` metric datapoints (model names with `[1m]`,
// cost only on the cost metric). §5.1 keeps one channel per (harness, session) and field; §5.2
// turns its cumulative cost counter into deltas. Fixture: test/fixtures/e2e/claude-code.jsonl
// (line numbers L1..L29 below).
//
// Scopes and what survives §5.1:
//   cc-1  log channel reports input/output/cache_read/cache_creation (L3, L5, L6), never cost.
//         Token metrics L2 (before the first log record), L7-L10 are zeroed → dropped.
//         Cost metrics L11 (0.125, sonnet[1m]) and L12 (0.0625, haiku) survive.
//   cc-2  metrics only (L18 is a log record without usage): L13 in 500, L14 out 250,
//         L15 cache_read 4000, L17 cost 0.03125 survive; L16 (cacheCreation 0) is no usage.
//   cc-3  log record L19 reports input, output AND cost: the cost metric L20 and output metric
//         L21 are dropped, but L22 cache_read 700 survives (the log never reported cache_read).
//   cc-4  log record L24 (in 10, out 20); cumulative input metric L23 dropped; cumulative cost
//         L25..L29 written out of order: chronologically 0.25@10:30, 0.75@10:31 (L27),
//         1.0@10:32 (L26), 0.5@10:40 (reset), 0.625@10:41
//         → 0.25 + 0.5 + 0.25 + 0.5 (reset: raw value) + 0.125 = 1.625.
import {describe, expect, it} from 'vitest'

import {fixture, plus, report, row, runCli, usage} from './cli.js'

const LOG = fixture('claude-code.jsonl')
const SONNET = 'claude-sonnet-4-5-20250929'
const SONNET_1M = 'claude-sonnet-4-5-20250929[1m]'
const HAIKU = 'claude-haiku-4-5-20251001'
const OPUS_1M = 'claude-opus-4-1-20250805[1m]'

// cc-1: L3 + L5 + L6 + L11 + L12 → in 12+8+1200=1220, out 400+1100+90=1590,
// cr 30000+32000=62000, cw 2000+1500=3500, cost 0.125+0.0625=0.1875, 5 events.
const CC1 = usage({in: 1220, out: 1590, cr: 62000, cw: 3500, cost: 0.1875, events: 5})
// cc-2: L13 + L14 + L15 + L17.
const CC2 = usage({in: 500, out: 250, cr: 4000, cost: 0.03125, events: 4})
// cc-3: L19 (in 100, out 50, cost 0.5) + L22 (cr 700).
const CC3 = usage({in: 100, out: 50, cr: 700, cost: 0.5, events: 2})
// cc-4: L24 (in 10, out 20) + five cumulative cost deltas summing to 1.625.
const CC4 = usage({in: 10, out: 20, cost: 1.625, events: 6})
// 1220+500+100+10 = 1830 in; 1590+250+50+20 = 1910 out; 62000+4000+700 = 66700 cr; 3500 cw;
// 0.1875+0.03125+0.5+1.625 = 2.34375 USD; 5+4+2+6 = 17 events.
const TOTALS = usage({in: 1830, out: 1910, cr: 66700, cw: 3500, cost: 2.34375, events: 17})

describe.concurrent('Claude Code log + metric channels (§5.1, §5.2)', () => {
  it('counts each usage once: log channel fields win, cost comes from the cost metric', async () => {
    const {report: r} = await report(LOG)
    expect(r.totals).toEqual(TOTALS)
    expect(plus(CC1, CC2, CC3, CC4)).toEqual(TOTALS)
    expect(r.events_with_usage).toBe(17)
    // All 29 lines are events; dropped metric events still passed the filters (§6).
    expect(r.total_events).toBe(29)

    // sonnet: L3, L5, L19, L24 → in 130, out 1570, cr 62000, cw 3500, cost 0.5 (L19);
    //   total 130+1570+62000+3500 = 67200.
    // opus[1m]: cc-2 → total 500+250+4000 = 4750.
    // haiku: L6 + L12 → in 1200, out 90, cost 0.0625; total 1290.
    // sonnet[1m]: L11 (0.125) + L22 (cr 700) + L25..L29 (1.625) → total 700, 7 events.
    expect(r.by_model).toEqual([
      row(SONNET, usage({in: 130, out: 1570, cr: 62000, cw: 3500, cost: 0.5, events: 4})),
      row(OPUS_1M, CC2),
      row(HAIKU, usage({in: 1200, out: 90, cost: 0.0625, events: 2})),
      row(SONNET_1M, usage({cr: 700, cost: 1.75, events: 7})),
    ])
    // Totals 68310, 4750, 850, 30.
    expect(r.by_session).toEqual([
      row('cc-1', CC1),
      row('cc-2', CC2),
      row('cc-3', CC3),
      row('cc-4', CC4),
    ])
    expect(r.by_harness).toEqual([row('claude_code', TOTALS)])
    // payments = cc-1 + cc-2 + cc-4 (total 73090); web = cc-3 (850).
    expect(r.by_repository).toEqual([
      row('github.com/acme/payments', plus(CC1, CC2, CC4)),
      row('github.com/acme/web', CC3),
    ])
    expect(r.by_run).toBeUndefined()
    expect(r.series).toBeUndefined()
    expect(r.session_detail).toBeUndefined()
  })

  it('measures context utilization on the surviving contributions', async () => {
    const {report: r} = await report(LOG)
    // Calls (harness, session, model, second); size = input + cache_read + cache_creation:
    //   sonnet: 10:00:05 → 12+30000+2000 = 32012; 10:00:41 → 8+32000+1500 = 33508;
    //           cc-3 10:20:00 → 100; cc-4 10:29:30 → 10. n=4, p95 index floor(3.8+0.999999)-1 = 3.
    //   opus[1m]: L13+L15 at 11:15+01:00 → 500+4000 = 4500 (one call; L17 adds nothing).
    //   haiku: L6 → 1200 (L12 is cost only: size 0, skipped).
    //   sonnet[1m]: L22 → 700 (L11, L25..L29 cost only: skipped).
    // Claude windows are 200000; sort by max_ratio descending.
    expect(r.utilization).toEqual([
      {
        model: SONNET,
        context_window: 200000,
        calls: 4,
        max_input_tokens: 33508,
        max_ratio: 33508 / 200000,
        p95_ratio: 33508 / 200000,
        near_limit_calls: 0,
      },
      {
        model: OPUS_1M,
        context_window: 200000,
        calls: 1,
        max_input_tokens: 4500,
        max_ratio: 4500 / 200000,
        p95_ratio: 4500 / 200000,
        near_limit_calls: 0,
      },
      {
        model: HAIKU,
        context_window: 200000,
        calls: 1,
        max_input_tokens: 1200,
        max_ratio: 1200 / 200000,
        p95_ratio: 1200 / 200000,
        near_limit_calls: 0,
      },
      {
        model: SONNET_1M,
        context_window: 200000,
        calls: 1,
        max_input_tokens: 700,
        max_ratio: 700 / 200000,
        p95_ratio: 700 / 200000,
        near_limit_calls: 0,
      },
    ])
  })

  it('decides §5.1 on the filtered input: with only [1m] metrics kept, they all count', async () => {
    // --model "[1M]" (contains, any case) keeps only metric events: L2, L7-L11, L13-L17,
    // L20-L22, L23, L25-L29 = 1+5+5+3+1+5 = 20 events. No log record passes, so no scope has a
    // log channel and nothing is zeroed. L16 carries no usage → 19 with usage.
    //   in 40+20+500+10 (L23, cumulative, first point) = 570; out 1500+250+50 = 1800;
    //   cr 62000+4000+700 = 66700; cw 3500; cost 0.125+0.03125+0.5+1.625 = 2.28125.
    const {report: r} = await report(LOG, ['--model', '[1M]'])
    expect(r.total_events).toBe(20)
    expect(r.events_with_usage).toBe(19)
    expect(r.totals).toEqual(
      usage({in: 570, out: 1800, cr: 66700, cw: 3500, cost: 2.28125, events: 19}),
    )
    expect(r.by_model?.map((m) => m.key)).toEqual([SONNET_1M, OPUS_1M])
  })

  it('decides §5.1 on the filtered input: a time window without the log records', async () => {
    // --since 12:00:55+02:00 (= 10:00:55Z) --until 10:01:00Z (inclusive) keeps L7-L12 only.
    // cc-1 has no log record in the window, so its token metrics count:
    //   in 20, out 1500, cr 62000, cw 3500, cost 0.125 + 0.0625 = 0.1875; 6 events.
    const {report: r} = await report(LOG, [
      '--since',
      '2026-06-11T12:00:55+02:00',
      '--until',
      '2026-06-11T10:01:00Z',
    ])
    expect(r.total_events).toBe(6)
    expect(r.totals).toEqual(
      usage({in: 20, out: 1500, cr: 62000, cw: 3500, cost: 0.1875, events: 6}),
    )
    expect(r.by_model).toEqual([
      row(SONNET_1M, usage({in: 20, out: 1500, cr: 62000, cw: 3500, cost: 0.125, events: 5})),
      row(HAIKU, usage({cost: 0.0625, events: 1})),
    ])
  })

  it('shows one session (any case) as chronological steps', async () => {
    // --session CC-1 equals cc-1 ignoring case. Its surviving usage events, by time:
    // L3 10:00:05.318, L5 10:00:41.902, L6 10:00:50, then L11 and L12 both at 10:01:00 (a tie
    // keeps line order). Timestamps print as UTC whole seconds. total_events = L1-L12 = 12.
    const {report: r} = await report(LOG, ['--session', 'CC-1'])
    expect(r.totals).toEqual(CC1)
    expect(r.total_events).toBe(12)
    const detail = r.session_detail
    expect(detail?.session_id.toLowerCase()).toBe('cc-1')
    expect(detail?.usage).toEqual(CC1)
    const api = {action: 'api_request', name: 'claude_code.api_request'}
    expect(detail?.steps).toEqual([
      {
        ...api,
        timestamp: '2026-06-11T10:00:05Z',
        model: SONNET,
        usage: usage({in: 12, out: 400, cr: 30000, cw: 2000, events: 1}),
      },
      {
        ...api,
        timestamp: '2026-06-11T10:00:41Z',
        model: SONNET,
        usage: usage({in: 8, out: 1100, cr: 32000, cw: 1500, events: 1}),
      },
      {
        ...api,
        timestamp: '2026-06-11T10:00:50Z',
        model: HAIKU,
        usage: usage({in: 1200, out: 90, events: 1}),
      },
      {
        action: 'metric',
        timestamp: '2026-06-11T10:01:00Z',
        model: SONNET_1M,
        usage: usage({cost: 0.125, events: 1}),
      },
      {
        action: 'metric',
        timestamp: '2026-06-11T10:01:00Z',
        model: HAIKU,
        usage: usage({cost: 0.0625, events: 1}),
      },
    ])
  })

  it('prints the table heading with the event counts', async () => {
    const result = await runCli(['token-usage', '--log-path', LOG])
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('17 of 29 events carry usage')
    for (const heading of ['TOTALS', 'BY MODEL', 'BY SESSION', 'BY HARNESS', 'BY REPOSITORY']) {
      expect(result.stdout).toContain(heading)
    }
    expect(result.stdout).not.toContain('BY RUN')
    expect(result.stderr).toBe('')
  })
})
