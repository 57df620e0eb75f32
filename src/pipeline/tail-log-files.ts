// Source stage for --follow: the same FileChunk stream as read-log-files, but it keeps going the
// way `tail -F` does. It reads the log's archives (oldest first) and the active log, then only
// what is appended. A rotated log (renamed to <log>.1, a new one created) is read to its end,
// then the new log from its start; a truncated log is read again from its start (said once
// through `onNotice`); a log that does not exist yet is waited for. A file's end-of-file chunk is
// sent only when that file is finished (rotated away, truncated, or at stop), so a partial last
// line waits in split-lines for its newline. Changes are noticed with fs.watch on the log's
// directory; a slow stat poll backs it up (and replaces it where watching is not available).
// Gzip archives (`<log>.N.gz`) are read decompressed, like a batch run reads them.
// `stop` ends the tail gracefully: a last read, the final end-of-file, then complete.
import {type FSWatcher, type Stats, watch} from 'node:fs'
import {type FileHandle, open, stat} from 'node:fs/promises'
import * as path from 'node:path'
import {Observable, type Subscriber, type Subscription} from 'rxjs'

import {
  DEFAULT_CHUNK_BYTES,
  type FileChunk,
  LogReadError,
  readLogSources,
} from './read-log-files.js'
import {archivesOf} from './select-logs.js'

export interface TailOptions {
  readonly chunkBytes?: number
  /** Stat period when fs.watch is unavailable (default 1s); with a watcher the safety poll is slower. */
  readonly pollMs?: number
  /** Use fs.watch (default true); false leaves only the poll. */
  readonly watch?: boolean
  /** When this emits, the tail reads what is left, ends the active file and completes. */
  readonly stop?: Observable<unknown>
  /** One-line messages for people: waiting for the log, truncation. */
  readonly onNotice?: (message: string) => void
}

export const DEFAULT_POLL_MS = 1000
/** With a working watcher the poll only catches missed events (network filesystems). */
const SAFETY_POLL_MS = 2000

export function tailLogFiles(log: string, options: TailOptions = {}): Observable<FileChunk> {
  return new Observable<FileChunk>((subscriber) => {
    const tail = new LogTail(log, options, subscriber)
    tail.start()
    return () => tail.close()
  })
}

interface OpenFile {
  readonly handle: FileHandle
  readonly path: string
  readonly dev: number
  readonly ino: number
  fileIndex: number
  position: number
}

class LogTail {
  private readonly chunkBytes: number
  private readonly pollMs: number
  private readonly base: string
  private active: OpenFile | undefined
  private nextIndex = 0
  private caughtUp = false
  private busy = false
  private again = false
  private stopRequested = false
  private closed = false
  private saidWaiting = false
  private watcher: FSWatcher | undefined
  private timer: NodeJS.Timeout | undefined
  private stopSubscription: Subscription | undefined

  constructor(
    private readonly log: string,
    private readonly options: TailOptions,
    private readonly subscriber: Subscriber<FileChunk>,
  ) {
    this.chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES
    this.pollMs = options.pollMs ?? DEFAULT_POLL_MS
    this.base = path.basename(log)
  }

  start(): void {
    this.watchDirectory()
    this.schedulePoll()
    this.stopSubscription = this.options.stop?.subscribe(() => {
      this.stopRequested = true
      this.poke()
    })
    this.poke()
  }

  close(): void {
    this.closed = true
    this.watcher?.close()
    this.watcher = undefined
    if (this.timer !== undefined) clearInterval(this.timer)
    this.stopSubscription?.unsubscribe()
    const active = this.active
    this.active = undefined
    // Closing may race a read in flight; that read then fails and is ignored (closed).
    active?.handle.close().catch(() => undefined)
  }

  /** Something may have changed: run a check now, or once more after the one in flight. */
  private readonly poke = (): void => {
    if (this.closed) return
    if (this.busy) {
      this.again = true
      return
    }
    this.busy = true
    void this.work()
  }

  private async work(): Promise<void> {
    try {
      do {
        this.again = false
        if (!this.caughtUp) await this.catchUp()
        else await this.check()
        if (this.stopRequested && !this.closed) {
          await this.finish()
          return
        }
      } while (this.again && !this.closed)
    } catch (error) {
      if (!this.closed) this.subscriber.error(asReadError(this.log, error))
      this.close()
    } finally {
      this.busy = false
    }
  }

