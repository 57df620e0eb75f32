// Tokens per minute and cost per hour over the last few minutes of a live run: the growth of the
// report's totals between snapshots, by wall-clock time. What was in the log before following
// began is the baseline, so the rate is what arrived while watching.
import type {UsageFigures} from './usage.js'

export interface UsageRate {
  readonly tokensPerMinute: number
  readonly costPerHour: number
  /** Wall-clock milliseconds the rate is measured over (up to the window). */
  readonly overMs: number
}

interface Sample {
  readonly at: number
  readonly tokens: number
  readonly cost: number
}

export const DEFAULT_RATE_WINDOW_MS = 5 * 60_000

export class RateWindow {
  private samples: Sample[] = []

  constructor(readonly windowMs = DEFAULT_RATE_WINDOW_MS) {}

  /** Records the totals at `at` (ms); keeps one sample older than the window as its start. */
  record(at: number, totals: UsageFigures): void {
    this.samples.push({at, tokens: totals.totalTokens, cost: totals.cost})
    let drop = 0
    while (
      drop + 1 < this.samples.length &&
      (this.samples[drop + 1] as Sample).at <= at - this.windowMs
    )
      drop++
    if (drop > 0) this.samples = this.samples.slice(drop)
  }

  /** The rate over the window, or undefined before two samples. Never negative: a late log
   * record can zero metric usage counted provisionally, which is not negative spend. */
  rate(): UsageRate | undefined {
    const first = this.samples[0]
    const last = this.samples[this.samples.length - 1]
    if (first === undefined || last === undefined || last.at <= first.at) return undefined
    const overMs = last.at - first.at
    return {
      tokensPerMinute: Math.max(0, ((last.tokens - first.tokens) * 60_000) / overMs),
      costPerHour: Math.max(0, ((last.cost - first.cost) * 3_600_000) / overMs),
      overMs,
    }
  }
}
