// One row of an export to a ContactRecord, or to a RowReject with its reason. Pure: the row arrives as the
// readers hand it on (core/csv-row.ts: a cell is cut when it is read), the layout says which index holds
// what, and the options carry the default country. Only the layout's columns are read, but the test-lead
// marker is looked for in every cell.

import { readConsentValue } from './consent-value.js'
import { readCountry } from './country.js'
import type { CsvRow } from './csv-row.js'
import { META_TEST_LEAD_EMAIL, normalizeEmail } from './email.js'
import { emptyFormulaFields, wouldRunAsFormula, type EmptiedField } from './formula.js'
import { emptyList } from './lists.js'
import { maskEmail, maskPhone } from './mask.js'
import {
  CHANNELS,
  type Channel,
  type ConsentState,
  type ContactRecord,
  type PersonField,
  type PersonFields,
  type RowReject,
} from './model.js'
import { parsePhoneCell } from './phone/parse.js'
import { isUsable, leadWhatsapp, type PhoneResult } from './phone/types.js'
import { trimmed } from './strings.js'
import { readTime, type DateOrder, type TimeNote, type TimeOptions } from './time.js'

/** Column indices of one file, resolved once from its mapping (sources/resolve.ts). -1 = absent. */
export interface RowLayout {
  phone: number[]
  email: number[]
  fields: Partial<Record<PersonField | 'full_name', number>>
  consent: Partial<Record<Channel, number>>
  consentAt: Partial<Record<Channel, number>>
  /** Opt-out columns: a yes there denies the channel, a no says nothing (HubSpot `Unsubscribed from all email`). */
  optOut?: Partial<Record<Channel, number>>
  fixedConsent: Partial<Record<Channel, ConsentState>>
  time: number
  /** The day/month order of each time column (`time` and the consentAt columns), by column index, where the
   * column's values or the user settled it (sources/index.ts); absent: ambiguous dates give no time. */
  dateOrder: Partial<Record<number, DateOrder>>
}

export interface RecordOptions {
  /** ISO2 for numbers written without a country code when the row has no country of its own; '' = none. */
  defaultCountry: string
  /** `--whatsapp-consent-from sms`: a record's SMS consent speaks for WhatsApp when it says nothing itself. */
  whatsappConsentFromSms: boolean
}

/** A rejected row still reports the numbers it held, so the report's phone figures cover every row. A record
 * says which of its cells were left empty because they would run as a formula (core/formula.ts), and which
 * consent cells held a value that reads as neither yes nor no (`unknownConsent`: column and trimmed value,
 * in CHANNELS order, for the report's consent audit; read here, where the value is read, not read again). */
export type RowOutcome =
  | { ok: true; record: ContactRecord; emptied?: readonly EmptiedField[]; timeNotes?: readonly TimeNoteAt[]; unknownConsent?: readonly UnknownConsentAt[] }
  | { ok: false; reject: RowReject; phones: PhoneResult[] }

/** A consent cell's non-empty value that reads as unknown, by column index. */
export type UnknownConsentAt = readonly [column: number, value: string]

/** A time cell that gave no time (`ambiguous`, `contradicts`) or was read as UTC (`zoneless`), by column index:
 * counted per column in the report (consent.md, "Reading times"). */
export type TimeNoteAt = readonly [column: number, note: TimeNote]

/** What timeAt() noted about the cell it read, if anything (one object for every call: readTime fills it). */
const timeNote: { note?: TimeNote } = {}

/** The time in column `i` of the row (NaN: none), read with the column's options; what readTime noted is
 * left in timeNote. */
function timeAt(row: CsvRow, i: number, options: TimeOptions): number {
  timeNote.note = undefined
  if (i < 0) return NaN
  const raw = cell(row, i)
  if (raw === '') return NaN
  return readTime(raw, options, timeNote)
}

/** readTime's options, one object each (not one per cell): a column whose day/month order is not settled,
 * one read day first, one read month first. */
const NO_ORDER: TimeOptions = Object.freeze({})
const DAY_FIRST: TimeOptions = Object.freeze({ order: 'day' })
const MONTH_FIRST: TimeOptions = Object.freeze({ order: 'month' })

