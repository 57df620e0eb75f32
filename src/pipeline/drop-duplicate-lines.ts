// Exact-duplicate stage (§5.3): a usage-bearing line byte-identical (after trimming) to one of
// the previous `windowLines` usage-bearing lines (repeats included) is a collector retry or an
// overlapping copy: it becomes a DuplicateLine and counts nowhere. Distinct lines with equal
// numbers are kept. Lines are compared by their digests (duplicate-key.ts).
import * as E from 'fp-ts/lib/Either.js'
import {defer, map, type OperatorFunction} from 'rxjs'

import type {CanonicalEvent} from '../runtimes/canonical-event.js'
import type {SkippedLine} from './skipped-line.js'

export interface DuplicateWindowOptions {
  /** How many recent usage-bearing lines a line is compared with. */
  readonly windowLines?: number
  /** The duplicate keys of the usage lines just before the input, oldest first (a worker reading a byte range). */
  readonly precedingKeys?: readonly string[]
}

export const DEFAULT_DUPLICATE_WINDOW = 4096

export function dropDuplicateLines(
  options: DuplicateWindowOptions = {},
): OperatorFunction<E.Either<SkippedLine, CanonicalEvent>, E.Either<SkippedLine, CanonicalEvent>> {
  const size = options.windowLines ?? DEFAULT_DUPLICATE_WINDOW
  return (source) =>
    defer(() => {
      const window = new RecentLines(size)
      for (const key of options.precedingKeys ?? []) window.seen(key)
      return source.pipe(
        map((item) => {
          if (E.isLeft(item) || item.right.usageMask === 0 || size === 0) return item
          const event = item.right
          return window.seen(event.duplicateKey)
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

/** A key in the window and how many of the window's lines have it. */
interface WindowEntry {
  readonly key: string
  count: number
}

/**
 * The last N usage lines, repeats included, so the window at any point depends only on the N
 * lines before it (a reader starting mid-file can rebuild it by looking back N lines).
 */
export class RecentLines {
  /** The window's keys, oldest first from `next`, each with its count (repeats share one). */
  private readonly ring: WindowEntry[] = []
  private next = 0
  private readonly counts = new Map<string, WindowEntry>()

  constructor(private readonly capacity: number) {}

  /** True when `key` is among the last N lines' keys; either way it becomes the newest of them. */
  seen(key: string): boolean {
    if (this.capacity === 0) return false
    let entry = this.counts.get(key)
    const known = entry !== undefined
    if (entry === undefined) {
      entry = {key, count: 0}
      this.counts.set(key, entry)
    }
    entry.count++
    if (this.ring.length === this.capacity) {
      const evicted = this.ring[this.next] as WindowEntry
      if (--evicted.count === 0) this.counts.delete(evicted.key)
      this.ring[this.next] = entry
    } else {
      this.ring.push(entry)
    }
    this.next = (this.next + 1) % this.capacity
    return known
  }
}
