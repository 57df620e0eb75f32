// Places where the built CLI departs from SPEC.md. Each test states the spec's figure and is
// marked `it.fails` so the suite stays green while the deviation stands; when the CLI is fixed
// the test starts passing, `it.fails` reports it, and the marker must be removed.
import {describe, expect, it} from 'vitest'

import {fixture, report, row, usage} from './cli.js'

describe.concurrent('harness names are keys as written (§5.1, §7, §4)', () => {
  // harness-spelling.jsonl: an api_request log record from harness "Claude Code" (in 100) and a
  // token metric from harness "claude_code" (in 100), both session h1.
  const LOG = fixture('harness-spelling.jsonl')

  // BUG: the CLI canonicalizes harness spellings ("Claude Code" → claude_code), so the two
  // events share one §5.1 scope and the metric is zeroed: totals in 100 / 1 event and one
  // by_harness row "claude_code". The spec keys scopes by (harness name, session id) and rows
  // by the trimmed field, so the scopes differ, nothing is zeroed: in 200 / 2 events, rows
  // "Claude Code" and "claude_code" (tie at 100, code point order: "C" < "c").
  it.fails('keeps "Claude Code" and "claude_code" apart', async () => {
    const {report: r} = await report(LOG)
    expect(r.totals).toEqual(usage({in: 200, events: 2}))
    expect(r.by_harness).toEqual([
      row('Claude Code', usage({in: 100, events: 1})),
      row('claude_code', usage({in: 100, events: 1})),
    ])
  })

  // BUG: `--harness claude` keeps both events (2), through the CLI's alias table; §4 says
  // harness.name equals H ignoring case, which neither "Claude Code" nor "claude_code" does → 0.
  it.fails('--harness matches by equality only, without aliases', async () => {
    const {report: r} = await report(LOG, ['--harness', 'claude'])
    expect(r.total_events).toBe(0)
  })
})

describe.concurrent('RFC 3339 fractional seconds of any length (§3)', () => {
  // BUG: the CLI parses at most 9 fraction digits, so "2026-06-11T10:00:00.1234567891Z" (10
  // digits, valid RFC 3339) counts as "no parseable timestamp": it is missing from the series
  // and dropped by --since. Expected: both events (in 1 + 2 = 3) in the 10:00 bucket; actual: 2.
  it.fails('puts a 10-digit fraction timestamp in its bucket', async () => {
    const {report: r} = await report(fixture('long-fraction.jsonl'), ['--bucket', '1h'])
    expect(r.totals).toEqual(usage({in: 3, events: 2}))
    expect(r.series).toEqual([{start: '2026-06-11T10:00:00Z', usage: usage({in: 3, events: 2})}])
  })
})

describe.concurrent('cumulative value chosen after §5.1 (§5.2)', () => {
  // cumulative-after-dedup.jsonl, scope (opencode, oc-1): a log record (in 100, $0.5) and two
  // cumulative metric events carrying cost + cache_read running totals: ($0.25, 1000) at 10:01
  // and ($0.75, 1500) at 10:02.
  // §5.1: the log channel reported input and cost, so cost is zeroed on the metric events; they
  // keep cache_read. §5.2: "After 5.1, each such event's value is its first nonzero field" → the
  // value is cache_read: 1000, then 1500 − 1000 = 500 → cache_read 1500.
  // Expected totals: in 100, cr 1500, $0.5, 3 events.
  // BUG: actual cache_read 0 (3 events) — the CLI picks the value field (cost) before zeroing,
  // so both metric events contribute nothing.
  it.fails('takes the first field left nonzero by §5.1 as the counter value', async () => {
    const {report: r} = await report(fixture('cumulative-after-dedup.jsonl'))
    expect(r.totals).toEqual(usage({in: 100, cr: 1500, cost: 0.5, events: 3}))
  })
})
