// Opening the run's inputs and reading their rows into records, rejects and suppression entries: the I/O
// shell around the pure core (core/record.ts). Shared by every command that reads exports. A contact CSV
// (an earlier `normalize`, `dedupe` or `join` output, recognised by its wa_ columns) is read back from its
// wa_ columns, never normalized twice.

import { profileColumns } from '../core/column-profile.js'
import { contactCsvKind, contactLayout, readPersonRow, readRecordRow, type ContactCsvKind, type ContactLayout, type SourceNames } from '../core/contact-csv.js'
import { readConsentValue } from '../core/consent-value.js'
import { throwIfAborted } from '../core/errors.js'
import { shown } from '../core/mask.js'
import { CHANNELS, IN_CUSTOMERS, IN_FOLLOWERS, roleMask, type ContactRecord, type Provenance, type Role, type RoleMask, type RowReject } from '../core/model.js'
import type { Person } from '../core/people.js'
import type { EmptiedField } from '../core/formula.js'
import { readRecord, type RecordOptions, type RowLayout, type TimeNoteAt } from '../core/record.js'
import { timeNoteKey } from '../core/time.js'
import type { PhoneResult } from '../core/phone/types.js'
import type { LoadedConfig } from '../config/config-file.js'
import type { ConfigMatch } from '../config/match-input.js'
import { openTables } from '../io/open-tables.js'
import { peekRows } from '../io/peek-rows.js'
import type { Table, TableOptions } from '../io/read-table.js'
import { applyOverrides, checkOverridesUsed, hasIdentifier, resolveLayout, settleDateOrders, timeColumns, type MappingOverrides } from '../sources/index.js'
import { applyByContent, columnsByContent } from '../sources/by-content.js'
import { unmappedConsentColumns } from '../sources/consent-columns.js'
import { refineByContent } from '../sources/generic.js'
import { emptyMapping, type ColumnMapping, type SourceFormat } from '../sources/types.js'
import { mapWithConfig, tableOptionsFor } from './input-settings.js'
import { nonInteractiveResolver, type MappingQuestion, type MappingResolver } from './mapping-resolver.js'

export interface InputSpec {
  path: string
  role: Role
  /** No command line role (dedupe): a contact CSV's rows say their own role (wa_role, wa_in_*), a raw
   * export gets its format's usual role (lead forms are followers), else `role`. */
  roleFromData?: boolean
}

export interface OpenedInput {
  index: number
  role: Role
  roleFromData: boolean
  table: Table
  format: SourceFormat
  mapping: ColumnMapping
  layout: RowLayout
  /** Set when the file is a contact CSV written by this tool. */
  contact: ContactCsvKind | null
  contactLayout: ContactLayout
  /** The path as given (`archive.zip/member.csv` for a member of a ZIP archive): what a config entry matches. */
  path: string
  /** The config entry that applied, if any. */
  config?: ConfigMatch
  /** The config entry's own country: used for this input instead of the run's default. */
  defaultCountry?: string
  /** Sentences for the report (a WooCommerce customer export has no phone column). */
  warnings: string[]
}

/** The pseudo-format of a file written by normalize/dedupe/join. */
const CONTACT_FORMAT: SourceFormat = {
  id: 'contact-csv',
  label: 'contact CSV written by wa-audience (wa_ columns)',
  detect: (header) => contactCsvKind(header) !== null,
  mapping: () => emptyMapping(),
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
/** Rows whose time cells settle a column's day/month order: one `31/01/2025` among them is enough. */
export const DATE_SAMPLE_ROWS = 5000

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
      const contact = contactCsvKind(table.header)
      if (contact) {
        // A contact CSV is read from its wa_ columns: no mapping, no questions.
        opened.push({
          index: opened.length,
          role: spec.role,
          roleFromData: spec.roleFromData ?? false,
          table,
          format: CONTACT_FORMAT,
          mapping: emptyMapping(),
          layout: resolveLayout(emptyMapping(), table.header),
          contact,
          contactLayout: contactLayout(table.header),
          path: t.path,
          warnings: [],
        })
        continue
      }
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
      // Identifier columns no header named, found by their values (sources/by-content.ts).
      const userGaveEmail = overrides.map.email !== undefined || match?.entry.map?.email !== undefined
      if (!(userGavePhone && userGaveEmail)) {
        const q = await question()
        const found = columnsByContent(mapping, q.profiles)
        if (userGavePhone) delete found.phone
        if (userGaveEmail) delete found.email
        if (Object.keys(found).length > 0) applyByContent(mapping, await resolver.contentColumns(q, found))
      }
      if (!hasIdentifier(mapping)) {
        const chosen = await resolver.identifier(await question())
        if (chosen.phone?.length) mapping.fields.phone = chosen.phone
        if (chosen.email?.length) mapping.fields.email = chosen.email
      }
      if (spec.role !== 'suppress') await settleConsentColumns(mapping, table.header, match, resolver, question)
      // Each time column's day/month order from its own values (consent.md, "Reading times").
      if (timeColumns(mapping).length > 0) settleDateOrders(mapping, table.header, await peekRows(table, DATE_SAMPLE_ROWS))
      const country = options.countryFromFlag ? undefined : match?.entry.country
      opened.push({
        index: opened.length,
        role: spec.roleFromData ? (format.role ?? spec.role) : spec.role,
        roleFromData: spec.roleFromData ?? false,
        table,
        format,
        mapping,
        layout: resolveLayout(mapping, table.header),
        contact: null,
        contactLayout: new Map(),
        path: t.path,
        ...(match ? { config: match } : {}),
        ...(country ? { defaultCountry: country } : {}),
        warnings: format.warnings?.(table.header, { fileName: table.name }) ?? [],
      })
    }
  }
  checkOverridesUsed(
    overrides,
    opened.filter((o) => !o.contact).map((o) => ({ file: o.table.name, header: o.table.header })),
  )
  return opened
}

