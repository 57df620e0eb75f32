// RFC 3339 instants (§3, §4): exact seconds and nanoseconds, offsets honoured, impossible dates
// rejected. Expected Unix seconds were checked with `date -u -d <timestamp> +%s`.
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {compareInstants, formatSeconds, parseInstant} from '../../src/values/instant.js'

describe('parseInstant', () => {
  it('parses a UTC timestamp to Unix seconds', () => {
    expect(parseInstant('2026-06-11T10:00:05Z')).toEqual({sec: 1_781_172_005, nanos: 0})
    expect(parseInstant('1970-01-01T00:00:00Z')).toEqual({sec: 0, nanos: 0})
    expect(parseInstant('1969-12-31T23:59:59Z')).toEqual({sec: -1, nanos: 0})
    expect(parseInstant('0001-01-01T00:00:00Z')).toEqual({sec: -62_135_596_800, nanos: 0})
  })

  it('accepts lower-case t and z', () => {
    expect(parseInstant('2026-06-11t10:00:05z')).toEqual({sec: 1_781_172_005, nanos: 0})
  })

  it('honours offsets, across a day boundary too', () => {
    expect(parseInstant('2026-06-11T12:00:05+02:00')).toEqual({sec: 1_781_172_005, nanos: 0})
    expect(parseInstant('2026-06-11T04:30:05-05:30')).toEqual({sec: 1_781_172_005, nanos: 0})
    // 00:30+01:00 on the 12th is 23:30Z on the 11th.
    expect(parseInstant('2026-06-12T00:30:00+01:00')).toEqual(parseInstant('2026-06-11T23:30:00Z'))
    expect(parseInstant('2026-06-11T10:00:05+00:00')).toEqual(parseInstant('2026-06-11T10:00:05Z'))
    expect(parseInstant('2026-06-11T10:00:05-00:00')).toEqual(parseInstant('2026-06-11T10:00:05Z'))
  })

  it('turns fractional seconds into exact nanoseconds', () => {
    expect(parseInstant('2026-06-11T10:00:05.5Z')?.nanos).toBe(500_000_000)
    expect(parseInstant('2026-06-11T10:00:05.318Z')?.nanos).toBe(318_000_000)
    expect(parseInstant('2026-06-11T10:00:05.000001Z')?.nanos).toBe(1_000)
    expect(parseInstant('2026-06-11T10:00:05.123456789Z')?.nanos).toBe(123_456_789)
    expect(parseInstant('2026-06-11T10:00:05.000000001+02:00')).toEqual({
      sec: 1_781_172_005 - 7200,
      nanos: 1,
    })
  })

  // RFC 3339 allows any number of fraction digits (time-secfrac = "." 1*DIGIT); beyond
  // nanoseconds they are truncated.
  it('accepts more than nine fraction digits', () => {
    expect(parseInstant('2026-06-11T10:00:05.1234567891Z')).toEqual({
      sec: 1_781_172_005,
      nanos: 123_456_789,
    })
  })

  it('knows leap years', () => {
    expect(parseInstant('2024-02-29T00:00:00Z')).toEqual({sec: 1_709_164_800, nanos: 0})
    expect(parseInstant('2000-02-29T12:00:00Z')).toEqual({sec: 951_825_600, nanos: 0})
    expect(parseInstant('2023-02-29T00:00:00Z')).toBeUndefined()
    expect(parseInstant('1900-02-29T00:00:00Z')).toBeUndefined()
    expect(parseInstant('2100-02-29T00:00:00Z')).toBeUndefined()
  })

  it.each([
    '',
    'yesterday',
    '2026-06-11',
    '2026-06-11T10:00:05',
    '2026-06-11 10:00:05Z',
    '2026-6-11T10:00:05Z',
    '2026-06-11T10:00Z',
    '2026-13-01T00:00:00Z',
    '2026-00-01T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-06-00T00:00:00Z',
    '2026-06-32T00:00:00Z',
    '2026-06-11T24:00:00Z',
    '2026-06-11T10:60:00Z',
    '2026-06-11T10:00:61Z',
    '2026-06-11T10:00:05.Z',
    '2026-06-11T10:00:05+24:00',
    '2026-06-11T10:00:05+02:60',
    '2026-06-11T10:00:05+0200',
    ' 2026-06-11T10:00:05Z',
  ])('rejects %j', (text) => {
    expect(parseInstant(text)).toBeUndefined()
  })
})

