// Codex CLI and generic OpenTelemetry GenAI datapoints: the `total` token type repeats the
// other types' sum and is never counted.
import {describe, expect, it} from 'vitest'

import type {BeaconEvent} from '../../src/pipeline/beacon-event.js'
import {codexCli} from '../../src/runtimes/codex-cli.js'
import {otelGenAi} from '../../src/runtimes/otel-genai.js'

const withAttributes = (attributes: unknown): BeaconEvent => ({
  raw: {metric_name: 'codex.turn.token_usage', attributes},
})

describe('codexCli.ignoresDatapoint', () => {
  it('ignores token_type total in any case, nested or dotted attribute name', () => {
    expect(codexCli.ignoresDatapoint?.(withAttributes({token_type: 'total'}))).toBe(true)
    expect(codexCli.ignoresDatapoint?.(withAttributes({token_type: ' TOTAL '}))).toBe(true)
    expect(codexCli.ignoresDatapoint?.(withAttributes({'gen_ai.token.type': 'total'}))).toBe(true)
  })

  it('keeps the other token types and events without attributes', () => {
    for (const type of ['input', 'output', 'cached_input', 'reasoning'])
      expect(codexCli.ignoresDatapoint?.(withAttributes({token_type: type}))).toBe(false)
    expect(codexCli.ignoresDatapoint?.(withAttributes(undefined))).toBe(false)
    expect(codexCli.ignoresDatapoint?.(withAttributes(['total']))).toBe(false)
    expect(codexCli.ignoresDatapoint?.(withAttributes({token_type: 5}))).toBe(false)
  })
})

describe('otelGenAi.ignoresDatapoint', () => {
  it('ignores gen_ai.token.type total only', () => {
    expect(otelGenAi.ignoresDatapoint?.(withAttributes({'gen_ai.token.type': 'Total'}))).toBe(true)
    expect(otelGenAi.ignoresDatapoint?.(withAttributes({'gen_ai.token.type': 'input'}))).toBe(false)
  })
})
