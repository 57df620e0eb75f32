// The key a usage-bearing line is known by in the exact-duplicate window (§5.3): a SHA-1 digest
// of the line's bytes without surrounding JSON white space. A few thousand whole lines would live
// long enough to be promoted and then die in the old generation, which grows the heap; a digest
// is 28 characters. Hashing the bytes skips re-encoding the decoded text (~2.5x faster here).
// Two distinct lines sharing a SHA-1 digest by accident is far less likely than a disk error.
import {hash} from 'node:crypto'

export function lineDigest(bytes: Buffer, start: number, end: number): string {
  while (start < end && isJsonSpace(bytes[start] as number)) start++
  while (end > start && isJsonSpace(bytes[end - 1] as number)) end--
  return hash('sha1', bytes.subarray(start, end), 'base64')
}

/** The key of the k-th record of an OTLP line: records of one line never match each other. */
export function recordKey(lineKey: string, record: number): string {
  return `${lineKey} ${record}`
}

/** The white space JSON allows around a value. */
function isJsonSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0d || byte === 0x0a
}
