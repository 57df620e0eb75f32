// Exact-duplicate stage (§5.3): a usage-bearing line byte-identical (after trimming) to one of
// the previous `windowLines` usage-bearing lines (repeats included) is a collector retry or an
// overlapping copy:
// it becomes a DuplicateLine and counts nowhere. Distinct lines with equal numbers are kept.
import {hash} from 'node:crypto'

import * as E from 'fp-ts/lib/Either.js'
import {defer, map, type OperatorFunction} from 'rxjs'

import type {CanonicalEvent} from '../runtimes/canonical-event.js'
import type {SkippedLine} from './skipped-line.js'

export interface DuplicateWindowOptions {
  /** How many recent usage-bearing lines a line is compared with. */
  readonly windowLines?: number
  /** The usage lines just before the input, oldest first (a worker reading a byte range). */
  readonly precedingLines?: readonly string[]
}

export const DEFAULT_DUPLICATE_WINDOW = 4096

export function dropDuplicateLines(
  options: DuplicateWindowOptions = {},
): OperatorFunction<E.Either<SkippedLine, CanonicalEvent>, E.Either<SkippedLine, CanonicalEvent>> {
  const size = options.windowLines ?? DEFAULT_DUPLICATE_WINDOW
  return (source) =>
    defer(() => {
      const window = new RecentLines(size)
      for (const text of options.precedingLines ?? []) window.seen(lineKey(text))
      return source.pipe(
        map((item) => {
          if (E.isLeft(item) || item.right.usageMask === 0 || size === 0) return item
          const event = item.right
          return window.seen(lineKey(event.text))
            ? E.left({
                kind: 'duplicate' as const,
                path: event.path,
                line: event.line,
                order: event.order,
              })
            : item
        }),
      )
    })
}

/**
 * A 128-bit digest of the trimmed line stands for it in the window: a few thousand whole lines
 * would live long enough to be promoted and then die in the old generation, which grows the
 * heap; a digest is 28 characters. Two distinct lines sharing a SHA-1 digest by accident is far
 * less likely than a disk error.
 */
function lineKey(text: string): string {
  // One-shot SHA-1 measured ~2.5x faster here than an MD5 Hash object (CPU SHA extensions).
  return hash('sha1', trimmed(text), 'base64')
}

/** The text without surrounding white space, without copying the usual line that has none. */
function trimmed(text: string): string {
  const first = text.charCodeAt(0)
  const last = text.charCodeAt(text.length - 1)
  return first > 0x20 && last > 0x20 ? text : text.trim()
}

/**
 * The last N usage lines, repeats included, so the window at any point depends only on the N
 * lines before it (a reader starting mid-file can rebuild it by looking back N lines).
 */
export class RecentLines {
  private readonly ring: string[] = []
  private next = 0
  private readonly counts = new Map<string, number>()

  constructor(private readonly capacity: number) {}

  /** True when `text` is among the last N lines; either way it becomes the newest of them. */
  seen(text: string): boolean {
    const known = this.counts.get(text)
    if (this.ring.length === this.capacity) {
      const evicted = this.ring[this.next] as string
      const left = (this.counts.get(evicted) as number) - 1
      if (left === 0) this.counts.delete(evicted)
      else this.counts.set(evicted, left)
      this.ring[this.next] = text
    } else {
      this.ring.push(text)
    }
    this.next = (this.next + 1) % this.capacity
    this.counts.set(text, (this.counts.get(text) ?? 0) + 1)
    return known !== undefined
  }
}
