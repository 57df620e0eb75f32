// Context window sizes by model-name prefix (§8), kept as data: extend or override the table
// without touching the code. Lookup: lower-case, drop everything up to the last `/`, then the
// longest matching prefix wins.

export type ContextWindowTable = ReadonlyArray<readonly [prefix: string, tokens: number]>

export const CONTEXT_WINDOWS: ContextWindowTable = [
  ['claude', 200_000],
  ['gpt-5', 400_000],
  ['gpt-4.1', 1_047_576],
  ['gpt-4o', 128_000],
  ['gpt-4-turbo', 128_000],
  ['gpt-4', 8_192],
  ['gpt-3.5', 16_385],
  ['o1', 200_000],
  ['o3', 200_000],
  ['o4', 200_000],
  ['gemini-1.5-pro', 2_097_152],
  ['gemini-1.5-flash', 1_048_576],
  ['gemini-2', 1_048_576],
  ['gemini-3', 1_048_576],
]

export function contextWindow(
  model: string,
  table: ContextWindowTable = CONTEXT_WINDOWS,
): number | undefined {
  const lower = model.toLowerCase()
  const name = lower.slice(lower.lastIndexOf('/') + 1)
  let best: readonly [string, number] | undefined
  for (const entry of table) {
    if (name.startsWith(entry[0]) && (best === undefined || entry[0].length > best[0].length))
      best = entry
  }
  return best?.[1]
}
