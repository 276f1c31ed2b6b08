// From opened inputs to people: every row read once, records merged into people, suppression lists loaded,
// rejects and figures collected. Shared by prepare, dedupe, join and export.

import { SourceNames } from '../core/contact-csv.js'
import type { Role, RowReject } from '../core/model.js'
import { emailKey, PeopleIndex, SuppressionList, type PackedRecords } from '../core/people.js'
import type { RecordOptions } from '../core/record.js'
import { bump, sortedCounts } from '../core/report.js'
import fs from 'node:fs'
import { InputError, throwIfAborted } from '../core/errors.js'
import { roleMask } from '../core/model.js'
import { ChunkBuffers, recordChunks } from '../io/read-chunks.js'
import { ingestContacts, ingestSuppression, intakeFor, type IngestControl, type OpenedInput } from './ingest.js'
import type { IngestJob, IngestResult } from './parallel/ingest-chunk.js'
import type { ConsentAudit, RowIntake } from './row-intake.js'
import { InOrder } from './parallel/in-order.js'
import { WorkerPool } from './parallel/pool.js'
import { DEFAULT_TUNING, type Tuning } from './tuning.js'

export interface Resolved {
  inputs: readonly OpenedInput[]
  /** Input names by index; contact CSVs add the names of the files their rows came from. */
  names: SourceNames
  index: PeopleIndex
  suppression: SuppressionList
  rejects: RowReject[]
  audit: ConsentAudit
  /** Status counts of every number read. */
  phones: Record<string, number>
  /** Of those, refused numbers on records kept by another identifier, by status. */
  keptBadPhones: Record<string, number>
  /** Rows of the contact inputs (customers, followers), and of the suppression lists. */
  contactRows: number
  suppressionRowsIn: number
  /** Per input (by index, suppression lists too): status counts of its numbers, and its usable numbers written
   * with their own country code by region (what a NO_COUNTRY hint needs). */
  inputPhones: Array<{ phones: Record<string, number>; countries: Record<string, number> }>
  /** Cells of records left empty because they would run as a formula, by field (core/formula.ts). */
  emptied: Record<string, number>
  rowsIn: number
  suppressionRows: number
}

export interface ResolveOptions extends IngestControl {
  /** Keep each record's own cells in the index (dedupe and join write them back). */
  keepCells?: boolean
  /** The worker pool that reads the big inputs, the caller's (openWithPool makes it); none: every input is
   * read on the main thread. */
  pool?: WorkerPool | null
  /** Sizes and thresholds of the worker path (tests lower them). */
  tuning?: Tuning
}

/** True when an input can be cut into chunks for the workers: a big file on disk, in an ASCII-compatible
 * encoding, of raw export rows (contact CSVs and suppression lists are read on the main thread). */
function parallelEligible(input: OpenedInput, minBytes: number): boolean {
  if (input.contact || input.role === 'suppress') return false
  if (input.path !== input.table.name) return false
  if (input.table.encoding !== 'utf-8' && input.table.encoding !== 'windows-1252') return false
  if (input.table.delimiter.length !== 1 || input.table.delimiter.charCodeAt(0) > 127) return false
  return bigFile(input.path, minBytes)
}

/** A file on disk (not stdin, not a missing path) of at least `minBytes`: the size part of parallelEligible. */
function bigFile(path: string, minBytes: number): boolean {
  if (path === '-') return false
  try {
    const st = fs.statSync(path)
    return st.isFile() && st.size >= minBytes
  } catch {
    return false
  }
}

/**
 * Reads one input in chunks on the worker pool: each chunk is posted as soon as the window of `order` allows,
 * and its result is added to the index in chunk order (so the people are the same as when read row by row).
 * The window is the run's, not the input's (InOrder, shared by the run's inputs): the next input's first chunks
 * are read and posted while this one's last ones are still in the workers, which otherwise sat idle at each
 * change of file. Returns once every chunk is posted; its results, and the input's closing figures (the
 * caller queues them after), are applied in their turn.
 */
