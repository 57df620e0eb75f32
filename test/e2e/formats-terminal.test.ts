// The table in a real terminal: the CLI runs in detached tmux panes of two widths, and what
// the pane shows is captured. At 80 columns nothing wraps and long keys are shortened in the
// middle; at 200 everything is whole; colour appears on the terminal unless NO_COLOR is set.
// Figures of the fixture are worked out in test/fixtures/formats/README.md.
import {spawnSync} from 'node:child_process'
import {afterAll, describe, expect, it} from 'vitest'

import {FIXTURE, LONG_REPOSITORY, ROOT, SESSION} from '../report/fixture-report.js'

const hasTmux = spawnSync('tmux', ['-V']).status === 0
if (!hasTmux) console.warn('formats-terminal: tmux is not installed; skipping the terminal tests')

const SOCKET = `beacon-test-${process.pid}`
const DONE = '__beacon_done__'
const ESCAPES = new RegExp(String.raw`\u001b\[[\d;]*m`, 'g')
const ANY_ESCAPE = new RegExp(String.raw`\u001b\[`)
const BOLD_TOTALS = new RegExp(String.raw`\u001b\[[\d;]*1[\d;]*mTOTALS`)

function tmux(...args: string[]): string {
  const result = spawnSync('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], {encoding: 'utf8'})
  if (result.status !== 0) throw new Error(`tmux ${args[0]}: ${result.stderr}`)
  return result.stdout
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

/** Runs the report in a fresh pane `width` columns wide; returns the pane's lines with escapes. */
function inTerminal(name: string, width: number, env: string, flags: string): string[] {
  const command =
    `cd '${ROOT}' && env -u COLUMNS -u NO_COLOR -u NODE_ENV -u DEBUG ${env} ` +
    `'${process.execPath}' bin/run.js token-usage --log-path ${FIXTURE} ${flags}; ` +
    `echo ${DONE}; sleep 600`
  tmux('new-session', '-d', '-s', name, '-x', String(width), '-y', '150', command)
  // Poll until the report is on screen; the deadline only guards a hung run.
  const deadline = Date.now() + 60_000
  for (;;) {
    const screen = tmux('capture-pane', '-p', '-e', '-J', '-t', name, '-S', '-', '-E', '-')
    if (screen.includes(DONE)) {
      tmux('kill-session', '-t', name)
      const lines = screen.split('\n')
      return lines.slice(
        0,
        lines.findIndex((line) => line.includes(DONE)),
      )
    }
    if (Date.now() > deadline) throw new Error(`no report in the ${width}-column pane:\n${screen}`)
    sleep(100)
  }
}

function plain(lines: string[]): string[] {
  return lines.map((line) => line.replace(ESCAPES, '').trimEnd())
}

describe.skipIf(!hasTmux)('the table in tmux', () => {
  afterAll(() => {
    spawnSync('tmux', ['-L', SOCKET, 'kill-server'])
  })

  it('at 80 columns: nothing wraps, long keys shortened in the middle, charts fit, colour on', () => {
    const screen = inTerminal('narrow', 80, '', '--bucket 1h')
    const text = plain(screen)
    for (const line of text) expect(Array.from(line).length, line).toBeLessThanOrEqual(80)
    expect(text).toContain('TOTALS')
    expect(text.some((line) => line.startsWith('7f3c2a9e…0e8b7c41 1,500 '))).toBe(true)
    expect(text.some((line) => line.startsWith('github.c…monorepo 1,500 '))).toBe(true)
    expect(text.join('\n')).not.toContain(LONG_REPOSITORY)
    // The chart's bar lines fill the width exactly.
    const bars = text.filter((line) => /█/.test(line))
    expect(bars.length).toBeGreaterThanOrEqual(4)
    for (const line of bars) expect(Array.from(line).length).toBe(80)
    // A terminal and no NO_COLOR: styled titles.
    expect(screen.join('\n')).toMatch(BOLD_TOTALS)
  })

  it('at 200 columns: every key whole, one-line headers', () => {
    const text = plain(inTerminal('wide', 200, '', '--bucket 1h'))
    const all = text.join('\n')
    expect(all).toContain(LONG_REPOSITORY)
    expect(all).toContain(SESSION)
    expect(all).not.toContain('…')
    expect(text).toContain(
      'INPUT  OUTPUT  CACHE READ  CACHE CREATE  REASONING  TOTAL TOKENS  COST USD  EVENTS',
    )
    expect(text).toContain(
      '5,300     900       3,000           400         50         9,600    0.2750       5',
    )
  })

  it('honours NO_COLOR and --no-color on a terminal', () => {
    const noColor = inTerminal('nocolor', 120, 'NO_COLOR=1', '')
    expect(plain(noColor)).toContain('TOTALS')
    expect(noColor.join('\n')).not.toMatch(ANY_ESCAPE)
    const flag = inTerminal('noflag', 120, '', '--no-color')
    expect(plain(flag)).toContain('TOTALS')
    expect(flag.join('\n')).not.toMatch(ANY_ESCAPE)
  })
})
