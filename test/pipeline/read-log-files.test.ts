// Standard input's gzip detection: the first two bytes decide (1f 8b → decompressed), however
// the bytes arrive in chunks; anything else passes through unchanged, even a one-byte input.
import {PassThrough} from 'node:stream'
import {gzipSync} from 'node:zlib'

import {lastValueFrom, toArray} from 'rxjs'
import {describe, expect, it} from 'vitest'

import {readLogSources} from '../../src/pipeline/read-log-files.js'

/** Reads `-` from a stream fed `chunks` one by one; the text of every chunk emitted. */
async function readStdin(chunks: readonly Buffer[]): Promise<string> {
  const stdin = new PassThrough()
  const read = lastValueFrom(
    readLogSources([{fileIndex: 0, path: '-', kind: 'stdin'}], {stdin}).pipe(toArray()),
  )
  for (const chunk of chunks) stdin.write(chunk)
  stdin.end()
  return Buffer.concat((await read).map((chunk) => chunk.bytes)).toString('utf8')
}

describe('reading standard input', () => {
  const text = '{"a":1}\n{"a":2}\n'

  it('plain text passes through unchanged', async () => {
    expect(await readStdin([Buffer.from(text)])).toBe(text)
  })

  it('gzip is decompressed, even with its magic bytes split across two chunks', async () => {
    const gz = gzipSync(text)
    expect(await readStdin([gz.subarray(0, 1), gz.subarray(1, 5), gz.subarray(5)])).toBe(text)
  })

  it('an input of one byte is text', async () => {
    expect(await readStdin([Buffer.from('x')])).toBe('x')
  })

  it('an empty input is empty', async () => {
    expect(await readStdin([])).toBe('')
  })
})
