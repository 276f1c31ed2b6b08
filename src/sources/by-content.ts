// Columns found by their values: when no header names an email (or a phone) column, a column whose sample
// values are mostly email addresses (phone numbers) is read as one (`Name,Handy,Kontakt` with addresses under
// `Kontakt`). Only columns the mapping reads for nothing else are taken, the choice is recorded on the mapping
// (`byContent`) so that inspect and the report show it, and at a terminal the user is asked to confirm it.
//
// Phones are found this way only beside an identifier a header named: an id or order-number column can look
// like phone numbers, and a file with no named identifier at all is a question for the user (the refusal with
// `--map phone=COLUMN`, or the prompt), not a guess.

import { candidatesByContent, type ColumnProfile } from '../core/column-profile.js'
import { mappedColumns } from './consent-columns.js'
import type { ColumnMapping } from './types.js'

export type ContentField = 'email' | 'phone'

/** The columns that would be mapped by their values, per field (nothing is changed). */
export function columnsByContent(m: ColumnMapping, profiles: readonly ColumnProfile[]): Partial<Record<ContentField, string>> {
  const used = mappedColumns(m)
  const out: Partial<Record<ContentField, string>> = {}
  const hasEmail = (m.fields.email?.length ?? 0) > 0
  const hasPhone = (m.fields.phone?.length ?? 0) > 0
  const free = (kind: ContentField) => candidatesByContent(profiles, kind).find((p) => !used.has(p.column) && p.filled >= 2)?.column
  if (!hasEmail) {
    const c = free('email')
    if (c !== undefined) out.email = c
  }
  if (!hasPhone && (hasEmail || out.email !== undefined)) {
    const c = free('phone')
    if (c !== undefined && c !== out.email) out.phone = c
  }
  return out
}

/** Maps what columnsByContent() found (those `accept` keeps) and records it in `m.byContent`. */
export function applyByContent(m: ColumnMapping, found: Partial<Record<ContentField, string>>): void {
  for (const [field, column] of Object.entries(found) as [ContentField, string][]) {
    m.fields[field] = [column]
    m.byContent = { ...m.byContent, [field]: column }
  }
}
