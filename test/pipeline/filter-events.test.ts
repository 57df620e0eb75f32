// Filter stage (§4): each flag's matching rule, AND-combination, and that skipped lines pass
// to be counted while filtered-out events vanish.
import * as E from 'fp-ts/lib/Either.js'
import {TestScheduler} from 'rxjs/testing'
import {describe, expect, it} from 'vitest'

import {type EventFilter, eventPredicate, filterEvents} from '../../src/pipeline/filter-events.js'
import type {SkippedLine} from '../../src/pipeline/skipped-line.js'
import type {CanonicalEvent} from '../../src/runtimes/canonical-event.js'
import {type Instant, parseInstant} from '../../src/values/instant.js'
import {LOG, type EventSpec, canonical} from '../support/events.js'

const instant = (text: string): Instant => parseInstant(text) as Instant
const keeps = (criteria: EventFilter, spec: EventSpec) => eventPredicate(criteria)(canonical(spec))

describe('eventPredicate', () => {
  it('keeps everything without criteria', () => {
    expect(keeps({}, {})).toBe(true)
  })

  it('compares --since/--until inclusively as instants, honouring offsets', () => {
    const window = {since: instant('2026-06-11T10:00:00Z'), until: instant('2026-06-11T11:00:00Z')}
    expect(keeps(window, {at: '2026-06-11T10:00:00Z'})).toBe(true)
    expect(keeps(window, {at: '2026-06-11T11:00:00Z'})).toBe(true)
    expect(keeps(window, {at: '2026-06-11T11:00:00.000000001Z'})).toBe(false)
    expect(keeps(window, {at: '2026-06-11T09:59:59.999999999Z'})).toBe(false)
    // 12:30+02:00 is 10:30Z (inside); 10:30-02:00 is 12:30Z (outside).
    expect(keeps(window, {at: '2026-06-11T12:30:00+02:00'})).toBe(true)
    expect(keeps(window, {at: '2026-06-11T10:30:00-02:00'})).toBe(false)
  })

  it('drops events without a timestamp once --since or --until is given', () => {
    expect(keeps({since: instant('2000-01-01T00:00:00Z')}, {})).toBe(false)
    expect(keeps({until: instant('2100-01-01T00:00:00Z')}, {})).toBe(false)
    expect(keeps({harness: 'x'}, {harness: 'x'})).toBe(true)
  })

  it('matches --harness exactly, case-insensitively, through known spellings', () => {
    expect(keeps({harness: 'CLAUDE_CODE'}, {harness: 'claude_code'})).toBe(true)
    expect(keeps({harness: 'claude-code'}, {harness: 'claude_code'})).toBe(true)
    expect(keeps({harness: 'claude'}, {harness: 'claude_code_extra'})).toBe(false)
    expect(keeps({harness: 'My-Agent'}, {harness: 'my-agent'})).toBe(true)
  })

  it('matches --model and --repository as case-insensitive substrings', () => {
    expect(keeps({model: 'SONNET'}, {model: 'claude-sonnet-4-5'})).toBe(true)
    expect(keeps({model: 'opus'}, {model: 'claude-sonnet-4-5'})).toBe(false)
    expect(keeps({repository: 'Acme/'}, {repository: 'github.com/acme/app'})).toBe(true)
    expect(keeps({repository: 'globex'}, {repository: 'github.com/acme/app'})).toBe(false)
  })

  it('matches --session exactly and case-insensitively', () => {
    expect(keeps({session: 'ABC'}, {session: 'abc'})).toBe(true)
    expect(keeps({session: 'ab'}, {session: 'abc'})).toBe(false)
  })

  it('matches --run-id on the bare run id or the provider/run_id key', () => {
    const ci = {runProvider: 'github', runId: '123'}
    expect(keeps({runId: '123'}, ci)).toBe(true)
    expect(keeps({runId: 'github/123'}, ci)).toBe(true)
    expect(keeps({runId: 'gitlab/123'}, ci)).toBe(false)
    expect(keeps({runId: '12'}, ci)).toBe(false)
    expect(keeps({runId: 'buildkite'}, {runProvider: 'buildkite'})).toBe(true)
  })

  it('combines all criteria with AND', () => {
    const criteria = {harness: 'codex_cli', model: 'gpt-5', session: 's1'}
    expect(keeps(criteria, {harness: 'codex_cli', model: 'gpt-5-codex', session: 'S1'})).toBe(true)
    expect(keeps(criteria, {harness: 'codex_cli', model: 'gpt-5-codex', session: 's2'})).toBe(false)
    expect(keeps(criteria, {harness: 'claude_code', model: 'gpt-5', session: 's1'})).toBe(false)
  })
})

describe('filterEvents', () => {
  type Item = E.Either<SkippedLine, CanonicalEvent>
  const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected))
  const kept = E.right<SkippedLine, CanonicalEvent>(canonical({model: 'gpt-5', order: 1}))
  const dropped = E.right<SkippedLine, CanonicalEvent>(canonical({model: 'claude', order: 2}))
  const skipped = E.left<SkippedLine, CanonicalEvent>({
    kind: 'malformed',
    path: LOG,
    line: 3,
    order: 3,
    reason: 'not valid JSON',
  })

  it('removes events that fail and passes skipped lines', () => {
    scheduler().run(({cold, expectObservable}) => {
      const source = cold<Item>('a-b-c|', {a: kept, b: dropped, c: skipped})
      expectObservable(source.pipe(filterEvents({model: 'GPT'}))).toBe('a---c|', {
        a: kept,
        c: skipped,
      })
    })
  })

  it('passes a source error, completes on empty input, and unsubscribes early', () => {
    scheduler().run(({cold, expectObservable, expectSubscriptions}) => {
      const failing = cold<Item>('a-b-#', {a: kept, b: dropped}, new Error('EIO'))
      expectObservable(failing.pipe(filterEvents({model: 'gpt'}))).toBe(
        'a---#',
        {a: kept},
        new Error('EIO'),
      )
      expectObservable(cold<Item>('|').pipe(filterEvents({}))).toBe('|')
      const long = cold<Item>('a-a-a|', {a: kept})
      expectObservable(long.pipe(filterEvents({})), '^-!').toBe('a-', {a: kept})
      expectSubscriptions(long.subscriptions).toBe('^-!')
    })
  })
})
