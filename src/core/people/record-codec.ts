// The record layout, in one place: how a ContactRecord is stored (record-store.ts) and how it is packed for
// the trip from a worker thread to the index (RecordPacker, below). Fixed-size facts take one slot each: the
// line, the four consent states in one byte, the record's time, and each channel's consent time where it
// differs from the record's. Variable data (numbers, addresses, names, optionally the row's own cells) is one
// blob, Latin-1 or UTF-8 (see UTF8_MARK), written straight into the bytes it is kept in (writeBlob). The store
// and the packer write what encodeRecord() and writeBlob() give; every reader of a blob's bytes is here
// (blobText, blobHasEmail, blobHasPhoneNumber), so a layout change is made once, for both paths.

import { emptyList } from '../lists.js'
import { CHANNELS, PERSON_FIELDS, type ConsentState, type ContactRecord, type PersonFields } from '../model.js'
import { identityKey } from '../phone/identity.js'
import type { PhoneResult, PhoneType } from '../phone/types.js'
import { HASH53_H1, HASH53_H2, HASH53_M1, HASH53_M2, hash53End, phoneNumberKey } from './key-tables.js'
import { EMAIL_KEY } from './person.js'

// Blob layout: fields separated by US (\x1f), list items by RS (\x1e):
//   phones US emails US first_name US last_name US city … US gender [US cell0 US cell1 …]
// A phone is its E.164 digits, one letter for its type, and its two-letter region (or none).
const US = '\x1f'
const RS = '\x1e'
const US_BYTE = 0x1f
const RS_BYTE = 0x1e
const CONTROL = /[\x1e\x1f]/g

/**
 * A blob's two forms. Text whose UTF-16 units are all below 0x100 (nearly every record of real exports: Zoë,
 * Müller, García) is stored as Latin-1, one byte a unit, and read back by a Latin-1 decode, which costs less
 * than half of a UTF-8 one (the output pass decodes every record it writes). Any other text (राहुल, محمد,
 * Adébáyọ̀, a lone surrogate) is stored as UTF-8 after this one byte. The mark is in the blob, not in a
 * column: a Latin-1 blob, the form nearly every record has, costs no byte for it (and a byte fewer for each
 * accented letter than UTF-8), no slot of the store or the packer changes, and the bytes alone say how to read
 * them (blobHasEmail reads them without knowing the record). 0xff is never a Latin-1 blob's first byte, which
 * is a number's first digit, its type letter or US, and never a byte of UTF-8.
 */
const UTF8_MARK = 0xff

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

const BIT_STATES: ConsentState[] = ['unknown', 'granted', 'denied', 'unknown']

/** Control separators inside a value would break the blob: they become spaces (they are never data). */
const clean = (v: string) => (v.includes(RS) || v.includes(US) ? v.replace(CONTROL, ' ') : v)

/** TYPE_CODE as the byte written. A Map: a load by computed key from an object of twelve names was V8's
 * megamorphic keyed load, about 150 instructions a number (callgrind). */
const TYPE_BYTE = new Map<string, number>(Object.entries(TYPE_CODE).map(([t, c]) => [t, c.charCodeAt(0)]))
const UNKNOWN_TYPE_BYTE = 0x5f // '_'
const SPACE_BYTE = 0x20

/** The blob writeBlob is writing: where it starts, and whether it is UTF-8 by now (it starts as Latin-1). */
let blobAt = 0
let blobIsUtf8 = false

/**
 * Writes value `s` at `at` (room for 3 bytes a UTF-16 unit is the caller's), a separator inside it as a space
 * (clean()), in the form of the blob being written; returns the end. The blob is written value by value
 * straight into its bytes, not built as one string and encoded again: that string and its re-encoding were a
 * fifth of a worker's intake. A blob starts as Latin-1, a byte a unit; at its first unit above 0xff the bytes
 * written so far are made UTF-8 in place (toUtf8) and the blob goes on as UTF-8 (writeUtf8). Written again
 * from its start instead, those few records in a hundred cost more than the Latin-1 form saved here
 * (callgrind, the kit's chunks).
 */
