// What a column's values look like, from a sample of rows: phone numbers, email addresses, or consent
// answers. Used when a header names nothing we know: to suggest the exact `--map phone=COLUMN` in an error,
// to put the likely column first in a prompt, and to order consent candidates. Only a hint: names decide,
// and a person confirms a guess by content (flag, config or prompt), because an id column can look like phones.

import { readConsentValue } from './consent-value.js'

export interface ColumnProfile {
  column: string
  index: number
  /** Non-empty values in the sample. */
  filled: number
  phoneLike: number
  emailLike: number
  /** Values the consent vocabulary reads as granted or denied. */
  consentLike: number
  distinct: number
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/

/** A number as people write them: optional prefix and `+`, 7 to 15 digits, the usual separators, nothing else. */
export function looksLikePhone(raw: string): boolean {
  const v = raw.trim().replace(/^(?:p:|tel:|'|=)/i, '')
  // Dates and times are digits and separators too.
  if (/^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}/.test(v) || /\d:\d\d/.test(v)) return false
  if (!/^\+?[\d\s().\-/]+$/.test(v)) return false
  const digits = v.replace(/\D/g, '').length
  return digits >= 7 && digits <= 15
}

export function profileColumns(header: readonly string[], rows: readonly (readonly string[])[]): ColumnProfile[] {
  return header.map((column, index) => {
    const p: ColumnProfile = { column, index, filled: 0, phoneLike: 0, emailLike: 0, consentLike: 0, distinct: 0 }
    const seen = new Set<string>()
    for (const row of rows) {
      const v = (row[index] ?? '').trim()
      if (v === '') continue
      p.filled++
      seen.add(v.toLowerCase())
      if (EMAIL.test(v)) p.emailLike++
      else if (looksLikePhone(v)) p.phoneLike++
      if (readConsentValue(v) !== 'unknown') p.consentLike++
    }
    p.distinct = seen.size
    return p
  })
}

/** Columns most of whose values look like `kind`, best first. */
export function candidatesByContent(profiles: readonly ColumnProfile[], kind: 'phone' | 'email' | 'consent'): ColumnProfile[] {
  const score = (p: ColumnProfile) => (kind === 'phone' ? p.phoneLike : kind === 'email' ? p.emailLike : p.consentLike)
  return profiles
    .filter((p) => p.filled > 0 && score(p) / p.filled >= 0.6)
    .sort((a, b) => score(b) / b.filled - score(a) / a.filled || score(b) - score(a) || a.index - b.index)
}
