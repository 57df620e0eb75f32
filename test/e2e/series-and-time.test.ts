// Time: the --bucket series (§8) and the --since/--until filters (§4), on
// test/fixtures/e2e/series.jsonl — session ts-1, one input count a power of two per event, so
// every sum names its events:
//   e1 2026-06-11T10:29:59.999999999Z      1
//   e2 2026-06-11T10:30:00Z                2
//   e3 2026-06-11T13:15:00+02:00  = 11:15Z  4
//   e4 2026-06-11T17:29:59.5+05:30 = 11:59:59.5Z  8
//   e5 2026-06-11T12:00:00Z               16
//   e6 2026-06-10T23:59:59Z               32
//   e7 2026-06-11T01:30:00+02:00 = 2026-06-10T23:30Z  64
//   e8 (no timestamp)                    128
//   e9 "not a time"                      256
//   e10 2026-06-11T10:45:00Z, no usage (a tool call)
import {describe, expect, it} from 'vitest'

import {fixture, report, usage} from './cli.js'

const LOG = fixture('series.jsonl')
const input = (n: number, events: number) => usage({in: n, events})

describe.concurrent('time series buckets (§8)', () => {
  it('keeps every event in the totals, and only timestamped ones in the series', async () => {
    // 1+2+4+…+256 = 511 over 9 usage events; 10 events in all.
    const {report: r} = await report(LOG, ['--bucket', '1h30m'])
    expect(r.totals).toEqual(input(511, 9))
    expect(r.total_events).toBe(10)
    // 1h30m = 5400 s. 0001-01-01 to 1970-01-01 is 719162 days = 62135596800 s = 11506592 × 5400,
    // so buckets start at midnight UTC, 01:30, …, 09:00, 10:30, 12:00, …, 22:30:
    //   e6 23:59:59 and e7 23:30 (June 10) → 22:30 → 32+64 = 96
    //   e1 10:29:59.999999999 → 09:00 → 1
    //   e2 10:30, e3 11:15, e4 11:59:59.5 → 10:30 → 2+4+8 = 14
    //   e5 12:00 → 12:00 → 16          (e8, e9: no parseable timestamp; e10: no usage)
    // 96+1+14+16 = 127 = 511 − 128 − 256.
    expect(r.series).toEqual([
      {start: '2026-06-10T22:30:00Z', usage: input(96, 2)},
      {start: '2026-06-11T09:00:00Z', usage: input(1, 1)},
      {start: '2026-06-11T10:30:00Z', usage: input(14, 3)},
      {start: '2026-06-11T12:00:00Z', usage: input(16, 1)},
    ])
  })

  it('aligns buckets that do not divide a day from 0001-01-01, not from 1970', async () => {
    // 7h = 25200 s. Days 1970-01-01 → 2026-06-11: 56×365 + 14 leap days + 151 (Jan–May 2026)
    // + 10 = 20615 → 1781136000 s, which is 70680 × 25200 (a 1970-aligned grid would start at
    // 00:00, 07:00, 14:00). From year 1: 62135596800 + 1781136000 = 63916732800 s
    // = 2536378 × 25200 + 7200, so June 11 00:00Z lies 2h into a bucket: starts are
    // 2026-06-10T22:00Z, 2026-06-11T05:00Z, 12:00Z.
    //   e6, e7 → 06-10T22:00 → 96;  e1..e4 → 05:00 → 1+2+4+8 = 15;  e5 → 12:00 → 16.
    const {report: r} = await report(LOG, ['--bucket', '7h'])
    expect(r.series).toEqual([
      {start: '2026-06-10T22:00:00Z', usage: input(96, 2)},
      {start: '2026-06-11T05:00:00Z', usage: input(15, 4)},
      {start: '2026-06-11T12:00:00Z', usage: input(16, 1)},
    ])
  })

  it('puts offset timestamps in their UTC day with 24h buckets', async () => {
    // e7 01:30+02:00 is June 10 in UTC: 06-10 → 32+64 = 96; 06-11 → 1+2+4+8+16 = 31.
    const {report: r} = await report(LOG, ['--bucket', '24h'])
    expect(r.series).toEqual([
      {start: '2026-06-10T00:00:00Z', usage: input(96, 2)},
      {start: '2026-06-11T00:00:00Z', usage: input(31, 5)},
    ])
  })
})

describe.concurrent('--since / --until (§4)', () => {
  it('--since is inclusive, honours offsets, and drops events without a timestamp', async () => {
    // 12:30:00+02:00 = 10:30:00Z: e2 (exactly at since), e3, e4, e5 → 2+4+8+16 = 30; e10 also
    // passes (no usage) → 5 events. e1 is a nanosecond early; e8, e9 have no parseable time.
    const {report: r} = await report(LOG, ['--since', '2026-06-11T12:30:00+02:00'])
    expect(r.totals).toEqual(input(30, 4))
    expect(r.total_events).toBe(5)
  })

  it('--until is inclusive to the nanosecond', async () => {
    // until 10:29:59.999999999Z: e1 (equal), e6, e7 → 1+32+64 = 97.
    const {report: r} = await report(LOG, ['--until', '2026-06-11T10:29:59.999999999Z'])
    expect(r.totals).toEqual(input(97, 3))
    expect(r.total_events).toBe(3)
  })

  it('--since and --until together, both bounds inclusive, fractional seconds compared', async () => {
    // [2026-06-10T23:30Z, 11:59:59.5Z]: e7 (= since), e6, e1, e2, e3, e4 (= until) → 64+32+1+2+4+8
    // = 111; e10 → 7 events. e5 (12:00) is after until.
    const {report: r} = await report(LOG, [
      '--since',
      '2026-06-10T23:30:00Z',
      '--until',
      '2026-06-11T11:59:59.5Z',
      '--bucket',
      '1h',
    ])
    expect(r.totals).toEqual(input(111, 6))
    expect(r.total_events).toBe(7)
    // The series only shows what passed the filters: 23:00 → 96; 10:00 → 1+2 = 3; 11:00 → 4+8.
    expect(r.series).toEqual([
      {start: '2026-06-10T23:00:00Z', usage: input(96, 2)},
      {start: '2026-06-11T10:00:00Z', usage: input(3, 2)},
      {start: '2026-06-11T11:00:00Z', usage: input(12, 2)},
    ])
  })

  it('--until with an offset names the same instant in UTC', async () => {
    // 01:30:00+02:00 = 2026-06-10T23:30:00Z: e7 (equal) only.
    const {report: r} = await report(LOG, ['--until', '2026-06-11T01:30:00+02:00'])
    expect(r.totals).toEqual(input(64, 1))
    expect(r.total_events).toBe(1)
  })
})