function writeText(buf: Buffer, at: number, s: string): number {
  if (blobIsUtf8) return writeUtf8(buf, at, s, 0)
  const n = s.length
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i)
    if (c > 0xff) return writeUtf8(buf, toUtf8(buf, at), s, i)
    buf[at++] = c === US_BYTE || c === RS_BYTE ? SPACE_BYTE : c
  }
  return at
}

/**
 * Makes the Latin-1 bytes of the blob written so far, [blobAt, end), its UTF-8 form: UTF8_MARK, then their
 * text as UTF-8 (the text is a copy, so writing over the bytes it came from is safe; the room is blobBound's).
 * Two native calls: a byte loop moving them from the last one back was 41.6M instructions of JIT code in a
 * whole run of the kit's 300k rows, more than these calls (callgrind, --threads 0). Returns the new end.
 */
function toUtf8(buf: Buffer, end: number): number {
  const text = buf.toString('latin1', blobAt, end)
  buf[blobAt] = UTF8_MARK
  blobIsUtf8 = true
  return blobAt + 1 + buf.write(text, blobAt + 1, 'utf8')
}

/**
 * Writes `s` from unit `from` as UTF-8 (writeText's room and separators). ASCII is copied here, and so are
 * the two-byte characters (below U+0800: the accents of European names, Cyrillic, Greek; by measurement
 * Buffer#write for a name like `García` cost more than copying ten ASCII names). The first character from
 * U+0800 on hands the rest of the value to Buffer#write, which encodes exactly what the whole value's encoding
 * would (every unit before it is a whole character, and no surrogate pair spans two values: a separator or a
 * value's end lies between them; nor does one span `from`, the first unit above 0xff).
 */
function writeUtf8(buf: Buffer, at: number, s: string, from: number): number {
  const n = s.length
  for (let i = from; i < n; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) buf[at++] = c === US_BYTE || c === RS_BYTE ? SPACE_BYTE : c
    else if (c < 0x800) {
      buf[at++] = 0xc0 | (c >> 6)
      buf[at++] = 0x80 | (c & 0x3f)
    } else return at + buf.write(clean(i === 0 ? s : s.slice(i)), at, 'utf8')
  }
  return at
}

/** The most bytes writeBlob() writes for record `r` (and the row's cells): 3 a UTF-16 unit, 1 a separator, and
 * UTF8_MARK. */
export function blobBound(r: ContactRecord, cells?: readonly string[]): number {
  let units = 0
  let separators = 1 + PERSON_FIELDS.length
  for (let i = 0; i < r.phones.length; i++) {
    const p = r.phones[i]!
    units += p.e164.length + p.country.length
    separators += 2 // its type letter, and the RS before the next
  }
  for (let i = 0; i < r.emails.length; i++) units += r.emails[i]!.length + 1
  const f = r.fields
  units +=
    f.first_name.length + f.last_name.length + f.city.length + f.state.length + f.zip.length +
    f.country.length + f.external_id.length + f.value.length + f.dob.length + f.gender.length
  if (cells) for (let i = 0; i < cells.length; i++) units += cells[i]!.length + 1
  return 3 * units + separators + 1
}

/**
 * The blob of a record: its numbers, addresses and fields (and the row's own cells, when kept), into `buf`
 * from `at`, which has room for blobBound() bytes: as Latin-1 when every unit allows, else as UTF8_MARK and
 * UTF-8 (writeText turns it at the first unit that does not). Returns the end.
 */
