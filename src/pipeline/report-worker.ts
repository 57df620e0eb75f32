// Worker thread entry: runs the tasks the main thread posts (run-task.ts) and answers with
// progress, the task's report state, or a failure with the path that failed.
import {parentPort} from 'node:worker_threads'

import type {ReportState} from '../report/report-state.js'
import {type WorkerTask, runTask} from './run-task.js'

export type WorkerMessage =
  | {readonly kind: 'progress'; readonly id: number; readonly bytes: number}
  | {
      readonly kind: 'done'
      readonly id: number
      readonly state: ReportState
      readonly lines: number
    }
  | {readonly kind: 'failed'; readonly id: number; readonly message: string; readonly path: string}

const PROGRESS_EVERY_BYTES = 4 * 1024 * 1024

parentPort?.on('message', (task: WorkerTask) => {
  let pending = 0
  const onBytes = (bytes: number): void => {
    pending += bytes
    if (pending >= PROGRESS_EVERY_BYTES) {
      parentPort?.postMessage({
        kind: 'progress',
        id: task.id,
        bytes: pending,
      } satisfies WorkerMessage)
      pending = 0
    }
  }
  runTask(task, onBytes).then(
    ({state, lines}) => {
      if (pending > 0)
        parentPort?.postMessage({
          kind: 'progress',
          id: task.id,
          bytes: pending,
        } satisfies WorkerMessage)
      parentPort?.postMessage({kind: 'done', id: task.id, state, lines} satisfies WorkerMessage)
    },
    (error: Error & {path?: string}) => {
      parentPort?.postMessage({
        kind: 'failed',
        id: task.id,
        message: error.message,
        path: error.path ?? '',
      } satisfies WorkerMessage)
    },
  )
})
