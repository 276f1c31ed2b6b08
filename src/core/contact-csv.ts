// The "contact CSV": an export with `wa_` columns appended, as `normalize` (one row per input row),
// `dedupe` and `join` (one row per person) write it. Every downstream command reads only the `wa_` columns of
// such a file and never normalizes it twice (product.md), so the `wa_` columns carry everything a record or a
// person is: with them, `normalize | dedupe | export` decides exactly what `prepare` decides.
//
// product.md fixes the first columns (wa_phone … wa_consent_source, wa_person, wa_in_customers,
// wa_in_followers); the rest are this tool's additions, documented in docs/formats.md.

import { CHANNELS, PERSON_FIELDS, emptyPersonFields, type Channel, type ConsentState, type ContactRecord, type PersonFields, type Role, type RowReject } from './model.js'
import type { ConsentDecision, Provenance } from './consent.js'
import type { CsvRow } from './csv-row.js'
import { emptyFormulaFields, wouldRunAsFormula, type EmptiedField } from './formula.js'
import type { Person } from './people.js'
import { parsePhone } from './phone/parse.js'
import { isUsable, type PhoneResult, type PhoneStatus } from './phone/types.js'
import { formatTime, parseTime } from './time.js'

/** Columns shared by record rows and person rows. */
export const CONTACT_COLUMNS = [
  // product.md, in its order
  'wa_phone',
  'wa_phone_type',
  'wa_phone_status',
  'wa_email',
  'wa_country',
  'wa_consent_whatsapp',
  'wa_consent_sms',
  'wa_consent_email',
  'wa_consent_ads',
  'wa_consent_at',
  'wa_consent_source',
  // additions: every number and address (space-separated, the leading one first), the person fields, and the
  // consent times of the other channels (wa_consent_at is WhatsApp's)
  'wa_phones',
  'wa_emails',
  'wa_first_name',
  'wa_last_name',
  'wa_city',
  'wa_state',
  'wa_zip',
  'wa_external_id',
  'wa_value',
  'wa_dob',
  'wa_gender',
  'wa_consent_sms_at',
  'wa_consent_email_at',
  'wa_consent_ads_at',
] as const

/** `normalize`: one row per input row. wa_status is OK or the row's reject reason. */
export const RECORD_COLUMNS = [...CONTACT_COLUMNS, 'wa_status', 'wa_status_detail', 'wa_role', 'wa_source', 'wa_time', 'wa_row_country'] as const

/** `dedupe` and `join`: one row per person. */
export const PERSON_COLUMNS = [
  'wa_person',
  ...CONTACT_COLUMNS,
  'wa_in_customers',
  'wa_in_followers',
  'wa_records',
  'wa_suppressed',
  'wa_consent_sms_source',
  'wa_consent_email_source',
  'wa_consent_ads_source',
] as const

export type ContactCsvKind = 'record' | 'person'

/** Whether a header is a contact CSV written by this tool, and of which kind. */
export function contactCsvKind(header: readonly string[]): ContactCsvKind | null {
  const has = (cols: readonly string[]) => cols.every((c) => header.includes(c))
  if (has(PERSON_COLUMNS)) return 'person'
  if (has(RECORD_COLUMNS)) return 'record'
  return null
}

/** Input names by index, and back: provenance is written as `file:line` and read back into an index. */
export class SourceNames {
  private readonly names: string[]
  constructor(names: readonly string[] = []) {
    this.names = [...names]
  }
  name(input: number): string {
    return this.names[input] ?? ''
  }
  intern(name: string): number {
    const i = this.names.indexOf(name)
    if (i >= 0) return i
    this.names.push(name)
    return this.names.length - 1
  }
  get all(): readonly string[] {
    return this.names
  }
}

const FIELD_COLUMN: Record<(typeof PERSON_FIELDS)[number], string> = {
  first_name: 'wa_first_name',
  last_name: 'wa_last_name',
  city: 'wa_city',
  state: 'wa_state',
  zip: 'wa_zip',
  country: 'wa_country',
  external_id: 'wa_external_id',
  value: 'wa_value',
  dob: 'wa_dob',
  gender: 'wa_gender',
}

export function formatProvenance(p: Provenance | null, names: SourceNames): string {
  return p ? `${names.name(p.input)}:${p.line}` : ''
}

export function parseProvenance(s: string, names: SourceNames): Provenance | null {
  const colon = s.lastIndexOf(':')
  if (colon <= 0) return null
  const line = Number(s.slice(colon + 1))
  if (!Number.isInteger(line) || line < 1) return null
  return { input: names.intern(s.slice(0, colon)), line }
}

const atColumn = (ch: Channel) => (ch === 'whatsapp' ? 'wa_consent_at' : `wa_consent_${ch}_at`)

