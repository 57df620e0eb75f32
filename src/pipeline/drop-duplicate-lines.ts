// Exact-duplicate stage (§5.3): a usage-bearing line byte-identical (after trimming) to one of
// the previous `windowLines` usage-bearing lines is a collector retry or an overlapping copy:
// it becomes a DuplicateLine and counts nowhere. Distinct lines with equal numbers are kept.
import * as E from 'fp-ts/lib/Either.js'
import {defer, map, type OperatorFunction} from 'rxjs'

import type {CanonicalEvent} from '../runtimes/canonical-event.js'
import type {SkippedLine} from './skipped-line.js'

export interface DuplicateWindowOptions {
  /** How many recent usage-bearing lines a line is compared with. */
  readonly windowLines?: number
}

export const DEFAULT_DUPLICATE_WINDOW = 4096

export function dropDuplicateLines(
  options: DuplicateWindowOptions = {},
): OperatorFunction<E.Either<SkippedLine, CanonicalEvent>, E.Either<SkippedLine, CanonicalEvent>> {
  const size = options.windowLines ?? DEFAULT_DUPLICATE_WINDOW
  return (source) =>
    defer(() => {
      const window = new RecentLines(size)
      return source.pipe(
        map((item) => {
          if (E.isLeft(item) || item.right.usageMask === 0 || size === 0) return item
          const event = item.right
          return window.seen(event.text.trim())
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

/** The last N remembered lines, with O(1) membership (a line seen again is not re-added). */
class RecentLines {
  private readonly ring: string[] = []
  private next = 0
  private readonly members = new Set<string>()

  constructor(private readonly capacity: number) {}

  /** True when `text` is among the recent lines; otherwise remembers it. */
  seen(text: string): boolean {
    if (this.members.has(text)) return true
    if (this.ring.length === this.capacity) {
      this.members.delete(this.ring[this.next] as string)
      this.ring[this.next] = text
    } else {
      this.ring.push(text)
    }
    this.next = (this.next + 1) % this.capacity
    this.members.add(text)
    return false
  }
}
