// Writing the audience files of a run, one person at a time, so that a run over millions of people holds one
// person in memory, not one audience (a batch target holds one batch of rows). Each output format has its
// writer; all of them write through an OutputPlace: the (temporary) output folder of `prepare`, or the one
// file, folder or stdout of `export`. The bytes depend only on the rows, never on the place, which is what
// lets `export` reproduce `prepare`'s files byte for byte.

import path from 'node:path'
import { CsvFileWriter, type OutputPlace, type TextSink } from '../io/output-folder.js'
import { header, type CsvTarget, type JsonBatchTarget, type JsonLinesTarget, type Target, type TargetOptions } from '../targets/index.js'

export interface AudienceWriter {
  readonly target: Target
  /** Writes one person's entries (as the target's rows() returned them). */
  write(entries: readonly unknown[]): void
  close(): void
}

class CsvAudienceWriter implements AudienceWriter {
  private readonly csv: CsvFileWriter
  constructor(
    place: OutputPlace,
    name: string,
    readonly target: CsvTarget,
    options: TargetOptions,
  ) {
    this.csv = new CsvFileWriter(place.open(name), header(target, options))
  }
  write(entries: readonly unknown[]): void {
    for (const row of entries as readonly string[][]) this.csv.write(row)
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