export function writeBlob(r: ContactRecord, cells: readonly string[] | undefined, buf: Buffer, at: number): number {
  blobAt = at
  blobIsUtf8 = false
  // A phone: its E.164 digits without the +, one letter for its type, its region (or none).
  for (let i = 0; i < r.phones.length; i++) {
    const p = r.phones[i]!
    if (i > 0) buf[at++] = RS_BYTE
    const e = p.e164
    for (let k = 1; k < e.length; k++) buf[at++] = e.charCodeAt(k)
    buf[at++] = TYPE_BYTE.get(p.type) ?? UNKNOWN_TYPE_BYTE
    at = writeText(buf, at, p.country)
  }
  buf[at++] = US_BYTE
  for (let i = 0; i < r.emails.length; i++) {
    if (i > 0) buf[at++] = RS_BYTE
    at = writeText(buf, at, r.emails[i]!)
  }
  // The fields in PERSON_FIELDS order, written out (named loads, not a loop of loads by computed key).
  const f = r.fields
  buf[at++] = US_BYTE
  at = writeText(buf, at, f.first_name)
  buf[at++] = US_BYTE
  at = writeText(buf, at, f.last_name)
  buf[at++] = US_BYTE
  at = writeText(buf, at, f.city)
  buf[at++] = US_BYTE
  at = writeText(buf, at, f.state)
  buf[at++] = US_BYTE
  at = writeText(buf, at, f.zip)
  buf[at++] = US_BYTE
  at = writeText(buf, at, f.country)
  buf[at++] = US_BYTE
  at = writeText(buf, at, f.external_id)
  buf[at++] = US_BYTE
  at = writeText(buf, at, f.value)
  buf[at++] = US_BYTE
  at = writeText(buf, at, f.dob)
  buf[at++] = US_BYTE
  at = writeText(buf, at, f.gender)
  if (cells) {
    for (let i = 0; i < cells.length; i++) {
      buf[at++] = US_BYTE
      at = writeText(buf, at, cells[i]!)
    }
  }
  return at
}

/** CODE_TYPE by the letter's character code (a number can index an array; a letter looked up a dictionary). */
const TYPE_OF_CODE: PhoneType[] = []
for (const [c, t] of Object.entries(CODE_TYPE)) TYPE_OF_CODE[c.charCodeAt(0)] = t

function decodePhone(s: string): PhoneResult {
  let i = 0
  while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++
  const e164 = '+' + s.slice(0, i)
  // No letter (i at the end): charCodeAt gives NaN, which no entry has, like an unknown letter: ''.
  const type = TYPE_OF_CODE[s.charCodeAt(i)] ?? ''
  const country = s.slice(i + 1)
  const whatsapp = type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE'
  return { e164, key: identityKey(e164, country), type, status: whatsapp ? 'OK' : 'NOT_MOBILE', country, assumedCountry: '', ext: '', whatsapp }
}

/** A record's four consent states, two bits each, in CHANNELS order. */
export function consentBits(r: ContactRecord): number {
  const c = r.consent
  // CHANNELS order written out: named loads, and a state compared, not looked up by its name.
  return stateBits(c.whatsapp.state) | (stateBits(c.sms.state) << 2) | (stateBits(c.email.state) << 4) | (stateBits(c.ads.state) << 6)
}

/** A consent state's two bits: unknown 0, granted 1, denied 2 (BIT_STATES reads them back). */
const stateBits = (s: ConsentState): number => (s === 'granted' ? 1 : s === 'denied' ? 2 : 0)

/** Channel k's state in a record's consent bits. */
export function consentState(bits: number, k: number): ConsentState {
  return BIT_STATES[(bits >> (2 * k)) & 3]!
}

/**
 * A channel's consent time as stored: NaN means "the record's own time" (most records); a channel without a
 * time of its own on a timed record is -Infinity.
 */
export function storedAt(at: number, time: number): number {
  if (Object.is(at, time)) return NaN
  return Number.isNaN(at) ? -Infinity : at
}

/** The consent time storedAt() stored, given the record's time. */
export function readAt(stored: number, time: number): number {
  return Number.isNaN(stored) ? time : stored === -Infinity ? NaN : stored
}

/** One record's slots as the layout has them, filled in place by encodeRecord (one per writer, reused). */
export class EncodedRecord {
  line = 0
  consent = 0
  time = NaN
  /** Per channel, in CHANNELS order, as storedAt() gives them (NaN: the record's own time). */
  readonly at = new Float64Array(CHANNELS.length)
}

