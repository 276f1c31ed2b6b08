// The row-intake step: the cells of one record of an input to a contact record (with its role) or a reject,
// with every rule a row is held to: its shape (MALFORMED_ROW), the reading of a raw export (core/record.ts)
// or of a contact CSV's wa_ columns (core/contact-csv.ts), the guards on the input's columns (the hashed-column
// guard), the consent values that read as neither yes nor no (the report's consent audit) and the status of
// every number read (report.json's phone figures).
//
// Written once, and run wherever rows are read: by the main thread's reader (ingest.ts), by the worker
// threads on chunks of a big file (parallel/ingest-chunk.ts), by normalize and by inspect. A step is made
// from an IntakeSpec, plain data that travels to a worker; the figures and the guards' state a worker's step
// gathers come back as an IntakePartial that the main thread's step absorbs in file order, so a file gives
// the same records, rejects, figures and refusals however it is read.

import { readPersonRow, readRecordRow, SourceNames, type ContactCsvKind, type ContactLayout } from '../core/contact-csv.js'
import type { CsvRow } from '../core/csv-row.js'
import { CodeCounts, KeyCounts } from '../core/key-counts.js'
import { emptyList } from '../core/lists.js'
import type { InputError } from '../core/errors.js'
import type { EmptiedField } from '../core/formula.js'
import { shown } from '../core/mask.js'
import { CHANNELS, IN_CUSTOMERS, IN_FOLLOWERS, roleMask, type ContactRecord, type Provenance, type Role, type RoleMask, type RowReject } from '../core/model.js'
import type { Person } from '../core/people.js'
import type { PhoneResult } from '../core/phone/types.js'
import { planOf, readRecord, type LayoutPlan, type RecordOptions, type RowLayout, type TimeNoteAt, type UnknownConsentAt } from '../core/record.js'
import { timeNoteKey } from '../core/time.js'
import { HashedColumnGuard, type HashedColumnsState } from './hashed-columns.js'

/** What the step needs to know of an input: plain data (it is sent to the worker threads). */
export interface IntakeSpec {
  /** The input's index in the run (records and rejects are traced to it). */
  input: number
  /** Names the file in messages. */
  name: string
  header: string[]
  layout: RowLayout
  /** Set when the file is a contact CSV written by this tool. */
  contact: ContactCsvKind | null
  contactLayout: ContactLayout
  role: Role
  /** A contact CSV's rows say their own role (dedupe). */
  roleFromData: boolean
  /** The run's record options, with the input's own country when it has one. */
  options: RecordOptions
}

/** The parts of an opened input (ingest.ts's OpenedInput) a spec is made from. */
export interface IntakeSource {
  index: number
  role: Role
  roleFromData: boolean
  table: { name: string; header: string[] }
  layout: RowLayout
  contact: ContactCsvKind | null
  contactLayout: ContactLayout
  /** The config entry's own country: used for this input instead of the run's default. */
  defaultCountry?: string
}

/** The run's record options, with the input's own country (from its config entry) when it has one. */
export function inputRecordOptions(input: { defaultCountry?: string }, options: RecordOptions): RecordOptions {
  return input.defaultCountry ? { ...options, defaultCountry: input.defaultCountry } : options
}

export function intakeSpec(input: IntakeSource, options: RecordOptions): IntakeSpec {
  return {
    input: input.index,
    name: input.table.name,
    header: input.table.header,
    layout: input.layout,
    contact: input.contact,
    contactLayout: input.contactLayout,
    role: input.role,
    roleFromData: input.roleFromData,
    options: inputRecordOptions(input, options),
  }
}

/**
 * The columns the step reads a row's record from, in order: a raw export's layout (numbers, addresses, fields,
 * consent, opt-out and time columns; the hashed-column guard watches some of these), or a contact CSV's wa_
 * columns. Made once per layout (a layout is not changed once rows are read with it). A row's other cells are
 * never cut (core/csv-row.ts); only the rules that look at every cell read them: the shape (MALFORMED_ROW),
 * the blank-row check of the readers and the test-lead marker (core/record.ts). test/pipeline/row-intake.test.ts
 * holds a row's outcome to these columns and those rules.
 */
