// Records in columns: fixed-size facts in compact columns (record-columns.ts, time-column.ts), variable data
// (numbers, addresses, names, optionally the row's own cells) as one blob per record in a ByteArena (Latin-1
// or UTF-8), laid out and read by record-codec.ts (which packs a worker's records the same way). A record
// costs about 5 bytes of slots (line and blob reference 2 each, consent 1; input and role by runs; times only
// where there are some) plus its blob, and no JS object outlives the row it came from.

import type { ConsentDecision } from '../consent.js'
import { emptyList } from '../lists.js'
import { CHANNELS, IN_CUSTOMERS, IN_FOLLOWERS, type Channel, type ContactRecord, type Provenance, type RoleMask } from '../model.js'
import { leadWhatsapp } from '../phone/types.js'
import { ByteArena } from './byte-arena.js'
import { DeltaColumn, RunColumn, type SharedDeltas, type SharedRuns } from './record-columns.js'
import { TimeColumn, type SharedTimes } from './time-column.js'
import { EMAIL_KEY, emailKey, personId, type Person } from './person.js'
import { blobBound, blobHasEmail, blobHasPhoneNumber, blobKeys, blobText, consentState, decodeBlob, EncodedRecord, encodeRecord, readAt, writeBlob, type PackedRecords } from './record-codec.js'
import type { SuppressionList } from './suppression.js'

const NO_VOTE: ConsentDecision = { state: 'unknown', rule: 'no-vote', source: null, at: NaN }

export { type PackedRecords } from './record-codec.js'

/** A record store's memory as another thread can read it: shared typed arrays and arena chunks. */
export interface SharedStore {
  count: number
  /** Each record's input and role, as input * 256 + role. */
  origin: SharedRuns
  line: SharedDeltas
  consent: Uint8Array<ArrayBufferLike>
  blobRef: SharedDeltas
  time: SharedTimes
  /** Per channel, in CHANNELS order. */
  at: SharedTimes[]
  voteSources: Array<[number, Partial<Record<Channel, Provenance>>]>
  arena: SharedArrayBuffer[]
  /** Where each arena chunk's data ends (ByteArena.chunkEnds). */
  arenaEnds: number[]
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

/** What a stored record gives back: the parts of a ContactRecord that merging needs, and its cells if kept. */
export interface StoredRecord extends ContactRecord {
  role: RoleMask
  cells: string[] | null
}

export class RecordStore {
  private cap = 0
  count = 0
  /** Input and role, as input * 256 + role: the same for every record of an input file, so kept as runs. */
  private origin = new RunColumn()
  private line = new DeltaColumn()
  private consent: Uint8Array<ArrayBufferLike> = new Uint8Array(0)
  /** Each blob's arena reference (its length is where the next one starts: blob()). */
  private blobRef = new DeltaColumn()
  /** Arena references of a packed batch, before they go into blobRef (reused). */
  private refs = new Uint32Array(0)
  /** Record times; memory only from the first record that has one (many exports have none). */
  private time = new TimeColumn()
  /** Per channel (CHANNELS order), the consent time where it differs from the record's time, as storedAt()
   * gives it; memory only on first need (Klaviyo has per-channel consent timestamps, most exports do not). */
  private at: TimeColumn[] = CHANNELS.map(() => new TimeColumn())
  /** Votes decided by another record (person rows of a contact CSV): rare, so a Map. */
  private readonly voteSources = new Map<number, Partial<Record<Channel, Provenance>>>()
  private arena = new ByteArena()

  /**
   * The store's memory for worker threads (the output pass runs there): the fixed arrays are copied into
   * shared memory (a few bytes a record); the arena already is shared and is not copied.
   */
  share(): SharedStore {
    const n = this.count
    const s: SharedStore = {
      count: n,
      origin: this.origin.share(),
      line: this.line.share(n),
      consent: shared(this.consent, n, (b) => new Uint8Array(b)),
      blobRef: this.blobRef.share(n),
      time: this.time.share(),
      at: this.at.map((a) => a.share()),
      voteSources: [...this.voteSources.entries()],
      arena: this.arena.share(),
      arenaEnds: this.arena.chunkEnds(),
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
    r.arena = ByteArena.fromShared(s.arena, s.arenaEnds)
    return r
  }

  /** Reads the fixed arrays of `s` from now on; full, so no record can be added. */
  private adopt(s: SharedStore): void {
    this.count = s.count
    this.cap = s.count
    this.origin = RunColumn.fromShared(s.origin)
    this.line = DeltaColumn.fromShared(s.line)
    this.consent = s.consent
    this.blobRef = DeltaColumn.fromShared(s.blobRef)
    this.time = TimeColumn.fromShared(s.time)
    this.at = s.at.map((a) => TimeColumn.fromShared(a))
  }

  /** Bytes held by the store, for the memory figures. */
  get bytes(): number {
    let b = this.arena.bytes
    b += this.origin.bytes + this.line.bytes + this.consent.byteLength + this.blobRef.bytes
    b += this.time.bytes
    for (const a of this.at) b += a.bytes
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
    const g = <T extends Uint32Array | Uint16Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap)
      b.set(a)
      return b
    }
    // In shared memory from the start: share() then hands the worker threads views, not copies (at ten million
    // records a copy was a few hundred megabytes at the peak).
    this.origin.resize(cap)
    this.line.resize(cap)
    this.consent = g(this.consent, (n) => sharedArray(Uint8Array, n))
    this.blobRef.resize(cap)
    this.cap = cap
  }

