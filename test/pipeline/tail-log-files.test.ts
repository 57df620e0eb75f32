// The tailing source, on real files in a temp dir: its chunks go through split-lines, and the
// tests assert which lines come out — each line written exactly once, in order, through
// appends, partial lines, rotation, truncation and a log that appears late. Conditions are
// waited for (polled), never slept on, so a loaded machine only makes them slower.
import * as E from 'fp-ts/lib/Either.js'
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs'
import {tmpdir} from 'node:os'
import * as path from 'node:path'
import {gzipSync} from 'node:zlib'
import {Subject, type Subscription, tap} from 'rxjs'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import type {FileChunk} from '../../src/pipeline/read-log-files.js'
import {lineText, splitLines} from '../../src/pipeline/split-lines.js'
import {type TailOptions, tailLogFiles} from '../../src/pipeline/tail-log-files.js'

const WAIT_MS = 20_000

async function waitFor(what: string, condition: () => boolean): Promise<void> {
  const deadline = Date.now() + WAIT_MS
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** A running tail: the lines split-lines emits, the notices, the raw chunks and completion. */
class Tail {
  readonly lines: string[] = []
  readonly malformed: string[] = []
  readonly notices: string[] = []
  readonly chunks: FileChunk[] = []
  completed = false
  error: unknown
  private readonly stop = new Subject<void>()
  private readonly subscription: Subscription

  constructor(log: string, options: TailOptions = {}) {
    this.subscription = tailLogFiles(log, {
      pollMs: 50,
      ...options,
      stop: this.stop,
      onNotice: (message) => this.notices.push(message),
    })
      .pipe(
        tap((chunk) => this.chunks.push(chunk)),
        splitLines(),
      )
      .subscribe({
        next: (item) => {
          if (E.isRight(item)) this.lines.push(lineText(item.right))
          else this.malformed.push(`${item.left.line}`)
        },
        error: (error: unknown) => (this.error = error),
        complete: () => (this.completed = true),
      })
  }

  async until(count: number): Promise<void> {
    await waitFor(
      `${count} lines (have ${this.lines.length}: ${this.lines.join(' | ')})`,
      () => this.lines.length >= count,
    )
  }

  async finish(): Promise<void> {
    this.stop.next()
    await waitFor('completion', () => this.completed || this.error !== undefined)
  }

  close(): void {
    this.subscription.unsubscribe()
  }
}

let dir: string
let log: string
const tails: Tail[] = []
const follow = (options?: TailOptions): Tail => {
  const tail = new Tail(log, options)
  tails.push(tail)
  return tail
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'beacon-tail-'))
  log = path.join(dir, 'runtime.jsonl')
})

afterEach(() => {
  for (const tail of tails.splice(0)) tail.close()
  rmSync(dir, {recursive: true, force: true})
})

