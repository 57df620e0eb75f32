// For a worker that starts reading mid-input: the duplicate keys of the usage-bearing lines just
// before its start, oldest first, so its exact-duplicate window (§5.3) begins as a single reader's would. Reads
// backwards in blocks through the plain files before it, and a gzip file whole (it cannot be
// read backwards); stops at stdin or after `maxBytes`. A line longer than the split stage's
// limit is malformed there, so it is skipped here without being assembled.
import {open} from 'node:fs/promises'

import * as E from 'fp-ts/lib/Either.js'
import {lastValueFrom, tap} from 'rxjs'

import {decodeLine} from './decode-event.js'
import {expandOtlpLine, isOtlpLine} from './expand-otlp.js'
import {USAGE_MARKERS} from '../runtimes/index.js'
import {normalizeEvent} from './normalize-event.js'
import {type LogSource, readLogSources} from './read-log-files.js'
import {DEFAULT_MAX_LINE_BYTES, splitLines} from './split-lines.js'

const BLOCK_BYTES = 1 << 20

export interface LookBack {
  readonly sources: readonly LogSource[]
  /** The source the reader starts in, and where. */
  readonly sourceIndex: number
  readonly offset: number
  readonly wanted: number
  readonly maxBytes?: number
  readonly maxLineBytes?: number
}

export async function precedingUsageKeys(lookBack: LookBack): Promise<string[]> {
  const found: string[] = [] // newest first
  const maxLineBytes = lookBack.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES
  let budget = lookBack.maxBytes ?? 256 * 1024 * 1024
  for (
    let index = lookBack.sourceIndex;
    index >= 0 && found.length < lookBack.wanted && budget > 0;
    index--
  ) {
    const source = lookBack.sources[index] as LogSource
    // A gzip file is always read whole by one reader: only the files before it precede it.
    if (index === lookBack.sourceIndex && source.kind === 'gzip') continue
    if (source.kind === 'stdin') break
    if (source.kind === 'gzip') {
      const keys = await lastUsageKeys(source, lookBack.wanted - found.length, maxLineBytes)
      found.push(...keys.reverse())
      continue
    }
    budget -= await readBackwards(
      source,
      index === lookBack.sourceIndex ? lookBack.offset : undefined,
      {
        wanted: lookBack.wanted,
        budget,
        maxLineBytes,
        found,
      },
    )
  }
  return found.reverse()
}

interface Collecting {
  readonly wanted: number
  readonly budget: number
  readonly maxLineBytes: number
  readonly found: string[]
}

/** Collects usage lines' keys from `end` (default: the file's end) backwards; returns the bytes read. */
async function readBackwards(
  source: LogSource,
  end: number | undefined,
  into: Collecting,
): Promise<number> {
  const {found, wanted, maxLineBytes} = into
  const handle = await open(source.path, 'r')
  let read = 0
  try {
    let position = end ?? (await handle.stat()).size
    let tail = Buffer.alloc(0) // bytes after the last newline seen so far (a line's start is earlier)
    let giant = false // inside a line longer than the limit: skip to its start
    let firstBlock = true
    while (position > 0 && found.length < wanted && read < into.budget) {
      const start = Math.max(0, position - BLOCK_BYTES)
      const block = Buffer.alloc(position - start)
      await handle.read(block, 0, block.length, start)
      read += block.length
      position = start
      let bytes = giant ? block : Buffer.concat([block, tail])
      // The newline ending the last line (a range starts right after one; a file's last line may lack it).
      let lineEnd = bytes.length
      if (firstBlock && bytes[lineEnd - 1] === 0x0a) lineEnd--
      firstBlock = false
      if (giant) {
        lineEnd = bytes.lastIndexOf(0x0a)
        if (lineEnd === -1) continue // the long line goes on
        giant = false
        bytes = bytes.subarray(0, lineEnd + 1)
      }
      let newline = lineEnd === 0 ? -1 : bytes.lastIndexOf(0x0a, lineEnd - 1)
      while (newline !== -1 && found.length < wanted) {
        if (lineEnd - newline - 1 <= maxLineBytes)
          found.push(...usageKeys(source, bytes, newline + 1, lineEnd).reverse())
        lineEnd = newline
        newline = lineEnd === 0 ? -1 : bytes.lastIndexOf(0x0a, lineEnd - 1)
      }
      tail = bytes.subarray(0, lineEnd)
      if (tail.length > maxLineBytes) {
        giant = true
        tail = Buffer.alloc(0)
      }
      if (position === 0 && !giant && found.length < wanted)
        found.push(...usageKeys(source, tail, 0, tail.length).reverse())
    }
  } finally {
    await handle.close()
  }
  return read
}

/** The last `wanted` usage lines of a whole file read forwards (a gzip file), oldest first. */
async function lastUsageKeys(
  source: LogSource,
  wanted: number,
  maxLineBytes: number,
): Promise<string[]> {
  const kept: string[] = []
  await lastValueFrom(
    readLogSources([source]).pipe(
      splitLines({maxLineBytes}),
      tap((line) => {
        if (E.isLeft(line)) return
        kept.push(...usageKeys(source, line.right.bytes, line.right.start, line.right.end))
        if (kept.length > 2 * wanted) kept.splice(0, kept.length - wanted)
      }),
    ),
    {defaultValue: undefined},
  )
  return kept.slice(-wanted)
}

/** The duplicate keys of one line's usage-bearing events, in order. */
function usageKeys(source: LogSource, bytes: Buffer, start: number, end: number): string[] {
  if (end > start && bytes[end - 1] === 0x0d) end--
  if (end <= start || !mayCarryUsage(bytes, start, end)) return []
  const decoded = decodeLine({path: source.path, line: 0, order: 0, bytes, start, end})
  if (E.isLeft(decoded)) return []
  // Only usage and duplicate keys matter here: events are not identified further.
  if (!isOtlpLine(decoded.right.event)) {
    const event = normalizeEvent(decoded.right, false)
    return event.usageMask !== 0 ? [event.duplicateKey] : []
  }
  // An OTLP line's usage records, each under its own duplicate key.
  const keys: string[] = []
  expandOtlpLine(decoded.right, (item) => {
    if (E.isRight(item)) {
      const event = normalizeEvent(item.right, false)
      if (event.usageMask !== 0) keys.push(event.duplicateKey)
    }
  })
  return keys
}

const MARKERS = USAGE_MARKERS.map((word) => Buffer.from(word))

/** False only for a line that cannot carry usage (see USAGE_MARKERS): it need not be decoded. */
function mayCarryUsage(bytes: Buffer, start: number, end: number): boolean {
  const line = bytes.subarray(start, end)
  return MARKERS.some((marker) => line.includes(marker))
}