// Cells are set by column index into one array per row: this runs once per input row of `normalize` and
// once per person of `dedupe`/`join`, where building and spreading objects cost more than the rest.
const RECORD_INDEX = new Map<string, number>(RECORD_COLUMNS.map((c, i) => [c, i]))
const PERSON_INDEX = new Map<string, number>(PERSON_COLUMNS.map((c, i) => [c, i]))

function cellSetter(index: Map<string, number>): { row: string[]; set: (col: string, v: string) => void } {
  const row: string[] = new Array<string>(index.size).fill('')
  return { row, set: (col, v) => (row[index.get(col)!] = v) }
}

function setPhones(set: (col: string, v: string) => void, phones: readonly PhoneResult[], bad: readonly PhoneResult[]): void {
  const lead = phones[0]
  set('wa_phone', lead?.e164 ?? '')
  set('wa_phone_type', lead?.type ?? '')
  set('wa_phone_status', lead?.status ?? bad[0]?.status ?? 'MISSING')
  set('wa_phones', phones.map((p) => p.e164).join(' '))
}

function setFields(set: (col: string, v: string) => void, fields: PersonFields): void {
  for (const f of PERSON_FIELDS) set(FIELD_COLUMN[f], fields[f])
}

/**
 * The `wa_` cells of one input row. A rejected row gets wa_status = its reason and empty contact cells, so
 * `normalize` keeps every row and a later `dedupe` rejects it again with the same reason.
 */
export function recordCells(
  outcome: { ok: true; record: ContactRecord } | { ok: false; reject: RowReject; phones: PhoneResult[] },
  role: Role,
  names: SourceNames,
  usedCountry: string,
): string[] {
  const { row, set } = cellSetter(RECORD_INDEX)
  set('wa_role', role)
  if (!outcome.ok) {
    const r = outcome.reject
    set('wa_phone_status', outcome.phones.find((p) => !isUsable(p))?.status ?? 'MISSING')
    for (const ch of CHANNELS) set(`wa_consent_${ch}`, 'unknown')
    set('wa_status', r.reason)
    set('wa_status_detail', r.detail)
    set('wa_source', `${names.name(r.input)}:${r.line}`)
    return row
  }
  const r = outcome.record
  const source = `${names.name(r.input)}:${r.line}`
  setPhones(set, r.phones, r.badPhones)
  setFields(set, r.fields)
  set('wa_email', r.emails[0] ?? '')
  set('wa_emails', r.emails.join(' '))
  // product.md: the ISO2 used. The stated country, else the one the numbers were read with.
  set('wa_country', r.fields.country || usedCountry || (r.phones[0]?.country ?? ''))
  set('wa_status', 'OK')
  set('wa_source', source)
  set('wa_time', formatTime(r.time))
  set('wa_row_country', r.fields.country)
  for (const ch of CHANNELS) {
    const v = r.consent[ch]
    set(`wa_consent_${ch}`, v.state)
    set(atColumn(ch), formatTime(v.at))
  }
  set('wa_consent_source', r.consent.whatsapp.state === 'unknown' ? '' : source)
  return row
}

/** The `wa_` cells of one person. */
export function personCells(p: Person, names: SourceNames): string[] {
  const { row, set } = cellSetter(PERSON_INDEX)
  set('wa_person', p.id)
  setPhones(set, p.phones, [])
  setFields(set, p.fields)
  set('wa_email', p.emails[0] ?? '')
  set('wa_emails', p.emails.join(' '))
  set('wa_in_customers', p.inCustomers ? 'true' : 'false')
  set('wa_in_followers', p.inFollowers ? 'true' : 'false')
  set('wa_records', String(p.recordCount))
  set('wa_suppressed', formatProvenance(p.suppressed, names))
  for (const ch of CHANNELS) {
    const d = p.consent[ch]
    set(`wa_consent_${ch}`, d.state)
    set(atColumn(ch), formatTime(d.at))
    set(ch === 'whatsapp' ? 'wa_consent_source' : `wa_consent_${ch}_source`, formatProvenance(d.source, names))
  }
  return row
}

/** Column name -> index in a contact CSV's header. */
export type ContactLayout = Map<string, number>

export function contactLayout(header: readonly string[]): ContactLayout {
  const m = new Map<string, number>()
  header.forEach((h, i) => {
    if (h.startsWith('wa_') && !m.has(h)) m.set(h, i)
  })
  return m
}

const get = (row: CsvRow, layout: ContactLayout, col: string): string => {
  const i = layout.get(col)
  return i === undefined ? '' : row.cell(i).trim()
}

const STATES = new Set<ConsentState>(['granted', 'denied', 'unknown'])
function state(v: string): ConsentState {
  return STATES.has(v as ConsentState) ? (v as ConsentState) : 'unknown'
}

/** E.164 values of a contact CSV, parsed again: deterministic, and gives each number its type back. */
function readPhones(cell: string): PhoneResult[] {
  const out: PhoneResult[] = []
  for (const e of cell.split(/\s+/)) {
    if (e === '') continue
    const p = parsePhone(e, '')
    if (isUsable(p) && !out.some((q) => q.key === p.key)) out.push(p)
  }
  return out
}

