// Filter stage (§4): every flag is one predicate, all combined with AND. An event that fails a
// filter counts nowhere, not even in total_events. Skipped lines pass through to be counted.
import * as E from 'fp-ts/lib/Either.js'
import {filter, type OperatorFunction} from 'rxjs'

import {type CanonicalEvent, hasTimestamp, runKey} from '../runtimes/canonical-event.js'
import {canonicalHarness} from '../runtimes/index.js'
import {compareInstants, type Instant} from '../values/instant.js'
import type {SkippedLine} from './skipped-line.js'

export interface EventFilter {
  readonly since?: Instant
  readonly until?: Instant
  readonly harness?: string
  readonly model?: string
  readonly repository?: string
  readonly session?: string
  readonly runId?: string
}

export function filterEvents(
  criteria: EventFilter,
): OperatorFunction<E.Either<SkippedLine, CanonicalEvent>, E.Either<SkippedLine, CanonicalEvent>> {
  const keep = eventPredicate(criteria)
  return filter((item) => E.isLeft(item) || keep(item.right))
}

/** Whether any filter reads identity or time, which events without usage then need too. */
export function readsUsageFreeEvents(criteria: EventFilter): boolean {
  return Object.values(criteria).some((value) => value !== undefined)
}

export function eventPredicate(criteria: EventFilter): (event: CanonicalEvent) => boolean {
  const tests: Array<(event: CanonicalEvent) => boolean> = []
  const {since, until} = criteria
  if (since !== undefined || until !== undefined) {
    tests.push((event) => {
      if (!hasTimestamp(event)) return false
      const at = {sec: event.sec, nanos: event.nanos}
      return (
        (since === undefined || compareInstants(since, at) <= 0) &&
        (until === undefined || compareInstants(at, until) <= 0)
      )
    })
  }
  if (criteria.harness !== undefined) {
    const harness = canonicalHarness(criteria.harness).toLowerCase()
    tests.push((event) => event.harness.toLowerCase() === harness)
  }
  if (criteria.model !== undefined) {
    const model = criteria.model.toLowerCase()
    tests.push((event) => event.model.toLowerCase().includes(model))
  }
  if (criteria.repository !== undefined) {
    const repository = criteria.repository.toLowerCase()
    tests.push((event) => event.repository.toLowerCase().includes(repository))
  }
  if (criteria.session !== undefined) {
    const session = criteria.session.trim().toLowerCase()
    tests.push((event) => event.session.toLowerCase() === session)
  }
  if (criteria.runId !== undefined) {
    const runId = criteria.runId.trim()
    tests.push((event) => event.runId === runId || runKey(event) === runId)
  }
  return (event) => {
    for (const test of tests) if (!test(event)) return false
    return true
  }
}
