// Dirty and rotated input (§2, §3, §5.3): malformed lines are skipped, counted and named with
// file:line on stderr without changing a figure; blank lines are ignored; exact duplicate usage
// lines count once; rotated archives are read oldest first.
import {describe, expect, it} from 'vitest'

import {fixture, report, row, usage} from './cli.js'

describe.concurrent('malformed and blank lines (§3)', () => {
  const LOG = fixture('malformed.jsonl')

  it('skips and reports them, and keeps every figure of the good lines', async () => {
    // Lines of malformed.jsonl:
    //   1 good (in 100, out 10)       2 empty            3 not JSON         4 [1,2,3]
    //   5 "just a string"             6 input "100"      7 input 1.0        8 input 1e3
    //   9 session.id 42               10 spaces and tab  11 span_id 7       12 good (in 200, out 20)
    //   13 truncated JSON             14 null            15 cost_usd "0.5"
    //   16 good (out 5, $0.25; odd unknown fields, raw.attributes.input_tokens 1.5 is not ours)
    //   17 cache_read 5E2             18 good, dotted keys (in 300)
    //   19 Claude api_request with input "12" (its scope cc-m then has no log channel, so…)
    //   20 …the cc-m input metric counts: in 40
    //   21 reasoning 2.5              22 good, CRLF ending (in 1000)   23 spaces
    // Malformed: 3,4,5,6,7,8,9,11,13,14,15,17,19,21 = 14 lines.
    // Good: in 100+200+300+40+1000 = 1640, out 10+20+5 = 35, $0.25, 6 events.
    const {report: r, stderrLines} = await report(LOG)
    expect(r.totals).toEqual(usage({in: 1640, out: 35, cost: 0.25, events: 6}))
    expect(r.total_events).toBe(6)
    expect(r.by_harness).toEqual([
      row('agent-sdk', usage({in: 1600, out: 35, cost: 0.25, events: 5})),
      row('claude_code', usage({in: 40, events: 1})),
    ])
    // stderr: the count, then file:line of the first few, in line order; blank lines never.
    expect(stderrLines[0]).toMatch(/\b14 malformed lines?\b/)
    const named = stderrLines
      .map((line) => line.match(/malformed\.jsonl:(\d+)\b/)?.[1])
      .filter((n) => n !== undefined)
      .map(Number)
    expect(named.length).toBeGreaterThanOrEqual(3)
    expect(named).toEqual([3, 4, 5, 6, 7, 8, 9, 11, 13, 14, 15, 17, 19, 21].slice(0, named.length))
    expect(stderrLines.join('\n')).toContain(`${LOG}:3`)
  })
})

describe.concurrent('exact duplicate lines (§5.3)', () => {
  it('counts a byte-identical usage line once, but never merges distinct events', async () => {
    // duplicates.jsonl: 1 A (in 100 at 10:00:00)  2 A again  3 A padded with spaces/tab
    // 4 B = A's numbers at 10:00:01  5 N (tool call, no usage)  6 N again  7 A with keys reordered.
    // Lines 2 and 3 are duplicates of 1 (3 after trimming). B and the reordered line are distinct
    // events with equal numbers; N is not usage-bearing so both copies are events.
    // → in 100+100+100 = 300 over 3 usage events; total_events = 1,4,5,6,7 = 5.
    const {report: r, stderrLines} = await report(fixture('duplicates.jsonl'))
    expect(r.totals).toEqual(usage({in: 300, events: 3}))
    expect(r.total_events).toBe(5)
    expect(stderrLines).toHaveLength(1)
    expect(stderrLines[0]).toMatch(/\b2\b.*duplicate/)
  })
})

describe.concurrent('token counts near 2^53 (§3)', () => {
  it('stay exact', async () => {
    // 2^52 + (2^52 − 1) = 2^53 − 1 = 9007199254740991.
    const {report: r} = await report(fixture('big-counts.jsonl'))
    expect(r.totals).toEqual(usage({in: 9007199254740991, out: 1, events: 2}))
  })
})

describe.concurrent('rotated archives (§2)', () => {
  // rotated/: runtime.jsonl.2 (oldest), runtime.jsonl.1, runtime.jsonl (active), and a
  // runtime.jsonl.bak that is not an archive. Every usage line has the same timestamp, so
  // §10 order is read order. The Codex output counter reads 100 (.2), 250 (.1), 400 (active):
  // oldest first gives 100 + 150 + 150 = 400 (active first would give 400 + 250 + 100 = 750).
  // Steps in rot-s: in 10 (.2), 20 (.1), 40 (active) = 70. The active log starts (line 2, after
  // a blank line) with an overlapping copy of .1's last line: an exact duplicate, counted once.
  // The .bak line (999999 / 1000) must not count. Malformed: runtime.jsonl.2 line 3 and
  // runtime.jsonl line 5.
  const LOG = fixture('rotated/runtime.jsonl')

  it('reads <log>.N highest first, then the active log', async () => {
    const {report: r, stderrLines} = await report(LOG)
    expect(r.totals).toEqual(usage({in: 70, out: 400, events: 6}))
    expect(r.total_events).toBe(6)
    expect(r.by_session).toEqual([
      row('rot-1', usage({out: 400, events: 3})),
      row('rot-s', usage({in: 70, events: 3})),
    ])
    expect(stderrLines[0]).toMatch(/\b2 malformed lines?\b/)
    const named = stderrLines.filter((line) => /runtime\.jsonl(\.\d+)?:\d+/.test(line))
    expect(named).toHaveLength(2)
    expect(named[0]).toContain(`${LOG}.2:3`)
    expect(named[1]).toContain(`${LOG}:5`)
    expect(stderrLines.filter((line) => /duplicate/.test(line))).toHaveLength(1)
    expect(stderrLines.find((line) => /duplicate/.test(line))).toMatch(/\b1\b/)
  })

  it('orders equal-time steps by archive, oldest first', async () => {
    const {report: r} = await report(LOG, ['--session', 'ROT-S'])
    expect(r.total_events).toBe(3)
    expect(r.session_detail?.steps.map((s) => s.name)).toEqual([
      'from .2',
      'from .1',
      'from active',
    ])
  })
})
