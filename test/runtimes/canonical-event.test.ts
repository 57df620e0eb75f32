// Helpers of the canonical event: the run key of §7 and the "has a timestamp" test.
import {describe, expect, it} from 'vitest'

import {hasTimestamp, runKey} from '../../src/runtimes/canonical-event.js'

describe('runKey', () => {
  it('is provider/run_id, or whichever of the two is present', () => {
    expect(runKey({runProvider: 'github', runId: '123'})).toBe('github/123')
    expect(runKey({runProvider: 'github', runId: ''})).toBe('github')
    expect(runKey({runProvider: '', runId: '123'})).toBe('123')
    expect(runKey({runProvider: '', runId: ''})).toBe('')
  })
})

describe('hasTimestamp', () => {
  it('is false only for the NaN second of an unparseable timestamp', () => {
    expect(hasTimestamp({sec: Number.NaN})).toBe(false)
    expect(hasTimestamp({sec: 0})).toBe(true)
    expect(hasTimestamp({sec: -1})).toBe(true)
  })
})
