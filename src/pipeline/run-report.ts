// Runs the pipeline over all inputs and returns the report state. Small inputs run in this
// thread. Large plain files are cut into byte ranges at line boundaries and, with gzip files,
// shared among worker threads; their states merge in input order, so the report is the same
// as a single reader's (see report-state.ts for what merging keeps exact).
import {open, stat} from 'node:fs/promises'
import {availableParallelism} from 'node:os'
import {Worker} from 'node:worker_threads'

import {lastValueFrom} from 'rxjs'

import {type ReportState, emptyState, mergeStates} from '../report/report-state.js'
import {type LogSource, LogReadError, readLogSources} from './read-log-files.js'
import {reduceReport} from './reduce-report.js'
import type {WorkerMessage} from './report-worker.js'
import {type WorkerTask, runTask} from './run-task.js'
import {type PipelineOptions, chunksToEvents} from './token-usage-pipeline.js'

export interface RunOptions extends PipelineOptions {
  /** Worker threads; 0 = one per core; 1 = no workers. */
  readonly workers?: number
  /** Below this many input bytes, one thread (default: 512 MiB with automatic workers, 64 MiB when a count is given). */
  readonly parallelMinBytes?: number
  /** Size of the byte ranges large files are cut into (default: a quarter of a worker's share, 32-256 MiB). */
  readonly rangeBytes?: number
  /** Called as input bytes are read (compressed bytes for gzip), with the total. */
  readonly onProgress?: (doneBytes: number, totalBytes: number) => void
}

// Measured here (docs/benchmarks.md): on 200 MB workers were no faster and cost ~70 MiB more
// memory; on 500 MB 15% faster, on 1 GiB 25-45%. Asked for by count, they start sooner.
export const DEFAULT_PARALLEL_MIN_BYTES = 512 * 1024 * 1024
const REQUESTED_PARALLEL_MIN_BYTES = 64 * 1024 * 1024
const MIN_RANGE_BYTES = 32 * 1024 * 1024
const MAX_RANGE_BYTES = 256 * 1024 * 1024
const WORKER_YOUNG_GENERATION_MB = 12

export async function runReport(
  sources: readonly LogSource[],
  options: RunOptions,
): Promise<ReportState> {
  const sizes = await Promise.all(
    sources.map((source) => (source.kind === 'stdin' ? 0 : sizeOf(source.path))),
  )
  const total = sizes.reduce((a, b) => a + b, 0)
  let done = 0
  const onBytes = (bytes: number): void => {
    done += bytes
    options.onProgress?.(done, total)
  }
  const workers = !canStartWorkers()
    ? 1
    : options.workers === undefined || options.workers === 0
      ? availableParallelism()
      : options.workers
  const inThisThread = (): Promise<ReportState> =>
    lastValueFrom(
      readLogSources(sources, {chunkBytes: options.chunkBytes, onBytesRead: onBytes}).pipe(
        chunksToEvents(options),
        reduceReport(options.aggregate),
      ),
    )
  const automatic = options.workers === undefined || options.workers === 0
  const minBytes =
    options.parallelMinBytes ??
    (automatic ? DEFAULT_PARALLEL_MIN_BYTES : REQUESTED_PARALLEL_MIN_BYTES)
  if (workers <= 1 || total < minBytes) {
    return inThisThread()
  }
  const tasks = await planTasks(sources, sizes, workers, options, options.rangeBytes)
  const merged = await runTasks(tasks, workers, options, onBytes)
  // Cumulative readings out of time order across a range boundary: the ranges' reorder
  // windows could not see each other, so one reader does it again (stdin cannot be re-read).
  const exact = merged.cumulativeSpan?.inOrder !== false
  if (exact || tasks.length === 1 || sources.some((source) => source.kind === 'stdin'))
    return merged
  done = 0
  return inThisThread()
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size
  } catch (error) {
    throw new LogReadError(path, error as NodeJS.ErrnoException)
  }
}

/** Tasks in input order: ranges of large plain files, whole small or gzip files, stdin. */
async function planTasks(
  sources: readonly LogSource[],
  sizes: readonly number[],
  workers: number,
  options: PipelineOptions,
  fixedRangeBytes: number | undefined,
): Promise<WorkerTask[]> {
  const tasks: WorkerTask[] = []
  const pipelineOptions = pipelineOptionsOnly(options)
  for (const [sourceIndex, source] of sources.entries()) {
    const size = sizes[sourceIndex] as number
    const rangeBytes =
      fixedRangeBytes ??
      Math.min(MAX_RANGE_BYTES, Math.max(MIN_RANGE_BYTES, Math.ceil(size / (workers * 4))))
    if (source.kind !== 'plain' || size <= rangeBytes) {
      tasks.push({id: tasks.length, sources, sourceIndex, options: pipelineOptions})
      continue
    }
    let start = 0
    while (start < size) {
      const end =
        start + rangeBytes >= size
          ? size
          : await lineBoundaryAfter(source.path, start + rangeBytes, size)
      tasks.push({
        id: tasks.length,
        sources,
        sourceIndex,
        range: {start, end},
        options: pipelineOptions,
      })
      start = end
    }
  }
  return tasks
}

