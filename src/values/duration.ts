// Go-style durations (`90s`, `15m`, `1h30m`, `1.5h`, `500ms`), the form `--bucket` takes.

const UNIT_NANOS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  μs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
}

const PART = /(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/y

/** Nanoseconds of a Go duration string, or undefined when it is not one. */
export function parseDuration(text: string): bigint | undefined {
  let rest = text.trim()
  let sign = 1n
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest.startsWith('-')) sign = -1n
    rest = rest.slice(1)
  }
  if (rest === '0') return 0n
  if (rest === '') return undefined
  let total = 0n
  PART.lastIndex = 0
  while (PART.lastIndex < rest.length) {
    const start = PART.lastIndex
    const m = PART.exec(rest)
    if (m === null || m.index !== start) return undefined
    const whole = m[1] ?? ''
    const frac = m[2] ?? ''
    if (whole === '' && frac === '') return undefined
    const unit = UNIT_NANOS[m[3] as string] as bigint
    total += BigInt(whole === '' ? '0' : whole) * unit
    if (frac !== '') {
      const scale = 10n ** BigInt(frac.length)
      total += (BigInt(frac) * unit) / scale
    }
  }
  return sign * total
}

/** Renders nanoseconds back in Go's style, e.g. 1h30m0s (for messages and JSON). */
export function formatDuration(nanos: bigint): string {
  if (nanos % 1_000_000_000n !== 0n) return `${nanos}ns`
  let s = nanos / 1_000_000_000n
  const h = s / 3600n
  s %= 3600n
  const m = s / 60n
  s %= 60n
  return `${h > 0n ? `${h}h` : ''}${h > 0n || m > 0n ? `${m}m` : ''}${s}s`
}

/** Nanoseconds as people write them, zero units left out: 1h, 1h30m, 15m, 90ns. */
export function formatCompactDuration(nanos: bigint): string {
  if (nanos % 1_000_000_000n !== 0n) return `${nanos}ns`
  const s = nanos / 1_000_000_000n
  const parts = [
    [s / 3600n, 'h'],
    [(s % 3600n) / 60n, 'm'],
    [s % 60n, 's'],
  ] as const
  return parts.map(([n, unit]) => (n > 0n ? `${n}${unit}` : '')).join('') || '0s'
}