describe('tailLogFiles', () => {
  it('reads the archives oldest first, then the active log, then only what is appended', async () => {
    writeFileSync(`${log}.2`, 'a1\na2\n')
    writeFileSync(`${log}.1`, 'b1\n')
    writeFileSync(log, 'c1\nc2\n')
    const tail = follow()
    await tail.until(5)
    expect(tail.lines).toEqual(['a1', 'a2', 'b1', 'c1', 'c2'])

    appendFileSync(log, 'c3\n')
    await tail.until(6)
    appendFileSync(log, 'c4\nc5\n')
    await tail.until(8)
    expect(tail.lines).toEqual(['a1', 'a2', 'b1', 'c1', 'c2', 'c3', 'c4', 'c5'])
    // Never re-read: the active log's bytes arrive once each.
    const activeBytes = tail.chunks
      .filter((chunk) => chunk.path === log)
      .reduce((sum, chunk) => sum + chunk.bytes.length, 0)
    expect(activeBytes).toBe('c1\nc2\nc3\nc4\nc5\n'.length)
    // Archives end; the active log does not while it is followed.
    expect(tail.chunks.filter((chunk) => chunk.endOfFile).map((chunk) => chunk.path)).toEqual([
      `${log}.2`,
      `${log}.1`,
    ])
  })

  it('reads gzip archives decompressed, like a batch run', async () => {
    writeFileSync(`${log}.2.gz`, gzipSync('z1\nz2\n'))
    writeFileSync(`${log}.1`, 'b1\n')
    writeFileSync(log, 'c1\n')
    const tail = follow()
    await tail.until(4)
    expect(tail.lines).toEqual(['z1', 'z2', 'b1', 'c1'])
  })

  it('holds a partial last line until its newline arrives', async () => {
    writeFileSync(log, 'one\n{"half":')
    const tail = follow()
    await tail.until(1)
    await waitFor('the partial bytes to be read', () =>
      tail.chunks.some((chunk) => chunk.bytes.toString().includes('{"half":')),
    )
    expect(tail.lines).toEqual(['one'])
    expect(tail.malformed).toEqual([])

    appendFileSync(log, ' 1}\n')
    await tail.until(2)
    expect(tail.lines).toEqual(['one', '{"half": 1}'])
  })

  it('finishes a rotated log (including lines written after the rename) and continues on the new one', async () => {
    writeFileSync(log, 'old1\n')
    const tail = follow()
    await tail.until(1)

    renameSync(log, `${log}.1`)
    // The writer still holds the old file open for a moment after the rename.
    appendFileSync(`${log}.1`, 'old2\n')
    writeFileSync(log, 'new1\n')
    await tail.until(3)
    appendFileSync(log, 'new2\n')
    await tail.until(4)
    expect(tail.lines).toEqual(['old1', 'old2', 'new1', 'new2'])
    expect(tail.notices).toEqual([])
  })

  it('reads the logs of several rotations that happened between two looks, in order', async () => {
    writeFileSync(log, 'a\n')
    // No watcher and a poll too slow to fire: the tail looks only at start and at stop.
    const tail = follow({watch: false, pollMs: 600_000})
    await tail.until(1)
    renameSync(log, `${log}.1`)
    writeFileSync(log, 'b\n')
    renameSync(`${log}.1`, `${log}.2`)
    renameSync(log, `${log}.1`)
    writeFileSync(log, 'c\n')
    await tail.finish()
    expect(tail.lines).toEqual(['a', 'b', 'c'])
  })

  it('survives a rotation where the new log appears only later', async () => {
    writeFileSync(log, 'old1\n')
    const tail = follow()
    await tail.until(1)
    renameSync(log, `${log}.1`)
    appendFileSync(`${log}.1`, 'old2\n')
    await tail.until(2)
    writeFileSync(log, 'new1\n')
    await tail.until(3)
    expect(tail.lines).toEqual(['old1', 'old2', 'new1'])
  })

  it('starts over on a truncated log and says so once', async () => {
    writeFileSync(log, 'first-long-line\nsecond-long-line\n')
    const tail = follow()
    await tail.until(2)

    truncateSync(log, 0)
    appendFileSync(log, 'after\n')
    await tail.until(3)
    appendFileSync(log, 'more\n')
    await tail.until(4)
    expect(tail.lines).toEqual(['first-long-line', 'second-long-line', 'after', 'more'])
    expect(tail.notices).toEqual([`${log} was truncated; reading it again from the start`])
  })

  it('waits for a log that does not exist yet, even in a directory that does not exist yet', async () => {
    log = path.join(dir, 'later', 'runtime.jsonl')
    const tail = follow()
    await waitFor('the waiting notice', () => tail.notices.length > 0)
    expect(tail.notices).toEqual([`waiting for ${log} to appear`])

    mkdirSync(path.dirname(log))
    writeFileSync(log, 'x1\n')
    await tail.until(1)
    appendFileSync(log, 'x2\n')
    await tail.until(2)
    expect(tail.lines).toEqual(['x1', 'x2'])
  })

  it('keeps following by polling alone when fs.watch is not used', async () => {
    writeFileSync(log, 'p1\n')
    const tail = follow({watch: false})
    await tail.until(1)
    appendFileSync(log, 'p2\n')
    await tail.until(2)
    renameSync(log, `${log}.1`)
    writeFileSync(log, 'p3\n')
    await tail.until(3)
    expect(tail.lines).toEqual(['p1', 'p2', 'p3'])
  })

  it('on stop, reads what is left, counts a final unterminated line and completes', async () => {
    writeFileSync(log, 's1\n')
    const tail = follow()
    await tail.until(1)
    appendFileSync(log, 's2\ns3-no-newline')
    await tail.finish()
    expect(tail.completed).toBe(true)
    // As a batch read of the file would: the last line counts at the end of the file.
    expect(tail.lines).toEqual(['s1', 's2', 's3-no-newline'])
  })

  it('stops promptly while still reading a big log, keeping only whole lines', async () => {
    const all = Array.from({length: 200_000}, (_, i) => `line-${i}`)
    writeFileSync(`${log}.1`, `${all.join('\n')}\n`)
    writeFileSync(log, 'active\n')
    // Tiny reads make the first pass long enough to interrupt.
    const tail = follow({chunkBytes: 64})
    await tail.until(1)
    await tail.finish()
    expect(tail.completed).toBe(true)
    expect(tail.lines.length).toBeLessThan(all.length)
    expect(tail.lines).toEqual(all.slice(0, tail.lines.length))
    expect(tail.notices).toEqual([
      'stopped before the end of the log; the report covers the lines read so far',
    ])
  })

  it('stops cleanly before the log ever appears', async () => {
    const tail = follow()
    await waitFor('the waiting notice', () => tail.notices.length > 0)
    await tail.finish()
    expect(tail.completed).toBe(true)
    expect(tail.lines).toEqual([])
  })

  it('fails with a read error naming a log that is a directory', async () => {
    mkdirSync(log)
    const tail = follow()
    await waitFor('the error', () => tail.error !== undefined)
    expect((tail.error as Error).message).toBe(`cannot read ${log}: is a directory`)
  })
})