/** Lays out the slots of record `r` into `into` (its blob is written by writeBlob). */
export function encodeRecord(r: ContactRecord, into: EncodedRecord): EncodedRecord {
  into.line = r.line
  into.consent = consentBits(r)
  into.time = r.time
  const c = r.consent
  // CHANNELS order, written out.
  into.at[0] = storedAt(c.whatsapp.at, r.time)
  into.at[1] = storedAt(c.sms.at, r.time)
  into.at[2] = storedAt(c.email.at, r.time)
  into.at[3] = storedAt(c.ads.at, r.time)
  return into
}

/** A record's variable data, read back from its blob. */
export interface DecodedBlob {
  phones: PhoneResult[]
  emails: string[]
  fields: PersonFields
  cells: string[] | null
}

/** Where the field starting at `from` ends: the next US, or the end of the blob. */
function fieldEnd(text: string, from: number): number {
  const j = text.indexOf(US, from)
  return j < 0 ? text.length : j
}

/** A list field (numbers, addresses): most hold one item, which needs no split. */
function items(s: string): string[] {
  return s === '' ? emptyList() : s.indexOf(RS) < 0 ? [s] : s.split(RS)
}

/**
 * The blob read field by field, each cut at the next separator: split() and its array of parts cost twice
 * as much (the output pass decodes every record it writes). A field missing at the end reads as ''.
 */
export function decodeBlob(text: string): DecodedBlob {
  let b = -1
  // The next field: from after the separator that ended the last one to the next separator.
  const next = (): string => {
    const a = b + 1
    b = fieldEnd(text, a)
    return text.slice(a, b)
  }
  const phoneText = next()
  const emails = items(next())
  // PERSON_FIELDS order, as writeBlob wrote them (an object literal's values are read in their order).
  const fields: PersonFields = {
    first_name: next(),
    last_name: next(),
    city: next(),
    state: next(),
    zip: next(),
    country: next(),
    external_id: next(),
    value: next(),
    dob: next(),
    gender: next(),
  }
  // The row's own cells follow the fields when they were kept.
  const cells = b < text.length ? text.slice(b + 1).split(US) : null
  const phones = phoneText === '' ? emptyList<PhoneResult>() : phoneText.indexOf(RS) < 0 ? [decodePhone(phoneText)] : phoneText.split(RS).map(decodePhone)
  return { phones, emails, fields, cells }
}

/** The identity keys of a record, from its blob. */
export function blobKeys(text: string): string[] {
  const parts = text.split(US, 2)
  const phones = parts[0] === '' ? [] : parts[0]!.split(RS).map((s) => decodePhone(s).key)
  const emails = (parts[1] ?? '') === '' ? [] : parts[1]!.split(RS).map((e) => EMAIL_KEY + e)
  return [...phones, ...emails]
}

/**
 * A blob's text: bytes [start, end) of `buf` read in the form writeBlob wrote them (Latin-1, or UTF-8 after
 * UTF8_MARK). Every blob holds at least its separators, so `start < end`.
 */
export function blobText(buf: Buffer, start: number, end: number): string {
  return buf[start] === UTF8_MARK ? buf.toString('utf8', start + 1, end) : buf.toString('latin1', start, end)
}

/** Whether bytes [from, to) of `buf` are `text` from index `skip`, in the blob's form (`utf8`, else Latin-1). */
function sameText(buf: Buffer, from: number, to: number, text: string, skip: number, utf8: boolean): boolean {
  // One pass: as Latin-1 every unit is its byte (a unit above 0xff matches no byte, as it matches no text a
  // Latin-1 blob holds), and so is an ASCII unit as UTF-8, so a byte that differs (or runs out) settles it;
  // as UTF-8 a non-ASCII character hands the whole comparison to the decoder.
  let b = from
  for (let i = skip; i < text.length; i++, b++) {
    const c = text.charCodeAt(i)
    if (c >= 0x80 && utf8) return buf.toString('utf8', from, to) === text.slice(skip)
    if (b >= to || buf[b] !== c) return false
  }
  return b === to
}

