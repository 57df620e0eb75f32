// USAGE_MARKERS lets a reader skip decoding lines that cannot carry usage (the duplicate-window
// look-back of a worker range). That is only sound while every usage-bearing line holds one of
// the words: checked here on every runtime fixture, canonical, raw-only and OTLP, and the e2e
// fixtures and the example log.
import {readFileSync, readdirSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {USAGE_MARKERS} from '../../src/runtimes/index.js'
import {FIXTURES, canonicalEvents} from './helpers.js'

const E2E = join(process.cwd(), 'test', 'fixtures', 'e2e')
const logs = [
  ...readdirSync(FIXTURES)
    .filter((name) => name.endsWith('.jsonl'))
    .map((name) => join(FIXTURES, name)),
  ...readdirSync(E2E)
    .filter((name) => name.endsWith('.jsonl'))
    .map((name) => join(E2E, name)),
  join(process.cwd(), 'examples', 'runtime.jsonl'),
]

/** The usage-bearing events of a line; none for a line that does not decode. */
function usageEventsOf(line: string): number {
  try {
    return canonicalEvents(line).filter((event) => event.usageMask !== 0).length
  } catch {
    return 0
  }
}

describe('USAGE_MARKERS', () => {
  it.each(logs)('appear in every usage-bearing line of %s', (path) => {
    const lines = readFileSync(path, 'utf8').split('\n')
    const usageLines = lines.filter((line) => usageEventsOf(line) > 0)
    for (const line of usageLines)
      expect(USAGE_MARKERS.some((marker) => line.includes(marker))).toBe(true)
  })

  it('are seen on usage from every runtime', () => {
    // The fixtures above do carry usage: the check is not vacuous.
    const withUsage = logs.filter((path) =>
      readFileSync(path, 'utf8')
        .split('\n')
        .some((line) => usageEventsOf(line) > 0),
    )
    expect(withUsage.length).toBeGreaterThanOrEqual(20)
  })
})
