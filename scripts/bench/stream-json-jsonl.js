// stream-json's JSONL parser over the same file (malformed lines suppressed, not counted).
import {createReadStream} from 'node:fs'
import {createRequire} from 'node:module'

const require = createRequire(import.meta.url)
const JsonlParser = require('stream-json/jsonl/Parser.js')

let values = 0
createReadStream(process.argv[2], {highWaterMark: 1 << 20})
  .pipe(new JsonlParser({errorIndicator: undefined}))
  .on('data', () => values++)
  .on('end', () => console.log(JSON.stringify({values})))
  .on('error', (error) => {
    console.error(error.message)
    process.exitCode = 1
  })
