import {describe, expect, it} from 'vitest'

import {terminalWidth, wantsColor} from '../../src/report/terminal.js'

const tty = {isTTY: true, columns: 120}
const pipe = {isTTY: false}

describe('terminalWidth', () => {
  it('takes COLUMNS first, then the terminal, and nothing for a pipe', () => {
    expect(terminalWidth({COLUMNS: '72'}, tty)).toBe(72)
    expect(terminalWidth({COLUMNS: '72'}, pipe)).toBe(72)
    expect(terminalWidth({}, tty)).toBe(120)
    expect(terminalWidth({}, pipe)).toBeUndefined()
    expect(terminalWidth({COLUMNS: 'wide'}, tty)).toBe(120)
    expect(terminalWidth({COLUMNS: '0'}, pipe)).toBeUndefined()
  })
})

describe('wantsColor', () => {
  it('colours a terminal unless NO_COLOR (non-empty) or TERM=dumb; flags win', () => {
    expect(wantsColor(undefined, {}, tty)).toBe(true)
    expect(wantsColor(undefined, {}, pipe)).toBe(false)
    expect(wantsColor(undefined, {NO_COLOR: '1'}, tty)).toBe(false)
    expect(wantsColor(undefined, {NO_COLOR: ''}, tty)).toBe(true)
    expect(wantsColor(undefined, {TERM: 'dumb'}, tty)).toBe(false)
    expect(wantsColor(false, {}, tty)).toBe(false)
    expect(wantsColor(true, {NO_COLOR: '1'}, pipe)).toBe(true)
  })
})
