// The built CLI prints each format exactly as its renderer's golden (test/report/*, figures in
// test/fixtures/formats/README.md), and wires --format, --json, --breakdown, --color and COLUMNS
// as documented.
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {FIXTURE, LONG_REPOSITORY, goldenText} from '../report/fixture-report.js'
import {runCli} from './run-cli.js'

function report(args: string[], env: Record<string, string> = {}): string {
  const result = runCli(['token-usage', '--log-path', FIXTURE, ...args], env)
  expect(result.stderr).toBe('')
  expect(result.status).toBe(0)
  return result.stdout
}

describe('beacon token-usage --format', () => {
  it('prints each format as its golden', () => {
    expect(report(['--bucket', '1h', '--breakdown'])).toBe(goldenText('usage.table.txt'))
    expect(report(['--format', 'table', '--bucket', '1h', '--breakdown'])).toBe(
      goldenText('usage.table.txt'),
    )
    expect(report(['--format', 'json', '--bucket', '1h', '--breakdown'])).toBe(
      goldenText('usage.json'),
    )
    expect(report(['--json', '--bucket', '1h', '--breakdown'])).toBe(goldenText('usage.json'))
    expect(report(['--format', 'csv', '--bucket', '1h'])).toBe(goldenText('usage.csv'))
    expect(report(['--format', 'markdown', '--bucket', '1h', '--breakdown'])).toBe(
      goldenText('usage.md'),
    )
  })

  it('rejects --json with another --format: one line, exit 2', () => {
    const result = runCli(['token-usage', '--log-path', FIXTURE, '--json', '--format', 'csv'])
    expect(result.status).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe(
      'beacon: --json means --format json; it conflicts with --format csv (see "beacon token-usage --help")\n',
    )
  })

  it('rejects an unknown format: one line naming the accepted values, exit 2', () => {
    const result = runCli(['token-usage', '--log-path', FIXTURE, '--format', 'xml'])
    expect(result.status).toBe(2)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toContain('table, json, csv, markdown')
  })
})

describe('beacon token-usage table output', () => {
  it('fits COLUMNS, never shortening JSON or CSV', () => {
    expect(report([], {COLUMNS: '80'})).toBe(goldenText('usage.narrow.txt'))
    expect(report(['--format', 'csv'], {COLUMNS: '40'})).toContain(LONG_REPOSITORY)
    expect(report(['--json'], {COLUMNS: '40'})).toContain(LONG_REPOSITORY)
  })

  it('is plain into a pipe; --color forces colour, even over NO_COLOR; --no-color keeps it plain', () => {
    expect(report([])).not.toContain('\u001b[')
    expect(report(['--color'])).toContain('\u001b[1mTOTALS\u001b[0m')
    expect(report(['--color'], {NO_COLOR: '1'})).toContain('\u001b[1mTOTALS\u001b[0m')
    expect(report(['--no-color'])).not.toContain('\u001b[')
  })
})

describe('shell completion', () => {
  it('builds bash and zsh completions that know the command, its flags and the formats', () => {
    const cache = mkdtempSync(join(tmpdir(), 'beacon-completion-'))
    try {
      const result = runCli(['autocomplete', '--refresh-cache'], {XDG_CACHE_HOME: cache})
      expect(result.status).toBe(0)
      const functions = join(cache, 'beacon', 'autocomplete', 'functions')
      const bash = readFileSync(join(functions, 'bash', 'beacon.bash'), 'utf8')
      expect(bash).toMatch(/token-usage[^\n]*--format[^\n]*--breakdown/)
      const zsh = readFileSync(join(functions, 'zsh', '_beacon'), 'utf8')
      expect(zsh).toContain('(table json csv markdown)')
    } finally {
      rmSync(cache, {recursive: true, force: true})
    }
  })
})