async function ingestParallel(
  input: OpenedInput,
  intake: RowIntake,
  pool: WorkerPool,
  keepCells: boolean,
  into: { index: PeopleIndex; rejects: RowReject[] },
  control: ResolveOptions,
  order: InOrder<IngestResult>,
  buffers: ChunkBuffers,
): Promise<void> {
  const stats = { bytes: 0, sha256: '' }
  const { table } = input
  const role = roleMask(input.role)
  const fileSize = fs.statSync(input.path).size
  const base: Omit<IngestJob, 'bytes' | 'firstLine' | 'nl'> = {
    kind: 'ingest',
    encoding: table.encoding,
    strictUtf8: table.encoding === 'utf-8' && table.encodingEvidence === 'utf-8 bytes',
    delimiter: table.delimiter,
    spec: intake.spec,
    keepCells,
  }
  // Bytes of each chunk in flight (a chunk's buffer moves to its worker, so its length is noted here).
  const chunkBytes: number[] = []
  let reserved = false
  const apply = (r: IngestResult) => {
    const bytes = chunkBytes.shift()!
    if (r.spare) buffers.give(r.spare)
    // The chunk's figures and guard state first: a refusal on an earlier line than the chunk's error wins,
    // as it does when the file is read in one pass.
    intake.absorb(r.partial)
    if (r.error) throw new InputError(r.error.message, { file: table.name, line: r.error.line })
    if (!reserved) {
      reserved = true
      reserveFor(into.index, r.packed, bytes, fileSize)
    }
    into.index.addPacked(r.packed, input.index, role)
    for (const x of r.rejects) into.rejects.push(x)
    table.stats.bytes = stats.bytes
    control.progress?.(input, intake.rows)
  }
  for await (const chunk of recordChunks(input.path, { delimiter: table.delimiter, name: table.name, chunkBytes: (control.tuning ?? DEFAULT_TUNING).chunkBytes, buffers }, stats)) {
    throwIfAborted(control.signal)
    const job: IngestJob = { ...base, bytes: chunk.bytes, firstLine: chunk.firstLine, nl: chunk.nl }
    chunkBytes.push(chunk.bytes.length)
    await order.add(pool.run<IngestResult>(job, [chunk.bytes.buffer as ArrayBuffer]), apply, input.index)
  }
  // The file is read to its end: its size and digest are known; its row count once its last chunk is applied.
  order.then(() => {
    table.stats.rows = intake.rows
    table.stats.bytes = stats.bytes
    table.stats.sha256 = stats.sha256
  }, input.index)
}

/**
 * Sizes the index for a whole input from its first chunk: records and keys per byte in that chunk, times the
 * file's size, and 5% more. The arrays and key tables then take their final size once, where growing by half
 * again left up to a third of them empty and held the old and new copies at once (10M rows: the peak).
 * Every key is counted as new (duplicates only leave room); a low guess just grows as before.
 */
function reserveFor(index: PeopleIndex, first: PackedRecords, chunkBytes: number, fileSize: number): void {
  if (chunkBytes <= 0 || fileSize <= chunkBytes) return
  const scale = (fileSize / chunkBytes) * 1.05
  let phones = 0
  let others = 0
  for (let k = 0; k < first.count; k++) {
    phones += first.phoneKeyCounts[k]!
    others += first.otherKeyCounts[k]!
  }
  index.reserve(Math.ceil(first.count * scale), Math.ceil(phones * scale), Math.ceil(others * scale))
}

export async function resolvePeople(inputs: readonly OpenedInput[], options: RecordOptions, resolve: ResolveOptions = {}): Promise<Resolved> {
  const pool = resolve.pool ?? null
  const parallel = pool ? inputs.filter((i) => parallelEligible(i, (resolve.tuning ?? DEFAULT_TUNING).parallelMinBytes)) : []
  return resolveWith(inputs, options, resolve, pool, new Set(parallel))
}

/** True when some input is big enough for worker threads to pay for themselves. */
function worthWorkers(inputs: readonly OpenedInput[], tuning: Tuning = DEFAULT_TUNING): boolean {
  return inputs.some((i) => parallelEligible(i, tuning.parallelMinBytes))
}

/**
 * True when some input may be read on the worker threads, judged before the inputs are opened: a contacts
 * input (not a suppression list) whose path is a file big enough. What opening tells (a ZIP archive's members,
 * a contact CSV, an encoding or delimiter the chunk reader does not take) is worthWorkers()' to judge after.
 */
function mayWantWorkers(inputs: readonly { path: string; role: Role }[], tuning: Tuning): boolean {
  return inputs.some((i) => i.role !== 'suppress' && bigFile(i.path, tuning.parallelMinBytes))
}

/**
 * Opens the inputs (`open`) with the worker pool starting beside it when their sizes say it may be wanted
 * (mayWantWorkers), so that the workers' start-up (110-150 ms: a thread, an isolate, the modules) overlaps the
 * opening and mapping of the inputs instead of following it. The pool is returned when the opened inputs want
 * it (worthWorkers), else closed here; the caller closes it after use (a live worker keeps the process
 * running) and hands it to resolvePeople.
 */
