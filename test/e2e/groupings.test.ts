// Groupings (§7) on test/fixtures/e2e/groupings.jsonl (harness agent-sdk), one event a second:
//   #1  model "  beta-model  "  session t1  repo " github.com/acme/zeta "  run github/1  in 100
//   #2  model "alpha-model"     session t2  repo "github.com/acme/Alpha"  run (id 2)    in 60 out 40
//   #3  model "Zed-model"       session t3  repo "github.com/acme/zeta"                 in 100
//   #4  model ""                session t4  repo ""                                     in 500
//   #5  model "   "             session "  " repo "github.com/acme/zeta"                in 1
//   #6  model "gamma-model"     session t6   in 10, cache_creation 20, reasoning 1000 → total 30
//   #7  model "delta-model"     session t7   cost 0.5 only → total 0
//   #8  model "é-model" (U+00E9) session t8  out 100
//   #9  model "ｚ-model" (U+FF5A) session t9  cache_read 100
//   #10 model "😀-model" (U+1F600) session t10 in 50 out 50
//   #11 model "omega-model"     session t11  no usage
// Keys are trimmed; empty keys are not rows; rows sort by total_tokens (input + output +
// cache_read + cache_creation — reasoning is not added) descending, then key ascending in
// code-point order (U+FF5A before U+1F600, although UTF-16 units would put the emoji first).
import {describe, expect, it} from 'vitest'

import {fixture, report, row, usage} from './cli.js'

const LOG = fixture('groupings.jsonl')

const U = {
  beta: usage({in: 100, events: 1}),
  alpha: usage({in: 60, out: 40, events: 1}),
  zed: usage({in: 100, events: 1}),
  noModel: usage({in: 500, events: 1}),
  blank: usage({in: 1, events: 1}),
  gamma: usage({in: 10, cw: 20, reasoning: 1000, events: 1}),
  delta: usage({cost: 0.5, events: 1}),
  eAcute: usage({out: 100, events: 1}),
  fullwidthZ: usage({cr: 100, events: 1}),
  emoji: usage({in: 50, out: 50, events: 1}),
}
// in 100+60+100+500+1+10+50 = 821; out 40+100+50 = 190; cr 100; cw 20; reasoning 1000;
// cost 0.5; 10 events (11 with #11).
const TOTALS = usage({in: 821, out: 190, cr: 100, cw: 20, reasoning: 1000, cost: 0.5, events: 10})

describe.concurrent('groupings (§7)', () => {
  it('trims keys, skips empty keys, sorts by total tokens then code point', async () => {
    const {report: r} = await report(LOG)
    expect(r.totals).toEqual(TOTALS)
    expect(r.total_events).toBe(11)
    expect(r.events_with_usage).toBe(10)
    // Six models tie at 100: "Zed-model" (Z = U+005A) < "alpha-model" < "beta-model" <
    // "é-model" < "ｚ-model" < "😀-model"; then gamma (30), delta (0). No row for "" / "   ",
    // nor for omega-model (no usage).
    expect(r.by_model).toEqual([
      row('Zed-model', U.zed),
      row('alpha-model', U.alpha),
      row('beta-model', U.beta),
      row('é-model', U.eAcute),
      row('ｚ-model', U.fullwidthZ),
      row('😀-model', U.emoji),
      row('gamma-model', U.gamma),
      row('delta-model', U.delta),
    ])
    // t4 500 first; the 100s by key: "t1" < "t10" < "t2" < "t3" < "t8" < "t9"; then t6, t7.
    expect(r.by_session).toEqual([
      row('t4', U.noModel),
      row('t1', U.beta),
      row('t10', U.emoji),
      row('t2', U.alpha),
      row('t3', U.zed),
      row('t8', U.eAcute),
      row('t9', U.fullwidthZ),
      row('t6', U.gamma),
      row('t7', U.delta),
    ])
    // " github.com/acme/zeta " trims into the same row as #3 and #5: 100+100+1 = 201.
    expect(r.by_repository).toEqual([
      row('github.com/acme/zeta', usage({in: 201, events: 3})),
      row('github.com/acme/Alpha', U.alpha),
    ])
    // Both runs total 100: "2" (U+0032) < "github/1".
    expect(r.by_run).toEqual([row('2', U.alpha), row('github/1', U.beta)])
    expect(r.by_harness).toEqual([row('agent-sdk', TOTALS)])
  })

  it('--top N keeps the first N rows of every grouping and leaves the totals alone', async () => {
    const {report: r} = await report(LOG, ['--top', '2'])
    expect(r.totals).toEqual(TOTALS)
    expect(r.total_events).toBe(11)
    expect(r.by_model).toEqual([row('Zed-model', U.zed), row('alpha-model', U.alpha)])
    expect(r.by_session).toEqual([row('t4', U.noModel), row('t1', U.beta)])
    expect(r.by_repository).toHaveLength(2)
    expect(r.by_run).toHaveLength(2)
    expect(r.by_harness).toEqual([row('agent-sdk', TOTALS)])
  })

  it('--top 0 keeps every row', async () => {
    const {report: r} = await report(LOG, ['--top', '0'])
    expect(r.by_model).toHaveLength(8)
    expect(r.by_session).toHaveLength(9)
  })

  it('--repository is a case-insensitive substring match', async () => {
    // "ACME/ZETA" ⊂ #1 (before trimming too), #3, #5 → in 201; #4 (empty repo) and the events
    // without a repository fail the filter.
    const {report: r} = await report(LOG, ['--repository', 'ACME/ZETA'])
    expect(r.total_events).toBe(3)
    expect(r.totals).toEqual(usage({in: 201, events: 3}))
  })

  it('--model is a case-insensitive substring match, beyond ASCII too', async () => {
    // "É-MOD" lower-cases to "é-mod" ⊂ "é-model" (#8) only.
    const {report: r} = await report(LOG, ['--model', 'É-MOD'])
    expect(r.total_events).toBe(1)
    expect(r.totals).toEqual(U.eAcute)
  })
})
