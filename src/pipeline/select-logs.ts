// Which files are read (§2): the per-user log (or the one its config names), the system log,
// or an explicit path — each with its numbered archives, oldest first (`.5` … `.1`), then the
// active log.
import {readFile, readdir, stat} from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'

import {LogReadError} from './read-log-files.js'

export type LogChoice =
  | {readonly kind: 'user'}
  | {readonly kind: 'system'}
  | {readonly kind: 'explicit'; readonly path: string}

export interface Platform {
  readonly os: NodeJS.Platform
  readonly env: NodeJS.ProcessEnv
  readonly home: string
}

export const currentPlatform = (): Platform => ({
  os: process.platform,
  env: process.env,
  home: os.homedir(),
})

export interface SelectedLogs {
  /** The active log the choice names. */
  readonly log: string
  /** Files to read, in order: archives highest number first, then the active log if present. */
  readonly files: readonly string[]
  /** A default log that does not exist yet: an empty report, not an error. */
  readonly missingDefault: boolean
  /** Problems with a config file that were worked around, for stderr. */
  readonly warnings: readonly string[]
}

interface Location {
  readonly log: string
  readonly config: string
}

export function defaultLocation(kind: 'user' | 'system', platform: Platform): Location {
  if (kind === 'user') {
    const base = path.join(platform.home, '.beacon', 'endpoint')
    return {log: path.join(base, 'logs', 'runtime.jsonl'), config: path.join(base, 'config.json')}
  }
  if (platform.os === 'win32') {
    const programData =
      platform.env.ProgramData ?? platform.env.PROGRAMDATA ?? platform.env.ALLUSERSPROFILE ?? ''
    const base = path.win32.join(programData, 'Beacon', 'Endpoint')
    return {
      log: path.win32.join(base, 'logs', 'runtime.jsonl'),
      config: path.win32.join(base, 'config.json'),
    }
  }
  const config =
    platform.os === 'darwin'
      ? '/Library/Application Support/Beacon/Endpoint/config.json'
      : '/etc/beacon/endpoint/config.json'
  return {log: '/var/log/beacon-agent/runtime.jsonl', config}
}

export async function selectLogs(
  choice: LogChoice,
  platform: Platform = currentPlatform(),
): Promise<SelectedLogs> {
  if (choice.kind === 'explicit') {
    const log = choice.path
    await statOrThrow(log)
    return {log, files: [...(await archivesOf(log)), log], missingDefault: false, warnings: []}
  }
  const location = defaultLocation(choice.kind, platform)
  const warnings: string[] = []
  const configured = await configuredLogPath(location.config, platform, warnings)
  const log = configured ?? location.log
  const archives = await archivesOf(log)
  const active = await exists(log)
  return {
    log,
    files: active ? [...archives, log] : archives,
    missingDefault: !active && archives.length === 0,
    warnings,
  }
}

/** The log path a config file names (`log_path`, `logPath` or `log.path`), if any. */
async function configuredLogPath(
  configPath: string,
  platform: Platform,
  warnings: string[],
): Promise<string | undefined> {
  let text: string
  try {
    text = await readFile(configPath, 'utf8')
  } catch {
    return undefined
  }
  let config: unknown
  try {
    config = JSON.parse(text)
  } catch {
    warnings.push(`ignoring ${configPath}: not valid JSON`)
    return undefined
  }
  if (typeof config !== 'object' || config === null) return undefined
  const record = config as Record<string, unknown>
  const nested =
    typeof record.log === 'object' && record.log !== null
      ? (record.log as Record<string, unknown>).path
      : undefined
  const named = record.log_path ?? record.logPath ?? nested
  if (named === undefined) return undefined
  if (typeof named !== 'string' || named.trim() === '') {
    warnings.push(`ignoring the log path in ${configPath}: not a string`)
    return undefined
  }
  const expanded = named.startsWith('~/') ? path.join(platform.home, named.slice(2)) : named
  const paths = platform.os === 'win32' ? path.win32 : path
  return paths.resolve(paths.dirname(configPath), expanded)
}

/** `<log>.N` beside the log (N a positive integer), highest N (oldest) first. */
export async function archivesOf(log: string): Promise<string[]> {
  const dir = path.dirname(log)
  const base = path.basename(log)
  let names: string[]
  try {
    names = await readdir(dir)
  } catch {
    return []
  }
  const numbered: Array<[number, string]> = []
  for (const name of names) {
    if (!name.startsWith(`${base}.`)) continue
    const suffix = name.slice(base.length + 1)
    if (/^[1-9]\d*$/.test(suffix)) numbered.push([Number(suffix), path.join(dir, name)])
  }
  return numbered.sort((a, b) => b[0] - a[0]).map(([, file]) => file)
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile()
  } catch {
    return false
  }
}

async function statOrThrow(file: string): Promise<void> {
  try {
    const info = await stat(file)
    if (info.isDirectory()) {
      throw new LogReadError(file, Object.assign(new Error('is a directory'), {code: 'EISDIR'}))
    }
  } catch (error) {
    if (error instanceof LogReadError) throw error
    throw new LogReadError(file, error as NodeJS.ErrnoException)
  }
}