export async function openWithPool<T extends readonly OpenedInput[]>(
  specs: readonly { path: string; role: Role }[],
  threads: number,
  tuning: Tuning = DEFAULT_TUNING,
  open: () => Promise<T>,
): Promise<{ inputs: T; pool: WorkerPool | null }> {
  const pool = threads > 0 && mayWantWorkers(specs, tuning) ? new WorkerPool(threads) : null
  try {
    const inputs = await open()
    if (pool && !worthWorkers(inputs, tuning)) {
      await pool.close()
      return { inputs, pool: null }
    }
    return { inputs, pool }
  } catch (e) {
    await pool?.close()
    throw e
  }
}

async function resolveWith(inputs: readonly OpenedInput[], options: RecordOptions, resolve: ResolveOptions, pool: WorkerPool | null, parallel: Set<OpenedInput>): Promise<Resolved> {
  const names = new SourceNames(inputs.map((i) => i.table.name))
  const index = new PeopleIndex()
  const suppression = new SuppressionList()
  const rejects: RowReject[] = []
  const audit: ConsentAudit = new Map()
  const phones: Record<string, number> = {}
  const keptBadPhones: Record<string, number> = {}
  let contactRows = 0
  let suppressionRowsIn = 0
  const inputPhones: Resolved['inputPhones'] = []
  const emptied: Record<string, number> = {}
  let rowsIn = 0
  let suppressionRows = 0
  // The workers' results in posting order, across inputs (ingestParallel); an input read on the main thread
  // waits for everything before it, so records are added in input order whoever reads them.
  const order = pool ? new InOrder<IngestResult>(pool.size * 2) : null
  // Chunk buffers handed back by the workers, reused for the next chunks, of this input or the next.
  const buffers = new ChunkBuffers()
  for (const input of inputs) {
    // One intake step per input, whoever reads its rows: the main thread, or the workers in chunks.
    const intake = intakeFor(input, options, names)
    /** The input's figures, once its every row is read (for a worker-read input, once its chunks are applied). */
    const close = () => {
      // Suppression lists' numbers and consent values are not the run's figures.
      if (input.role !== 'suppress') {
        for (const [k, v] of Object.entries(intake.phoneCounts())) bump(phones, k, v)
        for (const [k, v] of Object.entries(intake.keptBadPhoneCounts())) bump(keptBadPhones, k, v)
        for (const [k, v] of Object.entries(intake.emptiedCounts())) bump(emptied, k, v)
        intake.auditInto(audit)
      }
      inputPhones[input.index] = { phones: sortedCounts(intake.phoneCounts()), countries: sortedCounts(intake.countryCounts()) }
      rowsIn += input.table.stats.rows
      if (input.role === 'suppress') suppressionRowsIn += input.table.stats.rows
      else contactRows += input.table.stats.rows
    }
    if (pool && order && parallel.has(input)) {
      try {
        await ingestParallel(input, intake, pool, resolve.keepCells ?? false, { index, rejects }, resolve, order, buffers)
      } catch (e) {
        // An error of an earlier input, still being applied, comes first (settleBefore); Ctrl-C stops at once.
        if (!resolve.signal?.aborted) await order.settleBefore(input.index)
        throw e
      }
      order.then(close, input.index)
      continue
    }
    await order?.drain()
    if (input.role === 'suppress') {
      suppressionRows += await ingestSuppression(
        input,
        intake,
        (r) => {
          const where = { input: r.input, line: r.line }
          for (const p of r.phones) suppression.add(p.key, where)
          for (const e of r.emails) suppression.add(emailKey(e), where)
        },
        (r) => rejects.push(r),
        resolve,
      )
    } else {
      await ingestContacts(
        input,
        intake,
        {
          record: (r, role, row) => index.add(r, role, resolve.keepCells ? row.cells() : undefined),
          suppressed: (r, entry) => {
            for (const p of r.phones) suppression.add(p.key, entry)
            for (const e of r.emails) suppression.add(emailKey(e), entry)
          },
          reject: (r) => rejects.push(r),
        },
        resolve,
      )
    }
    close()
  }
  await order?.drain()
  return { inputs, names, index, suppression, rejects, audit, phones: sortedCounts(phones), keptBadPhones: sortedCounts(keptBadPhones), contactRows, suppressionRowsIn, inputPhones, emptied: sortedCounts(emptied), rowsIn, suppressionRows }
}