/** Whether the blob in bytes [start, end) of `buf` holds the email of `key` (an EMAIL_KEY key), read in place. */
export function blobHasEmail(buf: Buffer, start: number, end: number, key: string): boolean {
  const utf8 = buf[start] === UTF8_MARK
  // The numbers before the first US are a few bytes: a loop, not a native indexOf call (~10x its cost here).
  let i = utf8 ? start + 1 : start
  while (i < end && buf[i] !== US_BYTE) i++
  if (i >= end) return false
  i++
  // The addresses: from the first US to the next, separated by RS.
  while (i < end) {
    let j = i
    while (j < end && buf[j] !== RS_BYTE && buf[j] !== US_BYTE) j++
    if (sameText(buf, i, j, key, EMAIL_KEY.length, utf8)) return true
    if (j >= end || buf[j] === US_BYTE) return false
    i = j + 1
  }
  return false
}

/**
 * Whether the blob in bytes [start, end) of `buf` holds a number whose identity key, as a number
 * (phoneNumberKey), is `n`: the key decodePhone() would give, read in place from the stored digits.
 */
export function blobHasPhoneNumber(buf: Buffer, start: number, end: number, n: number): boolean {
  // The numbers are ASCII, the same bytes in both forms.
  let i = buf[start] === UTF8_MARK ? start + 1 : start
  while (i < end && buf[i] !== US_BYTE) {
    let j = i
    let v = 0
    for (let c = buf[j]!; j < end && c >= 48 && c <= 57; c = buf[++j]!) v = v * 10 + (c - 48)
    const digits = j - i
    if (digits > 0 && digits <= 15) {
      // The pre-reform Mexican and Brazilian forms have another key than their digits (phone/identity.ts).
      const reform = (digits === 13 && buf[i] === 53 && buf[i + 1] === 50) || (digits === 12 && buf[i] === 53 && buf[i + 1] === 53)
      if ((reform ? phoneNumberKey(identityKey('+' + buf.toString('latin1', i, j), '')) : v) === n) return true
    }
    while (j < end && buf[j] !== RS_BYTE && buf[j] !== US_BYTE) j++
    if (j >= end || buf[j] === US_BYTE) return false
    i = j + 1
  }
  return false
}

/**
 * Records packed for the trip from a worker thread to the index: the slots in typed arrays, blobs as one
 * run of bytes (each in its form, writeBlob), identity keys flattened (phone keys as exact numbers, other
 * keys as strings).
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

/** An other key's end in RecordPacker's otherKeyEnds when the key is not Latin-1 (kept as a string): no end,
 * since keyText never reaches 4 GB. */
const NOT_LATIN1 = 0xffffffff

/** Typed storage for the packed records of one chunk, grown by doubling; blobs written straight into bytes. */
export class RecordPacker {
  private count = 0
  private cap: number
  private lines: Uint32Array
  private consent: Uint8Array
  private times: Float64Array
  private at: Float64Array
  private blobLens: Uint32Array
  private phoneKeyCounts: Uint8Array
  private otherKeyCounts: Uint8Array
  private blob: Buffer
  private blobUsed = 0
  private phoneKeys: Float64Array
  private phoneKeyUsed = 0
  /**
   * The other keys, in order, in typed arrays (off the heap the scavenger copies): a Latin-1 key (nearly all)
   * as the offset in keyText where its bytes end, any other as NOT_LATIN1 and its string in strayKeys. The
   * strings of Latin-1 keys are made at pack(), cut from one string: kept as strings from add() on, the
   * chunk's ten thousand keys lived through every scavenge of the chunk's intake and were copied by each
   * (measured: a third of the worker's scavenge time, about 0.5 µs a row in all), and so did the growing
   * arrays of their ends and hashes.
   */
  private otherKeyEnds: Uint32Array
  private otherKeyHashes: Float64Array
  private otherKeyCount = 0
  private readonly strayKeys = new Map<number, string>()
  private keyText: Buffer
  private keyTextUsed = 0
  private readonly slots = new EncodedRecord()

