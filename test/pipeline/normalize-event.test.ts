// Normalize stage: decoded Beacon events become canonical events (trimmed keys, canonical
// harness names, exact instants, the six usage fields and their mask, the metric channel).
import * as E from 'fp-ts/lib/Either.js'
import {TestScheduler} from 'rxjs/testing'
import {describe, expect, it} from 'vitest'

import {type DecodedLine, decodeLine} from '../../src/pipeline/decode-event.js'
import {normalizeEvent, normalizeEvents} from '../../src/pipeline/normalize-event.js'
import type {SkippedLine} from '../../src/pipeline/skipped-line.js'
import {FIELD_BIT} from '../../src/report/usage.js'
import type {CanonicalEvent} from '../../src/runtimes/canonical-event.js'
import {LOG, logLine} from '../support/events.js'

function decoded(event: unknown, line = 1): DecodedLine {
  const result = decodeLine(logLine(JSON.stringify(event), line))
  if (E.isLeft(result)) throw new Error(`fixture does not decode: ${result.left.kind}`)
  return result.right
}

const normalize = (event: unknown): CanonicalEvent => normalizeEvent(decoded(event))

const apiRequest = {
  timestamp: '2026-06-11T12:00:05.250+02:00',
  event: {action: ' api_request '},
  harness: {name: 'Claude Code'},
  session: {id: '  s1 '},
  model: ' claude-sonnet-4-5 ',
  repository: 'github.com/acme/app ',
  message: 'claude_code.api_request',
  run: {provider: ' github', run_id: '123 '},
  trace: {id: 't1', span_id: ' a', parent_span_id: 'b '},
  gen_ai: {
    usage: {
      input_tokens: 3,
      output_tokens: 412,
      cache_read: {input_tokens: 18234},
      cache_creation: {input_tokens: 2210},
      cost_usd: 0.01873,
    },
  },
}

describe('normalizeEvent', () => {
  it('maps a Claude Code log record to canonical keys, instant and usage', () => {
    const event = normalize(apiRequest)
    expect(event).toMatchObject({
      path: LOG,
      line: 1,
      // 12:00:05.25+02:00 is 10:00:05.25Z; 2026-06-11T10:00:05Z is 1781172005 Unix seconds.
      sec: 1_781_172_005,
      nanos: 250_000_000,
      action: 'api_request',
      harness: 'claude_code',
      session: 's1',
      model: 'claude-sonnet-4-5',
      repository: 'github.com/acme/app',
      message: 'claude_code.api_request',
      runProvider: 'github',
      runId: '123',
      traceId: 't1',
      spanId: 'a',
      parentSpanId: 'b',
      usage: {
        input: 3,
        output: 412,
        cacheRead: 18234,
        cacheCreation: 2210,
        reasoning: 0,
        cost: 0.01873,
      },
      usageMask:
        FIELD_BIT.cost |
        FIELD_BIT.input |
        FIELD_BIT.output |
        FIELD_BIT.cacheRead |
        FIELD_BIT.cacheCreation,
      metricName: '',
      cumulative: false,
    })
  })

  it('canonicalizes harness spellings so one session is not split in two', () => {
    for (const name of ['claude_code', 'claude-code', 'CLAUDE CODE', ' claude ']) {
      expect(normalize({harness: {name}}).harness).toBe('claude_code')
    }
    expect(normalize({harness: {name: 'Codex'}}).harness).toBe('codex_cli')
    expect(normalize({harness: {name: ' my-agent '}}).harness).toBe('my-agent')
  })

  it('marks metric-channel events and their temporality in any case', () => {
    const metric = (temporality: string | undefined) =>
      normalize({
        harness: {name: 'claude_code'},
        gen_ai: {usage: {output_tokens: 9}},
        raw: {metric_name: 'claude_code.token.usage', metric_temporality: temporality},
      })
    expect(metric('Cumulative')).toMatchObject({
      metricName: 'claude_code.token.usage',
      cumulative: true,
    })
    expect(metric(' CUMULATIVE ').cumulative).toBe(true)
    expect(metric('cumulative').cumulative).toBe(true)
    expect(metric('Delta').cumulative).toBe(false)
    expect(metric(undefined).cumulative).toBe(false)
  })

  it('treats a temporality without a metric name as the log channel', () => {
    const event = normalize({
      gen_ai: {usage: {input_tokens: 1}},
      raw: {metric_temporality: 'Cumulative'},
    })
    expect(event).toMatchObject({metricName: '', cumulative: false})
  })

  it('leaves events without gen_ai.usage, or with only zeros, not usage-bearing', () => {
    expect(normalize({event: {action: 'tool_result'}})).toMatchObject({
      usage: undefined,
      usageMask: 0,
    })
    expect(
      normalize({gen_ai: {usage: {input_tokens: 0, output_tokens: 0, cost_usd: 0}}}).usageMask,
    ).toBe(0)
    expect(normalize({gen_ai: {usage: {reasoning: {output_tokens: 4}}}}).usageMask).toBe(
      FIELD_BIT.reasoning,
    )
  })

  it('drops Codex `total` datapoints, which repeat the other token types', () => {
    const codex = (tokenType: string) =>
      normalize({
        harness: {name: 'codex_cli'},
        gen_ai: {usage: {input_tokens: 100}},
        raw: {metric_name: 'codex.turn.token_usage', attributes: {token_type: tokenType}},
      })
    expect(codex('total')).toMatchObject({usage: undefined, usageMask: 0})
    expect(codex(' Total ').usageMask).toBe(0)
    expect(codex('input').usage?.input).toBe(100)
  })

  it('drops OpenTelemetry GenAI `total` datapoints found by metric name', () => {
    const event = normalize({
      gen_ai: {usage: {input_tokens: 100}},
      raw: {metric_name: 'gen_ai.client.token.usage', attributes: {'gen_ai.token.type': 'total'}},
    })
    expect(event.usageMask).toBe(0)
  })

  it('gives events without a parseable timestamp a NaN second', () => {
    expect(normalize({timestamp: 'yesterday'}).sec).toBeNaN()
    expect(normalize({timestamp: '2026-02-30T00:00:00Z'}).sec).toBeNaN()
    expect(normalize({}).sec).toBeNaN()
  })
})

