// One log with all three runtimes (test/fixtures/e2e/mixed.jsonl = claude-code.jsonl,
// codex-cli.jsonl and sdk-spans.jsonl concatenated): the per-runtime figures worked out in
// claude-code.test.ts, codex-cli.test.ts and sdk-spans.test.ts must add up, and the §4 filters
// on harness and session must cut exactly one runtime or session out of it — filtered-out
// events count nowhere, not even in total_events.
import {describe, expect, it} from 'vitest'

import {fixture, plus, report, row, usage} from './cli.js'

const LOG = fixture('mixed.jsonl')

// Claude: 29 events, 17 with usage. Codex: 33 events, 25 with usage. SDK: 12 events, 11.
const CLAUDE = usage({in: 1830, out: 1910, cr: 66700, cw: 3500, cost: 2.34375, events: 17})
const CODEX = usage({in: 22600, out: 2700, cr: 11500, reasoning: 580, events: 25})
const SDK = usage({in: 9190, out: 889, cr: 1000, cost: 0.578125, events: 11})

describe.concurrent('a log with every runtime', () => {
  it('adds the runtimes up', async () => {
    const {report: r} = await report(LOG)
    // in 1830+22600+9190 = 33620; out 1910+2700+889 = 5499; cr 66700+11500+1000 = 79200;
    // cw 3500; reasoning 580; cost 2.34375+0.578125 = 2.921875; 17+25+11 = 53 events.
    expect(r.totals).toEqual(
      usage({
        in: 33620,
        out: 5499,
        cr: 79200,
        cw: 3500,
        reasoning: 580,
        cost: 2.921875,
        events: 53,
      }),
    )
    expect(r.events_with_usage).toBe(53)
    expect(r.total_events).toBe(29 + 33 + 12)
    // claude_code 1830+1910+66700+3500 = 73940; codex_cli 22600+2700+11500 = 36800;
    // agent-sdk 9190+889+1000 = 11079.
    expect(r.by_harness).toEqual([
      row('claude_code', CLAUDE),
      row('codex_cli', CODEX),
      row('agent-sdk', SDK),
    ])
    // by_run only has Codex's runs; the others have no run.
    expect(r.by_run?.map((run) => run.key)).toEqual([
      'github/9876543210',
      'gitlab/9876543210',
      '4412',
    ])
  })

  it('--harness equals the name in any case', async () => {
    const {report: codex} = await report(LOG, ['--harness', 'CODEX_CLI'])
    expect(codex.total_events).toBe(33)
    expect(codex.totals).toEqual(CODEX)
    expect(codex.by_harness).toEqual([row('codex_cli', CODEX)])

    const {report: claude} = await report(LOG, ['--harness', 'Claude_Code'])
    expect(claude.total_events).toBe(29)
    expect(claude.totals).toEqual(CLAUDE)
  })

  it('--harness is equality, not containment', async () => {
    // "code" is contained in claude_code but equals no harness.
    const {report: r} = await report(LOG, ['--harness', 'code'])
    expect(r.total_events).toBe(0)
    expect(r.totals).toEqual(usage({events: 0}))
    expect(r.by_harness).toBeUndefined()
  })

  it('--session equals the id in any case and shows its steps', async () => {
    // SDK-42 selects sdk-42: 11 events (one without usage), same tree as in sdk-spans.test.ts.
    const {report: r} = await report(LOG, ['--session', 'SDK-42'])
    expect(r.total_events).toBe(11)
    const sdk42 = usage({in: 8690, out: 839, cr: 1000, cost: 0.578125, events: 10})
    expect(r.totals).toEqual(sdk42)
    expect(r.session_detail?.session_id.toLowerCase()).toBe('sdk-42')
    expect(r.session_detail?.usage).toEqual(sdk42)
    expect(r.session_detail?.steps.map((s) => s.name)).toEqual([
      'bootstrap',
      'plan task',
      'retry loop',
      'webhook callback',
    ])
  })

  it('--session is equality, not containment', async () => {
    // "codex" is a prefix of codex-a/-b/-c but equals none; the detail is then empty.
    const {report: r} = await report(LOG, ['--session', 'codex'])
    expect(r.total_events).toBe(0)
    expect(r.totals).toEqual(usage({events: 0}))
    expect(r.session_detail?.usage).toEqual(usage({events: 0}))
    expect(r.session_detail?.steps).toEqual([])
  })

  it('--repository contains the text in any case, across runtimes', async () => {
    // "ACME/PAY" ⊂ github.com/acme/payments: Claude cc-1, cc-2, cc-4 (29 lines minus cc-3's
    // four, L19-L22, which are acme/web) and Codex codex-a (21 lines).
    const {report: r} = await report(LOG, ['--repository', 'ACME/PAY'])
    expect(r.total_events).toBe(25 + 21)
    // Claude minus cc-3 (in 100, out 50, cr 700, $0.5, 2 events), plus codex-a.
    const claudePayments = usage({
      in: 1730,
      out: 1860,
      cr: 66000,
      cw: 3500,
      cost: 1.84375,
      events: 15,
    })
    const codexA = usage({in: 13500, out: 1700, cr: 10500, reasoning: 580, events: 16})
    expect(r.totals).toEqual(plus(claudePayments, codexA))
    expect(r.by_repository).toEqual([row('github.com/acme/payments', plus(claudePayments, codexA))])
  })
})
