// Preloaded with `node --import` when GNU time is unavailable: on exit, writes this process's
// peak resident set (VmHWM from /proc/self/status, KiB) to $BENCH_PEAK_RSS_FILE.
import {readFileSync, writeFileSync} from 'node:fs'

const out = process.env.BENCH_PEAK_RSS_FILE
if (out !== undefined) {
  process.on('exit', () => {
    try {
      const match = /^VmHWM:\s*(\d+)\s*kB/m.exec(readFileSync('/proc/self/status', 'utf8'))
      if (match !== null) writeFileSync(out, match[1])
    } catch {
      // No /proc (macOS): the peak stays unknown.
    }
  })
}