  /** Slots of the record being added, reused. */
  private readonly slots = new EncodedRecord()

  /** Stores a record; `cells` (the row's own cells) are kept only when given (dedupe and join write them). */
  add(r: ContactRecord, role: RoleMask, cells?: readonly string[]): number {
    if (this.count === this.cap) this.grow()
    const id = this.count++
    if (r.input > 0xffff) throw new RangeError('too many input files')
    const e = encodeRecord(r, this.slots)
    this.origin.setRun(id, 1, r.input * 256 + role, this.cap)
    this.line.set(id, e.line)
    for (let c = 0; c < CHANNELS.length; c++) {
      const ch = CHANNELS[c]!
      this.at[c]!.set(id, e.at[c]!, this.cap)
      const source = r.consent[ch].source
      if (source) {
        const s = this.voteSources.get(id) ?? {}
        s[ch] = source
        this.voteSources.set(id, s)
      }
    }
    this.consent[id] = e.consent
    this.time.set(id, e.time, this.cap)

    const into = this.arena.reserve(blobBound(r, cells))
    const start = this.arena.writeAt
    this.blobRef.set(id, this.arena.commit(writeBlob(r, cells, into, start) - start))
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
    if (input > 0xffff) throw new RangeError('too many input files')
    this.origin.setRun(first, n, input * 256 + role, this.cap)
    for (let k = 0; k < n; k++) this.line.set(first + k, p.lines[k]!)
    this.consent.set(p.consent, first)
    // Most records have no time and no consent time of their own (NaN): only the others are set.
    const times = p.times
    for (let k = 0; k < n; k++) if (!Number.isNaN(times[k]!)) this.time.set(first + k, times[k]!, this.cap)
    for (let c = 0; c < CHANNELS.length; c++) {
      const at = this.at[c]!
      for (let k = 0; k < n; k++) if (!Number.isNaN(p.at[k * 4 + c]!)) at.set(first + k, p.at[k * 4 + c]!, this.cap)
    }
    if (this.refs.length < n) this.refs = new Uint32Array(Math.max(n, this.refs.length * 2))
    this.arena.appendRun(p.blob, p.blobLens, this.refs, 0)
    for (let k = 0; k < n; k++) this.blobRef.set(first + k, this.refs[k]!)
    this.count += n
    return first
  }

  /**
   * Record `id`'s blob as text. Blobs lie back to back in record order, so no lengths are kept: one ends where
   * the next begins (ByteArena.end). Its bytes are read only by record-codec.ts, which knows their form.
   */
  private blob(id: number): string {
    const ref = this.blobRef.get(id)
    const start = this.arena.offsetOf(ref)
    return blobText(this.arena.chunkOf(ref), start, this.arena.end(ref, id + 1 < this.count ? this.blobRef.get(id + 1) : -1))
  }

  /**
   * Whether a record has the identity key `key` (verifying a hash hit). An email key is compared with the
   * record's addresses in its stored bytes: on the bench's 1.5M rows a third of the records repeat an
   * address, and decoding each one's whole blob to check was a tenth of the main thread's work.
   */
  hasKey(id: number, key: string): boolean {
    if (!key.startsWith(EMAIL_KEY)) return this.keys(id).includes(key)
    // The addresses end at the blob's second separator (fields follow them), so their end needs no look-up.
    const ref = this.blobRef.get(id)
    const chunk = this.arena.chunkOf(ref)
    return blobHasEmail(chunk, this.arena.offsetOf(ref), chunk.length, key)
  }

