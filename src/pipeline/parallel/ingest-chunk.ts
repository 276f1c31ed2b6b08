// One chunk of an input, read the way the main thread reads rows (pipeline/ingest.ts) but in a worker
// thread: decoded, split into records, checked for shape, read into contact records (core/record.ts), and
// packed for the trip back (typed arrays and one run of UTF-8 bytes, transferred, not copied). The main
// thread adds the packed records to the people index in chunk order, so the people are the same as when
// every row is read on the main thread.

import { readConsentValue } from '../../core/consent-value.js'
import { CHANNELS, type ContactRecord, type RowReject } from '../../core/model.js'
import { consentBits, encodeBlob, storedAt, type PackedRecords } from '../../core/people/record-store.js'
import { hash53, phoneNumberKey } from '../../core/people/key-tables.js'
import { emailKey } from '../../core/people/person.js'
import { readRecord, type RecordOptions, type RowLayout } from '../../core/record.js'
import { timeNoteKey } from '../../core/time.js'
import { CsvSyntaxError, FastCsvParser } from '../../io/fast-csv.js'
import { cutShortMessage, notUtf8 } from '../../io/utf8-errors.js'

export interface IngestJob {
  kind: 'ingest'
  bytes: Uint8Array
  firstLine: number
  /** The file's line end, as the chunk reader found it. */
  nl: '\n' | '\r'
  /** Names the file in messages. */
  name: string
  input: number
  encoding: string
  /** A file that looked like UTF-8 is refused, not misread, when later bytes are not (read-table.ts). */
  strictUtf8: boolean
  delimiter: string
  header: string[]
  layout: RowLayout
  options: RecordOptions
  /** dedupe/join: keep the row's own cells in the blob. */
  keepCells: boolean
}

export interface IngestResult {
  packed: PackedRecords
  rejects: RowReject[]
  /** Status counts of every number read. */
  phones: Record<string, number>
  /** Cells left empty because they would run as a formula, by field (core/formula.ts). */
  emptied: Record<string, number>
  /** Non-empty consent values read as unknown: [column index, value, count]. */
  audit: Array<[number, string, number]>
  /** Data rows read (empty lines not counted). */
  rows: number
  /** A problem that stops the run: the message of the InputError the main thread throws, and its line. */
  error?: { message: string; line: number }
  /** The chunk's buffer, handed back for the next chunk (read-chunks.ts, ChunkBuffers). */
  spare?: ArrayBuffer
}

/** Typed storage for the packed records of one chunk, grown by doubling; blobs encoded straight into bytes. */
class Packer {
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
  private readonly otherKeys: string[] = []
  private readonly otherKeyHashes: number[] = []

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

  add(r: ContactRecord, cells?: readonly string[]): void {
    if (this.count === this.cap) this.grow()
    const k = this.count++
    this.lines[k] = r.line
    this.consent[k] = consentBits(r)
    this.times[k] = r.time
    CHANNELS.forEach((ch, c) => (this.at[k * 4 + c] = storedAt(r.consent[ch].at, r.time)))
    const blob = encodeBlob(r, cells)
    // Room for the worst case (3 UTF-8 bytes per UTF-16 unit), then the real size from write().
    if (this.blobUsed + blob.length * 3 > this.blob.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.blob.length * 2, this.blobUsed + blob.length * 3))
      this.blob.copy(bigger, 0, 0, this.blobUsed)
      this.blob = bigger
    }
    const written = this.blob.write(blob, this.blobUsed, 'utf8')
    this.blobUsed += written
    this.blobLens[k] = written
    let phones = 0
    let others = 0
    for (const p of r.phones) {
      const n = phoneNumberKey(p.key)
      if (Number.isNaN(n)) {
        this.otherKeys.push(p.key)
        this.otherKeyHashes.push(hash53(p.key))
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
    for (const e of r.emails) {
      const key = emailKey(e)
      this.otherKeys.push(key)
      this.otherKeyHashes.push(hash53(key))
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
      otherKeys: this.otherKeys,
      otherKeyHashes: Float64Array.from(this.otherKeyHashes),
      otherKeyCounts: this.otherKeyCounts.slice(0, n),
    }
  }
}

