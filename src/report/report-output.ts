// The sink of a one-shot report: the report in the chosen format on stdout, and the notes on
// stderr about lines that were skipped or counted once. (--follow's live view: live-output.ts.)
import {DEFAULT_DUPLICATE_WINDOW} from '../pipeline/drop-duplicate-lines.js'
import {formatCompactDuration} from '../values/duration.js'
import type {Report} from './build-report.js'
import {renderCsv} from './render-csv.js'
import {renderJson} from './render-json.js'
import {renderMarkdown} from './render-markdown.js'
import {renderTable} from './render-table.js'
import {type TerminalInfo, terminalWidth, wantsColor} from './terminal.js'

export const FORMATS = ['table', 'json', 'csv', 'markdown'] as const
export type Format = (typeof FORMATS)[number]

export interface RenderOptions {
  /** --color / --no-color; undefined: only on a terminal and without NO_COLOR. */
  readonly color?: boolean
  readonly bucketNanos?: bigint
  readonly breakdown?: boolean
}

/** The report as `format` for `stdout` (the table fits its width and colours only a terminal). */
export function renderReport(
  report: Report,
  format: Format,
  options: RenderOptions,
  stdout: TerminalInfo = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): string {
  switch (format) {
    case 'json':
      return renderJson(report)
    case 'csv':
      return renderCsv(report, {breakdown: options.breakdown === true})
    case 'markdown':
      return renderMarkdown(report)
    case 'table':
      return renderTable(report, {
        width: terminalWidth(env, stdout),
        color: wantsColor(options.color, env, stdout),
        bucket:
          options.bucketNanos === undefined
            ? undefined
            : formatCompactDuration(options.bucketNanos),
      })
  }
}

/** The stderr lines about malformed lines (the first few named) and duplicates counted once. */
export function skippedLineNotes(report: Report): string[] {
  const notes: string[] = []
  if (report.malformedLines > 0) {
    const s = report.malformedLines === 1 ? '' : 's'
    notes.push(`beacon: skipped ${report.malformedLines} malformed line${s}:`)
    for (const line of report.malformedExamples)
      notes.push(`  ${line.path}:${line.line}: ${line.reason}`)
    const more = report.malformedLines - report.malformedExamples.length
    if (more > 0) notes.push(`  … and ${more} more`)
  }
  if (report.duplicateLines > 0) {
    const s = report.duplicateLines === 1 ? '' : 's'
    notes.push(
      `beacon: counted ${report.duplicateLines} exact duplicate usage line${s} once (repeats within ${DEFAULT_DUPLICATE_WINDOW} usage lines)`,
    )
  }
  return notes
}

/** Writes the report to stdout; a reader that went away (`| head`) ends the run quietly. */
export function writeStdout(text: string): Promise<void> {
  return new Promise((resolve) => {
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exitCode = 0
      resolve()
    })
    process.stdout.write(text, () => resolve())
  })
}
