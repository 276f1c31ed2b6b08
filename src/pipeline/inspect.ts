// `inspect`: profiles one export the way `prepare` would read it (the same mapping step, map-input.ts, and the
// same row-intake step), without deciding anything about people: encoding, delimiter, format, mapping, rows,
// phone validity by country and type, consent values per column, and a few rejects (masked). Never prompts
// and never refuses a mapping: it is the tool for finding out why a mapping is missing.

import { throwIfAborted } from '../core/errors.js'
import { readConsentValue } from '../core/consent-value.js'
import { escapeControls, shown } from '../core/mask.js'
import { CHANNELS, type Channel, type ConsentState } from '../core/model.js'
import type { RecordOptions } from '../core/record.js'
import type { PhoneResult } from '../core/phone/index.js'
import { bump, sortedCounts } from '../core/report.js'
import type { LoadedConfig } from '../config/config-file.js'
import { openTables } from '../io/open-tables.js'
import type { TableOptions } from '../io/read-table.js'
import { delimiterName } from '../io/sniff.js'
import { isXlsxTable } from '../io/xlsx-table.js'
import { checkOverridesUsed, resolveLayout, type MappingOverrides } from '../sources/index.js'
import { timeNoteKey, timeWarnings } from '../core/time.js'
import { tableOptionsFor } from './input-settings.js'
import { mapInput } from './map-input.js'
import { notingResolver } from './mapping-resolver.js'
import { RowIntake } from './row-intake.js'

export interface InspectOptions {
  path: string
  table: TableOptions
  overrides: MappingOverrides
  config?: LoadedConfig
  defaultCountry: string
  countryFromFlag: boolean
  /** Rejects listed per file. */
  rejectSamples?: number
  signal?: AbortSignal
}

export interface ConsentColumnProfile {
  channel: Channel
  column: string
  /** `consent`: its yes grants; `opt_out`: its yes denies and its no says nothing. */
  kind: 'consent' | 'opt_out'
  values: Array<{ value: string; state: ConsentState; count: number }>
  /** Non-empty values the consent vocabulary does not know: they count as unknown. */
  not_understood: Array<{ value: string; count: number }>
}

export interface InputProfile {
  file: string
  format: { id: string; label: string }
  config_entry?: string
  encoding: string
  encoding_evidence: string
  delimiter: string
  /** An Excel workbook: the sheet read, and every sheet in tab order (where the file could list them). */
  workbook?: { sheet: string; sheets: string[] }
  columns: string[]
  mapping: {
    fields: Record<string, string[]>
    consent: Record<string, string>
    consent_at: Record<string, string>
    opt_out: Record<string, string>
    fixed_consent: Record<string, string>
    time?: string
    day_first?: boolean
    /** Each time column's day/month order: `day`/`month` as its values settle it (else as the user gave it),
     * `mixed` (values both ways), `unsettled` (ambiguous dates give no time). */
    date_order?: Record<string, 'day' | 'month' | 'mixed' | 'unsettled'>
    /** Identifier columns no header named, read by their values. */
    by_content?: Record<string, string>
  }
  rows: number
  records: number
  rows_rejected: number
  rejects_by_reason: Record<string, number>
  phones: {
    total: number
    valid: number
    whatsapp_eligible: number
    by_country_type: Array<{ country: string; type: string; count: number }>
    refused: Record<string, number>
  }
  emails: { valid: number }
  consent: ConsentColumnProfile[]
  rejects: Array<{ line: number; reason: string; detail: string }>
  warnings: string[]
}

/** Consent values are few; a column holding many distinct values is mis-mapped, and only its top values are kept. */
const MAX_VALUES = 20

// Column names as the profile shows them (table and --json): masked and escaped like every text of a file
// (core/mask.ts), and long enough to copy into --map. Values in a consent column are shown() at the default
// length: a value that looks like personal data (a mis-mapped column) is masked.
const columnName = (h: string) => shown(h, 120)
const columnNames = (names: readonly string[] | undefined) => (names ?? []).map(columnName)
const columnsOf = (r: Partial<Record<string, string>> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(r ?? {}).map(([k, v]) => [k, columnName(v ?? '')]))

