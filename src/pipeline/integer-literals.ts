// JSON.parse turns `1e3` and `1.0` into the integers 1000 and 1, but the contract says a token
// count written in exponent or fraction form is malformed. This finds such literals at given
// dotted paths by walking the line's text; it only runs when a cheap regex says it might hit.

const MAYBE_NON_INTEGER_COUNT = /_tokens"\s*:\s*-?\d+[.eE]/

/** The first of `paths` whose value is a number literal in fraction or exponent form. */
export function findNonIntegerLiteral(
  text: string,
  paths: ReadonlySet<string>,
): string | undefined {
  // A key may also be spelled with escapes (`input\u005ftokens`): then walk the text too.
  if (!MAYBE_NON_INTEGER_COUNT.test(text) && !text.includes('\\u')) return undefined
  return walk(text, paths)
}

function walk(text: string, paths: ReadonlySet<string>): string | undefined {
  // A stack of the dotted paths of open containers; arrays push a marker that never matches.
  const stack: string[] = []
  let key: string | undefined
  let i = 0
  const n = text.length
  while (i < n) {
    const c = text.charCodeAt(i)
    if (c === 0x22 /* " */) {
      const end = endOfString(text, i)
      const str = text.slice(i + 1, end - 1)
      i = end
      while (i < n && isSpace(text.charCodeAt(i))) i++
      if (text.charCodeAt(i) === 0x3a /* : */ && stack.length > 0) {
        key = str.includes('\\') ? (JSON.parse(`"${str}"`) as string) : str
        i++
      }
      continue
    }
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      const parent = stack.length === 0 ? '' : (stack[stack.length - 1] as string)
      const path = stack.length === 0 ? '' : childPath(parent, key)
      stack.push(c === 0x5b ? '\u0000' : path)
      key = undefined
      i++
      continue
    }
    if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop()
      key = undefined
      i++
      continue
    }
    if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      let j = i + 1
      let plain = true
      while (j < n) {
        const d = text.charCodeAt(j)
        if (d === 0x2e || d === 0x65 || d === 0x45) plain = false
        else if (!(d === 0x2b || d === 0x2d || (d >= 0x30 && d <= 0x39))) break
        j++
      }
      if (!plain && key !== undefined) {
        const path = childPath(stack[stack.length - 1] as string, key)
        if (paths.has(path)) return path
      }
      key = undefined
      i = j
      continue
    }
    i++
  }
  return undefined
}

function childPath(parent: string, key: string | undefined): string {
  if (key === undefined || parent === '\u0000') return '\u0000'
  return parent === '' ? key : `${parent}.${key}`
}

function endOfString(text: string, start: number): number {
  let i = start + 1
  while (i < text.length) {
    const c = text.charCodeAt(i)
    if (c === 0x5c /* \ */) i += 2
    else if (c === 0x22) return i + 1
    else i++
  }
  return i
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d
}
