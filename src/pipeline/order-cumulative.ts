// Reorder stage for §5.2 and §10: cumulative counters must be walked chronologically. Only
// cumulative metric events wait here, in a bounded heap that releases the earliest once it
// holds `windowEvents`; everything else passes straight through (its figures do not depend
// on order). Exact for in-order logs and for disorder that stays within the window. A live run
// (--follow) never completes until it stops, so `onHeld` lets it see the waiting events and
// fold them into its snapshots, as the final drain would.
import * as E from 'fp-ts/lib/Either.js'
import {Observable, type OperatorFunction} from 'rxjs'

import type {CanonicalEvent} from '../runtimes/canonical-event.js'
import {chronological} from '../values/instant.js'
import type {SkippedLine} from './skipped-line.js'

export const DEFAULT_REORDER_WINDOW = 10_000

type Item = E.Either<SkippedLine, CanonicalEvent>

/** The events the window holds right now, for live snapshots. */
export interface HeldCumulative {
  /** A copy of the held events, in the order the window would release them. */
  inOrder(): CanonicalEvent[]
}

export function orderCumulative(
  windowEvents = DEFAULT_REORDER_WINDOW,
  onHeld?: (held: HeldCumulative) => void,
): OperatorFunction<Item, Item> {
  return (source) =>
    new Observable<Item>((subscriber) => {
      const heap = new EventHeap()
      onHeld?.({inOrder: () => heap.inOrder()})
      return source.subscribe({
        next(item) {
          if (E.isLeft(item) || !item.right.cumulative || item.right.usageMask === 0) {
            subscriber.next(item)
            return
          }
          heap.push(item.right)
          if (heap.size > windowEvents) subscriber.next(E.right(heap.pop()))
        },
        error: (error: unknown) => subscriber.error(error),
        complete() {
          while (heap.size > 0) subscriber.next(E.right(heap.pop()))
          subscriber.complete()
        },
      })
    })
}

class EventHeap {
  private readonly items: CanonicalEvent[] = []

  get size(): number {
    return this.items.length
  }

  inOrder(): CanonicalEvent[] {
    return [...this.items].sort(chronological)
  }

  push(event: CanonicalEvent): void {
    const items = this.items
    items.push(event)
    let i = items.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (chronological(items[parent] as CanonicalEvent, event) <= 0) break
      items[i] = items[parent] as CanonicalEvent
      i = parent
    }
    items[i] = event
  }

  pop(): CanonicalEvent {
    const items = this.items
    const top = items[0] as CanonicalEvent
    const last = items.pop() as CanonicalEvent
    if (items.length > 0) {
      let i = 0
      for (;;) {
        const left = 2 * i + 1
        if (left >= items.length) break
        const right = left + 1
        const child =
          right < items.length &&
          chronological(items[right] as CanonicalEvent, items[left] as CanonicalEvent) < 0
            ? right
            : left
        if (chronological(items[child] as CanonicalEvent, last) >= 0) break
        items[i] = items[child] as CanonicalEvent
        i = child
      }
      items[i] = last
    }
    return top
  }
}
