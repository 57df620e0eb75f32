// Sinks for --follow snapshots. On a terminal the live view is redrawn in place on the alternate
// screen (so the final report lands in the scrollback, not under a half-erased view); notices
// shown in the view while stderr is the same terminal are written to stderr when the view
// closes. Elsewhere each snapshot is one NDJSON line. A reader that goes away (`| head`) ends
// the run quietly through `closed$`.
import {Subject} from 'rxjs'

import type {LiveFrame} from '../pipeline/follow-report.js'
import {renderLiveView, renderSnapshotLine} from './render-live.js'

export interface LiveOutput {
  frame(frame: LiveFrame): void
  notice(message: string): void
  /** Leaves the live view and writes any notices held back. */
  close(): void
  /** Emits when stdout's reader has gone away; nothing more is written to it. */
  readonly closed$: Subject<void>
  readonly broken: boolean
}

export interface LiveOutputOptions {
  /** Rows per top list on the terminal view. */
  readonly top?: number
}

type Stream = NodeJS.WriteStream

export function liveOutput(
  kind: 'terminal' | 'ndjson',
  stdout: Stream,
  stderr: Stream,
  options: LiveOutputOptions = {},
): LiveOutput {
  return kind === 'terminal'
    ? new TerminalOutput(stdout, stderr, options)
    : new NdjsonOutput(stdout, stderr)
}

abstract class BaseOutput {
  readonly closed$ = new Subject<void>()
  broken = false

  constructor(
    protected readonly stdout: Stream,
    protected readonly stderr: Stream,
  ) {
    stdout.on('error', this.onError)
  }

  protected write(text: string): void {
    if (!this.broken) this.stdout.write(text)
  }

  protected readonly onError = (error: NodeJS.ErrnoException): void => {
    if (error.code !== 'EPIPE' || this.broken) return
    this.broken = true
    this.closed$.next()
  }
}

class NdjsonOutput extends BaseOutput implements LiveOutput {
  frame(frame: LiveFrame): void {
    this.write(renderSnapshotLine(frame))
  }

  notice(message: string): void {
    this.stderr.write(`beacon: ${message}\n`)
  }

  close(): void {}
}

const ALTERNATE_SCREEN_ON = '\u001b[?1049h\u001b[?25l'
const ALTERNATE_SCREEN_OFF = '\u001b[?25h\u001b[?1049l'
const HOME = '\u001b[H'
const CLEAR_LINE_END = '\u001b[K'
const CLEAR_BELOW = '\u001b[J'

class TerminalOutput extends BaseOutput implements LiveOutput {
  private active = false
  private last: LiveFrame | undefined
  private readonly notices: string[] = []
  private readonly heldNotices: string[] = []

  constructor(
    stdout: Stream,
    stderr: Stream,
    private readonly options: LiveOutputOptions,
  ) {
    super(stdout, stderr)
    stdout.on('resize', this.redraw)
  }

  frame(frame: LiveFrame): void {
    this.last = frame
    if (!this.active) {
      this.active = true
      this.write(ALTERNATE_SCREEN_ON)
    }
    this.redraw()
  }

  notice(message: string): void {
    this.notices.push(message)
    // The same terminal would show it for one interval; keep it for after the view.
    if (this.stderr.isTTY) this.heldNotices.push(message)
    else this.stderr.write(`beacon: ${message}\n`)
  }

  close(): void {
    this.stdout.off('resize', this.redraw)
    if (this.active) {
      this.active = false
      this.write(ALTERNATE_SCREEN_OFF)
    }
    for (const message of this.heldNotices.splice(0)) this.stderr.write(`beacon: ${message}\n`)
  }

  private readonly redraw = (): void => {
    if (!this.active || this.last === undefined) return
    const size = {columns: this.stdout.columns || 80, rows: this.stdout.rows || 24}
    const lines = renderLiveView(this.last, size, {top: this.options.top, notices: this.notices})
    this.write(`${HOME}${lines.map((line) => `${line}${CLEAR_LINE_END}`).join('\n')}${CLEAR_BELOW}`)
  }
}
