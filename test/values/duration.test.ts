// Go-style durations for --bucket (§4): units ns/us/µs/ms/s/m/h, fractions, sequences.
import {describe, expect, it} from 'vitest'

import {formatDuration, parseDuration} from '../../src/values/duration.js'

const SECOND = 1_000_000_000n

describe('parseDuration', () => {
  it.each([
    ['15m', 15n * 60n * SECOND],
    ['1h', 3600n * SECOND],
    ['1h30m', 5400n * SECOND],
    ['1.5h', 5400n * SECOND],
    ['90s', 90n * SECOND],
    ['24h', 86_400n * SECOND],
    ['500ms', 500_000_000n],
    ['1us', 1_000n],
    ['1\u00b5s', 1_000n], // micro sign
    ['1\u03bcs', 1_000n], // Greek mu
    ['250ns', 250n],
    ['2h45m30.5s', (2n * 3600n + 45n * 60n + 30n) * SECOND + 500_000_000n],
    ['1m0.25s', 60n * SECOND + 250_000_000n],
    ['.5s', 500_000_000n],
    ['1.s', SECOND],
    ['0.1ms', 100_000n],
    ['1.0000000001s', SECOND],
    ['30m30m', 3600n * SECOND],
    ['0', 0n],
    ['0s', 0n],
    ['-1h', -3600n * SECOND],
    ['+2m', 120n * SECOND],
  ])('parses %j', (text, nanos) => {
    expect(parseDuration(text)).toBe(nanos)
  })

  it.each([
    '',
    '1',
    '10',
    'h',
    '1d',
    '1w',
    '1H',
    '1 h',
    '1h 30m',
    'h1',
    '1.2.3s',
    '-',
    '.s',
    '1hm',
    'abc',
    '1e3s',
  ])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined()
  })
})

describe('formatDuration', () => {
  it('prints whole-second durations the way Go does', () => {
    expect(formatDuration(5400n * SECOND)).toBe('1h30m0s')
    expect(formatDuration(90n * SECOND)).toBe('1m30s')
    expect(formatDuration(45n * SECOND)).toBe('45s')
    expect(formatDuration(86_400n * SECOND)).toBe('24h0m0s')
  })
})