  /** Whether a record has a phone key whose number (phoneNumberKey) is `n`, read in its stored bytes. */
  hasPhoneNumber(id: number, n: number): boolean {
    // The numbers end at the blob's first separator, so their end needs no look-up.
    const ref = this.blobRef.get(id)
    const chunk = this.arena.chunkOf(ref)
    return blobHasPhoneNumber(chunk, this.arena.offsetOf(ref), chunk.length, n)
  }

  /** The identity keys of a record (for verifying a hash hit). */
  keys(id: number): string[] {
    return blobKeys(this.blob(id))
  }

  inputOf(id: number): number {
    return this.origin.get(id) >>> 8
  }

  roleOf(id: number): RoleMask {
    return (this.origin.get(id) & 0xff) as RoleMask
  }

  lineOf(id: number): number {
    return this.line.get(id)
  }

  /**
   * The person of a one-record group (most people), read straight from the record's slots and blob: the
   * merge rules of people-index.ts's merge() for one record, without the StoredRecord in between. Its
   * numbers and addresses are its record's (the intake made them distinct), the first WhatsApp-eligible
   * number leads, a stated country is the field, else the leading number's region; each channel's decision
   * is the record's own vote (consent.ts rules 1-3: suppressed, no vote, or the one vote agreed).
   */
  single(id: number, suppression: SuppressionList, withId: boolean): Person {
    const { phones, emails, fields } = decodeBlob(this.blob(id))
    if (phones.length > 1) leadWhatsapp(phones)
    // The length tested, not phones[0]?.: a load past the end is a branch of its own to TurboFan (a deopt at the
    // first person without a number).
    if (fields.country === '') fields.country = phones.length > 0 ? phones[0]!.country : ''
    const suppressed = suppression.size === 0 ? null : suppression.find([...phones.map((p) => p.key), ...emails.map(emailKey)])
    const d = decisions
    if (suppressed) {
      for (let k = 0; k < CHANNELS.length; k++) d[k] = { state: 'denied', rule: 'suppressed', source: { input: suppressed.input, line: suppressed.line }, at: NaN }
    } else {
      const bits = this.consent[id]!
      const time = this.time.get(id)
      const sources = this.voteSources.size === 0 ? undefined : this.voteSources.get(id)
      // One provenance for the channels the record decided itself: decisions are read, never changed.
      let own: Provenance | null = null
      for (let k = 0; k < CHANNELS.length; k++) {
        const state = consentState(bits, k)
        if (state === 'unknown') {
          d[k] = NO_VOTE
          continue
        }
        const from = sources?.[CHANNELS[k]!]
        const source = from ? { input: from.input, line: from.line } : (own ??= { input: this.inputOf(id), line: this.line.get(id) })
        d[k] = { state, rule: 'agreed', source, at: readAt(this.at[k]!.get(id), time) }
      }
    }
    const consent = byChannel(d)
    const role = this.roleOf(id)
    return {
      id: withId ? personId(phones, emails) : '',
      recordCount: 1,
      phones,
      emails,
      fields,
      consent,
      inCustomers: (role & IN_CUSTOMERS) !== 0,
      inFollowers: (role & IN_FOLLOWERS) !== 0,
      suppressed,
    }
  }

  get(id: number): StoredRecord {
    const { phones, emails, fields, cells } = decodeBlob(this.blob(id))
    const time = this.time.get(id)
    const bits = this.consent[id]!
    const sources = this.voteSources.size === 0 ? undefined : this.voteSources.get(id)
    const v = votes
    for (let k = 0; k < CHANNELS.length; k++) {
      const at = readAt(this.at[k]!.get(id), time)
      const source = sources?.[CHANNELS[k]!]
      v[k] = source ? { state: consentState(bits, k), at, source } : { state: consentState(bits, k), at }
    }
    const consent = byChannel(v)
    const origin = this.origin.get(id)
    return { input: origin >>> 8, line: this.line.get(id), phones, badPhones: emptyList(), emails, fields, consent, time, role: (origin & 0xff) as RoleMask, cells }
  }
}

/** Scratch lists of one record's four decisions or votes, in CHANNELS order (see byChannel). */
const decisions: ConsentDecision[] = []
const votes: ContactRecord['consent'][Channel][] = []

/**
 * Four values in CHANNELS order as the object by channel: one literal, where a store by computed key per
 * channel went through the megamorphic store path (four shapes, one per channel added).
 */
export function byChannel<T>(v: readonly T[]): Record<Channel, T> {
  return { whatsapp: v[0]!, sms: v[1]!, email: v[2]!, ads: v[3]! }
}

