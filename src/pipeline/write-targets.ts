// Writing the audience files of a run, one person at a time, so that a run over millions of people holds one
// person in memory, not one audience (a batch target holds one batch of rows). Each output format has its
// writer; all of them write through an OutputPlace: the (temporary) output folder of `prepare`, or the one
// file, folder or stdout of `export`. The bytes depend only on the rows, never on the place, which is what
// lets `export` reproduce `prepare`'s files byte for byte.

import path from 'node:path'
import { CsvEncoder } from '../io/csv-encode.js'
import { CsvFileWriter, type OutputPlace, type TextSink } from '../io/output-folder.js'
import { digestColumns, header, type CsvTarget, type JsonBatchTarget, type JsonLinesTarget, type Target, type TargetOptions } from '../targets/index.js'

export interface AudienceWriter {
  readonly target: Target
  /** Writes one person's entries (as the target's rows() returned them). */
  write(entries: readonly unknown[]): void
  /** Writes the entries `source` (a writer of the same format) wrote last, reusing its bytes where it can. */
  repeat?(source: AudienceWriter, entries: readonly unknown[]): void
  /** Writes the entries of many people, already encoded by a MemoryAudienceWriter (in a worker thread). */
  writeEncoded(e: Encoded): void
  close(): void
}

/** A block of entries encoded for one target: the file's bytes (CSV, JSON Lines), or batch rows as JSON. */
export type Encoded = { kind: 'bytes'; parts: Uint8Array[]; rows: number } | { kind: 'json-rows'; rows: string[] }

/**
 * Encodes entries into memory exactly as the target's writer would write them to a file (same encoders, no
 * header), so that a block of people rendered in a worker thread and handed to writeEncoded() gives the
 * bytes a single-threaded run writes.
 */
export class MemoryAudienceWriter implements AudienceWriter {
  private parts: Buffer[] = []
  private rows = 0
  private json: string[] = []
  private readonly csv: CsvEncoder | null

  constructor(
    readonly target: Target,
    options: TargetOptions,
  ) {
    this.csv = target.format === 'csv' ? new CsvEncoder((b, rows) => this.keep(b, rows), undefined, digestColumns(target, options)) : null
  }

  private keep(b: Buffer, rows: number): void {
    this.parts.push(b)
    this.rows += rows
  }

  write(entries: readonly unknown[]): void {
    if (this.target.format === 'csv') {
      this.csv!.mark()
      for (const row of entries as readonly string[][]) this.csv!.row(row)
    } else if (this.target.format === 'jsonl') {
      const text = entries.map((v) => JSON.stringify(v) + '\n').join('')
      // TextEncoder gives memory of its own: a small Buffer.from() would share Node's pool, which must never
      // be transferred to another thread.
      if (text !== '') this.keep(Buffer.from(new TextEncoder().encode(text).buffer), entries.length)
    } else for (const row of entries) this.json.push(JSON.stringify(row))
  }

  /**
   * Writes the entries `other` (a writer of the same format) wrote last, copying its bytes when it still holds
   * them: a segment repeats the Meta file's rows, and encoding them twice was a tenth of the output pass.
   */
  repeat(other: AudienceWriter, entries: readonly unknown[]): void {
    const bytes = this.csv && other instanceof MemoryAudienceWriter && other.csv ? other.csv.sinceMark() : null
    if (bytes) this.csv!.bytes(bytes, entries.length)
    else this.write(entries)
  }

  writeEncoded(): void {
    throw new Error('a memory writer is the source of encoded blocks, not their destination')
  }

  /** What was written since the last take(), ready for writeEncoded(). */
  take(): Encoded {
    if (this.target.format === 'json-batches') {
      const rows = this.json
      this.json = []
      return { kind: 'json-rows', rows }
    }
    this.csv?.flush()
    // The encoder's buffers as they are (each its own ArrayBuffer, so they travel without a copy).
    const out: Encoded = { kind: 'bytes', parts: this.parts, rows: this.rows }
    this.parts = []
    this.rows = 0
    return out
  }

  close(): void {}
}

