// Records in columns: fixed-size facts in typed arrays (one slot per record), variable data (numbers,
// addresses, names, optionally the row's own cells) as one UTF-8 blob per record in a ByteArena. A record
// costs ~30 bytes of slots plus its blob, and no JS object outlives the row it came from.

import { CHANNELS, PERSON_FIELDS, emptyPersonFields, type Channel, type ConsentState, type ContactRecord, type PersonFields, type Provenance, type RoleMask } from '../model.js'
import { identityKey } from '../phone/identity.js'
import type { PhoneResult, PhoneType } from '../phone/types.js'
import { ByteArena } from './byte-arena.js'
import { EMAIL_KEY } from './person.js'

// Blob layout: fields separated by US (\x1f), list items by RS (\x1e):
//   phones US emails US first_name US last_name US city … US gender [US cell0 US cell1 …]
// A phone is its E.164 digits, one letter for its type, and its two-letter region (or none).
const US = '\x1f'
const RS = '\x1e'
const CONTROL = /[\x1e\x1f]/g

const TYPE_CODE: Record<string, string> = {
  MOBILE: 'M',
  FIXED_LINE: 'F',
  FIXED_LINE_OR_MOBILE: 'B',
  PREMIUM_RATE: 'P',
  TOLL_FREE: 'T',
  SHARED_COST: 'S',
  VOIP: 'V',
  PERSONAL_NUMBER: 'N',
  PAGER: 'G',
  UAN: 'U',
  VOICEMAIL: 'W',
  '': '_',
}
const CODE_TYPE: Record<string, PhoneType> = Object.fromEntries(Object.entries(TYPE_CODE).map(([t, c]) => [c, t as PhoneType]))

const STATE_BITS: Record<ConsentState, number> = { unknown: 0, granted: 1, denied: 2 }
const BIT_STATES: ConsentState[] = ['unknown', 'granted', 'denied', 'unknown']

/** Control separators inside a value would break the blob: they become spaces (they are never data). */
const clean = (v: string) => (v.includes(RS) || v.includes(US) ? v.replace(CONTROL, ' ') : v)

function encodePhone(p: PhoneResult): string {
  return p.e164.slice(1) + (TYPE_CODE[p.type] ?? '_') + p.country
}

function decodePhone(s: string): PhoneResult {
  let i = 0
  while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++
  const e164 = '+' + s.slice(0, i)
  const type = CODE_TYPE[s[i] ?? '_'] ?? ''
  const country = s.slice(i + 1)
  const whatsapp = type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE'
  return { e164, key: identityKey(e164, country), type, status: whatsapp ? 'OK' : 'NOT_MOBILE', country, assumedCountry: '', ext: '', whatsapp }
}

/** The blob of a record: its numbers, addresses and fields (and the row's own cells, when kept). */
export function encodeBlob(r: ContactRecord, cells?: readonly string[]): string {
  let blob = r.phones.map(encodePhone).join(RS) + US + r.emails.map(clean).join(RS)
  for (const f of PERSON_FIELDS) blob += US + clean(r.fields[f])
  if (cells) for (const c of cells) blob += US + clean(c)
  return blob
}

/** A record's four consent states, two bits each, in CHANNELS order. */
export function consentBits(r: ContactRecord): number {
  let bits = 0
  CHANNELS.forEach((ch, k) => (bits |= STATE_BITS[r.consent[ch].state] << (2 * k)))
  return bits
}

/**
 * A channel's consent time as stored: NaN means "the record's own time" (most records); a channel without a
 * time of its own on a timed record is -Infinity.
 */
export function storedAt(at: number, time: number): number {
  if (Object.is(at, time)) return NaN
  return Number.isNaN(at) ? -Infinity : at
}

/**
 * Records packed for the trip from a worker thread to the index: fixed facts in typed arrays, blobs as one
 * run of UTF-8 bytes, identity keys flattened (phone keys as exact numbers, other keys as strings).
 */
export interface PackedRecords {
  count: number
  lines: Uint32Array
  consent: Uint8Array
  times: Float64Array
  /** Four per record, in CHANNELS order, as storedAt() gives them. */
  at: Float64Array
  blob: Uint8Array
  blobLens: Uint32Array
  phoneKeys: Float64Array
  phoneKeyCounts: Uint8Array
  otherKeys: string[]
  /** hash53 of each of otherKeys, computed by the worker (the index only looks them up). */
  otherKeyHashes: Float64Array
  otherKeyCounts: Uint8Array
}

