// Flag types that validate where they are defined, so a bad value fails with exit code 2 and a
// message naming the accepted form.
import {Flags} from '@oclif/core'

import {parseDuration} from '../values/duration.js'
import type {Instant} from '../values/instant.js'
import {instantNow, parseTimePoint} from '../values/time-point.js'

/** An instant: RFC 3339, a date (start of that day, UTC) or a span ago (`24h`, `7d`, `90m`). */
export const instantFlag = Flags.custom<Instant>({
  helpValue: '<time>',
  async parse(input) {
    const instant = parseTimePoint(input, instantNow())
    if (instant === undefined) {
      throw new Error(
        `Expected an RFC 3339 timestamp (2026-06-11T10:00:00Z, 2026-06-11T12:00:00+02:00), a date (2026-06-11, start of that day UTC) or a span ago (90m, 24h, 7d), got "${input}"`,
      )
    }
    return instant
  },
})

export const bucketFlag = Flags.custom<bigint>({
  helpValue: '<duration>',
  async parse(input) {
    const nanos = parseDuration(input)
    if (nanos === undefined || nanos <= 0n) {
      throw new Error(
        `Expected a positive duration such as 15m, 1h, 1h30m, 90s or 24h (units ns, us, ms, s, m, h), got "${input}"`,
      )
    }
    return nanos
  },
})

/** Shortest --interval: a redraw or a JSON line more often than this helps no one. */
export const MIN_INTERVAL_NANOS = 10_000_000n

export const intervalFlag = Flags.custom<bigint>({
  helpValue: '<duration>',
  async parse(input) {
    const nanos = parseDuration(input)
    if (nanos === undefined || nanos < MIN_INTERVAL_NANOS) {
      throw new Error(
        `Expected a duration of at least 10ms such as 500ms, 2s or 1m (units ns, us, ms, s, m, h), got "${input}"`,
      )
    }
    return nanos
  },
})
