// Order-independent, exact summation of doubles (Shewchuk's partials, as in Python's
// math.fsum). Cost figures are runtime-reported floats; summing them exactly makes the
// report identical whatever the chunking, worker count or merge order.

/** Non-overlapping partials whose exact sum is the running total. */
export type ExactSum = number[]

export function addExact(partials: ExactSum, value: number): void {
  let x = value
  let kept = 0
  for (let j = 0; j < partials.length; j++) {
    let y = partials[j] as number
    if (Math.abs(x) < Math.abs(y)) {
      const t = x
      x = y
      y = t
    }
    const hi = x + y
    const lo = y - (hi - x)
    if (lo !== 0) partials[kept++] = lo
    x = hi
  }
  partials.length = kept
  partials.push(x)
}

export function mergeExact(into: ExactSum, from: ExactSum): void {
  for (const p of from) addExact(into, p)
}

/** The exact sum, correctly rounded to the nearest double. */
export function exactValue(partials: ExactSum): number {
  let n = partials.length
  if (n === 0) return 0
  let hi = partials[--n] as number
  let lo = 0
  while (n > 0) {
    const x = hi
    const y = partials[--n] as number
    hi = x + y
    lo = y - (hi - x)
    if (lo !== 0) break
  }
  // Round half-even correctly when the remaining partials push past a tie.
  const next = n > 0 ? (partials[n - 1] as number) : 0
  if (n > 0 && ((lo < 0 && next < 0) || (lo > 0 && next > 0))) {
    const y = lo * 2
    const x = hi + y
    if (y === x - hi) hi = x
  }
  return hi
}
