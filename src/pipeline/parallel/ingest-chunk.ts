// One chunk of an input, read in a worker thread: decoded, split into records (the reader's own parser and
// sentences, io/), and each record put through the input's row-intake step (../row-intake.ts), the same step
// the main thread runs; records are packed for the trip back by the record codec (core/people/record-codec.ts:
// typed arrays and one run of UTF-8 bytes, transferred, not copied). No rule lives here: the step's figures and guard state go back with the records,
// and the main thread absorbs them and adds the records to the people index in chunk order, so the people,
// the figures and the refusals are those of a file read on the main thread.

import type { RowReject } from '../../core/model.js'
import { RecordPacker, type PackedRecords } from '../../core/people/record-codec.js'
import type { CsvRow } from '../../core/csv-row.js'
import { csvSyntaxMessage, CsvSyntaxError, FastCsvParser } from '../../io/fast-csv.js'
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

/** Decoded in slices this small the strings stay in V8's young generation: decoding a chunk at once makes
 * strings of megabytes in large-object space, measured ten times slower to allocate and collect. */
const DECODE_SLICE = 32 << 10

export function ingestChunk(job: IngestJob): IngestResult {
  // About 150 bytes a row in the exports seen: a first guess, grown when wrong.
  const packer = new RecordPacker(Math.ceil(job.bytes.length / 120))
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

  const sink = (row: CsvRow, line: number) => {
    if (row.isBlank()) return
    const outcome = intake.row(row, line)
    // dedupe/join keep every cell of the row; the other commands none.
    if (outcome.ok) packer.add(outcome.record, job.keepCells ? row.cells() : undefined)
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