/**
 * What readRecord reads of a layout's time and consent columns, by channel number (CHANNELS order), made once
 * per layout (a layout is not changed once rows are read with it). By measurement the lookups by channel
 * name in the layout's objects, about twenty a row and most of them of names an object does not have, cost
 * more than the rest of the consent reading. -1: no column.
 */
export interface LayoutPlan {
  /** The layout's field columns, every field present (-1: absent): the layouts of two files have objects of
   * different shapes (each has only its mapped fields), and readRecord reading them directly saw a second
   * map at the second file, which threw its optimized code away (measured with --trace-deopt). */
  fields: Record<PersonField | 'full_name', number>
  consent: number[]
  fixed: ConsentState[]
  optOut: number[]
  consentAt: number[]
  consentAtOptions: TimeOptions[]
  time: number
  timeOptions: TimeOptions
}

const plans = new WeakMap<RowLayout, LayoutPlan>()

/**
 * The plan of reading rows laid out as `layout`, made once per layout. A step that reads many rows (row-intake.ts)
 * takes it when it is made and hands it to readRecord: looked up in readRecord, the first row of a new layout (a
 * worker's next chunk, whose layout is a fresh copy) took the lookup's miss in optimized code, and V8 threw the
 * whole of readRecord's code away for it (--trace-deopt), about 30 ms of TurboFan each time.
 */
export function planOf(layout: RowLayout): LayoutPlan {
  let plan = plans.get(layout)
  if (plan === undefined) plans.set(layout, (plan = makePlan(layout)))
  return plan
}

function makePlan(layout: RowLayout): LayoutPlan {
  const column = (i: number | undefined) => (i === undefined || i < 0 ? -1 : i)
  const options = (i: number): TimeOptions => {
    const order = i < 0 ? undefined : layout.dateOrder[i]
    return order === undefined ? NO_ORDER : order === 'day' ? DAY_FIRST : MONTH_FIRST
  }
  const consentAt = CHANNELS.map((ch) => column(layout.consentAt[ch]))
  const f = layout.fields
  return {
    // PERSON_FIELDS order, then full_name: one literal, so every plan's fields object has one map.
    fields: {
      first_name: column(f.first_name),
      last_name: column(f.last_name),
      city: column(f.city),
      state: column(f.state),
      zip: column(f.zip),
      country: column(f.country),
      external_id: column(f.external_id),
      value: column(f.value),
      dob: column(f.dob),
      gender: column(f.gender),
      full_name: column(f.full_name),
    },
    consent: CHANNELS.map((ch) => column(layout.consent[ch])),
    fixed: CHANNELS.map((ch) => layout.fixedConsent[ch] ?? 'unknown'),
    optOut: CHANNELS.map((ch) => column(layout.optOut?.[ch])),
    consentAt,
    consentAtOptions: consentAt.map(options),
    time: column(layout.time),
    timeOptions: options(column(layout.time)),
  }
}

/** The channels of the record being read, in CHANNELS order, before they are put in its consent literal. */
const channelScratch: Array<ContactRecord['consent']['whatsapp']> = []

/** Cell `i` of the row, trimmed ('' when the column is absent). */
function cell(row: CsvRow, i: number | undefined): string {
  if (i === undefined || i < 0) return ''
  return trimmed(row.cell(i))
}