export function columnsRead(s: Pick<IntakeSpec, 'contact' | 'layout' | 'contactLayout'>): readonly number[] {
  const key = s.contact ? s.contactLayout : s.layout
  let cols = readColumns.get(key)
  if (cols === undefined) readColumns.set(key, (cols = s.contact ? [...s.contactLayout.values()].sort((a, b) => a - b) : layoutColumns(s.layout)))
  return cols
}

const readColumns = new WeakMap<object, readonly number[]>()

function layoutColumns(l: RowLayout): number[] {
  const all = [...l.phone, ...l.email, ...Object.values(l.fields), ...Object.values(l.consent), ...Object.values(l.consentAt), ...Object.values(l.optOut ?? {}), l.time]
  return [...new Set(all.filter((i): i is number => i !== undefined && i >= 0))].sort((a, b) => a - b)
}

/** MALFORMED_ROW when a row's cell count differs from the header's (trailing empty cells are tolerated: every
 * cell past the header's is looked at, though no column reads it). */
export function malformed(row: CsvRow, header: readonly string[], input: number, line: number): RowReject | null {
  if (row.length === header.length) return null
  if (row.length > header.length && !row.hasCellFrom(header.length)) return null
  return malformedReject(row, header, input, line)
}

function malformedReject(row: CsvRow, header: readonly string[], input: number, line: number): RowReject {
  return { input, line, reason: 'MALFORMED_ROW', detail: `${row.length} cells where the header has ${header.length}; check quoting on this line` }
}

/** One row read: a record (with its role; a person row of an earlier run also as the person it is) or a reject. */
export type IntakeOutcome =
  | {
      ok: true
      record: ContactRecord
      role: RoleMask
      suppressed?: Provenance
      person?: Person
      emptied?: readonly EmptiedField[]
      timeNotes?: readonly TimeNoteAt[]
      /** A raw export's consent cells that read as neither yes nor no (the consent audit). */
      unknownConsent?: readonly UnknownConsentAt[]
    }
  | { ok: false; reject: RowReject; phones: PhoneResult[] }

/** A person row of an earlier dedupe/join, as a record whose votes keep each channel's deciding record. */
function personAsRecord(p: Person, where: { input: number; line: number }): ContactRecord {
  const consent = {} as ContactRecord['consent']
  for (const ch of CHANNELS) {
    const d = p.consent[ch]
    consent[ch] = d.source ? { state: d.state, at: d.at, source: d.source } : { state: d.state, at: d.at }
  }
  return { input: where.input, line: where.line, phones: p.phones, badPhones: emptyList(), emails: p.emails, fields: p.fields, consent, time: NaN }
}

/** A well-formed row of an input, whatever kind of file it is, to a record (with its role) or a reject. */
function readRow(s: IntakeSpec, plan: LayoutPlan, row: CsvRow, line: number, names: SourceNames): IntakeOutcome {
  const own = roleMask(s.role)
  if (s.contact === 'record') {
    const { role, outcome } = readRecordRow(row, s.contactLayout, names, { input: s.input, line })
    if (!outcome.ok) return outcome
    const mask = s.roleFromData && (role === 'customers' || role === 'followers') ? roleMask(role) : own
    return { ok: true, record: outcome.record, role: mask, ...(outcome.emptied ? { emptied: outcome.emptied } : {}) }
  }
  if (s.contact === 'person') {
    const emptied: EmptiedField[] = []
    const p = readPersonRow(row, s.contactLayout, names, emptied)
    if (p.phones.length === 0 && p.emails.length === 0) {
      return { ok: false, reject: { input: s.input, line, reason: 'NO_IDENTIFIER', detail: 'person row without wa_phones or wa_emails' }, phones: [] }
    }
    const mask = s.roleFromData ? (((p.inCustomers ? IN_CUSTOMERS : 0) | (p.inFollowers ? IN_FOLLOWERS : 0)) as RoleMask) || own : own
    const record = personAsRecord(p, { input: s.input, line })
    return { ok: true, record, role: mask, person: p, ...(p.suppressed ? { suppressed: p.suppressed } : {}), ...(emptied.length > 0 ? { emptied } : {}) }
  }
  const outcome = readRecord(row, s.layout, s.input, line, s.options, plan)
  if (!outcome.ok) return outcome
  // Most rows: a record and nothing to note.
  if (!outcome.emptied && !outcome.timeNotes && !outcome.unknownConsent) return { ok: true, record: outcome.record, role: own }
  return {
    ok: true,
    record: outcome.record,
    role: own,
    ...(outcome.emptied ? { emptied: outcome.emptied } : {}),
    ...(outcome.timeNotes ? { timeNotes: outcome.timeNotes } : {}),
    ...(outcome.unknownConsent ? { unknownConsent: outcome.unknownConsent } : {}),
  }
}