describe('normalizeEvent, identity of events without usage', () => {
  const toolResult = {
    timestamp: '2026-06-11T10:00:05Z',
    event: {action: 'tool_result'},
    harness: {name: 'Claude Code'},
    session: {id: 's1'},
    model: 'claude-sonnet-4-5',
    repository: 'github.com/acme/app',
    raw: {metric_name: ' claude_code.lines_of_code.count '},
  }

  it('identifies them fully by default (filters read them)', () => {
    const event = normalizeEvent(decoded(toolResult))
    expect(event).toMatchObject({
      session: 's1',
      model: 'claude-sonnet-4-5',
      repository: 'github.com/acme/app',
      sec: 1_781_172_005,
      usageMask: 0,
      duplicateKey: '',
    })
  })

  it('keeps only what the report reads of them when no filter needs more', () => {
    const event = normalizeEvent(decoded(toolResult), false)
    expect(event).toMatchObject({
      harness: 'claude_code',
      metricName: 'claude_code.lines_of_code.count',
      usageMask: 0,
      session: '',
      model: '',
      duplicateKey: '',
    })
    expect(Number.isNaN(event.sec)).toBe(true)
  })

  it('still identifies usage-bearing events fully', () => {
    const event = normalizeEvent(
      decoded({...toolResult, gen_ai: {usage: {input_tokens: 3}}}),
      false,
    )
    expect(event).toMatchObject({session: 's1', model: 'claude-sonnet-4-5', sec: 1_781_172_005})
  })
})

describe('normalizeEvent, duplicate keys (§5.3)', () => {
  const line = '{"session":{"id":"s1"},"gen_ai":{"usage":{"input_tokens":5}}}'
  const keyOf = (text: string): string => {
    const result = decodeLine(logLine(text))
    if (E.isLeft(result)) throw new Error('fixture does not decode')
    return normalizeEvent(result.right).duplicateKey
  }

  it('keys a usage line by its bytes, ignoring surrounding JSON white space', () => {
    expect(keyOf(line)).toMatch(/^[A-Za-z0-9+/]{27}=$/)
    expect(keyOf(` \t${line}\r `)).toBe(keyOf(line))
  })

  it('gives lines that differ in any byte different keys, and lines without usage none', () => {
    expect(keyOf(line.replace('"s1"', '"s2"'))).not.toBe(keyOf(line))
    expect(keyOf(line.replace(':5', ': 5'))).not.toBe(keyOf(line))
    expect(keyOf('{"session":{"id":"s1"}}')).toBe('')
  })
})

describe('normalizeEvents', () => {
  type In = E.Either<SkippedLine, DecodedLine>
  const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected))
  const skipped: SkippedLine = {kind: 'malformed', path: LOG, line: 2, order: 2, reason: 'x'}
  const good = decoded(apiRequest)

  it('normalizes rights and passes lefts', () => {
    scheduler().run(({cold, expectObservable}) => {
      const source = cold<In>('a-b|', {a: E.right(good), b: E.left(skipped)})
      expectObservable(source.pipe(normalizeEvents())).toBe('a-b|', {
        a: E.right(normalizeEvent(good)),
        b: E.left(skipped),
      })
    })
  })

  it('passes a source error, completes on empty input, and unsubscribes early', () => {
    scheduler().run(({cold, expectObservable, expectSubscriptions}) => {
      const failing = cold<In>('b#', {b: E.left(skipped)}, new Error('EIO'))
      expectObservable(failing.pipe(normalizeEvents())).toBe(
        'b#',
        {b: E.left(skipped)},
        new Error('EIO'),
      )
      expectObservable(cold<In>('|').pipe(normalizeEvents())).toBe('|')
      const long = cold<In>('b-b-b|', {b: E.left(skipped)})
      expectObservable(long.pipe(normalizeEvents()), '^--!').toBe('b-b', {b: E.left(skipped)})
      expectSubscriptions(long.subscriptions).toBe('^--!')
    })
  })
})
