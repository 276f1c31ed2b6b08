// `dedupe` and `join`: rows of the same person merged into one row that keeps the inputs' own columns (each
// column merged like a field: the most recent record that has a value, else the first) and adds the person's
// wa_ columns (core/contact-csv.ts). `join` is the same merge over customers and followers inputs, so that
// its wa_in_customers / wa_in_followers say where each person was found.

import { personCells, PERSON_COLUMNS } from '../core/contact-csv.js'
import { InputError, throwIfAborted } from '../core/errors.js'
import type { PersonWithRecords } from '../core/people.js'
import { accountingError } from '../core/report.js'
import { CsvFileWriter } from '../io/output-folder.js'
import { openSingleOutput } from '../io/single-output.js'
import type { TableOptions } from '../io/read-table.js'
import type { MappingOverrides } from '../sources/index.js'
import { openInputs, type InputSpec, type OpenedInput, type OpenInputsOptions } from './ingest.js'
import { REJECTS_HEADER, rejectRows, rejectsByReason, suppressionWarnings } from './rejects.js'
import { openWithPool, resolvePeople, type Resolved } from './resolve.js'
import type { Tuning } from './tuning.js'

export interface MergePeopleOptions {
  inputs: InputSpec[]
  table: TableOptions
  overrides: MappingOverrides
  defaultCountry: string
  whatsappConsentFromSms: boolean
  /** `-o FILE`; stdout when undefined. */
  output: string | undefined
  /** `--rejects FILE`: the rows not used, as rejects.csv. */
  rejectsFile: string | undefined
  signal?: AbortSignal
  /** Worker threads for reading big files (0: none). */
  threads?: number
  /** The --config file: how inputs are opened beyond the flags. */
  open?: OpenInputsOptions
  /** Sizes and thresholds of the worker path (tests lower them). */
  tuning?: Tuning
  /** Where the CSV goes without -o (process.stdout by default). */
  stdout?: NodeJS.WritableStream
}

export interface MergePeopleResult {
  rowsIn: number
  rejected: number
  rejectsByReason: Record<string, number>
  records: number
  people: number
  warnings: string[]
}

/** The union of the inputs' own columns (wa_ columns excluded: they are written afresh), by exact name. */
export function unionHeader(inputs: readonly OpenedInput[]): { header: string[]; columnOf: number[][] } {
  const header: string[] = []
  const columnOf: number[][] = []
  for (const input of inputs) {
    const map: number[] = []
    input.table.header.forEach((h, i) => {
      if (h.startsWith('wa_')) return
      let u = header.indexOf(h)
      if (u < 0) {
        header.push(h)
        u = header.length - 1
      }
      map[u] = i
    })
    columnOf[input.index] = map
  }
  return { header, columnOf }
}

/** A person's value for each union column: from the records in merge order, the first non-empty one. */
function mergedCells(p: PersonWithRecords, width: number, columnOf: readonly number[][]): string[] {
  const out: string[] = new Array(width).fill('')
  for (let u = 0; u < width; u++) {
    for (const r of p.records) {
      const i = columnOf[r.input]?.[u]
      const v = i === undefined ? '' : (r.cells?.[i] ?? '')
      if (v !== '') {
        out[u] = v
        break
      }
    }
  }
  return out
}

export async function runMergePeople(o: MergePeopleOptions): Promise<MergePeopleResult> {
  // The worker pool reads the big inputs: started as they are opened (openWithPool), closed once they are read.
  const { inputs, pool } = await openWithPool(o.inputs, o.threads ?? 0, o.tuning, () => openInputs(o.inputs, { ...o.table, signal: o.signal }, o.overrides, o.open))
  const audience = inputs.filter((i) => i.role !== 'suppress')
  let resolved: Resolved
  try {
    if (audience.length === 0) throw new InputError('No customers or followers input to merge; suppression lists alone make no people.')
    resolved = await resolvePeople(inputs, { defaultCountry: o.defaultCountry, whatsappConsentFromSms: o.whatsappConsentFromSms }, { keepCells: true, signal: o.signal, pool, ...(o.tuning ? { tuning: o.tuning } : {}) })
  } finally {
    await pool?.close()
  }
  const { header, columnOf } = unionHeader(audience)
  const mismatch = accountingError({ rowsIn: resolved.rowsIn, rejected: resolved.rejects.length, recordsInPeople: resolved.index.recordCount, suppressionRows: resolved.suppressionRows })
  if (mismatch) throw new InputError(mismatch)

  const out = openSingleOutput(o.output, o.stdout)
  let people = 0
  try {
    const csv = new CsvFileWriter(out.place.open(out.name), [...header, ...PERSON_COLUMNS])
    for (const p of resolved.index.people(resolved.suppression, { ids: true, records: true })) {
      if (people % 8192 === 0) throwIfAborted(o.signal)
      people++
      csv.write([...mergedCells(p, header.length, columnOf), ...personCells(p, resolved.names)])
      if (people % 512 === 0) {
        csv.flush()
        await out.drain()
        if (out.closed) break
      }
    }
    csv.close()
    await out.commit()
  } catch (e) {
    await out.abort()
    throw e
  }

  if (o.rejectsFile !== undefined) {
    const rejectsOut = openSingleOutput(o.rejectsFile, o.stdout)
    const rw = new CsvFileWriter(rejectsOut.place.open(o.rejectsFile), REJECTS_HEADER)
    for (const row of rejectRows(resolved.rejects, resolved.names)) rw.write(row)
    rw.close()
    await rejectsOut.commit()
  }
  return {
    rowsIn: resolved.rowsIn,
    rejected: resolved.rejects.length,
    rejectsByReason: rejectsByReason(resolved.rejects),
    records: resolved.index.recordCount,
    people,
    warnings: suppressionWarnings(inputs, resolved.rejects),
  }
}
