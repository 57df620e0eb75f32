// The floor: a plain single-threaded loop that reads 1 MiB chunks, finds newline bytes and
// JSON.parse-es every non-blank line — what any exact reader of the log has to pay at least.
// Prints the counts so the work cannot be optimized away.
import {closeSync, openSync, readSync} from 'node:fs'

const file = process.argv[2]
const fd = openSync(file, 'r')
const chunk = Buffer.allocUnsafe(1 << 20)
let carry = Buffer.alloc(0)
let objects = 0
let malformed = 0

function parseLine(data, start, end) {
  while (start < end && (data[start] === 0x20 || data[start] === 0x09)) start++
  if (start >= end || (end === start + 1 && data[start] === 0x0d)) return
  try {
    const value = JSON.parse(data.toString('utf8', start, end))
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) objects++
    else malformed++
  } catch {
    malformed++
  }
}

for (;;) {
  const n = readSync(fd, chunk, 0, chunk.length, null)
  if (n === 0) break
  const data =
    carry.length === 0 ? chunk.subarray(0, n) : Buffer.concat([carry, chunk.subarray(0, n)])
  let start = 0
  for (let nl = data.indexOf(10, start); nl !== -1; nl = data.indexOf(10, start)) {
    parseLine(data, start, nl)
    start = nl + 1
  }
  // The chunk buffer is reused: keep a copy of the unfinished line.
  carry = Buffer.from(data.subarray(start))
}
if (carry.length > 0) parseLine(carry, 0, carry.length)
closeSync(fd)
console.log(JSON.stringify({objects, malformed}))
