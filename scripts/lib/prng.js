// A small seeded PRNG (sfc32, seeded through splitmix32) so that a seed and a size always give
// the same log, byte for byte, on any machine and Node version.

function splitmix32(state) {
  let s = state >>> 0
  return () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
}

export class Prng {
  constructor(seed) {
    const next = splitmix32(seed)
    this.a = next()
    this.b = next()
    this.c = next()
    this.d = next()
    for (let i = 0; i < 15; i++) this.next32()
  }

  next32() {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0
    this.d = (this.d + 1) >>> 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) >>> 0
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0
    this.c = (this.c + t) >>> 0
    return t
  }

  /** A float in [0, 1). */
  float() {
    return this.next32() / 4294967296
  }

  /** An integer in [lo, hi], both inclusive. */
  int(lo, hi) {
    return lo + Math.floor(this.float() * (hi - lo + 1))
  }

  chance(p) {
    return this.float() < p
  }

  pick(items) {
    return items[Math.floor(this.float() * items.length)]
  }

  /** Picks from [[weight, value], ...]. */
  weighted(table) {
    let total = 0
    for (const [w] of table) total += w
    let r = this.float() * total
    for (const [w, value] of table) {
      r -= w
      if (r < 0) return value
    }
    return table[table.length - 1][1]
  }

  /** A skewed integer in [lo, hi]: most values near lo, a long tail towards hi. */
  skewed(lo, hi, power = 2.5) {
    return lo + Math.floor(Math.pow(this.float(), power) * (hi - lo + 1))
  }

  hex(n) {
    let s = ''
    while (s.length < n) s += this.next32().toString(16).padStart(8, '0')
    return s.slice(0, n)
  }

  uuid() {
    const h = this.hex(32)
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[this.int(0, 3)]}${h.slice(17, 20)}-${h.slice(20, 32)}`
  }
}
