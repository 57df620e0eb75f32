// What the table needs to know about where it is printed: how wide the terminal is and whether
// colour is wanted. Read once by the command and passed to the renderer as plain values.

export interface TerminalInfo {
  readonly isTTY: boolean
  readonly columns?: number
}

/**
 * Columns to fit the table into: `COLUMNS` when set (scripts and tests override with it), else
 * the terminal's width; undefined when printing to a file or pipe, where nothing is shortened.
 */
export function terminalWidth(env: NodeJS.ProcessEnv, out: TerminalInfo): number | undefined {
  const fromEnv = Number(env.COLUMNS)
  if (env.COLUMNS !== undefined && Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv
  return out.isTTY && out.columns !== undefined && out.columns > 0 ? out.columns : undefined
}

/**
 * Colour only on a terminal, and not when `NO_COLOR` is set (no-color.org) or `TERM=dumb`;
 * an explicit `--color` / `--no-color` wins over both.
 */
export function wantsColor(
  flag: boolean | undefined,
  env: NodeJS.ProcessEnv,
  out: TerminalInfo,
): boolean {
  if (flag !== undefined) return flag
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  if (env.TERM === 'dumb') return false
  return out.isTTY
}
