// RFC 3339 timestamps as exact instants: whole Unix seconds plus nanoseconds, so that
// fractional seconds and offsets compare exactly (a double of milliseconds would not).

export interface Instant {
  readonly sec: number
  readonly nanos: number
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

/**
 * Parses an RFC 3339 date-time (`YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`, `T` and `Z` in either
 * case); undefined when it is not one (or names an impossible date). Read character by
 * character: every usage line has a timestamp, and a regex match was a visible share of a line.
 */
export function parseInstant(text: string): Instant | undefined {
  const n = text.length
  if (n < 20) return undefined
  const year = digitsAt(text, 0, 4)
  const month = digitsAt(text, 5, 2)
  const day = digitsAt(text, 8, 2)
  const hour = digitsAt(text, 11, 2)
  const minute = digitsAt(text, 14, 2)
  const second = digitsAt(text, 17, 2)
  if (
    (year | month | day | hour | minute | second) < 0 ||
    text.charCodeAt(4) !== 0x2d /* - */ ||
    text.charCodeAt(7) !== 0x2d ||
    (text.charCodeAt(10) | 0x20) !== 0x74 /* T or t */ ||
    text.charCodeAt(13) !== 0x3a /* : */ ||
    text.charCodeAt(16) !== 0x3a
  )
    return undefined
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59)
    return undefined
  const monthDays = month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month - 1] as number)
  if (day > monthDays) return undefined
  // RFC 3339 allows any number of fraction digits; finer than a nanosecond is truncated.
  let at = 19
  let nanos = 0
  if (text.charCodeAt(at) === 0x2e /* . */) {
    at++
    const digitsStart = at
    for (; at < n && isDigit(text.charCodeAt(at)); at++)
      if (at - digitsStart < 9) nanos = nanos * 10 + text.charCodeAt(at) - 0x30
    if (at === digitsStart) return undefined
    for (let digits = at - digitsStart; digits < 9; digits++) nanos *= 10
  }
  let offsetSec = 0
  const zone = text.charCodeAt(at)
  if ((zone | 0x20) === 0x7a /* Z or z */) {
    if (at + 1 !== n) return undefined
  } else if (zone === 0x2b /* + */ || zone === 0x2d /* - */) {
    const oh = digitsAt(text, at + 1, 2)
    const om = digitsAt(text, at + 4, 2)
    if (at + 6 !== n || oh < 0 || om < 0 || text.charCodeAt(at + 3) !== 0x3a) return undefined
    if (oh > 23 || om > 59) return undefined
    offsetSec = (oh * 3600 + om * 60) * (zone === 0x2d ? -1 : 1)
  } else {
    return undefined
  }
  const sec =
    daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offsetSec
  return {sec, nanos}
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39
}

/** The number written by `count` ASCII digits at `at`, or -1. */
function digitsAt(text: string, at: number, count: number): number {
  let value = 0
  for (let i = at; i < at + count; i++) {
    const code = text.charCodeAt(i)
    if (!isDigit(code)) return -1
    value = value * 10 + code - 0x30
  }
  return value
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146_097 + doe - 719_468
}

export function compareInstants(a: Instant, b: Instant): number {
  return a.sec !== b.sec ? a.sec - b.sec : a.nanos - b.nanos
}

/** UTC RFC 3339 with whole seconds, e.g. 2026-06-11T10:00:05Z. */
export function formatSeconds(sec: number): string {
  return new Date(sec * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** A point in §10's chronological order: `sec` NaN when there is no timestamp; `order` is log order. */
export interface ChronoPoint {
  readonly sec: number
  readonly nanos: number
  readonly order: number
}

/** §10: events without a timestamp first, then by instant, ties in log order. */
export function chronological(a: ChronoPoint, b: ChronoPoint): number {
  const aSec = Number.isNaN(a.sec) ? -Infinity : a.sec
  const bSec = Number.isNaN(b.sec) ? -Infinity : b.sec
  if (aSec !== bSec) return aSec < bSec ? -1 : 1
  if (a.nanos !== b.nanos) return a.nanos - b.nanos
  return a.order - b.order
}