/**
 * Consent columns (consent.md, "Finding consent columns"): a column that looks like consent but is mapped to
 * no channel is asked about or refused (never skipped); a file with no consent column at all is asked about
 * at a terminal. A config entry that names this file's consent (`"consent": {...}`, even `{}`) has answered both.
 */
async function settleConsentColumns(mapping: ColumnMapping, header: readonly string[], match: ConfigMatch | undefined, resolver: MappingResolver, question: () => Promise<MappingQuestion>): Promise<void> {
  if (match?.entry.consent !== undefined) return
  const q = await question()
  const unmapped = unmappedConsentColumns(mapping, header, q.sample)
  if (unmapped.length > 0) {
    Object.assign(mapping.consent, await resolver.unmappedConsent(q, unmapped))
    return
  }
  const noConsent = Object.keys(mapping.consent).length === 0 && Object.keys(mapping.fixedConsent).length === 0 && Object.keys(mapping.optOut ?? {}).length === 0
  if (noConsent && !match) Object.assign(mapping.consent, await resolver.consentColumns(q))
}

/** MALFORMED_ROW when a row's cell count differs from the header's (trailing empty cells are tolerated). */
export function malformed(row: readonly string[], header: readonly string[], input: number, line: number): RowReject | null {
  if (row.length === header.length) return null
  if (row.length > header.length && row.slice(header.length).every((v) => v === '')) return null
  return { input, line, reason: 'MALFORMED_ROW', detail: `${row.length} cells where the header has ${header.length}; check quoting on this line` }
}

export interface IngestSink {
  record(r: ContactRecord, role: RoleMask, row: readonly string[]): void
  /** A person row of an earlier run that a suppression list had named: it stays suppressed. */
  suppressed?(r: ContactRecord, entry: Provenance): void
  reject(r: RowReject, row: readonly string[]): void
  /** Every number read, usable or not, from every row (report.json's phone figures). */
  phone?(status: string): void
  /** A cell of a record left empty because it would run as a formula (core/formula.ts), by field. */
  emptied?(field: EmptiedField): void
}

/**
 * Non-empty consent values that read as neither granted nor denied, per `file column` and value, so the
 * report can show a typo or a mis-mapped column (consent.md: "counted in the report per column").
 */
export type ConsentAudit = Map<string, Map<string, number>>

function auditTimes(notes: readonly TimeNoteAt[], input: OpenedInput, audit: ConsentAudit): void {
  for (const [i, note] of notes) {
    const key = `${input.table.name} column "${shown(input.table.header[i] ?? '')}"`
    let values = audit.get(key)
    if (!values) audit.set(key, (values = new Map()))
    const k = timeNoteKey(note)
    values.set(k, (values.get(k) ?? 0) + 1)
  }
}

function auditConsent(row: readonly string[], input: OpenedInput, audit: ConsentAudit): void {
  for (const ch of CHANNELS) {
    const i = input.layout.consent[ch]
    if (i === undefined || i < 0) continue
    const v = (row[i] ?? '').trim()
    if (v === '' || readConsentValue(v) !== 'unknown') continue
    const key = `${input.table.name} column "${shown(input.table.header[i] ?? '')}"`
    let values = audit.get(key)
    if (!values) audit.set(key, (values = new Map()))
    values.set(v, (values.get(v) ?? 0) + 1)
  }
}

/** The run's record options, with the input's own country (from its config entry) when it has one. */
export function inputRecordOptions(input: OpenedInput, options: RecordOptions): RecordOptions {
  return input.defaultCountry ? { ...options, defaultCountry: input.defaultCountry } : options
}

/** A person row of an earlier dedupe/join, as a record whose votes keep each channel's deciding record. */
function personAsRecord(p: Person, where: { input: number; line: number }): ContactRecord {
  const consent = {} as ContactRecord['consent']
  for (const ch of CHANNELS) {
    const d = p.consent[ch]
    consent[ch] = d.source ? { state: d.state, at: d.at, source: d.source } : { state: d.state, at: d.at }
  }
  return { input: where.input, line: where.line, phones: p.phones, badPhones: [], emails: p.emails, fields: p.fields, consent, time: NaN }
}

