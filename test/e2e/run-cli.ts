// Runs the built CLI (bin/run.js) the way a user does, with a clean environment: no COLUMNS,
// NO_COLOR or DEBUG from the caller's shell unless a test sets them, and no NODE_ENV=test from
// vitest (oclif prints development warnings under it).
import {spawnSync} from 'node:child_process'
import {fileURLToPath} from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface CliResult {
  readonly stdout: string
  readonly stderr: string
  readonly status: number | null
}

export function runCli(args: readonly string[], env: Record<string, string> = {}): CliResult {
  const base: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (
      value === undefined ||
      ['COLUMNS', 'NO_COLOR', 'DEBUG', 'FORCE_COLOR', 'NODE_ENV'].includes(key)
    )
      continue
    base[key] = value
  }
  const result = spawnSync(process.execPath, ['bin/run.js', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {...base, ...env},
  })
  return {stdout: result.stdout, stderr: result.stderr, status: result.status}
}
