// Shared by the runtime tests: canonical events of a fixture (the pure stages, no I/O beyond
// reading the fixture) and the built CLI's --json report of a log.
import {spawn} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import * as E from 'fp-ts/lib/Either.js'

import {decodeLine} from '../../src/pipeline/decode-event.js'
import {expandOtlpLine, isOtlpLine} from '../../src/pipeline/expand-otlp.js'
import {normalizeEvent} from '../../src/pipeline/normalize-event.js'
import {readReportState} from '../../src/pipeline/token-usage-pipeline.js'
import {buildReport} from '../../src/report/build-report.js'
import {reportJson} from '../../src/report/render-json.js'
import type {CanonicalEvent} from '../../src/runtimes/canonical-event.js'
import {usage as canonicalUsage} from '../support/events.js'

export const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'runtimes')

export function fixture(name: string): string {
  return join(FIXTURES, name)
}

/** Every line of `text` through decode → OTLP expansion → normalize; throws on a skipped line. */
export function canonicalEvents(text: string, path = 'fixture.jsonl'): CanonicalEvent[] {
  const events: CanonicalEvent[] = []
  text.split('\n').forEach((lineText, index) => {
    if (lineText.trim() === '') return
    const bytes = Buffer.from(lineText)
    const at = {
      path,
      line: index + 1,
      order: (index + 1) * 2 ** 20,
      bytes,
      start: 0,
      end: bytes.length,
    }
    const decoded = decodeLine(at)
    if (E.isLeft(decoded)) throw new Error(`line ${index + 1}: ${JSON.stringify(decoded.left)}`)
    if (!isOtlpLine(decoded.right.event)) {
      events.push(normalizeEvent(decoded.right))
      return
    }
    expandOtlpLine(decoded.right, (item) => {
      if (E.isLeft(item)) throw new Error(`line ${index + 1}: ${JSON.stringify(item.left)}`)
      events.push(normalizeEvent(item.right))
    })
  })
  return events
}

export function fixtureEvents(name: string): CanonicalEvent[] {
  return canonicalEvents(readFileSync(fixture(name), 'utf8'), name)
}

/** The usage-bearing events' usage, in log order, for exact comparisons. */
export function usages(events: readonly CanonicalEvent[]) {
  return events.filter((event) => event.usageMask !== 0).map((event) => event.usage)
}

export interface CliRun {
  readonly status: number | null
  readonly json: Record<string, unknown>
  readonly stderr: string
}

/** `node bin/run.js token-usage --log-path LOG --json …` (the build from `npm test`), run asynchronously. */
export function cliReport(log: string, ...flags: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [
      'bin/run.js',
      'token-usage',
      '--log-path',
      log,
      '--json',
      ...flags,
    ])
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text))
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text))
    child.on('error', reject)
    child.on('close', (status) => {
      try {
        resolve({status, json: JSON.parse(stdout) as Record<string, unknown>, stderr})
      } catch (error) {
        reject(new Error(`${String(error)}; stderr: ${stderr}`))
      }
    })
  })
}

/** The --json document for a log, computed in-process by the same pipeline and sink as the CLI. */
export async function jsonReport(
  log: string,
  options: {session?: string; bucketNanos?: bigint} = {},
): Promise<Record<string, unknown>> {
  const state = await readReportState([log], {
    filter: {session: options.session},
    aggregate: {bucketNanos: options.bucketNanos, collectSteps: options.session !== undefined},
  })
  return reportJson(
    buildReport(state, {top: 0, bucketNanos: options.bucketNanos, session: options.session}),
  )
}

/** USAGE of §12 from hand-worked figures. */
export function usage(
  figures: Partial<{
    input: number
    output: number
    cacheRead: number
    cacheCreation: number
    reasoning: number
    cost: number
    events: number
  }>,
) {
  return {
    input_tokens: figures.input ?? 0,
    output_tokens: figures.output ?? 0,
    cache_read_input_tokens: figures.cacheRead ?? 0,
    cache_creation_input_tokens: figures.cacheCreation ?? 0,
    reasoning_output_tokens: figures.reasoning ?? 0,
    cost_usd: figures.cost ?? 0,
    events: figures.events ?? 0,
  }
}

/** A canonical Usage (src/report/usage.ts) from hand-worked figures; the others are zero. */
export const canonical = canonicalUsage
