// Which files are read (§2): the per-user log (or the one its config names), the system log,
// or explicit inputs — files, directories, globs or `-` for standard input — each log with its
// numbered archives (`.N` or `.N.gz`), oldest first (`.5` … `.1`), then the log itself. A file
// named twice is read once; gzip files are recognised by their magic bytes.
import {open, readFile, readdir, realpath, stat} from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'

import {glob, isDynamicPattern} from 'tinyglobby'

import {LogReadError, type LogSource, STDIN_PATH, hasGzipMagic} from './read-log-files.js'

export type LogChoice =
  | {readonly kind: 'user'}
  | {readonly kind: 'system'}
  | {readonly kind: 'explicit'; readonly paths: readonly string[]}

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
  /** Inputs to read, in order: for each log its archives highest number first, then the log. */
  readonly sources: readonly LogSource[]
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
    const files = await expandInputs(choice.paths)
    return {
      log: choice.paths.join(', '),
      sources: await toSources(files),
      missingDefault: false,
      warnings: [],
    }
  }
  const location = defaultLocation(choice.kind, platform)
  const warnings: string[] = []
  const configured = await configuredLogPath(location.config, platform, warnings)
  const log = configured ?? location.log
  const archives = await archivesOf(log)
  const active = await exists(log)
  return {
    log,
    sources: await toSources(active ? [...archives, log] : archives),
    missingDefault: !active && archives.length === 0,
    warnings,
  }
}

/** Each explicit input expanded to the files it names, archives first, each file once. */
async function expandInputs(inputs: readonly string[]): Promise<string[]> {
  const files: string[] = []
  const seen = new Set<string>()
  const add = async (file: string): Promise<void> => {
    const key = file === STDIN_PATH ? file : await realpath(file).catch(() => path.resolve(file))
    if (seen.has(key)) return
    seen.add(key)
    files.push(file)
  }
  for (const input of inputs) {
    if (input === STDIN_PATH) {
      await add(input)
      continue
    }
    for (const named of await filesNamedBy(input)) {
      if (named.alone) {
        await add(named.file)
        continue
      }
      for (const archive of await archivesOf(named.file)) await add(archive)
      await add(named.file)
    }
  }
  return files
}

/** A file an input names: a log (read after its archives), or an archive read on its own. */
interface NamedFile {
  readonly file: string
  readonly alone: boolean
}

/** The files an input names: itself, the logs in a directory, or a glob's matches. */
async function filesNamedBy(input: string): Promise<NamedFile[]> {
  if (isDynamicPattern(input)) {
    const matches = (await glob(input, {onlyFiles: true, expandDirectories: false})).sort()
    if (matches.length === 0)
      throw new LogReadError(
        input,
        Object.assign(new Error('no file matches this pattern'), {code: 'ENOMATCH'}),
      )
    return globFiles(matches)
  }
  const info = await stat(input).catch((error: NodeJS.ErrnoException) => {
    throw new LogReadError(input, error)
  })
  if (!info.isDirectory()) return [{file: input, alone: false}]
  const candidates = (await readdir(input))
    .filter((name) => LOG_NAME.test(name))
    .sort()
    .map((name) => path.join(input, name))
  // Only regular files (or links to them) are logs: a subdirectory named `old.jsonl` is not.
  const logs: NamedFile[] = []
  for (const file of candidates) {
    const entry = await stat(file).catch(() => undefined)
    if (entry?.isFile() === true) logs.push({file, alone: false})
  }
  if (logs.length === 0)
    throw new LogReadError(
      input,
      Object.assign(new Error('no .jsonl logs in this directory'), {code: 'ENOLOGS'}),
    )
  return logs
}

/**
 * A glob's matches, in name order: each log (its archives come with it); an archive whose log
 * is matched too is left to that log, and one whose log is not (`'runtime.jsonl.*'`, to read
 * only the rotated part) is read on its own, with its matched siblings oldest first, where the
 * first of them sorts. So every match is read: a glob never gives an empty report silently.
 */
function globFiles(matches: readonly string[]): NamedFile[] {
  const matchedLogs = new Set(
    matches.filter((file) => archiveNumber(file) === undefined).map((file) => path.resolve(file)),
  )
  const entries: Array<NamedFile | Array<[number, string]>> = []
  const orphans = new Map<string, Array<[number, string]>>()
  for (const file of matches) {
    const number = archiveNumber(file)
    if (number === undefined) {
      entries.push({file, alone: false})
      continue
    }
    const log = path.resolve(file.replace(ARCHIVE_SUFFIX, ''))
    if (matchedLogs.has(log)) continue
    let siblings = orphans.get(log)
    if (siblings === undefined) {
      siblings = []
      orphans.set(log, siblings)
      entries.push(siblings)
    }
    siblings.push([number, file])
  }
  return entries.flatMap((entry) =>
    Array.isArray(entry) ? oldestFirst(entry).map((file) => ({file, alone: true})) : [entry],
  )
}

/** A log file in a directory: `*.jsonl` or `*.ndjson`, possibly gzipped. */
const LOG_NAME = /\.(jsonl|ndjson)(\.gz)?$/

/** The `.N` or `.N.gz` that names a numbered archive of the log before it. */
const ARCHIVE_SUFFIX = /\.([1-9]\d*)(\.gz)?$/

function archiveNumber(file: string): number | undefined {
  const suffix = ARCHIVE_SUFFIX.exec(file)
  return suffix === null ? undefined : Number(suffix[1])
}

/** Archives by number, highest (oldest) first; ties (`.2` and `.2.gz`) by name. */
function oldestFirst(numbered: Array<[number, string]>): string[] {
  return numbered.sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? -1 : 1)).map(([, file]) => file)
}

async function toSources(files: readonly string[]): Promise<LogSource[]> {
  return Promise.all(
    files.map(async (file, fileIndex): Promise<LogSource> => {
      if (file === STDIN_PATH) return {fileIndex, path: file, kind: 'stdin'}
      return {fileIndex, path: file, kind: (await isGzip(file)) ? 'gzip' : 'plain'}
    }),
  )
}

/** Gzip files start with the bytes 1f 8b, whatever their name. */
async function isGzip(file: string): Promise<boolean> {
  let handle
  try {
    handle = await open(file, 'r')
    const magic = Buffer.alloc(2)
    const {bytesRead} = await handle.read(magic, 0, 2, 0)
    return hasGzipMagic(magic.subarray(0, bytesRead))
  } catch (error) {
    throw new LogReadError(file, error as NodeJS.ErrnoException)
  } finally {
    await handle?.close()
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
    const suffix = /^([1-9]\d*)(\.gz)?$/.exec(name.slice(base.length + 1))
    if (suffix !== null) numbered.push([Number(suffix[1]), path.join(dir, name)])
  }
  return oldestFirst(numbered)
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile()
  } catch {
    return false
  }
}