/** What a worker needs, without the callbacks a message cannot carry. */
function pipelineOptionsOnly(options: PipelineOptions): PipelineOptions {
  const {filter, aggregate, chunkBytes, maxLineBytes, duplicateWindow, reorderWindow} = options
  return {filter, aggregate, chunkBytes, maxLineBytes, duplicateWindow, reorderWindow}
}

/** The offset just past the first newline at or after `at - 1`: ranges never split a line. */
async function lineBoundaryAfter(path: string, at: number, size: number): Promise<number> {
  const handle = await open(path, 'r')
  try {
    const block = Buffer.alloc(64 * 1024)
    for (let position = at - 1; position < size; position += block.length) {
      const {bytesRead} = await handle.read(block, 0, block.length, position)
      const newline = block.subarray(0, bytesRead).indexOf(0x0a)
      if (newline !== -1) return position + newline + 1
      if (bytesRead === 0) break
    }
    return size
  } finally {
    await handle.close()
  }
}

/** Runs tasks on this thread and a pool of workers and merges their states in input order. */
function runTasks(
  tasks: readonly WorkerTask[],
  workerCount: number,
  options: RunOptions,
  onBytes: (bytes: number) => void,
): Promise<ReportState> {
  return new Promise((resolve, reject) => {
    const merged = emptyState(options.aggregate)
    const results: Array<{state: ReportState; lines: number} | undefined> = []
    const linesBefore = new Map<number, number>()
    let nextToMerge = 0
    let nextToStart = 0
    let failed = false
    const pool: Worker[] = []

    const finish = (error?: Error): void => {
      if (failed) return
      if (error !== undefined) failed = true
      for (const worker of pool) void worker.terminate()
      if (error !== undefined) reject(error)
      else resolve(merged)
    }
    const settle = (id: number, result: {state: ReportState; lines: number}): void => {
      results[id] = result
      while (results[nextToMerge] !== undefined) {
        const task = tasks[nextToMerge] as WorkerTask
        const {state, lines} = results[nextToMerge] as {state: ReportState; lines: number}
        const base = linesBefore.get(task.sourceIndex) ?? 0
        state.malformedExamples = state.malformedExamples.map((line) => ({
          ...line,
          line: line.line + base,
        }))
        linesBefore.set(task.sourceIndex, base + lines)
        mergeStates(merged, state)
        results[nextToMerge] = undefined
        nextToMerge++
      }
      if (nextToMerge === tasks.length) finish()
    }
    const fail = (message: string, path: string): void =>
      finish(new LogReadError(path, Object.assign(new Error(message), {code: 'EWORKER'}), message))

    // This thread is one of the executors (a worker's fixed cost is ~30 MB of memory), and the
    // only one that can read standard input: it takes stdin first, then shares the queue.
    const isStdin = (task: WorkerTask): boolean => task.sources[task.sourceIndex]?.kind === 'stdin'
    const localTasks = tasks.filter(isStdin)
    const sharedTasks = tasks.filter((task) => !isStdin(task))
    const takeShared = (): WorkerTask | undefined => sharedTasks[nextToStart++]
    const runHere = (): void => {
      const task = localTasks.shift() ?? takeShared()
      if (task === undefined || failed) return
      runTask(task, onBytes).then(
        (result) => {
          settle(task.id, result)
          runHere()
        },
        (error: Error) => finish(error),
      )
    }
    const startNext = (worker: Worker): void => {
      const task = takeShared()
      if (task === undefined) return
      try {
        worker.postMessage(task)
      } catch (error) {
        finish(error as Error)
      }
    }
    for (let i = 0; i < Math.min(workerCount - 1, sharedTasks.length - 1); i++) {
      // A small young generation keeps each worker's garbage, and so the process's RSS, low.
      const worker = new Worker(workerUrl(), {
        resourceLimits: {maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB},
      })
      pool.push(worker)
      worker.on('message', (message: WorkerMessage) => {
        if (message.kind === 'progress') onBytes(message.bytes)
        else if (message.kind === 'failed') fail(message.message, message.path)
        else {
          settle(message.id, {state: message.state, lines: message.lines})
          startNext(worker)
        }
      })
      worker.on('error', (error) => finish(error))
      startNext(worker)
    }
    runHere()
    if (tasks.length === 0) finish()
  })
}

/** Workers run the compiled report-worker.js; run from sources (bin/dev.js, tests) there is none. */
function canStartWorkers(): boolean {
  return import.meta.url.endsWith('.js')
}

function workerUrl(): URL {
  return new URL('./report-worker.js', import.meta.url)
}
