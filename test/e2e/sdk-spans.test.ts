// SDK agents report usage on spans (log/span channel, no metrics) with trace trees. Fixture:
// test/fixtures/e2e/sdk-spans.jsonl, lines written out of time order, timestamps with offsets
// and fractional seconds. Session sdk-42 (trace 4bf9…), usage spans S1..S10:
//   S9  (no timestamp)           span h8                bootstrap       in 10   out 1
//   S1  12:00:00+02:00 = 10:00:00Z span a1               plan task       in 1000 out 100
//   S2  10:00:01.250Z            span b2 ← a1           search docs     in 200  out 20
//   S10 10:00:02Z (no message)   span i9 ← b2           action llm_call in 70   out 7
//   S3  12:00:03.5+02:00         span c3 ← a1           draft reply     in 3000 out 300 cr 1000 $0.25
//   S4  10:00:04Z                span d4 ← c3           check tone      in 400  out 10  $0.015625
//   S5  10:00:06Z                span c3 ← a1 (dup id)  draft (retry)   in 3100 out 310 $0.25
//   S6  10:00:07Z                span e5 ← c3           summarize       in 800  out 80  $0.0625
//   S7  10:00:08Z                span f6 ← f6 (itself)  retry loop      in 50   out 5
//   S8  15:30:09+05:30 = 10:00:09Z span g7 ← zz99 (absent) webhook callback in 60 out 6
// plus a `fetch url` span without usage (not a step) and, in session sdk-43, one span that
// reuses span id a1 (in 500, out 50).
import {describe, expect, it} from 'vitest'

import {type Step, fixture, report, row, runCli, usage, withoutEmptyChildren} from './cli.js'

const LOG = fixture('sdk-spans.jsonl')
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736'

// in 10+1000+200+70+3000+400+3100+800+50+60 = 8690; out 1+100+20+7+300+10+310+80+5+6 = 839;
// cr 1000; cost 0.25+0.015625+0.25+0.0625 = 0.578125; 10 events.
const SDK42 = usage({in: 8690, out: 839, cr: 1000, cost: 0.578125, events: 10})
const SDK43 = usage({in: 500, out: 50, events: 1})

const span = (
  fields: Omit<Step, 'usage' | 'trace_id' | 'action'> & {action?: string},
  u: Parameters<typeof usage>[0],
): Step => ({action: 'span', trace_id: TRACE, ...fields, usage: usage(u)})

