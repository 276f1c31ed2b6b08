// `normalize`: every row of one export, with its original cells and the `wa_` columns of a record row
// (core/contact-csv.ts) appended: normalized phone(s) and email(s), country, consent per channel, and the row's
// status (OK or its reject reason). Every input row is written, rejected ones too. A file that already is a
// contact CSV (it has the `wa_` columns) is passed through unchanged, so `normalize | normalize` is
// `normalize`. Streams: one batch of rows in memory, written with back-pressure; a closed stdout stops it.

import { InputError, throwIfAborted, UsageError } from '../core/errors.js'
import { shown } from '../core/mask.js'
import { RECORD_COLUMNS, recordCells, SourceNames } from '../core/contact-csv.js'
import type { Role } from '../core/model.js'
import type { RecordOptions, RowOutcome } from '../core/record.js'
import { CsvFileWriter } from '../io/output-folder.js'
import type { SingleOutput } from '../io/single-output.js'
import type { TableOptions } from '../io/read-table.js'
import type { MappingOverrides } from '../sources/index.js'
import { intakeFor, openInputs, type OpenInputsOptions } from './ingest.js'

export interface NormalizeOptions {
  /** A path, or `-` for stdin. */
  input: string
  table: TableOptions
  overrides: MappingOverrides
  record: RecordOptions
  /** `--role`; undefined = the detected format's usual role (lead forms and bot exports are followers). */
  role: Role | undefined
  /** Config file, prompts: how the input is opened beyond the flags. */
  open?: OpenInputsOptions
  signal?: AbortSignal
}

export interface NormalizeResult {
  input: string
  format: string
  role: Role | ''
  /** The input already had the `wa_` columns: written as read. */
  passedThrough: boolean
  rows: number
  /** wa_status per row, `OK` included. */
  statuses: Record<string, number>
  /** Cells left empty in the wa_ columns because they would run as a formula, by field (core/formula.ts). */
  emptied: Record<string, number>
  /** The reader of the output left before the end (`| head`): the rest of the input was not read. */
  stoppedEarly: boolean
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1
}

export async function runNormalize(o: NormalizeOptions, out: SingleOutput): Promise<NormalizeResult> {
  // --role is the command line's word; without it the format's usual role (openInputs: roleFromData).
  const opened = await openInputs([{ path: o.input, role: o.role ?? 'customers', roleFromData: o.role === undefined }], { ...o.table, signal: o.signal }, o.overrides, o.open)
  if (opened.length !== 1) {
    throw new UsageError(`${o.input} holds ${opened.length} CSV files; normalize reads one table: extract the member you want (unzip ${o.input}) and give that file.`)
  }
  const input = opened[0]!
  const { table } = input
  const { header } = table
  const result: NormalizeResult = { input: table.name, format: '', role: '', passedThrough: false, rows: 0, statuses: {}, emptied: {}, stoppedEarly: false }

  // Already normalized (by normalize, dedupe or join): never normalized twice (product.md).
  if (input.contact !== null) {
    result.passedThrough = true
    result.format = 'contact-csv'
    const csv = new CsvFileWriter(out.place.open(out.name), header)
    for await (const { rows } of table.batches) {
      throwIfAborted(o.signal)
      result.rows += rows.length
      for (const row of rows) csv.write(row.cells())
      if (await stopped(csv, out)) return { ...result, stoppedEarly: true }
    }
    csv.close()
    await out.commit()
    return result
  }

  // Our columns appended to a file that has some of them already would be read in place of ours downstream.
  const clash = header.filter((h) => (RECORD_COLUMNS as readonly string[]).includes(h))
  if (clash.length > 0) {
    throw new InputError(
      `${table.name} line 1: column(s) ${clash.map((c) => `"${shown(c)}"`).join(', ')} are named like the columns normalize adds, but the file lacks the others, so it is not a contact CSV written by wa-audience; rename those columns and run again.`,
      { file: table.name, line: 1 },
    )
  }

  const role = input.role === 'followers' ? 'followers' : 'customers'
  result.format = input.format.id
  result.role = role
  const names = new SourceNames([table.name])
  const width = header.length
  // The row-intake step every reader runs: the same rejects, and the same guards (a hashed phone column is refused).
  const intake = intakeFor(input, o.record, names)

  const csv = new CsvFileWriter(out.place.open(out.name), [...header, ...RECORD_COLUMNS])
  for await (const { rows, lines } of table.batches) {
    throwIfAborted(o.signal)
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!
      const line = lines[i]!
      const outcome: RowOutcome = intake.row(row, line)
      // The original cells, as many as the header has: a malformed row is padded (or cut, its status says why)
      // so that the wa_ columns stay under their names.
      const all = row.cells()
      const original = all.length === width ? all : all.length > width ? all.slice(0, width) : [...all, ...new Array<string>(width - all.length).fill('')]
      const cells = recordCells(outcome, role, names, usedCountry(outcome))
      bump(result.statuses, outcome.ok ? 'OK' : outcome.reject.reason)
      if (outcome.ok && outcome.emptied) for (const f of outcome.emptied) bump(result.emptied, f)
      csv.write([...original, ...cells])
    }
    result.rows += rows.length
    if (await stopped(csv, out)) return { ...result, stoppedEarly: true }
  }
  csv.close()
  await out.commit()
  return result
}

/** After a batch: hands it to the output, waits while stdout is behind, and says whether its reader left. */
async function stopped(csv: CsvFileWriter, out: SingleOutput): Promise<boolean> {
  csv.flush()
  await out.drain()
  return out.closed
}

/** The country the row's leading number was read with ('' when it carried its own code, or there is none). */
function usedCountry(outcome: RowOutcome): string {
  return outcome.ok ? outcome.record.phones[0]?.assumedCountry ?? '' : ''
}