/** Decoded in slices this small the strings stay in V8's young generation: decoding a chunk at once makes
 * strings of megabytes in large-object space, measured ten times slower to allocate and collect. */
const DECODE_SLICE = 32 << 10

export function ingestChunk(job: IngestJob): IngestResult {
  // About 150 bytes a row in the exports seen: a first guess, grown when wrong.
  const packer = new Packer(Math.ceil(job.bytes.length / 120))
  const rejects: RowReject[] = []
  const phones: Record<string, number> = {}
  const emptied: Record<string, number> = {}
  const audit = new Map<string, number>()
  const width = job.header.length
  const consentColumns = CHANNELS.map((ch) => job.layout.consent[ch]).filter((i): i is number => i !== undefined && i >= 0)
  let rows = 0
  const result = (error?: { message: string; line: number }): IngestResult => ({
    packed: packer.pack(),
    rejects,
    phones,
    emptied,
    audit: [...audit.entries()].map(([k, c]) => {
      const tab = k.indexOf('\t')
      return [Number(k.slice(0, tab)), k.slice(tab + 1), c]
    }),
    rows,
    ...(error ? { error } : {}),
  })

  const sink = (row: string[], line: number) => {
    // A row of bare delimiters (`,,,,` as spreadsheets leave at the end) is an empty line, not a contact.
    if (row.every((v) => v === '')) return
    rows++
    if (row.length !== width && !(row.length > width && row.slice(width).every((v) => v === ''))) {
      rejects.push({ input: job.input, line, reason: 'MALFORMED_ROW', detail: `${row.length} cells where the header has ${width}; check quoting on this line` })
      return
    }
    const outcome = readRecord(row, job.layout, job.input, line, job.options)
    if (!outcome.ok) {
      rejects.push(outcome.reject)
      for (const p of outcome.phones) phones[p.status] = (phones[p.status] ?? 0) + 1
      return
    }
    const r = outcome.record
    packer.add(r, job.keepCells ? row : undefined)
    for (const p of r.phones) phones[p.status] = (phones[p.status] ?? 0) + 1
    for (const p of r.badPhones) phones[p.status] = (phones[p.status] ?? 0) + 1
    if (outcome.emptied) for (const f of outcome.emptied) emptied[f] = (emptied[f] ?? 0) + 1
    if (outcome.timeNotes) {
      for (const [i, note] of outcome.timeNotes) {
        const k = `${i}\t${timeNoteKey(note)}`
        audit.set(k, (audit.get(k) ?? 0) + 1)
      }
    }
    for (const i of consentColumns) {
      const v = (row[i] ?? '').trim()
      if (v !== '' && readConsentValue(v) === 'unknown') {
        const k = `${i}\t${v}`
        audit.set(k, (audit.get(k) ?? 0) + 1)
      }
    }
  }
  const parser = new FastCsvParser(job.delimiter, job.firstLine, job.nl)
  const decoder = new TextDecoder(job.encoding, { fatal: job.strictUtf8 })
  try {
    for (let at = 0; at < job.bytes.length; at += DECODE_SLICE) {
      const slice = job.bytes.subarray(at, at + DECODE_SLICE)
      let text: string
      try {
        text = decoder.decode(slice, { stream: true })
      } catch {
        return result(notUtf8(job.name, parser.currentLine, slice))
      }
      parser.push(text, sink)
    }
    let rest: string
    try {
      rest = decoder.decode()
    } catch {
      // The file's last chunk ends in the middle of a character, as read-table.ts says too.
      const line = parser.currentLine
      return result({ message: cutShortMessage(job.name, line), line })
    }
    parser.push(rest, sink)
    parser.end(sink)
  } catch (e) {
    if (e instanceof CsvSyntaxError) {
      const fix =
        e.code === 'CSV_QUOTE_NOT_CLOSED'
          ? 'a quoted field is opened and never closed; close the quote or export the file again'
          : `the CSV structure is broken (${e.code}); export the file again`
      return result({ message: `${job.name} line ${e.line}: ${fix}.`, line: e.line })
    }
    throw e
  }
  return result()
}