// Spreadsheets keep long ids and numbers as text with a leading apostrophe (`'7100000000001`, Shopify). The
// length first: charCodeAt(0) of an empty cell (most optional fields) is a read past the end, which had
// TurboFan call the builtin for every cell instead of reading the character inline (callgrind: ~9 calls a row).
const unguard = (v: string): string => (v.length > 1 && v.charCodeAt(0) === 39 && /^'[+\d]/.test(v) ? v.slice(1) : v)

const TEST_LEAD_MARK = '<test lead'

/** True when any cell carries Meta's test-lead marker (`<test lead: dummy data for …>`), in whatever column:
 * the columns the record does not read too. One search of the row's line says whether a cell may hold it
 * (most rows: no), and only then are the cells looked at, by the rule as it was written for cells. */
function isTestLead(row: CsvRow, emails: readonly string[]): boolean {
  if (emails.includes(META_TEST_LEAD_EMAIL)) return true
  if (!row.mayContain(TEST_LEAD_MARK)) return false
  for (let i = 0; i < row.length; i++) {
    const v = row.cell(i)
    if (v.length > 10 && v.includes(TEST_LEAD_MARK)) return true
  }
  return false
}

export function readRecord(row: CsvRow, layout: RowLayout, input: number, line: number, options: RecordOptions, plan = planOf(layout)): RowOutcome {
  // Of the raw addresses, only the first (a reject's message) and the count of those that would run as a
  // formula (the report's figures) are needed: no list of them.
  const lf = plan.fields
  let firstRawEmail = ''
  let formulaEmails = 0
  const emails = emptyList<string>()
  for (let k = 0; k < layout.email.length; k++) {
    const raw = cell(row, layout.email[k])
    if (raw === '') continue
    if (firstRawEmail === '') firstRawEmail = raw
    if (wouldRunAsFormula(raw)) formulaEmails++
    const e = normalizeEmail(raw)
    if (e !== '' && !emails.includes(e)) emails.push(e)
  }
  // No number read yet: a test lead's outcome reports none.
  if (isTestLead(row, emails)) return rejected(input, line, 'TEST_LEAD', "Meta test lead (Ads Manager's lead-form testing tool)", [])

  // The row's own country wins over --country; a country cell we cannot read refuses national numbers.
  const countryCell = cell(row, lf.country)
  const rowCountry = countryCell === '' ? '' : readCountry(countryCell)
  const country = countryCell === '' ? options.defaultCountry : rowCountry ?? 'ZZ'

  const phones = emptyList<PhoneResult>()
  const badPhones = emptyList<PhoneResult>()
  let firstRawPhone = ''
  for (let k = 0; k < layout.phone.length; k++) {
    const raw = cell(row, layout.phone[k])
    if (raw === '') continue
    if (firstRawPhone === '') firstRawPhone = raw
    const read = parsePhoneCell(raw, country)
    for (let j = 0; j < read.length; j++) {
      const p = read[j]!
      if (!isUsable(p)) badPhones.push(p)
      else if (!hasKey(phones, p.key)) phones.push(p)
    }
  }
  // The first WhatsApp-eligible number leads (sources.md); the others keep their column order.
  if (phones.length > 1) leadWhatsapp(phones)

  if (phones.length === 0 && emails.length === 0) {
    // Every number read was refused (a usable one would be in phones), so badPhones is every number read:
    // the outcome's numbers, for the report's figures.
    if (badPhones.length > 0) {
      const p = badPhones[0]!
      const what = firstRawEmail !== '' ? `no usable email (${maskEmail(firstRawEmail)})` : 'no email'
      return rejected(input, line, p.status, `phone ${maskPhone(firstRawPhone)}: ${describeStatus(p.status)}; ${what}`, badPhones)
    }
    if (firstRawEmail !== '') return rejected(input, line, 'NO_IDENTIFIER', `email ${maskEmail(firstRawEmail)} is not a valid address; no phone`, badPhones)
    return rejected(input, line, 'NO_IDENTIFIER', 'neither a phone nor an email', badPhones)
  }

  // Every field but the country, in PERSON_FIELDS order, written out: a literal of one shape is cheaper than
  // a loop of lookups and stores by computed key. Only a stated country is a field value: the region of a
  // number is a weaker fact (`+44 7911 12…` is a Guernsey range) and is used by the person only when no
  // record states a country (people.ts). The names are settled before the literal: a field written after it
  // changes the literal's map (its field is no longer constant), which threw away the optimized code of every
  // function that had read a record (writeBlob, blobBound, the packer's add: measured with --log-deopt).
  let firstName = unguard(cell(row, lf.first_name))
  let lastName = unguard(cell(row, lf.last_name))
  if (firstName === '' && lastName === '') {
    const full = oneSpaced(cell(row, lf.full_name))
    const sp = full.indexOf(' ')
    firstName = sp < 0 ? full : full.slice(0, sp)
    lastName = sp < 0 ? '' : full.slice(sp + 1)
  }
  const fields: PersonFields = {
    first_name: firstName,
    last_name: lastName,
    city: unguard(cell(row, lf.city)),
    state: unguard(cell(row, lf.state)),
    zip: unguard(cell(row, lf.zip)),
    country: rowCountry ?? '',
    external_id: unguard(cell(row, lf.external_id)),
    value: unguard(cell(row, lf.value)),
    dob: unguard(cell(row, lf.dob)),
    gender: unguard(cell(row, lf.gender)),
  }
  // The one rule for formula cells, applied once to the record every output is written from.
  let emptied: EmptiedField[] | null = emptyFormulaFields(fields)
  for (let k = 0; k < formulaEmails; k++) (emptied ??= []).push('email')

  let timeNotes: TimeNoteAt[] | null = null
  const time = timeAt(row, plan.time, plan.timeOptions)
  if (timeNote.note) (timeNotes ??= []).push([plan.time, timeNote.note])
  let unknownConsent: UnknownConsentAt[] | null = null
  for (let c = 0; c < CHANNELS.length; c++) {
    const col = plan.consent[c]!
    let state: ConsentState
    if (col >= 0) {
      const v = cell(row, col)
      state = readConsentValue(v)
      if (state === 'unknown' && v !== '') (unknownConsent ??= []).push([col, v])
    } else state = plan.fixed[c]!
    const out = plan.optOut[c]!
    if (out >= 0 && readConsentValue(cell(row, out)) === 'granted') state = 'denied'
    const atCol = plan.consentAt[c]!
    const at = timeAt(row, atCol, plan.consentAtOptions[c]!)
    if (timeNote.note) (timeNotes ??= []).push([atCol, timeNote.note])
    channelScratch[c] = { state, at: Number.isNaN(at) ? time : at }
  }
  // CHANNELS order, written out: a literal of one shape, with WhatsApp settled before it (a field written
  // after the literal changes its map, as with the names above).
  let whatsapp = channelScratch[0]!
  const sms = channelScratch[1]!
  if (options.whatsappConsentFromSms && whatsapp.state === 'unknown' && sms.state !== 'unknown') whatsapp = { state: sms.state, at: sms.at }
  const consent: ContactRecord['consent'] = { whatsapp, sms, email: channelScratch[2]!, ads: channelScratch[3]! }

  const record: ContactRecord = { input, line, phones, badPhones, emails, fields, consent, time }
  if (!emptied && !timeNotes && !unknownConsent) return { ok: true, record }
  return {
    ok: true,
    record,
    ...(emptied ? { emptied } : {}),
    ...(timeNotes ? { timeNotes } : {}),
    ...(unknownConsent ? { unknownConsent } : {}),
  }
}

/** `s` with every run of white space as one space, as `s.replace(/\s+/g, ' ')` gives it; the replace only when
 * a run is not already one space (most names; by measurement the replace was an eighth of readRecord's own
 * time). Exported for its test. */
export function oneSpaced(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === 32 ? i + 1 < s.length && maySpace(s.charCodeAt(i + 1)) : maySpace(c)) return s.replace(/\s+/g, ' ')
  }
  return s
}

