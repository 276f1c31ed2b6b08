// One chunk of an input, read in a worker thread: decoded, split into records (the reader's own parser and
// sentences, io/), and each record put through the input's row-intake step (../row-intake.ts), the same step
// the main thread runs; records are packed for the trip back (typed arrays and one run of UTF-8 bytes,
// transferred, not copied). No rule lives here: the step's figures and guard state go back with the records,
// and the main thread absorbs them and adds the records to the people index in chunk order, so the people,
// the figures and the refusals are those of a file read on the main thread.

import { CHANNELS, type ContactRecord, type RowReject } from '../../core/model.js'
import { consentBits, encodeBlob, storedAt, type PackedRecords } from '../../core/people/record-store.js'
import { hash53, phoneNumberKey } from '../../core/people/key-tables.js'
import { emailKey } from '../../core/people/person.js'
import { csvSyntaxMessage, CsvSyntaxError, FastCsvParser, isBlankRecord } from '../../io/fast-csv.js'
import { cutShortMessage, notUtf8 } from '../../io/utf8-errors.js'
import { RowIntake, type IntakePartial, type IntakeSpec } from '../row-intake.js'

export interface IngestJob {
  kind: 'ingest'
  bytes: Uint8Array
  firstLine: number
  /** The file's line end, as the chunk reader found it. */
  nl: '\n' | '\r'
  encoding: string
  /** A file that looked like UTF-8 is refused, not misread, when later bytes are not (read-table.ts). */
  strictUtf8: boolean
  delimiter: string
  /** The input's intake step, as the main thread made it. */
  spec: IntakeSpec
  /** dedupe/join: keep the row's own cells in the blob. */
  keepCells: boolean
}

export interface IngestResult {
  packed: PackedRecords
  rejects: RowReject[]
  /** The step's figures (rows, phone statuses, consent audit) and guard state for this chunk. */
  partial: IntakePartial
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
  // Refusals are collected: only the main thread, with the chunks before this one, can judge a column.
  const intake = new RowIntake(job.spec, { refusals: 'collect' })
  const name = job.spec.name
  const result = (error?: { message: string; line: number }): IngestResult => ({
    packed: packer.pack(),
    rejects,
    partial: intake.partial(),
    ...(error ? { error } : {}),
  })

  const sink = (row: string[], line: number) => {
    if (isBlankRecord(row)) return
    const outcome = intake.row(row, line)
    if (outcome.ok) packer.add(outcome.record, job.keepCells ? row : undefined)
    else rejects.push(outcome.reject)
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
        return result(notUtf8(name, parser.currentLine, slice))
      }
      parser.push(text, sink)
    }
    let rest: string
    try {
      rest = decoder.decode()
    } catch {
      // The file's last chunk ends in the middle of a character, as read-table.ts says too.
      const line = parser.currentLine
      return result({ message: cutShortMessage(name, line), line })
    }
    parser.push(rest, sink)
    parser.end(sink)
  } catch (e) {
    if (e instanceof CsvSyntaxError) return result({ message: csvSyntaxMessage(name, e), line: e.line })
    throw e
  }
  return result()
}