/** What a step gathered besides its records and rejects: its figures and its guards' state. */
export interface IntakePartial {
  /** Rows read. */
  rows: number
  /** Status counts of every number read. */
  phones: Record<string, number>
  /** Of those, the refused numbers on rows kept by another identifier (an email, another number), by status. */
  keptBad: Record<string, number>
  /** Usable numbers written with their own country code, by the number's region (a NO_COUNTRY hint names the
   * file's usual country). */
  countries: Record<string, number>
  /** Cells left empty because they would run as a formula (core/formula.ts), by field. */
  emptied: Record<string, number>
  /** Non-empty consent values read as unknown: [column index, value, count], in order of first sight. */
  audit: Array<[number, string, number]>
  hashed: HashedColumnsState
}

/**
 * Non-empty consent values that read as neither granted nor denied, per `file column` and value, so the
 * report can show a typo or a mis-mapped column (consent.md: "counted in the report per column").
 */
export type ConsentAudit = Map<string, Map<string, number>>

export interface IntakeOptions {
  /** Input names by index, for contact CSVs' wa_source (their own names are added as read). */
  names?: SourceNames
  /**
   * `throw` (a run's reader): a guard's refusal is thrown at the row that completes it. `collect` (a worker's
   * chunk, whose refusals only the main thread can judge; inspect, which reports instead of refusing): rows go
   * on, and first() says what a run would refuse.
   */
  refusals?: 'throw' | 'collect'
}

export class RowIntake {
  readonly spec: IntakeSpec
  private readonly names: SourceNames
  private readonly throwing: boolean
  private readonly guard: HashedColumnGuard
  /** How a raw export's rows are read (core/record.ts), made here once, not looked up a row at a time. */
  private readonly plan: LayoutPlan
  /** Column index → value → count, in order of first sight. */
  private readonly audit = new Map<number, Map<string, number>>()
  // Counted a row at a time: counters by key (core/key-counts.ts), not keyed properties of plain objects.
  private readonly phones = new KeyCounts()
  private readonly keptBad = new KeyCounts()
  private readonly countries = new CodeCounts()
  private readonly emptied = new KeyCounts()
  rows = 0

  constructor(spec: IntakeSpec, o: IntakeOptions = {}) {
    this.spec = spec
    this.names = o.names ?? new SourceNames([spec.name])
    this.throwing = (o.refusals ?? 'throw') === 'throw'
    this.guard = new HashedColumnGuard(spec)
    this.plan = planOf(spec.layout)
  }

