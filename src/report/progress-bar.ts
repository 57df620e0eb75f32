// A one-line progress bar on stderr for long runs: bytes done of total, MB/s and time left.
// Redrawn at most ten times a second so it costs nothing measurable; erased when done.
import type {WriteStream} from 'node:tty'

const REDRAW_EVERY_MS = 100
const DEFAULT_COLUMNS = 80

export class ProgressBar {
  /** From the same clock as every update, so an injected clock gives consistent rates. */
  private readonly started: number
  private lastDraw = 0
  private drawn = false

  constructor(
    private readonly stream: Pick<WriteStream, 'write' | 'columns'>,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now()
  }

  update(done: number, total: number): void {
    const time = this.now()
    if (time - this.lastDraw < REDRAW_EVERY_MS && done < total) return
    this.lastDraw = time
    // A terminal whose size was never set (a pty opened by `script` or a CI runner) reports 0
    // columns: draw for 80 rather than nothing.
    const columns = this.stream.columns > 0 ? this.stream.columns : DEFAULT_COLUMNS
    this.stream.write(`\r${progressLine(done, total, (time - this.started) / 1000, columns)}`)
    this.drawn = true
  }

  stop(): void {
    if (this.drawn) this.stream.write('\r\u001b[2K')
    this.drawn = false
  }
}

/** `[=====>    ]  42%  430/1024 MB  215 MB/s  ETA 3s`, fitted to `width` columns. */
export function progressLine(done: number, total: number, seconds: number, width: number): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 0
  const mb = (bytes: number): string => (bytes / 1e6).toFixed(0)
  const rate = seconds > 0 ? done / 1e6 / seconds : 0
  const eta = rate > 0 ? Math.max(0, (total - done) / 1e6 / rate) : undefined
  const figures = ` ${(fraction * 100).toFixed(0).padStart(3)}%  ${mb(done)}/${mb(total)} MB  ${rate.toFixed(0)} MB/s  ETA ${eta === undefined ? '?' : formatSeconds(eta)}`
  const barWidth = Math.max(10, Math.min(40, width - figures.length - 3))
  const filled = Math.round(fraction * barWidth)
  const bar =
    '='.repeat(Math.max(0, filled - 1)) +
    (filled > 0 ? (fraction >= 1 ? '=' : '>') : '') +
    ' '.repeat(barWidth - filled)
  return `[${bar}]${figures}`.slice(0, Math.max(0, width - 1))
}

/** Rounded up to whole seconds before splitting, so 119.5 s reads 2m00s, never 1m60s. */
function formatSeconds(seconds: number): string {
  const whole = Math.ceil(seconds)
  if (whole < 60) return `${whole}s`
  return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`
}
