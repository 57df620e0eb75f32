// The report of test/fixtures/formats/usage.jsonl, built in-process through the real pipeline,
// and the golden files the renderers are compared with. The figures are worked out by hand in
// test/fixtures/formats/README.md; UPDATE_GOLDEN=1 rewrites the goldens (then read the diff).
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {expect} from 'vitest'

import {readReportState} from '../../src/pipeline/token-usage-pipeline.js'
import {type Report, buildReport} from '../../src/report/build-report.js'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const FIXTURE = 'test/fixtures/formats/usage.jsonl'
export const SESSION = '7f3c2a9e-1b4d-4c8e-9a51-2f6d0e8b7c41'
export const ODD_SESSION = 'nightly "a|b", part 2'
export const LONG_REPOSITORY = 'github.com/acme-corporation/platform-infrastructure-monorepo'
export const HOUR = 3_600_000_000_000n

export async function fixtureReport(
  options: {bucketNanos?: bigint; breakdown?: boolean; session?: string} = {},
): Promise<Report> {
  const state = await readReportState([join(ROOT, FIXTURE)], {
    filter: {session: options.session},
    aggregate: {
      bucketNanos: options.bucketNanos,
      collectSteps: options.session !== undefined,
      breakdown: options.breakdown,
    },
  })
  return buildReport(state, {top: 0, ...options})
}

export function goldenText(name: string): string {
  return readFileSync(join(ROOT, 'test/fixtures/formats/golden', name), 'utf8')
}

export function expectGolden(name: string, text: string): void {
  if (process.env.UPDATE_GOLDEN === '1')
    writeFileSync(join(ROOT, 'test/fixtures/formats/golden', name), text)
  expect(text).toBe(goldenText(name))
}