/** A record store's memory as another thread can read it: shared typed arrays and arena chunks. */
export interface SharedStore {
  count: number
  input: Uint16Array<ArrayBufferLike>
  line: Uint32Array<ArrayBufferLike>
  role: Uint8Array<ArrayBufferLike>
  consent: Uint8Array<ArrayBufferLike>
  blobRef: Uint32Array<ArrayBufferLike>
  blobLen: Uint32Array<ArrayBufferLike>
  time: Float64Array<ArrayBufferLike> | null
  at: Record<Channel, Float64Array<ArrayBufferLike> | null>
  voteSources: Array<[number, Partial<Record<Channel, Provenance>>]>
  arena: SharedArrayBuffer[]
}

/**
 * The first `n` values of a typed array, in shared memory: a view when the array already lives there (the
 * store allocates its arrays in shared memory, so sharing copies nothing), else a copy.
 */
function shared<T extends Uint8Array<ArrayBufferLike> | Uint16Array<ArrayBufferLike> | Uint32Array<ArrayBufferLike> | Float64Array<ArrayBufferLike>>(
  a: T,
  n: number,
  make: (b: SharedArrayBuffer) => T,
): T {
  if (a.buffer instanceof SharedArrayBuffer && n > 0) return a.subarray(0, n) as T
  const out = make(new SharedArrayBuffer(Math.max(1, n) * a.BYTES_PER_ELEMENT))
  out.set(a.subarray(0, n) as never)
  return out
}