type Outcome =
  | { ok: true; record: ContactRecord; role: RoleMask; suppressed?: Provenance; emptied?: readonly EmptiedField[]; timeNotes?: readonly TimeNoteAt[] }
  | { ok: false; reject: RowReject; phones: PhoneResult[] }

/** One row of an input, whatever kind of file it is, to a record (with its role) or a reject. */
export function readInputRow(input: OpenedInput, row: readonly string[], line: number, options: RecordOptions, names: SourceNames): Outcome {
  const own = roleMask(input.role)
  if (input.contact === 'record') {
    const { role, outcome } = readRecordRow(row, input.contactLayout, names, { input: input.index, line })
    if (!outcome.ok) return outcome
    const mask = input.roleFromData && (role === 'customers' || role === 'followers') ? roleMask(role) : own
    return { ok: true, record: outcome.record, role: mask, ...(outcome.emptied ? { emptied: outcome.emptied } : {}) }
  }
  if (input.contact === 'person') {
    const emptied: EmptiedField[] = []
    const p = readPersonRow(row, input.contactLayout, names, emptied)
    if (p.phones.length === 0 && p.emails.length === 0) {
      return { ok: false, reject: { input: input.index, line, reason: 'NO_IDENTIFIER', detail: 'person row without wa_phones or wa_emails' }, phones: [] }
    }
    const mask = input.roleFromData ? (((p.inCustomers ? IN_CUSTOMERS : 0) | (p.inFollowers ? IN_FOLLOWERS : 0)) as RoleMask) || own : own
    const record = personAsRecord(p, { input: input.index, line })
    return { ok: true, record, role: mask, ...(p.suppressed ? { suppressed: p.suppressed } : {}), ...(emptied.length > 0 ? { emptied } : {}) }
  }
  const outcome = readRecord(row, input.layout, input.index, line, inputRecordOptions(input, options))
  return outcome.ok ? { ok: true, record: outcome.record, role: own, ...(outcome.emptied ? { emptied: outcome.emptied } : {}), ...(outcome.timeNotes ? { timeNotes: outcome.timeNotes } : {}) } : outcome
}

/** How a long read is watched and stopped: progress after every batch, and Ctrl-C between batches. */
export interface IngestControl {
  signal?: AbortSignal
  /** Rows read so far from this input. */
  progress?(input: OpenedInput, rows: number): void
}

/** Reads every row of an opened customers/followers input into the sink. */
export async function ingestContacts(input: OpenedInput, options: RecordOptions, names: SourceNames, sink: IngestSink, audit: ConsentAudit, control: IngestControl = {}): Promise<void> {
  const { header } = input.table
  let done = 0
  for await (const { rows, lines } of input.table.batches) {
    throwIfAborted(control.signal)
    done += rows.length
    control.progress?.(input, done)
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!
      const line = lines[i]!
      const bad = malformed(row, header, input.index, line)
      if (bad) {
        sink.reject(bad, row)
        continue
      }
      const outcome = readInputRow(input, row, line, options, names)
      if (outcome.ok) {
        sink.record(outcome.record, outcome.role, row)
        if (outcome.suppressed) sink.suppressed?.(outcome.record, outcome.suppressed)
        if (!input.contact) auditConsent(row, input, audit)
        if (outcome.timeNotes) auditTimes(outcome.timeNotes, input, audit)
        if (sink.phone) for (const p of [...outcome.record.phones, ...outcome.record.badPhones]) sink.phone(p.status)
        if (sink.emptied && outcome.emptied) for (const f of outcome.emptied) sink.emptied(f)
      } else {
        sink.reject(outcome.reject, row)
        if (sink.phone) for (const p of outcome.phones) sink.phone(p.status)
      }
    }
  }
}

/** Reads a suppression list: each usable row's phones and emails become suppression keys. Returns the entries. */
export async function ingestSuppression(
  input: OpenedInput,
  options: RecordOptions,
  names: SourceNames,
  onEntry: (r: ContactRecord) => void,
  onReject: (r: RowReject) => void,
  control: IngestControl = {},
): Promise<number> {
  let entries = 0
  let done = 0
  const { header } = input.table
  for await (const { rows, lines } of input.table.batches) {
    throwIfAborted(control.signal)
    done += rows.length
    control.progress?.(input, done)
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!
      const line = lines[i]!
      const bad = malformed(row, header, input.index, line)
      if (bad) {
        onReject(bad)
        continue
      }
      const outcome = readInputRow(input, row, line, options, names)
      if (!outcome.ok) {
        onReject(outcome.reject)
        continue
      }
      // A suppression entry is traced to its own line, whatever file the row says it came from.
      onEntry({ ...outcome.record, input: input.index, line })
      entries++
    }
  }
  return entries
}
