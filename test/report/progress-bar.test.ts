// The progress bar (issue 3): one line `[====>   ]  43%  430/1000 MB  215 MB/s  ETA 3s` fitted to
// the terminal, redrawn at most every 100 ms (and always at the end), erased when done. Figures
// below are worked out by hand from the format: MB are 10^6 bytes, rate = done / seconds,
// ETA = (total − done) / rate rounded up, bar = round(fraction × width) cells, the last '>'.
import {describe, expect, it} from 'vitest'

import {ProgressBar, progressLine} from '../../src/report/progress-bar.js'

describe('progressLine', () => {
  it('43% after 2 s: 215 MB/s, 2.65 s left → ETA 3s, a 40-cell bar with 17 cells filled', () => {
    // Figures: "  43%  430/1000 MB  215 MB/s  ETA 3s" = 36 columns; bar = min(40, 80 − 36 − 3) = 40;
    // filled = round(0.43 × 40) = 17 → 16 '=' and '>' then 23 spaces.
    const line = progressLine(430e6, 1000e6, 2, 80)
    expect(line).toBe(`[${'='.repeat(16)}>${' '.repeat(23)}]  43%  430/1000 MB  215 MB/s  ETA 3s`)
    expect(line.length).toBeLessThan(80)
  })

  it('at the start: 0%, no rate yet, ETA unknown, an empty bar', () => {
    expect(progressLine(0, 50e6, 0, 80)).toBe(`[${' '.repeat(40)}]   0%  0/50 MB  0 MB/s  ETA ?`)
  })

  it('done: 100% and a full bar of "="', () => {
    expect(progressLine(64e6, 64e6, 0.5, 80)).toBe(
      `[${'='.repeat(40)}] 100%  64/64 MB  128 MB/s  ETA 0s`,
    )
  })

  it('a long run: ETA in minutes and seconds', () => {
    // 100 of 4000 MB in 4 s: 25 MB/s, 3900 / 25 = 156 s → 2m36s.
    expect(progressLine(100e6, 4000e6, 4, 120)).toMatch(
      / 3% {2}100\/4000 MB {2}25 MB\/s {2}ETA 2m36s$/,
    )
  })

  // The ETA is rounded up to whole seconds before minutes are taken, so it carries into the
  // next minute: 100 of 1295 MB at 10 MB/s (10 s): 1195 / 10 = 119.5 s → 120 s → "2m00s".
  it('an ETA just under a whole minute rolls over to the next minute', () => {
    expect(progressLine(100e6, 1295e6, 10, 120)).toMatch(/ETA 2m00s$/)
  })

  it('narrow terminals: never wider than width − 1 (no wrap), the bar keeps 10 cells', () => {
    // Figures take 36 columns; at 50 the bar would get 11, at 40 it keeps the minimum 10 and
    // the line is cut at 39.
    const at50 = progressLine(430e6, 1000e6, 2, 50)
    expect(at50).toBe(`[${'='.repeat(4)}>${' '.repeat(6)}]  43%  430/1000 MB  215 MB/s  ETA 3s`)
    expect(at50.length).toBe(49)
    const at40 = progressLine(430e6, 1000e6, 2, 40)
    expect(at40.length).toBe(39)
    expect(at40.startsWith(`[${'='.repeat(3)}>${' '.repeat(6)}]  43%`)).toBe(true)
  })

  it('more bytes than the total (a growing file): capped at 100%', () => {
    expect(progressLine(120e6, 100e6, 1, 80)).toMatch(/^\[={40}\] 100% {2}120\/100 MB/)
  })
})

/** A terminal stream that records what is written, and a clock the test moves. */
function fakeTerminal(columns = 80) {
  const writes: string[] = []
  const stream = {
    columns,
    write: (text: string) => {
      writes.push(text)
      return true
    },
  }
  let time = 1_000_000
  return {writes, stream, now: () => time, advance: (ms: number) => (time += ms)}
}

describe('ProgressBar', () => {
  it('draws at the first update, at most every 100 ms after, and always at the end', () => {
    const t = fakeTerminal()
    const bar = new ProgressBar(t.stream, t.now)
    bar.update(1e6, 100e6)
    expect(t.writes).toHaveLength(1)
    expect(t.writes[0]).toMatch(/^\r\[.*\] {3}1% {2}1\/100 MB/)
    t.advance(50)
    bar.update(2e6, 100e6) // too soon: skipped
    expect(t.writes).toHaveLength(1)
    t.advance(50)
    bar.update(3e6, 100e6) // 100 ms later: drawn
    expect(t.writes).toHaveLength(2)
    expect(t.writes[1]).toMatch(/^\r\[.*\] {3}3% {2}3\/100 MB/)
    t.advance(1)
    bar.update(100e6, 100e6) // the last update is always drawn
    expect(t.writes).toHaveLength(3)
    expect(t.writes[2]).toMatch(/^\r\[={40}\] 100% {2}100\/100 MB/)
  })

  it('stop erases the line it drew (carriage return, clear line), once', () => {
    const t = fakeTerminal()
    const bar = new ProgressBar(t.stream, t.now)
    bar.update(5e6, 10e6)
    bar.stop()
    expect(t.writes.at(-1)).toBe('\r\u001b[2K')
    const count = t.writes.length
    bar.stop()
    expect(t.writes).toHaveLength(count)
  })

  it('stop without a drawn line writes nothing', () => {
    const t = fakeTerminal()
    new ProgressBar(t.stream, t.now).stop()
    expect(t.writes).toEqual([])
  })

  it('fits the stream width', () => {
    const t = fakeTerminal(40)
    new ProgressBar(t.stream, t.now).update(430e6, 1000e6)
    expect((t.writes[0] as string).replace('\r', '').length).toBe(39)
  })

  it('draws for 80 columns on a terminal whose size was never set (0 columns)', () => {
    const t = fakeTerminal(0)
    new ProgressBar(t.stream, t.now).update(430e6, 1000e6)
    expect(t.writes[0]).toBe(`\r${progressLine(430e6, 1000e6, 0, 80)}`)
  })

  // The start time comes from the clock the bar is given, like every update: 430 MB after 2 s
  // of that clock → 215 MB/s, (1000 − 430) / 215 = 2.65 s → ETA 3s.
  it('rate and ETA come from the clock it is given', () => {
    const t = fakeTerminal()
    const bar = new ProgressBar(t.stream, t.now)
    t.advance(2000)
    bar.update(430e6, 1000e6)
    expect(t.writes[0]).toMatch(/430\/1000 MB {2}215 MB\/s {2}ETA 3s$/)
  })
})