  /**
   * The archives and what the active log holds now. The active log is opened first: if it
   * rotates while the archives are listed, its old file shows up as `.1`, is recognised by its
   * inode and read once, as the active file. A stop during this first read cuts it short (a big
   * log need not be read to its end before Ctrl-C works); the line cut in half is dropped.
   */
  private async catchUp(): Promise<void> {
    const active = await this.openActive()
    const seen: OpenFile[] = active === undefined ? [] : [active]
    const archives: OpenFile[] = []
    for (const archive of await archivesOf(this.log)) {
      const file = await openIfPresent(archive)
      if (file === undefined) continue
      if (seen.some((other) => sameFile(other, file))) {
        await file.handle.close()
        continue
      }
      seen.push(file)
      archives.push(file)
    }
    for (const archive of archives) {
      try {
        if (this.stopRequested || this.closed) continue
        archive.fileIndex = this.nextIndex++
        await this.readArchive(archive)
      } finally {
        await archive.handle.close()
      }
    }
    if (active !== undefined) {
      active.fileIndex = this.nextIndex++
      this.active = active
      if (!this.stopRequested) await this.drain(active)
    }
    if (this.stopRequested) return
    this.caughtUp = true
    await this.check()
  }

  /** Reads what was appended; follows truncation and rotation. */
  private async check(): Promise<void> {
    if (this.closed) return
    if (this.active === undefined) {
      const opened = await this.openActive()
      if (opened === undefined) return
      opened.fileIndex = this.nextIndex++
      this.active = opened
    }
    const active = this.active
    if ((await this.drain(active)) === 'truncated') {
      this.notice(`${this.log} was truncated; reading it again from the start`)
      this.endFile(active)
      active.fileIndex = this.nextIndex++
      active.position = 0
      await this.drain(active)
    }
    const current = await statIfPresent(this.log)
    // Renamed away with no successor yet: the writer may still append to the old file.
    if (current === undefined || sameFile(active, current) || !current.isFile()) return
    // Rotated: finish the old file (the writer's last lines before the rename), then the new one.
    await this.drain(active)
    this.endFile(active)
    this.active = undefined
    await active.handle.close()
    await this.readSkippedArchives(active)
    await this.check()
  }

  /**
   * Rotated more than once since the last look: the logs written in between are now the
   * archives newer than the one just finished (`<log>.1` … before it). Read them, oldest first.
   * After a single rotation `<log>.1` is the finished file and there is nothing to do.
   */
  private async readSkippedArchives(finished: OpenFile): Promise<void> {
    const newestFirst = (await archivesOf(this.log)).reverse()
    const skipped: string[] = []
    let found = false
    for (const archive of newestFirst) {
      const info = await statIfPresent(archive)
      if (info === undefined) continue
      if (sameFile(info, finished)) {
        found = true
        break
      }
      skipped.push(archive)
    }
    // Without the finished file among the archives the history is unknown: read nothing twice.
    if (!found) return
    for (const archive of skipped.reverse()) {
      const file = await openIfPresent(archive)
      if (file === undefined) continue
      try {
        file.fileIndex = this.nextIndex++
        await this.readArchive(file)
      } finally {
        await file.handle.close()
      }
    }
  }

  /** At stop: the last appended lines, then the active file's end (a partial last line counts). */
  private async finish(): Promise<void> {
    if (this.caughtUp) {
      await this.check()
      if (this.active !== undefined) this.endFile(this.active)
    } else {
      this.notice('stopped before the end of the log; the report covers the lines read so far')
    }
    this.close()
    this.subscriber.complete()
  }

  /** A finished file, whole: plain, or gzip (an archive compressed by the rotation). */
  private async readArchive(file: OpenFile): Promise<void> {
    if (await isGzip(file.handle)) {
      const source = {fileIndex: file.fileIndex, path: file.path, kind: 'gzip'} as const
      await readLogSources([source], {chunkBytes: this.chunkBytes}).forEach((chunk) => {
        if (!this.closed) this.subscriber.next(chunk)
      })
      return
    }
    await this.drain(file)
    if (!this.stopRequested) this.endFile(file)
  }