describe.concurrent('SDK spans and the session step tree (§9, §10)', () => {
  it('nests steps by span: last duplicate span id wins, self-parent and orphan stay on top', async () => {
    const {report: r} = await report(LOG, ['--session', 'sdk-42'])
    // sdk-42 has 11 events (10 usage spans + fetch url); sdk-43 is filtered out.
    expect(r.total_events).toBe(11)
    expect(r.events_with_usage).toBe(10)
    expect(r.totals).toEqual(SDK42)
    expect(r.session_detail?.session_id).toBe('sdk-42')
    expect(r.session_detail?.usage).toEqual(SDK42)

    const s1 = {
      timestamp: '2026-06-11T10:00:00Z',
      name: 'plan task',
      model: 'gpt-4.1',
      span_id: 'a1',
    }
    const s2 = {
      timestamp: '2026-06-11T10:00:01Z',
      name: 'search docs',
      model: 'gpt-4.1-mini',
      span_id: 'b2',
      parent_span_id: 'a1',
    }
    const s10: Step = {
      timestamp: '2026-06-11T10:00:02Z',
      action: 'llm_call',
      model: 'gpt-4.1-mini',
      trace_id: TRACE,
      span_id: 'i9',
      parent_span_id: 'b2',
      usage: usage({in: 70, out: 7, events: 1}),
    }
    // Tree (§9): children of a1 are S2, S3, S5 in time order; S4 and S6 name c3, whose
    // chronologically last step is S5 (10:00:06), not S3 (10:00:03.5) — so S3 has no children.
    // Top level in time order: S9 (no timestamp comes first), S1, S7 (own parent), S8 (parent
    // absent).
    const expected: Step[] = [
      {
        action: 'span',
        name: 'bootstrap',
        trace_id: TRACE,
        span_id: 'h8',
        usage: usage({in: 10, out: 1, events: 1}),
      },
      {
        ...span(s1, {in: 1000, out: 100, events: 1}),
        children: [
          {...span(s2, {in: 200, out: 20, events: 1}), children: [s10]},
          span(
            {
              timestamp: '2026-06-11T10:00:03Z',
              name: 'draft reply',
              model: 'gpt-4.1',
              span_id: 'c3',
              parent_span_id: 'a1',
            },
            {in: 3000, out: 300, cr: 1000, cost: 0.25, events: 1},
          ),
          {
            ...span(
              {
                timestamp: '2026-06-11T10:00:06Z',
                name: 'draft reply (retry)',
                model: 'gpt-4.1',
                span_id: 'c3',
                parent_span_id: 'a1',
              },
              {in: 3100, out: 310, cost: 0.25, events: 1},
            ),
            children: [
              span(
                {
                  timestamp: '2026-06-11T10:00:04Z',
                  name: 'check tone',
                  model: 'gpt-4.1-mini',
                  span_id: 'd4',
                  parent_span_id: 'c3',
                },
                {in: 400, out: 10, cost: 0.015625, events: 1},
              ),
              span(
                {
                  timestamp: '2026-06-11T10:00:07Z',
                  name: 'summarize',
                  model: 'gpt-4.1',
                  span_id: 'e5',
                  parent_span_id: 'c3',
                },
                {in: 800, out: 80, cost: 0.0625, events: 1},
              ),
            ],
          },
        ],
      },
      span(
        {
          timestamp: '2026-06-11T10:00:08Z',
          name: 'retry loop',
          model: 'gpt-4.1-mini',
          span_id: 'f6',
          parent_span_id: 'f6',
        },
        {in: 50, out: 5, events: 1},
      ),
      span(
        {
          timestamp: '2026-06-11T10:00:09Z',
          name: 'webhook callback',
          model: 'gpt-4.1-mini',
          span_id: 'g7',
          parent_span_id: 'zz99',
        },
        {in: 60, out: 6, events: 1},
      ),
    ]
    expect(withoutEmptyChildren(r.session_detail?.steps ?? [])).toEqual(expected)
  })

  it('reports both sessions without --session, and no session detail', async () => {
    const {report: r} = await report(LOG)
    expect(r.total_events).toBe(12)
    expect(r.totals).toEqual(
      usage({in: 9190, out: 889, cr: 1000, cost: 0.578125, events: 11}), // SDK42 + SDK43
    )
    // Totals 8690+839+1000 = 10529 and 550.
    expect(r.by_session).toEqual([row('sdk-42', SDK42), row('sdk-43', SDK43)])
    expect(r.session_detail).toBeUndefined()
    // Calls: gpt-4.1 S1 1000, S3 3000+1000 = 4000, S5 3100, S6 800 → 4 calls, max 4000;
    // gpt-4.1-mini S2 200, S10 70, S4 400, S7 50, S8 60 → 5 calls, max 400 (S9 has no model);
    // anthropic/claude-3-5-haiku-… → after the last `/` "claude…" → 200000; 1 call of 500.
    // Ratios: 4000/1047576 ≈ 0.0038 > 500/200000 = 0.0025 > 400/1047576 ≈ 0.00038.
    // p95 (nearest rank): n=4 → index 3 (4000); n=5 → floor(4.75+0.999999)-1 = 4 (400).
    expect(r.utilization).toEqual([
      {
        model: 'gpt-4.1',
        context_window: 1047576,
        calls: 4,
        max_input_tokens: 4000,
        max_ratio: 4000 / 1047576,
        p95_ratio: 4000 / 1047576,
        near_limit_calls: 0,
      },
      {
        model: 'anthropic/claude-3-5-haiku-20241022',
        context_window: 200000,
        calls: 1,
        max_input_tokens: 500,
        max_ratio: 500 / 200000,
        p95_ratio: 500 / 200000,
        near_limit_calls: 0,
      },
      {
        model: 'gpt-4.1-mini',
        context_window: 1047576,
        calls: 5,
        max_input_tokens: 400,
        max_ratio: 400 / 1047576,
        p95_ratio: 400 / 1047576,
        near_limit_calls: 0,
      },
    ])
  })

  it('prints the step tree in the table: name, else action, indented two spaces a level', async () => {
    const result = await runCli(['token-usage', '--log-path', LOG, '--session', 'sdk-42'])
    expect(result.status).toBe(0)
    const lines = result.stdout.split('\n')
    expect(lines[0]).toContain('10 of 11 events carry usage')
    const labelled = (label: string) => lines.find((line) => line.trimStart().startsWith(label))
    // Level 0, 1, 2 → 0, 2, 4 spaces; S10 has no name, so its label is its action.
    expect(labelled('bootstrap')).toMatch(/^bootstrap\s/)
    expect(labelled('plan task')).toMatch(/^plan task\s/)
    expect(labelled('search docs')).toMatch(/^ {2}search docs\s/)
    expect(labelled('llm_call')).toMatch(/^ {4}llm_call\s/)
    expect(labelled('draft reply (retry)')).toMatch(/^ {2}draft reply \(retry\)\s/)
    expect(labelled('check tone')).toMatch(/^ {4}check tone\s/)
    expect(labelled('summarize')).toMatch(/^ {4}summarize\s/)
    expect(labelled('retry loop')).toMatch(/^retry loop\s/)
    // COST USD with 4 decimals, "-" when zero: S4 $0.015625 → 0.0156; S1 has no cost.
    expect(labelled('check tone')).toMatch(/\s0\.0156\b/)
    expect(labelled('plan task')).toMatch(/\s-$/)
  })
})