export async function inspectInput(o: InspectOptions): Promise<InputProfile[]> {
  const out: InputProfile[] = []
  const headers: Array<{ file: string; header: readonly string[] }> = []
  for (const t of await openTables(o.path, (p) => tableOptionsFor({ ...o.table, signal: o.signal }, o.config, p))) {
    const { table } = t
    // The one mapping step prepare runs (map-input.ts), answered by notes instead of prompts or refusals.
    const notes: string[] = []
    const { format, mapping, match, headerless, dates } = await mapInput(t, { role: 'customers', overrides: o.overrides, config: o.config, resolver: notingResolver(notes) })
    headers.push({ file: table.name, header: table.header })
    const layout = resolveLayout(mapping, table.header)
    const country = (!o.countryFromFlag && match?.entry.country) || o.defaultCountry
    const options: RecordOptions = { defaultCountry: country, whatsappConsentFromSms: false }
    const warnings = [...(format.warnings?.(table.header, { fileName: table.name }) ?? []), ...(headerless !== null ? [headerless] : []), ...notes]

    const rejectsByReason: Record<string, number> = {}
    const rejects: InputProfile['rejects'] = []
    const byCountryType: Record<string, number> = {}
    const refused: Record<string, number> = {}
    const phones = { total: 0, valid: 0, whatsapp_eligible: 0 }
    let records = 0
    let emails = 0
    const consentCounts = new Map<string, Map<string, number>>()
    const timeNotes = new Map<number, Map<string, number>>()
    const consentColumns: Array<{ channel: Channel; column: string; index: number; kind: 'consent' | 'opt_out' }> = []
    for (const ch of CHANNELS) {
      if (mapping.consent[ch] !== undefined) consentColumns.push({ channel: ch, column: mapping.consent[ch]!, index: layout.consent[ch]!, kind: 'consent' })
      if (mapping.optOut?.[ch] !== undefined) consentColumns.push({ channel: ch, column: mapping.optOut[ch]!, index: layout.optOut![ch]!, kind: 'opt_out' })
    }
    const countPhones = (list: readonly PhoneResult[]) => {
      for (const p of list) {
        phones.total++
        if (p.status === 'OK' || p.status === 'NOT_MOBILE') {
          phones.valid++
          if (p.whatsapp) phones.whatsapp_eligible++
          bump(byCountryType, `${p.country}\t${p.type || 'UNKNOWN'}`)
        } else bump(refused, p.status)
      }
    }
    const reject = (line: number, reason: string, detail: string) => {
      bump(rejectsByReason, reason)
      if (rejects.length < (o.rejectSamples ?? 5)) rejects.push({ line, reason, detail })
    }

    // The row-intake step prepare runs, with its refusals collected: inspect reports what prepare would refuse.
    const intake = new RowIntake(
      { input: 0, name: table.name, header: table.header, layout, contact: null, contactLayout: new Map(), role: 'customers', roleFromData: false, options },
      { refusals: 'collect' },
    )
    for await (const { rows, lines } of table.batches) {
      throwIfAborted(o.signal)
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!
        const line = lines[i]!
        const outcome = intake.row(row, line)
        if (outcome.ok) {
          records++
          for (const [i, note] of outcome.timeNotes ?? []) {
            let notes = timeNotes.get(i)
            if (!notes) timeNotes.set(i, (notes = new Map()))
            notes.set(timeNoteKey(note), (notes.get(timeNoteKey(note)) ?? 0) + 1)
          }
          // As prepare's report: the consent values of the records that are read (a test lead's are not).
          for (const c of consentColumns) {
            const key = `${c.kind}\t${c.channel}`
            let counts = consentCounts.get(key)
            if (!counts) consentCounts.set(key, (counts = new Map()))
            const v = row.cell(c.index).trim()
            counts.set(v, (counts.get(v) ?? 0) + 1)
          }
          emails += outcome.record.emails.length
          countPhones([...outcome.record.phones, ...outcome.record.badPhones])
        } else {
          countPhones(outcome.phones)
          reject(line, outcome.reject.reason, outcome.reject.detail)
        }
      }
    }

    const refusal = intake.refusal()
    if (refusal) warnings.push(`prepare would refuse this file: ${refusal.message}`)

    const consent: ConsentColumnProfile[] = consentColumns.map((c) => {
      const counts = [...(consentCounts.get(`${c.kind}\t${c.channel}`) ?? new Map<string, number>()).entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      return {
        channel: c.channel,
        column: columnName(c.column),
        kind: c.kind,
        values: counts.slice(0, MAX_VALUES).map(([value, count]) => ({ value: shown(value), state: readConsentValue(value), count })),
        not_understood: counts.filter(([v]) => v !== '' && readConsentValue(v) === 'unknown').slice(0, MAX_VALUES).map(([value, count]) => ({ value: shown(value), count })),
      }
    })
    for (const c of consent) {
      if (c.not_understood.length > 0) {
        const n = c.not_understood.reduce((a, v) => a + v.count, 0)
        warnings.push(`${table.name} column "${c.column}" has ${n} value(s) that read as neither yes nor no (e.g. ${c.not_understood.slice(0, 3).map((v) => `"${v.value}"`).join(', ')}): they count as unknown.`)
      }
    }
    for (const [i, notes] of timeNotes) warnings.push(...timeWarnings(`${table.name} column "${columnName(table.header[i] ?? '')}"`, notes))
    if (consentColumns.length === 0 && Object.keys(mapping.fixedConsent).length === 0) {
      warnings.push(`${table.name} has no consent column: its records do not vote on consent; if a column holds consent, pass --consent CHANNEL=COLUMN.`)
    }

    const m = mapping
    out.push({
      file: escapeControls(table.name),
      format: { id: format.id, label: format.label },
      ...(match ? { config_entry: escapeControls(`${o.config!.label}: ${match.key}`) } : {}),
      encoding: table.encoding,
      encoding_evidence: table.encodingEvidence,
      delimiter: delimiterName(table.delimiter),
      ...(isXlsxTable(table) ? { workbook: { sheet: escapeControls(table.sheet), sheets: (table.sheets ?? [table.sheet]).map((s) => escapeControls(s)) } } : {}),
      columns: columnNames(table.header),
      mapping: {
        fields: Object.fromEntries(Object.entries(m.fields).filter(([, v]) => v && v.length > 0).map(([k, v]) => [k, columnNames(v)])),
        consent: columnsOf(m.consent),
        consent_at: columnsOf(m.consentAt),
        opt_out: columnsOf(m.optOut),
        fixed_consent: { ...m.fixedConsent } as Record<string, string>,
        ...(m.time ? { time: columnName(m.time) } : {}),
        ...(m.dayFirst !== undefined ? { day_first: m.dayFirst } : {}),
        ...(m.byContent ? { by_content: columnsOf(m.byContent) } : {}),
        // Columns with numeric day/month dates only (ISO and named months need no order).
        ...(dates.some((d) => d.order || d.mixed || d.ambiguous > 0)
          ? { date_order: Object.fromEntries(dates.filter((d) => d.order || d.mixed || d.ambiguous > 0).map((d) => [columnName(d.column), d.order ?? (d.mixed ? 'mixed' : layout.dateOrder[table.header.indexOf(d.column)] ?? 'unsettled')])) }
          : {}),
      },
      rows: table.stats.rows,
      records,
      rows_rejected: table.stats.rows - records,
      rejects_by_reason: sortedCounts(rejectsByReason),
      phones: {
        ...phones,
        by_country_type: Object.entries(byCountryType)
          .map(([k, count]) => {
            const [country, type] = k.split('\t') as [string, string]
            return { country, type, count }
          })
          .sort((a, b) => b.count - a.count || a.country.localeCompare(b.country) || a.type.localeCompare(b.type)),
        refused: sortedCounts(refused),
      },
      emails: { valid: emails },
      consent,
      rejects,
      warnings,
    })
  }
  checkOverridesUsed(o.overrides, headers)
  return out
}
