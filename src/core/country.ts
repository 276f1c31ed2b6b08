// Country cells to ISO 3166-1 alpha-2. Exports write codes (`GB`, `gb`) and sometimes names or the common
// non-ISO alias `UK`. Returns '' for an empty cell and null for a value we cannot read, so that the caller
// can refuse national numbers on that row instead of reading them with the wrong country's rules.

import { isSupportedCountry } from 'libphonenumber-js/max'

// Non-ISO codes and the names seen most in exports. The sources work extends this list (names in several
// languages); ISO2 codes need no entry.
const ALIASES: Record<string, string> = {
  uk: 'GB',
  'united kingdom': 'GB',
  'great britain': 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  'united states': 'US',
  'united states of america': 'US',
  usa: 'US',
}

export function readCountry(raw: string): string | null {
  const s = raw.trim()
  if (s === '') return ''
  if (/^[a-z]{2}$/i.test(s)) {
    const code = s.toUpperCase()
    if (code === 'UK') return 'GB'
    return isSupportedCountry(code) ? code : null
  }
  return ALIASES[s.toLowerCase()] ?? null
}
