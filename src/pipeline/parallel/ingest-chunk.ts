// One chunk of an input, read in a worker thread: decoded, split into records (the reader's own parser and
// sentences, io/), and each record put through the input's row-intake step (../row-intake.ts), the same step
// the main thread runs; records are packed for the trip back by the record codec (core/people/record-codec.ts:
// typed arrays and one run of UTF-8 bytes, transferred, not copied). No rule lives here: the step's figures and guard state go back with the records,
// and the main thread absorbs them and adds the records to the people index in chunk order, so the people,
// the figures and the refusals are those of a file read on the main thread.

import { serialize } from 'node:v8'

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

/** A chunk's rows, each to the step and then to the packer or the rejects. */
class ChunkRows {
  constructor(
    private readonly intake: RowIntake,
    private readonly packer: RecordPacker,
    private readonly rejects: RowReject[],
    /** dedupe/join keep every cell of the row; the other commands none. */
    private readonly keepCells: boolean,
  ) {}

  take(row: CsvRow, line: number): void {
    if (row.isBlank()) return
    const outcome = this.intake.row(row, line)
    if (outcome.ok) this.packer.add(outcome.record, this.keepCells ? row.cells() : undefined)
    else this.rejects.push(outcome.reject)
  }
}

/** The chunk being read (a worker reads one at a time). */
let current: ChunkRows | null = null

/**
 * The parser's sink: one function for every chunk of the worker's life, so that the splitter's optimized code,
 * which inlines its call, stays valid from chunk to chunk. A closure made per chunk was a new call target for
 * it each time, and V8 threw away and recompiled the splitter's two hot loops for it (--trace-deopt: "wrong
 * call target", about 40 ms of TurboFan a worker).
 */
const sink = (row: CsvRow, line: number): void => current!.take(row, line)

/**
 * The intake specs of the inputs this worker has read, by their serialized form. Every chunk brings its input's
 * spec as a fresh copy (a message is cloned); one object per input instead keeps what is made from a spec once
 * (the layout's reading plan, core/record.ts) the same object from chunk to chunk. A new plan per chunk made
 * V8 generalize the plan's fields and throw away every optimized function that had read one (readRecord's
 * whole inlined intake among them): --trace-generalization, --trace-deopt.
 */
const specs = new Map<string, IntakeSpec>()

function sameSpec(spec: IntakeSpec): IntakeSpec {
  const key = serialize(spec).toString('latin1')
  const known = specs.get(key)
  if (known) return known
  specs.set(key, spec)
  return spec
}

export function ingestChunk(job: IngestJob): IngestResult {
  // About 150 bytes a row in the exports seen: a first guess, grown when wrong.
  const packer = new RecordPacker(Math.ceil(job.bytes.length / 120))
  const rejects: RowReject[] = []
  // Refusals are collected: only the main thread, with the chunks before this one, can judge a column.
  const intake = new RowIntake(sameSpec(job.spec), { refusals: 'collect' })
  const name = job.spec.name
  const result = (error?: { message: string; line: number }): IngestResult => ({
    packed: packer.pack(),
    rejects,
    partial: intake.partial(),
    ...(error ? { error } : {}),
  })

  current = new ChunkRows(intake, packer, rejects, job.keepCells)
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
  } finally {
    // The chunk's rows, packer and rejects are not kept alive until the next chunk.
    current = null
  }
  return result()
}