/** True for every unit \s matches (white space and line terminators), and for the other controls below 32. */
function maySpace(c: number): boolean {
  if (c <= 32) return true
  if (c < 0xa0) return false
  return c === 0xa0 || c === 0x1680 || c === 0x180e || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
}

/** Whether a number of this key is in the list already (a loop, not a closure made for every number). */
function hasKey(phones: readonly PhoneResult[], key: string): boolean {
  for (let i = 0; i < phones.length; i++) if (phones[i]!.key === key) return true
  return false
}

/** A rejected row's outcome (a function, not a closure made for every row read). */
function rejected(input: number, line: number, reason: string, detail: string, phones: PhoneResult[]): RowOutcome {
  return { ok: false, reject: { input, line, reason, detail }, phones }
}

const STATUS_TEXT: Record<string, string> = {
  MISSING: 'empty',
  NOT_A_NUMBER: 'not a phone number',
  NO_COUNTRY: 'written without a country code, and neither the row nor --country gives one',
  INVALID_COUNTRY: "the row's country is not one we know",
  TOO_SHORT: 'too short',
  TOO_LONG: 'too long',
  INVALID: 'not a valid number',
  EXCEL_MANGLED: 'spoiled by Excel (scientific notation or a float), digits lost',
  TEST_LEAD: 'a Meta test lead',
  NOT_MOBILE: 'valid but not a mobile number',
}

export function describeStatus(status: string): string {
  return STATUS_TEXT[status] ?? status
}
