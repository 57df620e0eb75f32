// What a user sees around the figures: which log is read (§2), exit codes and stderr lines
// (§13), bad flag values (§4), and the deprecated `beacon endpoint tokens` alias.
import {copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'

import {type Report, fixture, runCli, usage} from './cli.js'

const homes: string[] = []
afterAll(() => {
  for (const home of homes) rmSync(home, {recursive: true, force: true})
})

/** A fresh HOME with an (empty) ~/.beacon/endpoint directory. */
function freshHome(): {home: string; endpoint: string} {
  const home = mkdtempSync(join(tmpdir(), 'beacon-e2e-'))
  homes.push(home)
  const endpoint = join(home, '.beacon', 'endpoint')
  mkdirSync(join(endpoint, 'logs'), {recursive: true})
  return {home, endpoint}
}

// Claude fixture figures, worked out in claude-code.test.ts.
const CLAUDE = usage({in: 1830, out: 1910, cr: 66700, cw: 3500, cost: 2.34375, events: 17})
// Rotated fixture figures, worked out in dirty-input.test.ts.
const ROTATED = usage({in: 70, out: 400, events: 6})

describe.concurrent('log selection (§2)', () => {
  it('a missing default log is an empty report plus a one-line hint, exit 0', async () => {
    const {home} = freshHome()
    const result = await runCli(['token-usage', '--json'], {HOME: home, USERPROFILE: home})
    expect(result.status).toBe(0)
    const r = JSON.parse(result.stdout) as Report
    expect(r.totals).toEqual(usage({events: 0}))
    expect(r.total_events).toBe(0)
    expect(r.events_with_usage).toBe(0)
    expect(r.utilization).toEqual([])
    for (const key of ['by_model', 'by_session', 'by_harness', 'by_repository', 'by_run']) {
      expect(r).not.toHaveProperty(key)
    }
    expect(result.stderrLines).toHaveLength(1)
    expect(result.stderrLines[0]).toContain(join('.beacon', 'endpoint', 'logs', 'runtime.jsonl'))
  })

  it('reads ~/.beacon/endpoint/logs/runtime.jsonl with its archives (default and --user)', async () => {
    const {home, endpoint} = freshHome()
    for (const name of ['runtime.jsonl', 'runtime.jsonl.1', 'runtime.jsonl.2']) {
      copyFileSync(fixture(join('rotated', name)), join(endpoint, 'logs', name))
    }
    for (const flags of [[], ['--user']]) {
      const result = await runCli(['token-usage', '--json', ...flags], {
        HOME: home,
        USERPROFILE: home,
      })
      expect(result.status).toBe(0)
      const r = JSON.parse(result.stdout) as Report
      expect(r.totals).toEqual(ROTATED)
      // Only the two malformed-line reports (count + lines), no "missing log" hint.
      expect(result.stderr).toContain('runtime.jsonl.2:3')
      expect(result.stderr).not.toMatch(/no log|not found|empty report/i)
    }
  })

  it('follows log_path in ~/.beacon/endpoint/config.json', async () => {
    const {home, endpoint} = freshHome()
    writeFileSync(
      join(endpoint, 'config.json'),
      JSON.stringify({log_path: fixture('claude-code.jsonl')}),
    )
    const result = await runCli(['token-usage', '--json'], {HOME: home, USERPROFILE: home})
    expect(result.status).toBe(0)
    const r = JSON.parse(result.stdout) as Report
    expect(r.totals).toEqual(CLAUDE)
    expect(r.total_events).toBe(29)
    expect(result.stderr).toBe('')
  })
})

describe.concurrent('exit codes and messages (§13)', () => {
  it('a missing explicit --log-path is exit 1 with one line naming the path', async () => {
    const missing = join(tmpdir(), 'beacon-e2e-does-not-exist', 'runtime.jsonl')
    const result = await runCli(['token-usage', '--log-path', missing, '--json'])
    expect(result.status).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderrLines).toHaveLength(1)
    expect(result.stderrLines[0]).toContain(missing)
  })

  it.each([
    ['--since', 'yesterday'],
    ['--since', '2026-06-31'], // a date (issue 6) but not a real one
    ['--until', '2026-13-01T00:00:00Z'],
    ['--bucket', '0'],
    ['--bucket', '-1h'],
    ['--bucket', '1d'],
    ['--top', '-1'],
    ['--top', 'abc'],
  ])('%s %s is a usage error: exit 2, one line naming the flag', async (flag, value) => {
    const result = await runCli([
      'token-usage',
      '--log-path',
      fixture('series.jsonl'),
      '--json',
      flag,
      value,
    ])
    expect(result.status).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderrLines).toHaveLength(1)
    expect(result.stderrLines[0]).toContain(flag)
  })

  it('an unknown flag is a usage error: exit 2, one line naming it', async () => {
    const result = await runCli([
      'token-usage',
      '--log-path',
      fixture('series.jsonl'),
      '--frobnicate',
    ])
    expect(result.status).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderrLines).toHaveLength(1)
    expect(result.stderrLines[0]).toContain('--frobnicate')
  })

  // A usage error is one stderr line whatever NODE_ENV says: with NODE_ENV=development (common
  // in a Node developer's shell) oclif must not add its "[UnparsedCommand] Warning: Command
  // token-usage did not parse its arguments…" and "(Use `node --trace-warnings …`)" lines.
  it('a usage error stays one line when NODE_ENV=development', async () => {
    const result = await runCli(
      ['token-usage', '--log-path', fixture('series.jsonl'), '--top', 'abc'],
      {
        NODE_ENV: 'development',
      },
    )
    expect(result.status).toBe(2)
    expect(result.stderrLines).toHaveLength(1)
  })

  it('--log-path without a value is a usage error', async () => {
    const result = await runCli(['token-usage', '--log-path'])
    expect(result.status).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderrLines).toHaveLength(1)
    expect(result.stderrLines[0]).toContain('--log-path')
  })

  it('a run where nothing matches is still a success', async () => {
    const result = await runCli([
      'token-usage',
      '--log-path',
      fixture('series.jsonl'),
      '--json',
      '--session',
      'no-such-session',
    ])
    expect(result.status).toBe(0)
    expect((JSON.parse(result.stdout) as Report).total_events).toBe(0)
  })
})

describe.concurrent('beacon endpoint tokens (deprecated alias)', () => {
  it('prints the same report and exactly one deprecation line', async () => {
    const log = fixture('claude-code.jsonl')
    const alias = await runCli(['endpoint', 'tokens', '--log-path', log, '--json'])
    const current = await runCli(['token-usage', '--log-path', log, '--json'])
    expect(alias.status).toBe(0)
    expect(alias.stdout).toBe(current.stdout)
    // §12: one JSON document with a two-space indent.
    expect(current.stdout.trimEnd()).toBe(JSON.stringify(JSON.parse(current.stdout), null, 2))
    expect((JSON.parse(alias.stdout) as Report).totals).toEqual(CLAUDE)
    expect(alias.stderrLines).toHaveLength(1)
    expect(alias.stderrLines[0]).toMatch(/deprecated/i)
    expect(alias.stderrLines[0]).toContain('token-usage')
  })
})
