// Coverage counts live in the mergeable report state: any split of the input, merged in order,
// gives the same per-harness counts (and warnings) as one pass.
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {coverageRows, coverageWarnings} from '../../src/report/coverage.js'
import {addEvent, emptyState, mergeStates} from '../../src/report/report-state.js'
import type {CanonicalEvent} from '../../src/runtimes/canonical-event.js'
import {fixtureEvents} from '../runtimes/helpers.js'

const EVENTS: CanonicalEvent[] = [
  ...fixtureEvents('coverage.jsonl'),
  ...fixtureEvents('claude-code.otlp.jsonl'),
  ...fixtureEvents('codex-cli.otlp.jsonl'),
  ...fixtureEvents('gemini-cli.raw.jsonl'),
]

function stateOf(events: readonly CanonicalEvent[]) {
  const state = emptyState({collectSteps: false})
  for (const event of events) addEvent(state, event)
  return state
}

describe('coverage counts', () => {
  it('lists each harness with its events and the likely cause of missing usage', () => {
    const rows = coverageRows(stateOf(EVENTS).coverage)
    // coverage.jsonl: 5 Codex log records without usage, 1 Claude api_request; then the
    // Claude (8 events, 7 with usage), Codex (11, 8) and Gemini (8, 8) fixtures.
    expect(rows.map((row) => [row.harness, row.events, row.usageEvents])).toEqual([
      ['claude_code', 9, 8],
      ['codex_cli', 16, 8],
      ['gemini_cli', 8, 8],
    ])
    expect(coverageWarnings(rows)).toEqual([])
    expect(coverageWarnings(coverageRows(stateOf(EVENTS.slice(0, 5)).coverage))).toEqual([
      'codex_cli: 5 events, no token usage — is its metrics exporter enabled ([otel] metrics_exporter)?',
    ])
  })

  it('merges associatively: any split gives the same counts', () => {
    const whole = coverageRows(stateOf(EVENTS).coverage)
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({min: 1, max: EVENTS.length - 1}), {maxLength: 6}),
        (cuts) => {
          const bounds = [0, ...cuts.sort((a, b) => a - b), EVENTS.length]
          const parts = bounds.slice(1).map((end, i) => stateOf(EVENTS.slice(bounds[i], end)))
          const merged = parts.reduce((into, from) => mergeStates(into, from))
          expect(coverageRows(merged.coverage)).toEqual(whole)
        },
      ),
      {numRuns: 50},
    )
  })
})