  constructor(expected: number) {
    this.cap = Math.max(16, expected)
    this.lines = new Uint32Array(this.cap)
    this.consent = new Uint8Array(this.cap)
    this.times = new Float64Array(this.cap)
    this.at = new Float64Array(this.cap * 4)
    this.blobLens = new Uint32Array(this.cap)
    this.phoneKeyCounts = new Uint8Array(this.cap)
    this.otherKeyCounts = new Uint8Array(this.cap)
    this.blob = Buffer.allocUnsafe(this.cap * 96)
    this.phoneKeys = new Float64Array(this.cap * 2)
    this.keyText = Buffer.allocUnsafe(this.cap * 32)
    this.otherKeyEnds = new Uint32Array(this.cap)
    this.otherKeyHashes = new Float64Array(this.cap)
  }

  /**
   * Notes the other key `prefix + s` (an email's key, or a phone key that is not a plain number, with no
   * prefix) and its hash53, hashed as its bytes are copied: a Latin-1 key is never made a string here (no
   * concatenation, no flattening of it for the hash).
   */
  private otherKey(prefix: string, s: string): void {
    const n = prefix.length + s.length
    if (this.keyTextUsed + n > this.keyText.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.keyText.length * 2, this.keyTextUsed + n))
      this.keyText.copy(bigger, 0, 0, this.keyTextUsed)
      this.keyText = bigger
    }
    this.keyH1 = HASH53_H1
    this.keyH2 = HASH53_H2
    this.keyHigh = 0
    const at = this.copyHashed(s, this.copyHashed(prefix, this.keyTextUsed))
    if (this.otherKeyCount === this.otherKeyEnds.length) {
      const ends = new Uint32Array(this.otherKeyCount * 2)
      ends.set(this.otherKeyEnds)
      this.otherKeyEnds = ends
      const hashes = new Float64Array(this.otherKeyCount * 2)
      hashes.set(this.otherKeyHashes)
      this.otherKeyHashes = hashes
    }
    const k = this.otherKeyCount++
    this.otherKeyHashes[k] = hash53End(this.keyH1, this.keyH2)
    if (this.keyHigh >= 0x100) {
      // Not Latin-1: kept as its string (its bytes written here are overwritten by the next key's).
      this.otherKeyEnds[k] = NOT_LATIN1
      this.strayKeys.set(k, prefix + s)
      return
    }
    this.keyTextUsed = at
    this.otherKeyEnds[k] = at
  }

  /** hash53's two halves over the key being noted, and its units or'd together (to see any above Latin-1). */
  private keyH1 = 0
  private keyH2 = 0
  private keyHigh = 0

  /**
   * Copies `s` into keyText from `at`, each UTF-16 unit as one byte (keyText is read back as Latin-1, byte for
   * unit, so a key of units below 0x100 comes back whole), stepping keyH1 and keyH2 over it as hash53's loop
   * does (key-tables.ts) and collecting the units in keyHigh. Returns the end.
   */
  private copyHashed(s: string, at: number): number {
    const buf = this.keyText
    let h1 = this.keyH1
    let h2 = this.keyH2
    let high = this.keyHigh
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i)
      h1 = Math.imul(h1 ^ c, HASH53_M1)
      h2 = Math.imul(h2 ^ c, HASH53_M2)
      high |= c
      buf[at++] = c
    }
    this.keyH1 = h1
    this.keyH2 = h2
    this.keyHigh = high
    return at
  }

  /** The other keys as strings: the Latin-1 ones cut from one string of keyText's bytes. */
  private otherKeyStrings(): string[] {
    const text = this.keyText.toString('latin1', 0, this.keyTextUsed)
    const keys = new Array<string>(this.otherKeyCount)
    let from = 0
    for (let i = 0; i < this.otherKeyCount; i++) {
      const end = this.otherKeyEnds[i]!
      if (end === NOT_LATIN1) keys[i] = this.strayKeys.get(i)!
      else {
        keys[i] = text.slice(from, end)
        from = end
      }
    }
    return keys
  }

  private grow(): void {
    const cap = this.cap * 2
    const g = <T extends Uint32Array | Uint8Array | Float64Array>(a: T, n: number, make: (n: number) => T): T => {
      const b = make(n)
      b.set(a)
      return b
    }
    this.lines = g(this.lines, cap, (n) => new Uint32Array(n))
    this.consent = g(this.consent, cap, (n) => new Uint8Array(n))
    this.times = g(this.times, cap, (n) => new Float64Array(n))
    this.at = g(this.at, cap * 4, (n) => new Float64Array(n))
    this.blobLens = g(this.blobLens, cap, (n) => new Uint32Array(n))
    this.phoneKeyCounts = g(this.phoneKeyCounts, cap, (n) => new Uint8Array(n))
    this.otherKeyCounts = g(this.otherKeyCounts, cap, (n) => new Uint8Array(n))
    this.cap = cap
  }

  /** Packs a record of a raw export (records whose votes another record decided are never packed). */
  add(r: ContactRecord, cells?: readonly string[]): void {
    if (this.count === this.cap) this.grow()
    const k = this.count++
    const e = encodeRecord(r, this.slots)
    this.lines[k] = e.line
    this.consent[k] = e.consent
    this.times[k] = e.time
    const at = this.at
    at[4 * k] = e.at[0]!
    at[4 * k + 1] = e.at[1]!
    at[4 * k + 2] = e.at[2]!
    at[4 * k + 3] = e.at[3]!
    const worst = blobBound(r, cells)
    if (this.blobUsed + worst > this.blob.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.blob.length * 2, this.blobUsed + worst))
      this.blob.copy(bigger, 0, 0, this.blobUsed)
      this.blob = bigger
    }
    const end = writeBlob(r, cells, this.blob, this.blobUsed)
    this.blobLens[k] = end - this.blobUsed
    this.blobUsed = end
    // The keys as the index claims them (KeyIndex.claim), in recordKeys() order: exact numbers for plain
    // phone keys, hashed strings else.
    let phones = 0
    let others = 0
    for (let i = 0; i < r.phones.length; i++) {
      const key = r.phones[i]!.key
      const n = phoneNumberKey(key)
      if (Number.isNaN(n)) {
        this.otherKey('', key)
        others++
      } else {
        if (this.phoneKeyUsed === this.phoneKeys.length) {
          const bigger = new Float64Array(this.phoneKeys.length * 2)
          bigger.set(this.phoneKeys)
          this.phoneKeys = bigger
        }
        this.phoneKeys[this.phoneKeyUsed++] = n
        phones++
      }
    }
    for (let i = 0; i < r.emails.length; i++) {
      this.otherKey(EMAIL_KEY, r.emails[i]!)
      others++
    }
    this.phoneKeyCounts[k] = phones
    this.otherKeyCounts[k] = others
  }

  pack(): PackedRecords {
    const n = this.count
    // Exact-size copies: each travels to the main thread as its own ArrayBuffer.
    return {
      count: n,
      lines: this.lines.slice(0, n),
      consent: this.consent.slice(0, n),
      times: this.times.slice(0, n),
      at: this.at.slice(0, n * 4),
      blob: new Uint8Array(this.blob.subarray(0, this.blobUsed)),
      blobLens: this.blobLens.slice(0, n),
      phoneKeys: this.phoneKeys.slice(0, this.phoneKeyUsed),
      phoneKeyCounts: this.phoneKeyCounts.slice(0, n),
      otherKeys: this.otherKeyStrings(),
      otherKeyHashes: this.otherKeyHashes.slice(0, this.otherKeyCount),
      otherKeyCounts: this.otherKeyCounts.slice(0, n),
    }
  }
}
