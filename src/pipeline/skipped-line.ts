// Lines that do not become events: malformed ones (reported with file and line) and exact
// duplicates (§5.3). They travel down the pipeline as Either lefts and are counted by the reducer.

export interface LinePosition {
  /** Path of the file as the user named it (or `-` for stdin). */
  readonly path: string
  /** 1-based line number within that file. */
  readonly line: number
  /** Global read order: earlier files first, then line order (see lineOrder). */
  readonly order: number
}

export interface MalformedLine extends LinePosition {
  readonly kind: 'malformed'
  readonly reason: string
}

export interface DuplicateLine extends LinePosition {
  readonly kind: 'duplicate'
}

export type SkippedLine = MalformedLine | DuplicateLine

export function malformed(at: LinePosition, reason: string): MalformedLine {
  return {kind: 'malformed', path: at.path, line: at.line, order: at.order, reason}
}

/**
 * Bytes per file in the global order key (1 TiB): a line's order is its file's index times this
 * plus the byte offset where it starts. Byte offsets, unlike line numbers, are known to a
 * worker reading from the middle of a file, and leave room to order events expanded from one line.
 */
export const BYTES_PER_FILE = 2 ** 40

export function lineOrder(fileIndex: number, byteOffset: number): number {
  return fileIndex * BYTES_PER_FILE + byteOffset
}