/** A typed array of `n` elements in shared memory. */
function sharedArray<T>(C: { new (b: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }, n: number): T {
  return new C(new SharedArrayBuffer(n * C.BYTES_PER_ELEMENT))
}

/** Whether bytes [from, to) of `buf` are the UTF-8 of `text` from index `skip`. */
function sameText(buf: Buffer, from: number, to: number, text: string, skip: number): boolean {
  let ascii = true
  for (let i = skip; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) ascii = false
  if (!ascii) return buf.toString('utf8', from, to) === text.slice(skip)
  if (to - from !== text.length - skip) return false
  for (let i = skip, b = from; i < text.length; i++, b++) if (buf[b] !== text.charCodeAt(i)) return false
  return true
}

/** What a stored record gives back: the parts of a ContactRecord that merging needs, and its cells if kept. */
export interface StoredRecord extends ContactRecord {
  role: RoleMask
  cells: string[] | null
}

export class RecordStore {
  private cap = 0
  count = 0
  private input: Uint16Array<ArrayBufferLike> = new Uint16Array(0)
  private line: Uint32Array<ArrayBufferLike> = new Uint32Array(0)
  private role: Uint8Array<ArrayBufferLike> = new Uint8Array(0)
  private consent: Uint8Array<ArrayBufferLike> = new Uint8Array(0)
  private blobRef: Uint32Array<ArrayBufferLike> = new Uint32Array(0)
  private blobLen: Uint32Array<ArrayBufferLike> = new Uint32Array(0)
  /** Record times; allocated only once some record has one (many exports have none). */
  private time: Float64Array<ArrayBufferLike> | null = null
  /** Per channel, the consent time where it differs from the record's time; allocated on first need
   * (Klaviyo has per-channel consent timestamps, most exports do not). */
  private at: Record<Channel, Float64Array<ArrayBufferLike> | null> = { whatsapp: null, sms: null, email: null, ads: null }
  /** Votes decided by another record (person rows of a contact CSV): rare, so a Map. */
  private readonly voteSources = new Map<number, Partial<Record<Channel, Provenance>>>()
  private arena = new ByteArena()

  /**
   * The store's memory for worker threads (the output pass runs there): the fixed arrays are copied into
   * shared memory (a few bytes a record); the arena already is shared and is not copied.
   */
  share(): SharedStore {
    const n = this.count
    const at = {} as Record<Channel, Float64Array<ArrayBufferLike> | null>
    for (const ch of CHANNELS) at[ch] = this.at[ch] ? shared(this.at[ch]!, n, (b) => new Float64Array(b)) : null
    const s: SharedStore = {
      count: n,
      input: shared(this.input, n, (b) => new Uint16Array(b)),
      line: shared(this.line, n, (b) => new Uint32Array(b)),
      role: shared(this.role, n, (b) => new Uint8Array(b)),
      consent: shared(this.consent, n, (b) => new Uint8Array(b)),
      blobRef: shared(this.blobRef, n, (b) => new Uint32Array(b)),
      blobLen: shared(this.blobLen, n, (b) => new Uint32Array(b)),
      time: this.time ? shared(this.time, n, (b) => new Float64Array(b)) : null,
      at,
      voteSources: [...this.voteSources.entries()],
      arena: this.arena.share(),
    }
    // The store reads the shared views from now on (with a copy, the private arrays are then freed), so
    // sharing never doubles the memory. Records are no longer added after this.
    this.adopt(s)
    return s
  }

  /** A read-only store over another thread's shared memory (get() and keys() only). */
  static fromShared(s: SharedStore): RecordStore {
    const r = new RecordStore()
    r.adopt(s)
    for (const [id, src] of s.voteSources) r.voteSources.set(id, src)
    r.arena = ByteArena.fromShared(s.arena)
    return r
  }

  /** Reads the fixed arrays of `s` from now on; full, so no record can be added. */
  private adopt(s: SharedStore): void {
    this.count = s.count
    this.cap = s.count
    this.input = s.input
    this.line = s.line
    this.role = s.role
    this.consent = s.consent
    this.blobRef = s.blobRef
    this.blobLen = s.blobLen
    this.time = s.time
    this.at = s.at
  }

  /** Bytes held by the store, for the memory figures. */
  get bytes(): number {
    let b = this.arena.bytes
    b += this.input.byteLength + this.line.byteLength + this.role.byteLength + this.consent.byteLength + this.blobRef.byteLength + this.blobLen.byteLength
    if (this.time) b += this.time.byteLength
    for (const ch of CHANNELS) b += this.at[ch]?.byteLength ?? 0
    return b
  }

  private grow(): void {
    // 1.5x, not 2x: at ten million records the slack of doubling is hundreds of megabytes.
    this.resize(Math.max(1024, Math.ceil(this.cap * 1.5)))
  }

  /** Makes room for `more` records than it holds, in one resize to exactly that (no growth slack). */
  reserve(more: number): void {
    if (this.count + more > this.cap) this.resize(this.count + more)
  }

  private resize(cap: number): void {
    const g = <T extends Float64Array | Uint32Array | Uint16Array | Uint8Array>(a: T, make: (n: number) => T, fill?: number): T => {
      const b = make(cap)
      b.set(a)
      if (fill !== undefined) b.fill(fill, this.cap)
      return b
    }
    // In shared memory from the start: share() then hands the worker threads views, not copies (at ten million
    // records a copy was a few hundred megabytes at the peak).
    this.input = g(this.input, (n) => sharedArray(Uint16Array, n))
    this.line = g(this.line, (n) => sharedArray(Uint32Array, n))
    this.role = g(this.role, (n) => sharedArray(Uint8Array, n))
    this.consent = g(this.consent, (n) => sharedArray(Uint8Array, n))
    this.blobRef = g(this.blobRef, (n) => sharedArray(Uint32Array, n))
    this.blobLen = g(this.blobLen, (n) => sharedArray(Uint32Array, n))
    if (this.time) this.time = g(this.time, (n) => sharedArray(Float64Array, n), NaN)
    for (const ch of CHANNELS) {
      const a = this.at[ch]
      if (a) this.at[ch] = g(a, (n) => sharedArray(Float64Array, n), NaN)
    }
    this.cap = cap
  }

  private lazyFloat(): Float64Array {
    return sharedArray(Float64Array, this.cap).fill(NaN)
  }

  /** Stores a record; `cells` (the row's own cells) are kept only when given (dedupe and join write them). */
  add(r: ContactRecord, role: RoleMask, cells?: readonly string[]): number {
    if (this.count === this.cap) this.grow()
    const id = this.count++
    if (r.input > 0xffff) throw new RangeError('too many input files')
    this.input[id] = r.input
    this.line[id] = r.line
    this.role[id] = role
    for (const ch of CHANNELS) {
      const v = r.consent[ch]
      const at = storedAt(v.at, r.time)
      if (!Number.isNaN(at)) (this.at[ch] ??= this.lazyFloat())[id] = at
      if (v.source) {
        const s = this.voteSources.get(id) ?? {}
        s[ch] = v.source
        this.voteSources.set(id, s)
      }
    }
    this.consent[id] = consentBits(r)
    if (!Number.isNaN(r.time)) (this.time ??= this.lazyFloat())[id] = r.time

    const { ref, length } = this.arena.append(encodeBlob(r, cells))
    this.blobRef[id] = ref
    this.blobLen[id] = length
    return id
  }

  /**
   * Stores a packed batch of records (from a worker) in one go: the fixed facts copied array to array, the
   * blobs copied in runs. Returns the id of the batch's first record; the others follow in order.
   */
  addPackedBatch(p: PackedRecords, input: number, role: RoleMask): number {
    const first = this.count
    while (this.count + p.count > this.cap) this.grow()
    const n = p.count
    this.input.fill(input, first, first + n)
    this.line.set(p.lines, first)
    this.role.fill(role, first, first + n)
    this.consent.set(p.consent, first)
    for (let k = 0; k < n; k++) {
      const time = p.times[k]!
      if (!Number.isNaN(time)) (this.time ??= this.lazyFloat())[first + k] = time
    }
    CHANNELS.forEach((ch, c) => {
      for (let k = 0; k < n; k++) {
        const at = p.at[k * 4 + c]!
        if (!Number.isNaN(at)) (this.at[ch] ??= this.lazyFloat())[first + k] = at
      }
    })
    this.arena.appendRun(p.blob, p.blobLens, this.blobRef, first)
    this.blobLen.set(p.blobLens, first)
    this.count += n
    return first
  }

  private blob(id: number): string[] {
    return this.arena.read(this.blobRef[id]!, this.blobLen[id]!).split(US)
  }

  /**
   * Whether a record has the identity key `key` (verifying a hash hit). An email key is compared with the
   * record's addresses in its stored bytes: on the bench's 1.5M rows a third of the records repeat an
   * address, and decoding each one's whole blob to check was a tenth of the main thread's work.
   */
  hasKey(id: number, key: string): boolean {
    if (!key.startsWith(EMAIL_KEY)) return this.keys(id).includes(key)
    const ref = this.blobRef[id]!
    const buf = this.arena.chunkOf(ref)
    const start = this.arena.offsetOf(ref)
    const end = start + this.blobLen[id]!
    let i = buf.indexOf(0x1f, start)
    if (i < 0 || i >= end) return false
    i++
    // The addresses: from the first US to the next, separated by RS.
    while (i < end) {
      let j = i
      while (j < end && buf[j] !== 0x1e && buf[j] !== 0x1f) j++
      if (sameText(buf, i, j, key, EMAIL_KEY.length)) return true
      if (j >= end || buf[j] === 0x1f) return false
      i = j + 1
    }
    return false
  }

  /** The identity keys of a record (for verifying a hash hit). */
  keys(id: number): string[] {
    const parts = this.blob(id)
    const phones = parts[0] === '' ? [] : parts[0]!.split(RS).map((s) => decodePhone(s).key)
    const emails = parts[1] === '' ? [] : parts[1]!.split(RS).map((e) => EMAIL_KEY + e)
    return [...phones, ...emails]
  }

  inputOf(id: number): number {
    return this.input[id]!
  }

  get(id: number): StoredRecord {
    const parts = this.blob(id)
    const phones = parts[0] === '' ? [] : parts[0]!.split(RS).map(decodePhone)
    const emails = parts[1] === '' ? [] : parts[1]!.split(RS)
    const fields: PersonFields = emptyPersonFields()
    for (let k = 0; k < PERSON_FIELDS.length; k++) fields[PERSON_FIELDS[k]!] = parts[2 + k] ?? ''
    const cells = parts.length > 2 + PERSON_FIELDS.length ? parts.slice(2 + PERSON_FIELDS.length) : null
    const time = this.time ? this.time[id]! : NaN
    const bits = this.consent[id]!
    const sources = this.voteSources.size === 0 ? undefined : this.voteSources.get(id)
    const consent = {} as ContactRecord['consent']
    for (let k = 0; k < CHANNELS.length; k++) {
      const ch = CHANNELS[k]!
      const a = this.at[ch]
      const stored = a ? a[id]! : NaN
      const at = Number.isNaN(stored) ? time : stored === -Infinity ? NaN : stored
      const source = sources?.[ch]
      consent[ch] = source ? { state: BIT_STATES[(bits >> (2 * k)) & 3]!, at, source } : { state: BIT_STATES[(bits >> (2 * k)) & 3]!, at }
    }
    return { input: this.input[id]!, line: this.line[id]!, phones, badPhones: [], emails, fields, consent, time, role: this.role[id]! as RoleMask, cells }
  }
}