/** The person fields of a row; a cell that would run as a formula (a contact CSV edited by hand, or written by
 * an older version) is left empty and named in `emptied`, as when a record is read (core/formula.ts). */
function readFields(row: CsvRow, layout: ContactLayout, country: string, emptied: EmptiedField[]): PersonFields {
  const f = emptyPersonFields()
  for (const k of PERSON_FIELDS) f[k] = k === 'country' ? country : get(row, layout, FIELD_COLUMN[k])
  for (const k of emptyFormulaFields(f) ?? []) emptied.push(k)
  return f
}

/** wa_emails: the addresses, space-separated; one that would run as a formula is left out and counted. */
function readEmails(row: CsvRow, layout: ContactLayout, emptied: EmptiedField[]): string[] {
  const out: string[] = []
  for (const e of get(row, layout, 'wa_emails').split(/\s+/)) {
    if (e === '') continue
    if (wouldRunAsFormula(e)) emptied.push('email')
    else out.push(e)
  }
  return out
}

/** A record row of a contact CSV (from `normalize`) back into what readRecord gave, with its original provenance. */
export function readRecordRow(
  row: CsvRow,
  layout: ContactLayout,
  names: SourceNames,
  fallback: Provenance,
): { role: Role | ''; outcome: { ok: true; record: ContactRecord; emptied?: readonly EmptiedField[] } | { ok: false; reject: RowReject; phones: PhoneResult[] } } {
  const where = parseProvenance(get(row, layout, 'wa_source'), names) ?? fallback
  const roleCell = get(row, layout, 'wa_role')
  const role: Role | '' = roleCell === 'customers' || roleCell === 'followers' || roleCell === 'suppress' ? roleCell : ''
  const status = get(row, layout, 'wa_status')
  if (status !== 'OK') {
    const phoneStatus = get(row, layout, 'wa_phone_status') as PhoneStatus
    const bad: PhoneResult = { e164: '', key: '', type: '', status: phoneStatus || 'MISSING', country: '', assumedCountry: '', ext: '', whatsapp: false }
    return { role, outcome: { ok: false, reject: { ...where, reason: status || 'MALFORMED_ROW', detail: get(row, layout, 'wa_status_detail') }, phones: [bad] } }
  }
  const phones = readPhones(get(row, layout, 'wa_phones'))
  const phoneStatus = get(row, layout, 'wa_phone_status')
  const badPhones: PhoneResult[] =
    phones.length === 0 && phoneStatus !== '' && phoneStatus !== 'MISSING'
      ? [{ e164: '', key: '', type: '', status: phoneStatus as PhoneStatus, country: '', assumedCountry: '', ext: '', whatsapp: false }]
      : []
  const consent = {} as ContactRecord['consent']
  for (const ch of CHANNELS) consent[ch] = { state: state(get(row, layout, `wa_consent_${ch}`)), at: parseTime(get(row, layout, atColumn(ch))) }
  const emptied: EmptiedField[] = []
  const record: ContactRecord = {
    input: where.input,
    line: where.line,
    phones,
    badPhones,
    emails: readEmails(row, layout, emptied),
    fields: readFields(row, layout, get(row, layout, 'wa_row_country'), emptied),
    consent,
    time: parseTime(get(row, layout, 'wa_time')),
  }
  return { role, outcome: emptied.length > 0 ? { ok: true, record, emptied } : { ok: true, record } }
}

/** A person row of a contact CSV (from `dedupe` or `join`) back into a Person; `emptied` collects the cells left
 * empty because they would run as a formula. */
export function readPersonRow(row: CsvRow, layout: ContactLayout, names: SourceNames, emptied: EmptiedField[] = []): Person {
  const consent = {} as Record<Channel, ConsentDecision>
  const suppressed = parseProvenance(get(row, layout, 'wa_suppressed'), names)
  for (const ch of CHANNELS) {
    const source = parseProvenance(get(row, layout, ch === 'whatsapp' ? 'wa_consent_source' : `wa_consent_${ch}_source`), names)
    const s = state(get(row, layout, `wa_consent_${ch}`))
    consent[ch] = { state: s, rule: suppressed ? 'suppressed' : s === 'unknown' ? 'no-vote' : 'agreed', source, at: parseTime(get(row, layout, atColumn(ch))) }
  }
  const records = Number(get(row, layout, 'wa_records'))
  return {
    id: get(row, layout, 'wa_person'),
    recordCount: Number.isInteger(records) && records > 0 ? records : 1,
    phones: readPhones(get(row, layout, 'wa_phones')),
    emails: readEmails(row, layout, emptied),
    fields: readFields(row, layout, get(row, layout, 'wa_country'), emptied),
    consent,
    inCustomers: get(row, layout, 'wa_in_customers') === 'true',
    inFollowers: get(row, layout, 'wa_in_followers') === 'true',
    suppressed,
  }
}
