// Opening the run's inputs and reading their rows into records, rejects and suppression entries: the I/O
// shell around the pure core (core/record.ts). Shared by every command that reads exports.

import { readConsentValue } from '../core/consent-value.js'
import { InputError } from '../core/errors.js'
import { CHANNELS, type ContactRecord, type Role, type RowReject } from '../core/model.js'
import { readRecord, type RecordOptions, type RowLayout } from '../core/record.js'
import { openTable, type Table, type TableOptions } from '../io/read-table.js'
import { applyOverrides, checkOverridesUsed, detectFormat, hasIdentifier, resolveLayout, type MappingOverrides } from '../sources/index.js'
import type { ColumnMapping, SourceFormat } from '../sources/types.js'

export interface InputSpec {
  path: string
  role: Role
}

export interface OpenedInput {
  index: number
  role: Role
  table: Table
  format: SourceFormat
  mapping: ColumnMapping
  layout: RowLayout
}

/** Opens every input (sniffing reads only the first bytes), detects formats, applies the user's overrides. */
export async function openInputs(specs: readonly InputSpec[], tableOptions: TableOptions, overrides: MappingOverrides): Promise<OpenedInput[]> {
  const opened: OpenedInput[] = []
  for (const [index, spec] of specs.entries()) {
    const table = await openTable(spec.path, tableOptions)
    const format = detectFormat(table.header)
    const mapping = applyOverrides(format.mapping(table.header), table.header, overrides)
    if (!hasIdentifier(mapping)) {
      const cols = table.header.slice(0, 12).map((h) => `"${h}"`).join(', ')
      throw new InputError(
        `${table.name} line 1: no phone or email column found among ${cols}${table.header.length > 12 ? ', …' : ''}; pass --map phone=COLUMN or --map email=COLUMN.`,
        { file: table.name, line: 1 },
      )
    }
    opened.push({ index, role: spec.role, table, format, mapping, layout: resolveLayout(mapping, table.header) })
  }
  checkOverridesUsed(
    overrides,
    opened.map((o) => ({ file: o.table.name, header: o.table.header })),
  )
  return opened
}

/** MALFORMED_ROW when a row's cell count differs from the header's (trailing empty cells are tolerated). */
export function malformed(row: readonly string[], header: readonly string[], input: number, line: number): RowReject | null {
  if (row.length === header.length) return null
  if (row.length > header.length && row.slice(header.length).every((v) => v === '')) return null
  return { input, line, reason: 'MALFORMED_ROW', detail: `${row.length} cells where the header has ${header.length}; check quoting on this line` }
}

export interface IngestSink {
  record(r: ContactRecord): void
  reject(r: RowReject): void
  /** Every number read, usable or not, from every row (report.json's phone figures). */
  phone?(status: string): void
}

/**
 * Non-empty consent values that read as neither granted nor denied, per `file column` and value, so the
 * report can show a typo or a mis-mapped column (consent.md: "counted in the report per column").
 */
export type ConsentAudit = Map<string, Map<string, number>>

function auditConsent(row: readonly string[], input: OpenedInput, audit: ConsentAudit): void {
  for (const ch of CHANNELS) {
    const i = input.layout.consent[ch]
    if (i === undefined || i < 0) continue
    const v = (row[i] ?? '').trim()
    if (v === '' || readConsentValue(v) !== 'unknown') continue
    const key = `${input.table.name} column "${input.table.header[i]}"`
    let values = audit.get(key)
    if (!values) audit.set(key, (values = new Map()))
    values.set(v, (values.get(v) ?? 0) + 1)
  }
}

/** Reads every row of an opened customers/followers input into the sink. */
export async function ingestContacts(input: OpenedInput, options: RecordOptions, sink: IngestSink, audit: ConsentAudit): Promise<void> {
  const { header } = input.table
  for await (const batch of input.table.batches) {
    const { rows, lines } = batch
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!
      const line = lines[i]!
      const bad = malformed(row, header, input.index, line)
      if (bad) {
        sink.reject(bad)
        continue
      }
      const outcome = readRecord(row, input.layout, input.index, line, options)
      if (outcome.ok) {
        sink.record(outcome.record)
        auditConsent(row, input, audit)
        if (sink.phone) for (const p of [...outcome.record.phones, ...outcome.record.badPhones]) sink.phone(p.status)
      } else {
        sink.reject(outcome.reject)
        if (sink.phone) for (const p of outcome.phones) sink.phone(p.status)
      }
    }
  }
}

/** Reads a suppression list: each usable row's phones and emails become suppression keys. Returns the entries. */
export async function ingestSuppression(input: OpenedInput, options: RecordOptions, onEntry: (r: ContactRecord) => void, onReject: (r: RowReject) => void): Promise<number> {
  let entries = 0
  const { header } = input.table
  for await (const { rows, lines } of input.table.batches) {
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!
      const line = lines[i]!
      const bad = malformed(row, header, input.index, line)
      if (bad) {
        onReject(bad)
        continue
      }
      const outcome = readRecord(row, input.layout, input.index, line, options)
      if (!outcome.ok) {
        onReject(outcome.reject)
        continue
      }
      onEntry(outcome.record)
      entries++
    }
  }
  return entries
}
