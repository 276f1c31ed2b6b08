// The registry of known export formats, detection, user overrides (--map, --consent, --consent-at) and the
// resolution of a mapping to column indices. Formats are tried in order; `generic` always matches last.

import { InputError } from '../core/errors.js'
import { shown } from '../core/mask.js'
import { CHANNELS, PERSON_FIELDS, type Channel, type ContactField } from '../core/model.js'
import type { RowLayout } from '../core/record.js'
import { dateOrderOf, type ColumnDateOrder, type DateOrder } from '../core/time.js'
import { addNamedConsentColumns } from './consent-columns.js'
import { generic } from './generic.js'
import { findFolded } from './header.js'
import { hubspot } from './hubspot.js'
import { klaviyo } from './klaviyo.js'
import { mailchimp } from './mailchimp.js'
import { manychat } from './manychat.js'
import { metaLeadForm } from './meta-lead-form.js'
import { metaLeadsCenter } from './meta-leads-center.js'
import { shopify } from './shopify.js'
import { shopifyLegacy } from './shopify-legacy.js'
import type { ColumnMapping, SourceContext, SourceFormat } from './types.js'
import { woocommerceCustomers } from './woocommerce-customers.js'
import { woocommerceOrders } from './woocommerce-orders.js'

export type { ColumnMapping, SourceContext, SourceFormat } from './types.js'

// Most specific first: each known format is recognised by columns no other format has together; the generic
// synonym mapping catches everything else and must stay last.
export const SOURCE_FORMATS: readonly SourceFormat[] = [
  shopify,
  shopifyLegacy,
  metaLeadForm,
  metaLeadsCenter,
  mailchimp,
  klaviyo,
  hubspot,
  woocommerceOrders,
  woocommerceCustomers,
  manychat,
  generic,
]

export function detectFormat(header: readonly string[], context?: SourceContext): SourceFormat {
  return SOURCE_FORMATS.find((f) => f.detect(header, context)) ?? generic
}

/**
 * A format's mapping of `header`, plus the user-named consent columns every file is searched for
 * (consent-columns.ts): the same rules in a known format as in a generic file.
 */
export function mapHeader(format: SourceFormat, header: readonly string[], context?: SourceContext): ColumnMapping {
  const m = copyMapping(format.mapping(header, context))
  addNamedConsentColumns(m, header)
  return m
}

export function formatById(id: string): SourceFormat | undefined {
  return SOURCE_FORMATS.find((f) => f.id === id)
}

/** Column choices the user made with flags or a config file. Values are column names. */
export interface MappingOverrides {
  map: Partial<Record<ContactField, string>>
  consent: Partial<Record<Channel, string>>
  consentAt: Partial<Record<Channel, string>>
  /** --day-first (true) / --month-first (false): how ambiguous numeric dates read, in every input. */
  dayFirst?: boolean
}

export function noOverrides(): MappingOverrides {
  return { map: {}, consent: {}, consentAt: {} }
}

/** A deep copy, so that a mapping handed out by a format can be changed by overrides and prompts. */
export function copyMapping(m: ColumnMapping): ColumnMapping {
  const fields: ColumnMapping['fields'] = {}
  for (const [k, v] of Object.entries(m.fields) as [ContactField, string[]][]) if (v) fields[k] = [...v]
  return {
    ...m,
    fields,
    consent: { ...m.consent },
    consentAt: { ...m.consentAt },
    fixedConsent: { ...m.fixedConsent },
    ...(m.optOut ? { optOut: { ...m.optOut } } : {}),
    ...(m.dateOrder ? { dateOrder: { ...m.dateOrder } } : {}),
    ...(m.byContent ? { byContent: { ...m.byContent } } : {}),
  }
}

/** The header as written when it has `name`, compared exactly first, then folded. */
export function headerName(header: readonly string[], name: string): string | undefined {
  if (header.includes(name)) return name
  return findFolded(header, name)
}

/**
 * Applies overrides to a detected mapping. An override naming a column this file does not have is skipped
 * here (with several inputs, `--consent whatsapp=whatsapp_opt_in` is meant for the file that has it);
 * checkOverridesUsed() refuses an override that no input had.
 */
export function applyOverrides(mapping: ColumnMapping, header: readonly string[], o: MappingOverrides): ColumnMapping {
  const out = copyMapping(mapping)
  for (const [field, col] of Object.entries(o.map) as [ContactField, string][]) {
    const name = headerName(header, col)
    if (name !== undefined) out.fields[field] = [name]
  }
  for (const [ch, col] of Object.entries(o.consent) as [Channel, string][]) {
    const name = headerName(header, col)
    if (name !== undefined) {
      out.consent[ch] = name
      delete out.fixedConsent[ch]
    }
  }
  for (const [ch, col] of Object.entries(o.consentAt) as [Channel, string][]) {
    const name = headerName(header, col)
    if (name !== undefined) out.consentAt[ch] = name
  }
  if (o.dayFirst !== undefined) out.dayFirst = o.dayFirst
  return out
}

