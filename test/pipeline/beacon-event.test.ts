// Codec tests (§3): what decodes, what is malformed. Lines go through decodeLine, the same
// path a log line takes (JSON.parse, dotted keys nested, io-ts codec, integer-literal check).
import * as E from 'fp-ts/lib/Either.js'
import {describe, expect, it} from 'vitest'

import type {BeaconEvent} from '../../src/pipeline/beacon-event.js'
import {type DecodedLine, decodeLine} from '../../src/pipeline/decode-event.js'
import type {SkippedLine} from '../../src/pipeline/skipped-line.js'
import {logLine} from '../support/events.js'

const decode = (text: string) => decodeLine(logLine(text, 7))

function decoded(text: string): BeaconEvent {
  const result = decode(text)
  if (E.isLeft(result)) throw new Error(`expected a decoded event, got ${result.left.kind}`)
  return result.right.event
}

function expectMalformed(result: E.Either<SkippedLine, DecodedLine>): void {
  expect(result).toEqual(E.left(expect.objectContaining({kind: 'malformed', line: 7})))
}

const FULL = {
  timestamp: '2026-06-11T10:00:05Z',
  event: {action: 'api_request'},
  harness: {name: 'claude_code'},
  session: {id: 's1'},
  model: 'claude-sonnet-4-5',
  repository: 'github.com/acme/app',
  message: 'claude_code.api_request',
  run: {provider: 'github', run_id: '123'},
  trace: {id: 't', span_id: 'a', parent_span_id: 'b'},
  gen_ai: {
    usage: {
      input_tokens: 1,
      output_tokens: 2,
      cache_read: {input_tokens: 3},
      cache_creation: {input_tokens: 4},
      reasoning: {output_tokens: 5},
      cost_usd: 0.01,
    },
  },
  raw: {
    metric_name: 'claude_code.token.usage',
    metric_temporality: 'Delta',
    attributes: {type: 'input'},
  },
}

/** FULL with the field at `path` replaced by `value`. */
function withField(path: string, value: unknown): string {
  const copy = structuredClone(FULL) as Record<string, unknown>
  const keys = path.split('.')
  let at = copy
  for (const key of keys.slice(0, -1)) at = at[key] as Record<string, unknown>
  at[keys[keys.length - 1] as string] = value
  return JSON.stringify(copy)
}

describe('decoding a valid event', () => {
  it('keeps every field the report reads from a nested event', () => {
    const result = decode(JSON.stringify(FULL))
    expect(result).toEqual(E.right({at: logLine(JSON.stringify(FULL), 7), event: FULL}))
  })

  it('nests dotted top-level keys, at any depth of the codec', () => {
    const event = decoded(
      JSON.stringify({
        'session.id': 's1',
        'harness.name': 'codex_cli',
        'event.action': 'turn',
        'run.run_id': '42',
        'trace.span_id': 'sp',
        'gen_ai.usage.input_tokens': 10,
        'gen_ai.usage.cache_read.input_tokens': 3,
        gen_ai: {'usage.output_tokens': 2, usage: {'reasoning.output_tokens': 1}},
        'raw.metric_name': 'codex.turn.token_usage',
      }),
    )
    expect(event).toEqual({
      session: {id: 's1'},
      harness: {name: 'codex_cli'},
      event: {action: 'turn'},
      run: {run_id: '42'},
      trace: {span_id: 'sp'},
      gen_ai: {
        usage: {
          input_tokens: 10,
          output_tokens: 2,
          cache_read: {input_tokens: 3},
          reasoning: {output_tokens: 1},
        },
      },
      raw: {metric_name: 'codex.turn.token_usage'},
    })
  })

  it('lets the nested spelling win when both spellings are present', () => {
    const event = decoded('{"session":{"id":"nested"},"session.id":"dotted"}')
    expect(event.session?.id).toBe('nested')
  })

  it('treats null as absent on every declared field', () => {
    const text = JSON.stringify({
      timestamp: null,
      event: null,
      harness: {name: null},
      session: null,
      model: null,
      repository: null,
      message: null,
      run: {provider: null, run_id: null},
      trace: {id: null, span_id: null, parent_span_id: null},
      gen_ai: {
        usage: {
          input_tokens: null,
          output_tokens: 7,
          cache_read: null,
          cache_creation: {input_tokens: null},
          reasoning: null,
          cost_usd: null,
        },
      },
      raw: {metric_name: null, metric_temporality: null},
    })
    expect(E.isRight(decode(text))).toBe(true)
    expect(E.isRight(decode('{"gen_ai":null}'))).toBe(true)
    expect(E.isRight(decode('{"gen_ai":{"usage":null}}'))).toBe(true)
  })

  it('ignores unknown fields of any shape, and accepts an empty object', () => {
    expect(E.isRight(decode('{"host":{"name":"ci-1"},"tags":[1,2.5,"x"],"level":3.5}'))).toBe(true)
    expect(E.isRight(decode('{}'))).toBe(true)
  })

  it('accepts integers up to 2^53 - 1 and zero as token counts', () => {
    const event = decoded(
      '{"gen_ai":{"usage":{"input_tokens":9007199254740991,"output_tokens":0}}}',
    )
    expect(event.gen_ai?.usage?.input_tokens).toBe(2 ** 53 - 1)
  })

  it('accepts cost as any finite number, fractions and exponents included', () => {
    expect(decoded('{"gen_ai":{"usage":{"cost_usd":1.5e-3}}}').gen_ai?.usage?.cost_usd).toBe(0.0015)
    expect(decoded('{"gen_ai":{"usage":{"cost_usd":2}}}').gen_ai?.usage?.cost_usd).toBe(2)
  })
})