describe('parseInstant against the grammar', () => {
  // The grammar as one regex, and Date.UTC for the calendar: an independent oracle for the
  // character-by-character parser.
  const GRAMMAR =
    /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/
  function oracle(text: string): {sec: number; nanos: number} | undefined {
    const m = GRAMMAR.exec(text)
    if (m === null) return undefined
    const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as number[]
    const date = new Date(0)
    date.setUTCFullYear(y!, mo! - 1, d!)
    date.setUTCHours(h!, mi!, s!)
    const valid =
      h! <= 23 &&
      mi! <= 59 &&
      s! <= 59 &&
      date.getUTCMonth() === mo! - 1 &&
      date.getUTCDate() === d!
    const oh = m[9] === undefined ? 0 : Number(m[9])
    const om = m[10] === undefined ? 0 : Number(m[10])
    if (!valid || oh > 23 || om > 59) return undefined
    const offset = (oh * 3600 + om * 60) * (m[8] === '-' ? -1 : 1)
    const nanos = m[7] === undefined ? 0 : Number(m[7].slice(0, 9).padEnd(9, '0'))
    return {sec: date.getTime() / 1000 - offset, nanos}
  }
  const digits = (count: number, max = 10 ** count - 1) =>
    fc.integer({min: 0, max}).map((n) => String(n).padStart(count, '0'))
  const timestamp = fc
    .tuple(
      digits(4),
      digits(2, 13),
      digits(2, 32),
      fc.constantFrom('T', 't', ' '),
      digits(2, 25),
      digits(2, 61),
      digits(2, 61),
      fc.option(fc.stringMatching(/^\.\d{0,14}$/), {nil: ''}),
      fc.oneof(
        fc.constantFrom('Z', 'z', '', 'X'),
        fc
          .tuple(fc.constantFrom('+', '-'), digits(2, 25), digits(2, 61))
          .map(([sign, h, m]) => `${sign}${h}:${m}`),
      ),
    )
    .map(
      ([y, mo, d, t, h, mi, s, frac, zone]) => `${y}-${mo}-${d}${t}${h}:${mi}:${s}${frac}${zone}`,
    )

  it('accepts and computes exactly what the grammar and the calendar say', () => {
    fc.assert(
      fc.property(timestamp, (text) => {
        expect(parseInstant(text)).toEqual(oracle(text))
      }),
      {numRuns: 5000},
    )
  })

  it('rejects what the grammar rejects, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({maxLength: 40}), (text) => {
        expect(parseInstant(text)).toEqual(oracle(text))
      }),
    )
  })
})

describe('compareInstants', () => {
  it('orders by seconds, then nanoseconds', () => {
    const a = parseInstant('2026-06-11T10:00:05.1Z')!
    const b = parseInstant('2026-06-11T12:00:05.2+02:00')!
    const c = parseInstant('2026-06-11T10:00:06Z')!
    expect(compareInstants(a, b)).toBeLessThan(0)
    expect(compareInstants(b, c)).toBeLessThan(0)
    expect(compareInstants(c, a)).toBeGreaterThan(0)
    expect(compareInstants(a, parseInstant('2026-06-11T11:00:05.100+01:00')!)).toBe(0)
  })
})

describe('formatSeconds', () => {
  it('prints UTC RFC 3339 with whole seconds', () => {
    expect(formatSeconds(1_781_172_005)).toBe('2026-06-11T10:00:05Z')
    expect(formatSeconds(0)).toBe('1970-01-01T00:00:00Z')
  })
})
