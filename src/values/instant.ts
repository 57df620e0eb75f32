// RFC 3339 timestamps as exact instants: whole Unix seconds plus nanoseconds, so that
// fractional seconds and offsets compare exactly (a double of milliseconds would not).

export interface Instant {
  readonly sec: number
  readonly nanos: number
}

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

/** Parses an RFC 3339 date-time; undefined when it is not one (or names an impossible date). */
export function parseInstant(text: string): Instant | undefined {
  const m = RFC3339.exec(text)
  if (m === null) return undefined
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  const hour = Number(m[4])
  const minute = Number(m[5])
  const second = Number(m[6])
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59)
    return undefined
  const monthDays = month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month - 1] as number)
  if (day > monthDays) return undefined
  let offsetSec = 0
  if (m[8] === undefined) {
    const oh = Number(m[10])
    const om = Number(m[11])
    if (oh > 23 || om > 59) return undefined
    offsetSec = (oh * 3600 + om * 60) * (m[9] === '-' ? -1 : 1)
  }
  const sec =
    daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offsetSec
  const fraction = m[7]
  // RFC 3339 allows any number of digits; finer than a nanosecond is truncated.
  const nanos = fraction === undefined ? 0 : Number(fraction.slice(0, 9).padEnd(9, '0'))
  return {sec, nanos}
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