describe('malformed lines (§3)', () => {
  it.each([
    ['not JSON', '{"model": "x"'],
    ['a JSON array', '[{"model":"x"}]'],
    ['a JSON string', '"model"'],
    ['a JSON number', '42'],
    ['JSON null', 'null'],
    ['JSON with trailing garbage', '{"model":"x"} trailing'],
  ])('rejects %s', (_what, text) => {
    expectMalformed(decode(text))
  })

  const TOKEN_PATHS = [
    'gen_ai.usage.input_tokens',
    'gen_ai.usage.output_tokens',
    'gen_ai.usage.cache_read.input_tokens',
    'gen_ai.usage.cache_creation.input_tokens',
    'gen_ai.usage.reasoning.output_tokens',
  ]

  it.each(TOKEN_PATHS)('rejects a string, a fraction or a boolean at %s', (path) => {
    expectMalformed(decode(withField(path, '5')))
    expectMalformed(decode(withField(path, 2.5)))
    expectMalformed(decode(withField(path, true)))
    expectMalformed(decode(withField(path, {value: 5})))
  })

  it.each(TOKEN_PATHS)(
    'rejects %s written as 1.0, 1e3, 1E3 or 1e+3 (integers only in value)',
    (path) => {
      const leaf = path.split('.').at(-1) as string
      for (const literal of ['1.0', '1e3', '1E3', '1e+3', '10.00', '-0.0']) {
        // Substitute the literal into the JSON text: JSON.stringify would print 1000 or 1.
        const text = withField(path, 424242).replace('424242', literal)
        expect(text).toContain(`"${leaf}":${literal}`)
        expectMalformed(decode(text))
      }
    },
  )

  it('rejects fraction literals written with spaces or through dotted keys', () => {
    expectMalformed(decode('{"gen_ai":{"usage":{"input_tokens" :  1.0 }}}'))
    expectMalformed(decode('{"gen_ai.usage.input_tokens":1e3}'))
    expectMalformed(decode('{"gen_ai":{"usage.cache_read.input_tokens":2.0}}'))
  })

  it('reports the path and the reason of a wrong-typed field', () => {
    expect(decode(withField('gen_ai.usage.input_tokens', '5'))).toEqual(
      E.left(
        expect.objectContaining({
          reason: expect.stringContaining('gen_ai.usage.input_tokens'),
        }),
      ),
    )
  })

  it.each([
    'timestamp',
    'event.action',
    'harness.name',
    'session.id',
    'model',
    'repository',
    'message',
    'run.provider',
    'run.run_id',
    'trace.id',
    'trace.span_id',
    'trace.parent_span_id',
    'raw.metric_name',
    'raw.metric_temporality',
  ])('rejects a non-string %s (number, boolean, object)', (path) => {
    expectMalformed(decode(withField(path, 123)))
    expectMalformed(decode(withField(path, false)))
    expectMalformed(decode(withField(path, {id: 'x'})))
  })

  it.each([
    ['gen_ai', 'usage'],
    ['gen_ai', ['usage']],
    ['gen_ai', 3],
    ['gen_ai.usage', 'lots'],
    ['gen_ai.usage', [1, 2]],
    ['gen_ai.usage.cache_read', 5],
    ['gen_ai.usage.cache_creation', '5'],
    ['gen_ai.usage.reasoning', 5],
    ['session', 's1'],
    ['harness', 'claude_code'],
    ['event', 'api_request'],
    ['run', '123'],
    ['trace', 'abc'],
    ['raw', 'text'],
  ])('rejects a non-object %s (%j)', (path, value) => {
    expectMalformed(decode(withField(path, value)))
  })

  it('rejects a non-numeric cost', () => {
    expectMalformed(decode(withField('gen_ai.usage.cost_usd', '0.01')))
    expectMalformed(decode(withField('gen_ai.usage.cost_usd', true)))
  })
})

describe('_tokens literals outside the token counts', () => {
  it.each([
    [
      'raw.attributes',
      '{"gen_ai":{"usage":{"input_tokens":5}},"raw":{"attributes":{"input_tokens":1.5,"output_tokens":1e3}}}',
    ],
    [
      'dotted raw attributes',
      '{"gen_ai":{"usage":{"input_tokens":5}},"raw":{"attributes":{"gen_ai.usage.input_tokens":2.0}}}',
    ],
    [
      'the message string',
      '{"gen_ai":{"usage":{"input_tokens":5}},"message":"retry with \\"input_tokens\\": 1.5 and \\"output_tokens\\":1e3"}',
    ],
    [
      'an unknown top-level object',
      '{"gen_ai":{"usage":{"input_tokens":5}},"stats":{"input_tokens":0.5}}',
    ],
    [
      'an array under usage-like keys',
      '{"gen_ai":{"usage":{"input_tokens":5}},"samples":[{"input_tokens":1.0}]}',
    ],
    [
      'an unknown field of gen_ai',
      '{"gen_ai":{"usage":{"input_tokens":5},"budget":{"max_tokens":1e6}}}',
    ],
    [
      'a number key in a string value',
      '{"model":"x\\"_tokens\\":1.5","gen_ai":{"usage":{"output_tokens":3}}}',
    ],
  ])('do not make a line malformed (%s)', (_where, text) => {
    expect(E.isRight(decode(text))).toBe(true)
  })

  // A key spelled with a JSON escape (`input\u005ftokens` is `input_tokens`) must not skip the
  // literal check: `1.0` there is a fraction-form token count, malformed (§3).
  it('rejects a fraction literal whose key is spelled with a JSON escape', () => {
    expectMalformed(decode('{"gen_ai":{"usage":{"input\\u005ftokens":1.0}}}'))
  })
})
