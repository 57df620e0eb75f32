// For a worker that starts reading mid-input: the usage-bearing lines just before its start,
// oldest first, so its exact-duplicate window (§5.3) begins as a single reader's would. Reads
// backwards in blocks through the plain files before it; stops at a gzip file or stdin (they
// cannot be read backwards) or after `maxBytes`.
import {open} from 'node:fs/promises'

import * as E from 'fp-ts/lib/Either.js'

import {decodeLine} from './decode-event.js'
import {normalizeEvent} from './normalize-event.js'
import type {LogSource} from './read-log-files.js'

const BLOCK_BYTES = 1 << 20

export interface LookBack {
  readonly sources: readonly LogSource[]
  /** The source the reader starts in, and where. */
  readonly sourceIndex: number
  readonly offset: number
  readonly wanted: number
  readonly maxBytes?: number
}

export async function precedingUsageLines(lookBack: LookBack): Promise<string[]> {
  const found: string[] = [] // newest first
  let budget = lookBack.maxBytes ?? 256 * 1024 * 1024
  for (
    let index = lookBack.sourceIndex;
    index >= 0 && found.length < lookBack.wanted && budget > 0;
    index--
  ) {
    const source = lookBack.sources[index] as LogSource
    if (source.kind !== 'plain') break
    const handle = await open(source.path, 'r')
    try {
      const end = index === lookBack.sourceIndex ? lookBack.offset : (await handle.stat()).size
      let position = end
      let tail = Buffer.alloc(0) // bytes after the last newline seen so far (a line's start is earlier)
      let firstBlock = true
      while (position > 0 && found.length < lookBack.wanted && budget > 0) {
        const start = Math.max(0, position - BLOCK_BYTES)
        const block = Buffer.alloc(position - start)
        await handle.read(block, 0, block.length, start)
        budget -= block.length
        const bytes = Buffer.concat([block, tail])
        // The newline ending the last line (a range starts right after one; a file's last line may lack it).
        let lineEnd = bytes.length
        if (firstBlock && bytes[lineEnd - 1] === 0x0a) lineEnd--
        firstBlock = false
        let newline = bytes.lastIndexOf(0x0a, lineEnd - 1)
        while (newline !== -1 && found.length < lookBack.wanted) {
          collect(source, bytes, newline + 1, lineEnd, found)
          lineEnd = newline
          newline = lineEnd === 0 ? -1 : bytes.lastIndexOf(0x0a, lineEnd - 1)
        }
        tail = bytes.subarray(0, lineEnd)
        position = start
        if (position === 0 && found.length < lookBack.wanted)
          collect(source, tail, 0, tail.length, found)
      }
    } finally {
      await handle.close()
    }
  }
  return found.reverse()
}

function collect(
  source: LogSource,
  bytes: Buffer,
  start: number,
  end: number,
  found: string[],
): void {
  if (end > start && bytes[end - 1] === 0x0d) end--
  if (end <= start) return
  const decoded = decodeLine({path: source.path, line: 0, order: 0, bytes, start, end})
  if (E.isLeft(decoded)) return
  const event = normalizeEvent(decoded.right)
  if (event.usageMask !== 0) found.push(event.text)
}