/** Refuses overrides that named a column none of the inputs has: a typo must not pass silently. */
export function checkOverridesUsed(o: MappingOverrides, headers: ReadonlyArray<{ file: string; header: readonly string[] }>): void {
  const has = (col: string) => headers.some((h) => headerName(h.header, col) !== undefined)
  const files = headers.map((h) => h.file).join(', ')
  const check = (flag: string, key: string, col: string) => {
    if (!has(col)) {
      throw new InputError(`No input has a column named "${shown(col)}" (given with ${flag} ${key}=${shown(col)}); check the spelling against the header of ${files}.`, {
        file: headers[0]?.file,
        line: 1,
      })
    }
  }
  for (const [k, c] of Object.entries(o.map)) check('--map', k, c!)
  for (const [k, c] of Object.entries(o.consent)) check('--consent', k, c!)
  for (const [k, c] of Object.entries(o.consentAt)) check('--consent-at', k, c!)
}

/** True when the mapping has at least one identifier column (phone or email). */
export function hasIdentifier(m: ColumnMapping): boolean {
  return (m.fields.phone?.length ?? 0) > 0 || (m.fields.email?.length ?? 0) > 0
}

/** The time columns a mapping reads. */
export function timeColumns(m: ColumnMapping): string[] {
  const out = m.time !== undefined ? [m.time] : []
  for (const c of Object.values(m.consentAt)) if (c !== undefined && !out.includes(c)) out.push(c)
  return out
}

/**
 * Settles each time column's day/month order from its values (the first rows of the file: `sample`), per
 * consent.md: a column whose values say nothing keeps no order unless the user gave one. Returns what each
 * column's values showed, for the report. Changes `m.dateOrder`.
 */
export function settleDateOrders(m: ColumnMapping, header: readonly string[], sample: readonly (readonly string[])[]): Array<{ column: string } & ColumnDateOrder> {
  const out: Array<{ column: string } & ColumnDateOrder> = []
  const settled: Record<string, DateOrder> = {}
  for (const column of timeColumns(m)) {
    const i = header.indexOf(column)
    if (i < 0) continue
    const o = dateOrderOf(sample.map((r) => r[i] ?? ''))
    if (o.order) settled[column] = o.order
    out.push({ column, ...o })
  }
  m.dateOrder = settled
  return out
}

function layoutDateOrder(m: ColumnMapping, header: readonly string[]): RowLayout['dateOrder'] {
  const out: RowLayout['dateOrder'] = {}
  const given: DateOrder | undefined = m.dayFirst === undefined ? undefined : m.dayFirst ? 'day' : 'month'
  for (const column of timeColumns(m)) {
    const i = header.indexOf(column)
    // The column's own values first: a `31/01/2025` cannot be read month first, whatever a flag says.
    const order = m.dateOrder?.[column] ?? given
    if (i >= 0 && order !== undefined) out[i] = order
  }
  return out
}

/** Column names to indices, once per file. */
export function resolveLayout(m: ColumnMapping, header: readonly string[]): RowLayout {
  const index = (name: string | undefined) => (name === undefined ? -1 : header.indexOf(name))
  const fields: RowLayout['fields'] = {}
  for (const f of [...PERSON_FIELDS, 'full_name'] as const) {
    const name = m.fields[f]?.[0]
    if (name !== undefined) fields[f] = index(name)
  }
  const consent: RowLayout['consent'] = {}
  const consentAt: RowLayout['consentAt'] = {}
  const optOut: NonNullable<RowLayout['optOut']> = {}
  for (const ch of CHANNELS) {
    if (m.consent[ch] !== undefined) consent[ch] = index(m.consent[ch])
    if (m.consentAt[ch] !== undefined) consentAt[ch] = index(m.consentAt[ch])
    if (m.optOut?.[ch] !== undefined) optOut[ch] = index(m.optOut[ch])
  }
  return {
    phone: (m.fields.phone ?? []).map(index).filter((i) => i >= 0),
    email: (m.fields.email ?? []).map(index).filter((i) => i >= 0),
    fields,
    consent,
    consentAt,
    optOut,
    fixedConsent: m.fixedConsent,
    time: index(m.time),
    dateOrder: layoutDateOrder(m, header),
  }
}
