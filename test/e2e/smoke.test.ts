import {execFileSync} from 'node:child_process'
import {describe, expect, it} from 'vitest'

describe('beacon --help', () => {
  it('lists the token-usage command', () => {
    const out = execFileSync(process.execPath, ['bin/run.js', '--help'], {encoding: 'utf8'})
    expect(out).toContain('token-usage')
  })
})
