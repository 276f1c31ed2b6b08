// Hash tables from identity keys to a record id, in typed arrays. A JS Map of 20 million string keys would
// exceed Map's size limit (2^24 entries) and cost ~100 bytes per key; these cost 12 bytes per slot.
//
// Phone keys (`+<digits>`, at most 15 digits by E.164) are stored as the exact number: no collisions, no
// check. Other keys (emails, and any non-numeric phone key) are stored by a 53-bit hash; a hash hit is
// verified against the record's own keys by the caller, and the rare true collision goes to a small Map.

/**
 * The highest load a table runs at. Linear probing stays short at 0.8 (about 3 probes for a hit, 13 for a
 * miss, mostly in one cache line), and every tenth of load is a sixth of the table's memory at scale.
 */
const MAX_LOAD = 0.8

/**
 * Open addressing with linear probing: Float64 keys (0 = empty), Int32 values. Any capacity, not only a power
 * of two (a hash is mapped to a slot by multiplying, not masking), so that a table sized for its expected keys
 * (reserve()) carries no power-of-two slack: at ten million keys that slack was up to 100 MB a table.
 */
export class NumberTable {
  private keys: Float64Array
  private values: Int32Array
  private cap: number
  private count = 0

  constructor(initialBits = 16) {
    this.cap = 1 << initialBits
    this.keys = new Float64Array(this.cap)
    this.values = new Int32Array(this.cap)
  }

  get size(): number {
    return this.count
  }

  get bytes(): number {
    return this.keys.byteLength + this.values.byteLength
  }

  private slot(k: number): number {
    // Mix both halves of the number so that keys differing only in high digits spread out.
    const lo = k % 4294967296 | 0
    const hi = (k / 4294967296) | 0
    let h = Math.imul(lo ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(hi + 0x632be5ab, 0xc2b2ae35)
    h = Math.imul(h ^ (h >>> 15), 0x27d4eb2f)
    h ^= h >>> 13
    // The hash as a fraction of 2^32, times the capacity (Lemire's "fastrange"): a slot for any capacity.
    return Math.floor(((h >>> 0) * this.cap) / 4294967296)
  }

  /** The value stored for `k`, or -1. */
  get(k: number): number {
    let i = this.slot(k)
    for (;;) {
      const x = this.keys[i]!
      if (x === 0) return -1
      if (x === k) return this.values[i]!
      if (++i === this.cap) i = 0
    }
  }

  /** Stores `k -> v` if `k` is absent (first writer wins). */
  set(k: number, v: number): void {
    if (this.count + 1 > this.cap * MAX_LOAD) this.resize(Math.ceil(this.cap * 1.5))
    let i = this.slot(k)
    for (;;) {
      const x = this.keys[i]!
      if (x === 0) {
        this.keys[i] = k
        this.values[i] = v
        this.count++
        return
      }
      if (x === k) return
      if (++i === this.cap) i = 0
    }
  }

  /**
   * Makes room for `more` keys than it holds: one resize now to exactly what they need, instead of growing
   * by half again (and holding the old and new tables at once) as they arrive.
   */
  reserve(more: number): void {
    const cap = Math.ceil((this.count + more) / MAX_LOAD) + 1
    if (cap > this.cap) this.resize(cap)
  }

  private resize(cap: number): void {
    const oldKeys = this.keys
    const oldValues = this.values
    this.keys = new Float64Array(cap)
    this.values = new Int32Array(cap)
    this.cap = cap
    this.count = 0
    for (let i = 0; i < oldKeys.length; i++) if (oldKeys[i] !== 0) this.set(oldKeys[i]!, oldValues[i]!)
  }
}

/** cyrb53: a fast, well-mixed 53-bit string hash (public domain, bryc). Never 0 (0 marks an empty slot). */
export function hash53(s: string): number {
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 2654435761)
    h2 = Math.imul(h2 ^ c, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  const h = 4294967296 * (2097151 & h2) + (h1 >>> 0)
  return h === 0 ? 1 : h
}

/** `+<1..15 digits>` as its exact number, else NaN. */
export function phoneNumberKey(key: string): number {
  if (key.length < 2 || key.length > 16 || key.charCodeAt(0) !== 43) return NaN
  for (let i = 1; i < key.length; i++) {
    const c = key.charCodeAt(i)
    if (c < 48 || c > 57) return NaN
  }
  return Number(key.slice(1))
}

/**
 * String keys to record ids. `owns(record, key)` tells whether a record really has a key; it is asked only
 * when hashes match, to tell a true match from a hash collision.
 */
export class KeyIndex {
  private readonly phones = new NumberTable()
  private readonly hashed = new NumberTable()
  private readonly collided = new Map<string, number>()

  constructor(private readonly owns: (record: number, key: string) => boolean) {}

  get bytes(): number {
    return this.phones.bytes + this.hashed.bytes
  }

  get size(): number {
    return this.phones.size + this.hashed.size + this.collided.size
  }

  /** Makes room for `phones` more phone keys and `others` more other keys (NumberTable.reserve). */
  reserve(phones: number, others: number): void {
    this.phones.reserve(phones)
    this.hashed.reserve(others)
  }

  /** The record first seen with `key`, after recording `record` for it if it is new; -1 when new. */
  claim(key: string, record: number): number {
    const n = phoneNumberKey(key)
    if (!Number.isNaN(n)) return this.claimPhone(n, record)
    return this.claimOther(key, record)
  }

  /** claim() for a phone key already turned into its number (phoneNumberKey). */
  claimPhone(n: number, record: number): number {
    const other = this.phones.get(n)
    if (other < 0) this.phones.set(n, record)
    return other
  }

  /** claim() for a key that is not a plain phone number (an email, a non-numeric phone key); `h` its hash53
   * when already known (a worker computed it). */
  claimOther(key: string, record: number, h: number = hash53(key)): number {
    const other = this.hashed.get(h)
    if (other < 0) {
      this.hashed.set(h, record)
      return -1
    }
    if (this.owns(other, key)) return other
    // Two different keys with one hash: rare enough for a Map.
    const known = this.collided.get(key)
    if (known !== undefined) return known
    this.collided.set(key, record)
    return -1
  }
}
