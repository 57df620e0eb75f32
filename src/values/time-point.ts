// The instants `--since` and `--until` take, in the forms people type: an RFC 3339 date-time,
// a calendar date (the start of that day, UTC) or a span back from now (`90m`, `24h`, `7d`).
import {parseDuration} from './duration.js'
import {type Instant, parseInstant} from './instant.js'

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
/** Whole weeks and days first (Go durations stop at hours), then an optional Go duration. */
const SPAN = /^(?:(\d+)w)?(?:(\d+)d)?(.*)$/

const NANOS_PER_SEC = 1_000_000_000n

/** The instant a time flag names, or undefined when the text is none of the three forms. */
export function parseTimePoint(text: string, now: Instant): Instant | undefined {
  const trimmed = text.trim()
  const date = DATE.exec(trimmed)
  if (date !== null) return parseInstant(`${trimmed}T00:00:00Z`)
  const instant = parseInstant(trimmed)
  if (instant !== undefined) return instant
  const span = parseSpan(trimmed)
  if (span === undefined) return undefined
  const at = BigInt(now.sec) * NANOS_PER_SEC + BigInt(now.nanos) - span
  const sec = at / NANOS_PER_SEC - (at % NANOS_PER_SEC < 0n ? 1n : 0n)
  return {sec: Number(sec), nanos: Number(at - sec * NANOS_PER_SEC)}
}

/** A positive span in nanoseconds: `7d`, `24h`, `90m`, `1d12h`, `2w`; undefined otherwise. */
export function parseSpan(text: string): bigint | undefined {
  const m = SPAN.exec(text)
  if (m === null || text === '' || text.startsWith('-') || text.startsWith('+')) return undefined
  const weeks = BigInt(m[1] ?? '0')
  const days = BigInt(m[2] ?? '0') + weeks * 7n
  const rest = m[3] ?? ''
  const clock = rest === '' ? 0n : parseDuration(rest)
  if (clock === undefined || rest.startsWith('-') || rest.startsWith('+')) return undefined
  const total = days * 86_400n * NANOS_PER_SEC + clock
  return total > 0n ? total : undefined
}

export function instantNow(): Instant {
  const ms = Date.now()
  return {sec: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000}
}
