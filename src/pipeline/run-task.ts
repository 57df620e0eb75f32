// One share of a parallel run: a byte range of a plain file (or a whole gzip file) through the
// same pipeline, giving its report state and line count. The main thread merges the states in
// input order (report-state.ts mergeStates is associative) and corrects line numbers.
import {lastValueFrom, tap} from 'rxjs'

import type {ReportState} from '../report/report-state.js'
import {precedingUsageKeys} from './preceding-usage-lines.js'
import {type LogSource, readLogSources} from './read-log-files.js'
import {reduceReport} from './reduce-report.js'
import {type PipelineOptions, chunksToEvents} from './token-usage-pipeline.js'
import {DEFAULT_DUPLICATE_WINDOW} from './drop-duplicate-lines.js'

export interface WorkerTask {
  readonly id: number
  /** Every input, whole; the task reads `range` of sources[sourceIndex] (all of it without one). */
  readonly sources: readonly LogSource[]
  readonly sourceIndex: number
  readonly range?: {readonly start: number; readonly end: number}
  readonly options: PipelineOptions
}

export async function runTask(
  task: WorkerTask,
  onBytes: (bytes: number) => void = () => {},
): Promise<{state: ReportState; lines: number}> {
  const whole = task.sources[task.sourceIndex] as LogSource
  const source: LogSource = task.range === undefined ? whole : {...whole, ...task.range}
  const start = source.start ?? 0
  const precedingKeys =
    start > 0 || task.sourceIndex > 0
      ? await precedingUsageKeys({
          sources: task.sources,
          sourceIndex: task.sourceIndex,
          offset: start,
          wanted: task.options.duplicateWindow ?? DEFAULT_DUPLICATE_WINDOW,
        })
      : []
  let lines = 0
  let lastByte = 0x0a
  const state = await lastValueFrom(
    readLogSources([source], {chunkBytes: task.options.chunkBytes, onBytesRead: onBytes}).pipe(
      tap((chunk) => {
        for (let at = chunk.bytes.indexOf(0x0a); at !== -1; at = chunk.bytes.indexOf(0x0a, at + 1))
          lines++
        if (chunk.bytes.length > 0) lastByte = chunk.bytes[chunk.bytes.length - 1] as number
      }),
      chunksToEvents({...task.options, firstLine: 1, precedingKeys}),
      reduceReport(task.options.aggregate),
    ),
  )
  return {state, lines: lastByte === 0x0a ? lines : lines + 1}
}
