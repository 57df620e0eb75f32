// A worker starting after an OTLP line pre-fills its duplicate window with that line's usage
// records under the same keys a single reader uses, so a repeat across the boundary is caught.
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {precedingUsageKeys} from '../../src/pipeline/preceding-usage-lines.js'
import {canonicalEvents, fixture} from '../runtimes/helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'beacon-lookback-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

describe('precedingUsageKeys with OTLP input', () => {
  it('returns each usage record of a preceding OTLP line, oldest first', async () => {
    // The Claude metrics export: four token.usage datapoints and one cost datapoint.
    const otlpLine = readFileSync(fixture('claude-code.otlp.jsonl'), 'utf8').split(
      '\n',
    )[1] as string
    const path = join(dir, 'runtime.jsonl')
    writeFileSync(path, `${otlpLine}\n`)
    const keys = await precedingUsageKeys({
      sources: [{fileIndex: 0, path, kind: 'plain'}],
      sourceIndex: 0,
      offset: Buffer.byteLength(otlpLine) + 1,
      wanted: 100,
    })
    const expected = canonicalEvents(otlpLine)
      .filter((event) => event.usageMask !== 0)
      .map((event) => event.duplicateKey)
    expect(expected).toHaveLength(5)
    expect(keys).toEqual(expected)
  })
})