class CsvAudienceWriter implements AudienceWriter {
  private readonly csv: CsvFileWriter
  constructor(
    place: OutputPlace,
    name: string,
    readonly target: CsvTarget,
    options: TargetOptions,
  ) {
    this.csv = new CsvFileWriter(place.open(name), header(target, options), digestColumns(target, options))
  }
  write(entries: readonly unknown[]): void {
    for (const row of entries as readonly string[][]) this.csv.write(row)
  }
  writeEncoded(e: Encoded): void {
    if (e.kind === 'bytes') this.csv.writeEncoded(e.parts, e.rows)
  }
  close(): void {
    this.csv.close()
  }
}

/** JSON Lines: one JSON value per line, written in batches like the CSV rows. */
class JsonLinesAudienceWriter implements AudienceWriter {
  private readonly sink: TextSink
  private buffer: string[] = []
  constructor(
    place: OutputPlace,
    name: string,
    readonly target: JsonLinesTarget,
  ) {
    this.sink = place.open(name)
  }
  write(entries: readonly unknown[]): void {
    for (const v of entries) this.buffer.push(JSON.stringify(v) + '\n')
    if (this.buffer.length >= 4096) this.flush()
  }
  writeEncoded(e: Encoded): void {
    if (e.kind !== 'bytes') return
    this.flush()
    e.parts.forEach((b, i) => this.sink.write(Buffer.from(b.buffer, b.byteOffset, b.byteLength), i === 0 ? e.rows : 0))
  }
  private flush(): void {
    if (this.buffer.length === 0) return
    this.sink.write(this.buffer.join(''), this.buffer.length)
    this.buffer = []
  }
  close(): void {
    this.flush()
    this.sink.close()
  }
}

/**
 * A folder of `{"schema":[…],"data":[[…],…]}` files, each closed when it holds `batchSize` rows; compact JSON
 * and a final newline, so that the files written to stdout (`export --target meta-api`) read as JSON Lines.
 * An empty audience leaves an empty folder: a payload with no data is no request to send.
 */
class JsonBatchAudienceWriter implements AudienceWriter {
  private readonly schema: string
  private rows: string[] = []
  private batches = 0
  constructor(
    private readonly place: OutputPlace,
    private readonly folder: string,
    readonly target: JsonBatchTarget,
    options: TargetOptions,
  ) {
    this.schema = JSON.stringify(target.schema(options))
    if (folder !== '') place.folder(folder)
  }
  write(entries: readonly unknown[]): void {
    for (const row of entries) {
      this.rows.push(JSON.stringify(row))
      if (this.rows.length >= this.target.batchSize) this.flush()
    }
  }
  writeEncoded(e: Encoded): void {
    if (e.kind !== 'json-rows') return
    for (const row of e.rows) {
      this.rows.push(row)
      if (this.rows.length >= this.target.batchSize) this.flush()
    }
  }
  private flush(): void {
    if (this.rows.length === 0) return
    this.batches++
    const sink = this.place.open(path.posix.join(this.folder, this.target.batchFile(this.batches)))
    sink.write(`{"schema":${this.schema},"data":[${this.rows.join(',')}]}\n`, this.rows.length)
    sink.close()
    this.rows = []
  }
  close(): void {
    this.flush()
  }
}

/**
 * Opens the writer of one target. `name` is the file (or, for a batch target, the folder; '' for the place
 * itself) it writes in the place; by default the target's own name in an output folder.
 */
export function openAudienceWriter(place: OutputPlace, target: Target, options: TargetOptions, name: string = target.file): AudienceWriter {
  switch (target.format) {
    case 'csv':
      return new CsvAudienceWriter(place, name, target, options)
    case 'jsonl':
      return new JsonLinesAudienceWriter(place, name, target)
    case 'json-batches':
      return new JsonBatchAudienceWriter(place, name.replace(/\/+$/, ''), target, options)
  }
}

export function openAudienceWriters(place: OutputPlace, targets: readonly Target[], options: TargetOptions): AudienceWriter[] {
  return targets.map((t) => openAudienceWriter(place, t, options))
}
