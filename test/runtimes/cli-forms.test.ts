// End to end through the built CLI (`npm test` builds first): the same usage written as
// canonical Beacon events, as raw-only Beacon events and as OTLP JSON prints the same --json
// report (Claude Code, whose dual channel is the hardest case; the other runtimes compare their
// forms in-process through the same pipeline and sink, in their own tests, to keep the suite
// fast); a log mixing both formats adds up; coverage diagnostics go to stderr and JSON.
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {cliReport, fixture, usage} from './helpers.js'

const FORMS = ['canonical', 'raw', 'otlp'] as const

const dir = mkdtempSync(join(tmpdir(), 'beacon-runtimes-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

describe('beacon token-usage on every runtime’s forms', () => {
  it('prints the same report for canonical, raw-only and OTLP input', async () => {
    const reports = await Promise.all(
      FORMS.map((form) => cliReport(fixture(`claude-code.${form}.jsonl`))),
    )
    for (const report of reports) {
      expect(report.status).toBe(0)
      expect(report.stderr).toBe('')
      expect(report.json).toEqual(reports[0]?.json)
    }
  })

  it('reads a log that mixes Beacon and OTLP lines', async () => {
    const log = join(dir, 'mixed.jsonl')
    writeFileSync(
      log,
      readFileSync(fixture('claude-code.canonical.jsonl'), 'utf8') +
        readFileSync(fixture('codex-cli.otlp.jsonl'), 'utf8'),
    )
    const {json, status} = await cliReport(log)
    expect(status).toBe(0)
    // Claude (see claude-code.test.ts) plus Codex (see codex-cli.test.ts).
    expect(json.totals).toEqual(
      usage({
        input: 8 + 7000,
        output: 1500 + 1500,
        cacheRead: 38678 + 13000,
        cacheCreation: 3750,
        reasoning: 500,
        cost: 0.04164,
        events: 3 + 8,
      }),
    )
    expect(json.total_events).toBe(8 + 11)
  })

  it('names harnesses that produced events but no usage, on stderr and in --json', async () => {
    const {json, stderr, status} = await cliReport(fixture('coverage.jsonl'))
    expect(status).toBe(0)
    expect(stderr).toBe(
      'beacon: codex_cli: 5 events, no token usage — is its metrics exporter enabled ([otel] metrics_exporter)?\n',
    )
    expect(json.coverage).toEqual([
      {harness: 'claude_code', events: 1, usage_events: 1},
      {
        harness: 'codex_cli',
        events: 5,
        usage_events: 0,
        cause: 'no token usage — is its metrics exporter enabled ([otel] metrics_exporter)?',
      },
    ])
  })
})
