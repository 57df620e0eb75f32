// Rules where an issue refines SPEC.md, and edge cases of the spec that are easy to get wrong.
import {describe, expect, it} from 'vitest'

import {fixture, report, row, usage} from './cli.js'

describe.concurrent('harness names are canonical (issue 4 refines §5.1, §7, §4)', () => {
  // harness-spelling.jsonl: an api_request log record from harness "Claude Code" (in 100) and a
  // token metric from harness "claude_code" (in 100), both session h1.
  // Issue 4: harness names are canonicalized on read ("Claude Code" → claude_code) "so one
  // session is never split in two". Both events are scope (claude_code, h1); the log channel
  // reported input, so §5.1 zeroes the metric's input and drops it: in 100, 1 event, one row.
  const LOG = fixture('harness-spelling.jsonl')

  it('puts "Claude Code" and "claude_code" in one scope and one row', async () => {
    const {report: r} = await report(LOG)
    expect(r.totals).toEqual(usage({in: 100, events: 1}))
    expect(r.by_harness).toEqual([row('claude_code', usage({in: 100, events: 1}))])
  })

  // `--harness claude` is canonicalized too, so it equals claude_code: both events pass the
  // filter (total_events 2), one carries usage after §5.1.
  it('--harness takes any spelling of a known harness', async () => {
    const {report: r} = await report(LOG, ['--harness', 'claude'])
    expect(r.total_events).toBe(2)
    expect(r.events_with_usage).toBe(1)
  })
})

describe.concurrent('RFC 3339 fractional seconds of any length (§3)', () => {
  // "2026-06-11T10:00:00.1234567891Z" (10 digits) is valid RFC 3339; finer than a nanosecond is
  // truncated. Both events (in 1 + 2 = 3) fall in the 10:00 bucket.
  it('puts a 10-digit fraction timestamp in its bucket', async () => {
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
  it('takes the first field left nonzero by §5.1 as the counter value', async () => {
    const {report: r} = await report(fixture('cumulative-after-dedup.jsonl'))
    expect(r.totals).toEqual(usage({in: 100, cr: 1500, cost: 0.5, events: 3}))
  })
})