  /** One data row (blank rows are not rows: the readers skip them), with the line it starts on. */
  row(row: CsvRow, line: number): IntakeOutcome {
    this.rows++
    const bad = malformed(row, this.spec.header, this.spec.input, line)
    // A malformed row is rejected as such; its shifted cells say nothing about its columns.
    if (bad) return { ok: false, reject: bad, phones: [] }
    const refusal = this.guard.see(row, line)
    if (refusal && this.throwing) throw refusal
    const outcome = readRow(this.spec, this.plan, row, line, this.names)
    if (outcome.ok) {
      for (const p of outcome.record.phones) {
        this.phones.add(p.status, 1)
        if (p.assumedCountry === '' && p.country !== '') this.countries.add(p.country, 1)
      }
      for (const p of outcome.record.badPhones) {
        this.phones.add(p.status, 1)
        // A row kept by its email (or another number) whose number was refused: the report counts it beside
        // the rejected rows of the same reason, so an Excel-spoiled column is seen whole.
        this.keptBad.add(p.status, 1)
      }
      // The audit counts the consent cells of raw exports that read as unknown, as readRecord read them (a
      // contact CSV's consent is already read).
      if (outcome.unknownConsent) for (const [i, v] of outcome.unknownConsent) this.count(i, v)
      if (outcome.emptied) for (const f of outcome.emptied) this.emptied.add(f, 1)
      // What a time column's values said (an ambiguous date, a zone-less time read as UTC...) rides in the
      // consent audit under its own keys (core/time.ts), per column, like the unknown consent values.
      if (outcome.timeNotes) for (const [i, note] of outcome.timeNotes) this.count(i, timeNoteKey(note))
    } else {
      for (const p of outcome.phones) this.phones.add(p.status, 1)
    }
    return outcome
  }

  private count(column: number, key: string): void {
    let values = this.audit.get(column)
    if (!values) this.audit.set(column, (values = new Map()))
    values.set(key, (values.get(key) ?? 0) + 1)
  }

  /** The figures and guard state gathered so far (a worker's chunk, sent back to the main thread). */
  partial(): IntakePartial {
    const audit: IntakePartial['audit'] = []
    for (const [column, values] of this.audit) for (const [v, n] of values) audit.push([column, v, n])
    return { rows: this.rows, phones: this.phones.counts(), keptBad: this.keptBad.counts(), countries: this.countries.counts(), emptied: this.emptied.counts(), audit, hashed: this.guard.state() }
  }

  /** Adds the next stretch of the file, read by another step (a worker's chunk), in file order; throws the
   * refusal a single pass would have stopped at by then. */
  absorb(p: IntakePartial): void {
    this.rows += p.rows
    this.phones.addAll(p.phones)
    this.keptBad.addAll(p.keptBad)
    this.countries.addAll(p.countries)
    this.emptied.addAll(p.emptied)
    for (const [column, v, n] of p.audit) {
      let values = this.audit.get(column)
      if (!values) this.audit.set(column, (values = new Map()))
      values.set(v, (values.get(v) ?? 0) + n)
    }
    this.guard.absorb(p.hashed)
    const refusal = this.guard.first()
    if (refusal && this.throwing) throw refusal
  }

  /** The refusal a run would stop at over the rows seen so far (inspect reports it). */
  refusal(): InputError | null {
    return this.guard.first()
  }

  /** Status counts of every number read. */
  phoneCounts(): Record<string, number> {
    return this.phones.counts()
  }

  /** Refused numbers on rows kept by another identifier, by status. */
  keptBadPhoneCounts(): Record<string, number> {
    return this.keptBad.counts()
  }

  /** Usable numbers written with their own country code, by region. */
  countryCounts(): Record<string, number> {
    return this.countries.counts()
  }

  /** Cells left empty because they would run as a formula, by field. */
  emptiedCounts(): Record<string, number> {
    return this.emptied.counts()
  }

  /** Adds this input's unknown consent values to the run's audit, keyed by `file column "name"`. */
  auditInto(audit: ConsentAudit): void {
    for (const [column, values] of this.audit) {
      const key = `${this.spec.name} column "${shown(this.spec.header[column] ?? '')}"`
      let into = audit.get(key)
      if (!into) audit.set(key, (into = new Map()))
      for (const [v, n] of values) into.set(v, (into.get(v) ?? 0) + n)
    }
  }
}

