// Hash tables from identity keys to a record id, in typed arrays. A JS Map of 20 million string keys would
// exceed Map's size limit (2^24 entries) and cost ~100 bytes per key.
//
// The people index's tables (KeyTable, KeyIndex) hold a 32-bit hash of each key and the record id, 8 bytes a
// slot: the key itself is not kept, because every record already holds its keys in its blob. A hash hit is
// verified against the record (the caller's `owns`), so no collision can merge two people. Phone keys
// (`+<digits>`, at most 15 digits by E.164) are hashed from their exact number, other keys (emails, any
// non-numeric phone key) from their 53-bit hash53. NumberTable keeps exact Float64 keys (12 bytes a slot),
// for callers that have no records to verify against (pipeline/deltas.ts).

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
  let h1 = HASH53_H1
  let h2 = HASH53_H2
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, HASH53_M1)
    h2 = Math.imul(h2 ^ c, HASH53_M2)
  }
  return hash53End(h1, h2)
}

/** hash53's two halves before the first character, and the multipliers of its step. A caller that hashes a
 * key as it copies it (the record packer) steps them as hash53's loop does, `h1 = Math.imul(h1 ^ c,
 * HASH53_M1)` and `h2 = Math.imul(h2 ^ c, HASH53_M2)` a UTF-16 unit, and ends with hash53End(): the same
 * number as hash53() of the whole key. */
export const HASH53_H1 = 0xdeadbeef
export const HASH53_H2 = 0x41c6ce57
export const HASH53_M1 = 2654435761
export const HASH53_M2 = 1597334677

/** hash53's last step, from the two halves after the last character. */
export function hash53End(h1: number, h2: number): number {
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  const h = 4294967296 * (2097151 & h2) + (h1 >>> 0)
  return h === 0 ? 1 : h
}

/** `+<1..15 digits>` as its exact number, else NaN. */
export function phoneNumberKey(key: string): number {
  if (key.length < 2 || key.length > 16 || key.charCodeAt(0) !== 43) return NaN
  // At most 15 digits: below 2^53, so the number is exact as it is summed (no slice and Number() a key).
  let n = 0
  for (let i = 1; i < key.length; i++) {
    const c = key.charCodeAt(i)
    if (c < 48 || c > 57) return NaN
    n = n * 10 + (c - 48)
  }
  return n
}

/** The 32-bit hash a KeyTable files a key under: both halves of a number below 2^53 mixed; never 0 (empty). */
export function slotHash(k: number): number {
  // ToInt32 (`| 0`) already takes the number modulo 2^32: `k % 4294967296 | 0` gives the same, with a
  // floating-point modulo.
  const lo = k | 0
  const hi = (k / 4294967296) | 0
  let h = Math.imul(lo ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(hi + 0x632be5ab, 0xc2b2ae35)
  h = Math.imul(h ^ (h >>> 15), 0x27d4eb2f)
  h ^= h >>> 13
  return h === 0 ? 1 : h
}

/**
 * Open addressing with linear probing over pairs of int32 (a key's slotHash, 0 = empty; its record id), any
 * capacity (a hash is mapped to a slot by multiplying, Lemire's "fastrange"). The table never compares keys:
 * claim() walks the slots of one hash and asks the caller which record really has the key, so two keys of
 * one hash are simply two entries. Growing needs no key either: a slot is found again from its stored hash.
 */
export class KeyTable {
  private slots: Int32Array
  private cap: number
  private limit: number
  private count = 0

  constructor(initialBits = 16) {
    this.cap = 1 << initialBits
    this.limit = Math.floor(this.cap * MAX_LOAD)
    this.slots = new Int32Array(this.cap * 2)
  }

  get size(): number {
    return this.count
  }

  get bytes(): number {
    return this.slots.byteLength
  }

  /**
   * The first record filed under hash `h` that `owns` says has the key; else files `record` under `h` and
   * returns -1. `owns` is only asked about records filed under the same hash.
   */
  claim(h: number, record: number, owns: (record: number) => boolean): number {
    if (this.count >= this.limit) this.resize(Math.ceil(this.cap * 1.5))
    const slots = this.slots
    const cap = this.cap
    let i = Math.floor(((h >>> 0) * cap) / 4294967296)
    for (;;) {
      const x = slots[2 * i]!
      if (x === 0) {
        slots[2 * i] = h
        slots[2 * i + 1] = record
        this.count++
        return -1
      }
      if (x === h) {
        const other = slots[2 * i + 1]!
        if (owns(other)) return other
      }
      if (++i === cap) i = 0
    }
  }

  /** Makes room for `more` keys than it holds, in one resize to exactly what they need (NumberTable.reserve). */
  reserve(more: number): void {
    const cap = Math.ceil((this.count + more) / MAX_LOAD) + 1
    if (cap > this.cap) this.resize(cap)
  }

  private resize(cap: number): void {
    const old = this.slots
    const slots = new Int32Array(cap * 2)
    for (let j = 0; j < old.length; j += 2) {
      const h = old[j]!
      if (h === 0) continue
      let i = Math.floor(((h >>> 0) * cap) / 4294967296)
      while (slots[2 * i] !== 0) if (++i === cap) i = 0
      slots[2 * i] = h
      slots[2 * i + 1] = old[j + 1]!
    }
    this.slots = slots
    this.cap = cap
    this.limit = Math.floor(cap * MAX_LOAD)
  }
}

/** What the key index asks of the records when hashes match: whether a record really has a key. */
export interface KeyOwners {
  /** Whether record `record` has the key `key` (not a plain phone number: an email, a non-numeric phone key). */
  ownsKey(record: number, key: string): boolean
  /** Whether record `record` has a phone key whose phoneNumberKey is `n`. */
  ownsPhone(record: number, n: number): boolean
}

/**
 * Identity keys to the record first seen with them (or another record of the same person: any record that
 * has a key was joined to that key's first record when it was added, so the people come out the same).
 */
export class KeyIndex {
  private readonly phones = new KeyTable()
  private readonly hashed = new KeyTable()
  // The key and number being claimed, read by the verifiers below (made once, not a closure per claim).
  private key = ''
  private n = 0
  private readonly ownsKey = (record: number): boolean => this.owners.ownsKey(record, this.key)
  private readonly ownsPhone = (record: number): boolean => this.owners.ownsPhone(record, this.n)

  constructor(private readonly owners: KeyOwners) {}

  get bytes(): number {
    return this.phones.bytes + this.hashed.bytes
  }

  get size(): number {
    return this.phones.size + this.hashed.size
  }

  /** Makes room for `phones` more phone keys and `others` more other keys (KeyTable.reserve). */
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
    this.n = n
    return this.phones.claim(slotHash(n), record, this.ownsPhone)
  }

  /** claim() for a key that is not a plain phone number (an email, a non-numeric phone key); `h` its hash53
   * when already known (a worker computed it). */
  claimOther(key: string, record: number, h: number = hash53(key)): number {
    this.key = key
    return this.hashed.claim(slotHash(h), record, this.ownsKey)
  }
}