  /** Sends the bytes past the file's position; says when the file shrank below it. */
  private async drain(file: OpenFile): Promise<'read' | 'truncated'> {
    const {size} = await file.handle.stat()
    if (size < file.position) return 'truncated'
    if (size === file.position) return 'read'
    for (;;) {
      if (this.closed || (this.stopRequested && !this.caughtUp)) return 'read'
      const want = Math.min(this.chunkBytes, Math.max(size - file.position, 64 * 1024))
      const buffer = Buffer.allocUnsafe(want)
      const {bytesRead} = await file.handle.read(buffer, 0, want, file.position)
      if (bytesRead === 0 || this.closed) return 'read'
      this.subscriber.next({
        fileIndex: file.fileIndex,
        path: file.path,
        bytes: buffer.subarray(0, bytesRead),
        offset: file.position,
        endOfFile: false,
      })
      file.position += bytesRead
    }
  }

  private endFile(file: OpenFile): void {
    if (this.closed) return
    this.subscriber.next({
      fileIndex: file.fileIndex,
      path: file.path,
      bytes: Buffer.alloc(0),
      offset: file.position,
      endOfFile: true,
    })
  }

  private async openActive(): Promise<OpenFile | undefined> {
    const file = await openIfPresent(this.log)
    if (file === undefined && !this.saidWaiting) {
      this.saidWaiting = true
      this.notice(`waiting for ${this.log} to appear`)
    }
    return file
  }

  private notice(message: string): void {
    this.options.onNotice?.(message)
  }

  /** Events on the directory catch rotation and creation as well as writes. */
  private watchDirectory(): void {
    if (this.options.watch === false || this.watcher !== undefined) return
    try {
      this.watcher = watch(path.dirname(this.log), (_event, name) => {
        if (name === null || name === this.base) this.poke()
      })
      this.watcher.on('error', () => {
        this.watcher?.close()
        this.watcher = undefined
        this.schedulePoll()
      })
    } catch {
      // No directory yet, or no watcher available (e.g. out of inotify watches): poll.
      this.watcher = undefined
    }
  }

  private schedulePoll(): void {
    if (this.closed) return
    if (this.timer !== undefined) clearInterval(this.timer)
    const watching = this.watcher !== undefined
    const every = watching ? Math.max(this.pollMs, SAFETY_POLL_MS) : this.pollMs
    this.timer = setInterval(() => {
      if (this.watcher === undefined && this.options.watch !== false) {
        this.watchDirectory()
        if (this.watcher !== undefined) this.schedulePoll()
      }
      this.poke()
    }, every)
  }
}

async function openIfPresent(file: string): Promise<OpenFile | undefined> {
  let handle: FileHandle
  try {
    handle = await open(file, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new LogReadError(file, error as NodeJS.ErrnoException)
  }
  try {
    const info = await handle.stat()
    if (!info.isFile()) {
      await handle.close()
      if (info.isDirectory()) {
        throw new LogReadError(file, Object.assign(new Error('is a directory'), {code: 'EISDIR'}))
      }
      return undefined
    }
    return {handle, path: file, dev: info.dev, ino: info.ino, fileIndex: -1, position: 0}
  } catch (error) {
    await handle.close().catch(() => undefined)
    throw asReadError(file, error)
  }
}

/** Gzip files start with the bytes 1f 8b, whatever their name. */
async function isGzip(handle: FileHandle): Promise<boolean> {
  const magic = Buffer.alloc(2)
  const {bytesRead} = await handle.read(magic, 0, 2, 0)
  return bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b
}

async function statIfPresent(file: string): Promise<Stats | undefined> {
  try {
    return await stat(file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new LogReadError(file, error as NodeJS.ErrnoException)
  }
}

function sameFile(a: Pick<Stats, 'dev' | 'ino'>, b: Pick<Stats, 'dev' | 'ino'>): boolean {
  return a.dev === b.dev && a.ino === b.ino
}

function asReadError(file: string, error: unknown): LogReadError {
  return error instanceof LogReadError
    ? error
    : new LogReadError(file, error as NodeJS.ErrnoException)
}
