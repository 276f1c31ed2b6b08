// Opening the run's inputs and reading their rows into records, rejects and suppression entries: the I/O
// shell around the pure core (core/record.ts). Shared by every command that reads exports.

import { profileColumns } from '../core/column-profile.js'
import { readConsentValue } from '../core/consent-value.js'
import { CHANNELS, type ContactRecord, type Role, type RowReject } from '../core/model.js'
import { readRecord, type RecordOptions, type RowLayout } from '../core/record.js'
import type { LoadedConfig } from '../config/config-file.js'
import type { ConfigMatch } from '../config/match-input.js'
import { openTables } from '../io/open-tables.js'
import { peekRows } from '../io/peek-rows.js'
import type { Table, TableOptions } from '../io/read-table.js'
import { applyOverrides, checkOverridesUsed, hasIdentifier, resolveLayout, type MappingOverrides } from '../sources/index.js'
import { refineByContent } from '../sources/generic.js'
import type { ColumnMapping, SourceFormat } from '../sources/types.js'
import { mapWithConfig, tableOptionsFor } from './input-settings.js'
import { nonInteractiveResolver, type MappingQuestion, type MappingResolver } from './mapping-resolver.js'

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
  /** The path as given (`archive.zip/member.csv` for a member of a ZIP archive): what a config entry matches. */
  path: string
  /** The config entry that applied, if any. */
  config?: ConfigMatch
  /** The config entry's own country: used for this input instead of the run's default. */
  defaultCountry?: string
  /** Sentences for the report (a WooCommerce customer export has no phone column). */
  warnings: string[]
}

export interface OpenInputsOptions {
  config?: LoadedConfig
  /** Who answers a missing or ambiguous mapping: prompts at a terminal; by default, nobody (refuse or default). */
  resolver?: MappingResolver
  /** True when --country was given: it then wins over a config entry's country. */
  countryFromFlag?: boolean
}

/** Rows looked at for sample values and content hints. */
export const SAMPLE_ROWS = 50

/**
 * Opens every input (sniffing reads only the first bytes; a ZIP archive gives one input per CSV member),
 * detects formats, applies the config and the user's overrides, and settles missing mappings through the
 * resolver.
 */
export async function openInputs(specs: readonly InputSpec[], tableOptions: TableOptions, overrides: MappingOverrides, options: OpenInputsOptions = {}): Promise<OpenedInput[]> {
  const resolver = options.resolver ?? nonInteractiveResolver
  const opened: OpenedInput[] = []
  for (const spec of specs) {
    for (const t of await openTables(spec.path, (p) => tableOptionsFor(tableOptions, options.config, p))) {
      const { table } = t
      const { format, mapping: configured, match } = mapWithConfig(table.header, { fileName: t.fileName }, table.name, options.config, t.path)
      const mapping = applyOverrides(configured, table.header, overrides)
      // Sample rows are read only when a question needs them, and once.
      let asked: MappingQuestion | undefined
      const question = async (): Promise<MappingQuestion> => {
        if (asked) return asked
        const sample = await peekRows(table, SAMPLE_ROWS)
        return (asked = { file: table.name, role: spec.role, header: table.header, sample, profiles: profileColumns(table.header, sample), format, mapping })
      }
      // Only the generic mapping guesses its phone columns from names alone; known formats know theirs.
      const userGavePhone = overrides.map.phone !== undefined || match?.entry.map?.phone !== undefined
      if (format.id === 'generic' && !userGavePhone && (mapping.fields.phone?.length ?? 0) > 0) refineByContent(mapping, (await question()).profiles)
      if (format.id === 'generic' && !userGavePhone && (mapping.fields.phone?.length ?? 0) > 1) {
        mapping.fields.phone = await resolver.phoneColumns(await question(), mapping.fields.phone!)
      }
      if (!hasIdentifier(mapping)) {
        const chosen = await resolver.identifier(await question())
        if (chosen.phone?.length) mapping.fields.phone = chosen.phone
        if (chosen.email?.length) mapping.fields.email = chosen.email
      }
      const noConsent = Object.keys(mapping.consent).length === 0 && Object.keys(mapping.fixedConsent).length === 0 && Object.keys(mapping.optOut ?? {}).length === 0
      if (spec.role !== 'suppress' && noConsent && !match) {
        Object.assign(mapping.consent, await resolver.consentColumns(await question()))
      }
      const country = options.countryFromFlag ? undefined : match?.entry.country
      opened.push({
        index: opened.length,
        role: spec.role,
        table,
        format,
        mapping,
        layout: resolveLayout(mapping, table.header),
        path: t.path,
        ...(match ? { config: match } : {}),
        ...(country ? { defaultCountry: country } : {}),
        warnings: format.warnings?.(table.header, { fileName: table.name }) ?? [],
      })
    }
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

/** The run's record options, with the input's own country (from its config entry) when it has one. */
export function inputRecordOptions(input: OpenedInput, options: RecordOptions): RecordOptions {
  return input.defaultCountry ? { ...options, defaultCountry: input.defaultCountry } : options
}

/** Reads every row of an opened customers/followers input into the sink. */
export async function ingestContacts(input: OpenedInput, options: RecordOptions, sink: IngestSink, audit: ConsentAudit): Promise<void> {
  const { header } = input.table
  const recordOptions = inputRecordOptions(input, options)
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
      const outcome = readRecord(row, input.layout, input.index, line, recordOptions)
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
  options = inputRecordOptions(input, options)
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
