// The fallback for any export no known format claims: columns are mapped by header synonyms in several
// languages (header-synonyms.ts), compared folded (case, accents, spaces and punctuation ignored). A file where
// neither a phone nor an email column is found is refused with the flags that fix it, or asked about at a
// terminal (pipeline/mapping-resolver.ts).

import type { ColumnProfile } from '../core/column-profile.js'
import type { ContactField } from '../core/model.js'
import { consentChannelOf, findConsentColumns, findOptOutColumns } from './consent-columns.js'
import { findColumns, foldHeader } from './header.js'
import { BARE_NAMES, FIELD_SYNONYMS } from './header-synonyms.js'
import type { ColumnMapping, SourceFormat } from './types.js'

export { FIELD_SYNONYMS } from './header-synonyms.js'

export function mapBySynonyms(header: readonly string[]) {
  const fields: Partial<Record<ContactField, string[]>> = {}
  for (const [field, names] of Object.entries(FIELD_SYNONYMS) as [ContactField, string[]][]) {
    const cols = findColumns(header, names)
    if (cols.length === 0) continue
    // Several phone or email columns are all read; other fields take their best match.
    fields[field] = field === 'phone' || field === 'email' ? cols : cols.slice(0, 1)
  }
  // A bare "name" beside a first-name column is the family name (German `Vorname; Name`, French `Prénom; Nom`);
  // beside a family-name column it is the given name (Spanish `Nombre; Apellidos`, Italian `Nome; Cognome`).
  const full = fields.full_name?.[0]
  if (full !== undefined && BARE_NAMES.includes(foldHeader(full))) {
    if (fields.first_name && !fields.last_name) {
      fields.last_name = [full]
      delete fields.full_name
    } else if (fields.last_name && !fields.first_name) {
      fields.first_name = [full]
      delete fields.full_name
    }
  }
  return fields
}

// The record's own time, when a file has one: consent.md settles disagreements by time only when every voting
// record has one, so a generic file's creation date is worth reading.
const TIME_SYNONYMS = [
  'created_time', 'created at', 'created', 'create date', 'date created', 'signup date', 'sign up date', 'subscribed at',
  'opt in date', 'optin date', 'timestamp', 'date', 'date de création', 'date d inscription', 'fecha', 'fecha de registro',
  'data de cadastro', 'datum', 'erstellt am', 'anmeldedatum', 'data di iscrizione', 'aangemaakt op',
]

export function findTimeColumn(header: readonly string[]): string | undefined {
  return findColumns(header, TIME_SYNONYMS)[0]
}

export const generic: SourceFormat = {
  id: 'generic',
  label: 'generic CSV (columns mapped by name)',
  detect: () => true,
  mapping(header) {
    const consent = findConsentColumns(header)
    const fields = mapBySynonyms(header)
    const taken = new Set(Object.values(consent))
    if (fields.phone) fields.phone = fields.phone.filter((c) => !taken.has(c))
    if (fields.phone?.length === 0) delete fields.phone
    return { fields, consent, consentAt: {}, fixedConsent: {}, optOut: findOptOutColumns(header), time: findTimeColumn(header) }
  },
}

/**
 * Corrects a generic mapping by what the columns hold: a column named `WhatsApp` whose values are `yes`/`no`
 * is the WhatsApp consent, not the WhatsApp number (forms name both the same way). Only the generic mapping
 * is corrected; known formats know their columns.
 */
export function refineByContent(m: ColumnMapping, profiles: readonly ColumnProfile[]): void {
  const phones = m.fields.phone ?? []
  const keep = phones.filter((col) => {
    const p = profiles.find((x) => x.column === col)
    const answers = p !== undefined && p.filled > 0 && p.consentLike / p.filled >= 0.6 && p.phoneLike === 0
    if (!answers) return true
    const ch = consentChannelOf(`${col} opt in`)
    if (ch && m.consent[ch] === undefined) m.consent[ch] = col
    return false
  })
  if (keep.length === phones.length) return
  if (keep.length > 0) m.fields.phone = keep
  else delete m.fields.phone
}
