// The live view on a real terminal: the CLI runs inside a private tmux server, the test appends
// to the log and reads the screen (tmux capture-pane) until it shows the expected figures, then
// presses Ctrl-C and checks the final report and exit code. Skipped only when tmux is absent
// (CI's .ci/run installs it).
import {execFileSync, spawnSync} from 'node:child_process'
import {appendFileSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import * as path from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {RUN, claudeApiRequest, claudeInputMetric, waitFor} from './follow-helpers.js'

const hasTmux = spawnSync('tmux', ['-V']).status === 0
if (!hasTmux) console.warn('follow-terminal: tmux is not installed; skipping the terminal tests')

let dir: string
let log: string
let socket: string

const tmux = (...args: string[]): string =>
  execFileSync('tmux', ['-S', socket, ...args], {encoding: 'utf8'})
const screen = (): string => tmux('capture-pane', '-p', '-t', 'follow')

async function screenShows(what: string, test: (text: string) => boolean): Promise<string> {
  let last = ''
  return waitFor(
    () => `the screen to show ${what}; it shows:\n${last}`,
    () => {
      last = screen()
      return test(last) ? last : undefined
    },
  )
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'beacon-tty-'))
  log = path.join(dir, 'runtime.jsonl')
  socket = path.join(dir, 'tmux.sock')
})

afterEach(() => {
  if (hasTmux) spawnSync('tmux', ['-S', socket, 'kill-server'])
  rmSync(dir, {recursive: true, force: true})
})

describe.skipIf(!hasTmux)('token-usage --follow on a terminal (tmux)', () => {
  it('redraws the live view in place and prints the full report on Ctrl-C', async () => {
    // A metric datapoint of s1 before its log record: counted, but provisional (§5.1).
    writeFileSync(log, `${claudeInputMetric('s1', '2026-06-11T10:00:01Z', 100)}\n`)
    const command = [
      `NODE_ENV= '${process.execPath}' '${RUN}' token-usage --follow --interval 200ms --log-path '${log}'`,
      'echo EXIT=$?',
      'sleep 600',
    ].join('; ')
    tmux('new-session', '-d', '-s', 'follow', '-x', '110', '-y', '40', command)

    let view = await screenShows('the provisional metric', (text) =>
      text.includes('dual-channel: provisional for 1 scope'),
    )
    expect(view).toContain(`beacon token-usage --follow  ${log}`)
    expect(view).toMatch(/updated \d\d:\d\d:\d\d \(\d+s ago\) · 1 of 1 events carry usage/)
    expect(view).toContain('TOTAL  100 tokens · $0.0000')
    expect(view).toMatch(/RATE {3}(measuring…|\d[\d,]* tokens\/min · \$[\d.]+\/hour \(last \d+s\))/)

    // s1's log record arrives: it reports input, output, cache and cost, so the metric's input
    // is zeroed and drops out. Totals: 100 + 50 + 1000 + 200 = 1,350 tokens, $0.0100.
    appendFileSync(
      log,
      `${claudeApiRequest('s1', '2026-06-11T10:00:00Z', {input: 100, output: 50, cacheRead: 1000, cacheCreation: 200, cost: 0.01})}\n`,
    )
    view = await screenShows('the log record', (text) => text.includes('1,350 tokens'))
    expect(view).toContain('TOTAL  1,350 tokens · $0.0100')
    expect(view).toContain('input 100 · output 50 · cache read 1,000 · cache create 200')
    expect(view).toContain('dual-channel: settled')
    expect(view).toMatch(/1 of 2 events carry usage/)
    expect(view).toMatch(
      /MODEL\s+TOKENS\s+COST USD\s+EVENTS\n\s*claude-sonnet-4-5-20250929\s+1,350\s+0\.0100\s+1\n/,
    )
    expect(view).toMatch(/SESSION\s+TOKENS\s+COST USD\s+EVENTS\n\s*s1\s+1,350\s+0\.0100\s+1\n/)
    // Redrawn in place: one view on the screen, not one per interval.
    expect(view.split('TOTAL  ').length).toBe(2)

    tmux('send-keys', '-t', 'follow', 'C-c')
    const after = await screenShows('the exit', (text) => text.includes('EXIT='))
    expect(after).toContain('EXIT=0')
    // The live view is gone; the full table report is on the screen.
    expect(after).not.toContain('Ctrl-C: stop')
    expect(after).toContain('1 of 2 events carry usage')
    expect(after).toMatch(/TOTALS\nINPUT .*\n\s*100\s+50\s+1,000\s+200\s+0\s+1,350\s+0\.0100\s+1\n/)
  })
})
