// --since/--until values: RFC 3339, a date (start of that day, UTC), or a span back from now.
import {describe, expect, it} from 'vitest'

import {parseInstant} from '../../src/values/instant.js'
import {parseSpan, parseTimePoint} from '../../src/values/time-point.js'

// 2026-06-11T12:00:00.5Z
const NOW = {sec: (parseInstant('2026-06-11T12:00:00Z') as {sec: number}).sec, nanos: 500_000_000}

function at(text: string) {
  return parseTimePoint(text, NOW)
}

describe('parseTimePoint', () => {
  it('reads RFC 3339 as before, offsets and fractions included', () => {
    expect(at('2026-06-11T10:00:00Z')).toEqual(parseInstant('2026-06-11T10:00:00Z'))
    expect(at('2026-06-11T12:00:00.25+02:00')).toEqual({sec: NOW.sec - 7200, nanos: 250_000_000})
  })

  it('reads a date as the start of that day, UTC', () => {
    expect(at('2026-06-11')).toEqual({sec: NOW.sec - 12 * 3600, nanos: 0})
    expect(at('2024-02-29')).toEqual(parseInstant('2024-02-29T00:00:00Z'))
    expect(at('2026-02-29')).toBeUndefined()
    expect(at('2026-13-01')).toBeUndefined()
  })

  it('reads a span as that long before now', () => {
    expect(at('24h')).toEqual({sec: NOW.sec - 86_400, nanos: 500_000_000})
    expect(at('7d')).toEqual({sec: NOW.sec - 7 * 86_400, nanos: 500_000_000})
    expect(at('90m')).toEqual({sec: NOW.sec - 5400, nanos: 500_000_000})
    expect(at('1d12h')).toEqual({sec: NOW.sec - 36 * 3600, nanos: 500_000_000})
    expect(at('2w')).toEqual({sec: NOW.sec - 14 * 86_400, nanos: 500_000_000})
    // Crossing a second boundary keeps nanoseconds in range.
    expect(at('750ms')).toEqual({sec: NOW.sec - 1, nanos: 750_000_000})
  })

  it('rejects anything else', () => {
    for (const bad of [
      '',
      'yesterday',
      '-24h',
      '0',
      '0d',
      '7x',
      '2026-06-11T25:00:00Z',
      '11/06/2026',
      'd',
    ])
      expect(at(bad), bad).toBeUndefined()
  })
})

describe('parseSpan', () => {
  it('adds weeks, days and a Go duration', () => {
    expect(parseSpan('1w2d3h')).toBe((9n * 24n + 3n) * 3_600_000_000_000n)
    expect(parseSpan('1.5h')).toBe(5_400_000_000_000n)
  })
})
