// Field normalizations shared by the ad-platform targets (targets.md). Each platform matches hashed values,
// so a value normalized differently from the platform's own rule silently fails to match: these functions
// implement the rules exactly as targets.md states them, with the platforms' published examples as tests.

import { isSha256Hex } from '../core/hash.js'
import { US_CA_STATES } from './states.js'

/** trim, lowercase; must look like an address, else ''. Already-hashed values pass through. */
export function normEmail(v: string): string {
  const s = v.trim().toLowerCase()
  if (isSha256Hex(s)) return s
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s) ? s : ''
}

/** E.164 without the `+`: digits only, country code first (`+44 7700 900123` -> `447700900123`). */
export function e164Digits(e164: string): string {
  return e164.startsWith('+') ? e164.slice(1) : e164
}

/** fn / ln: NFC, lowercase, drop whitespace and punctuation, keep letters of any script (and their marks,
 * without which Devanagari or Thai names lose vowels). `O'Brien` -> `obrien`, `Valéry` -> `valéry`. */
export function normName(v: string): string {
  if (isSha256Hex(v.trim())) return v.trim()
  return v
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}]/gu, '')
}

/** ct: lowercase, a-z only (`Menlo Park` -> `menlopark`). */
export function normCity(v: string): string {
  if (isSha256Hex(v.trim())) return v.trim()
  return v.toLowerCase().replace(/[^a-z]/g, '')
}

/** st: US and Canada: the 2-letter code lowercase (names mapped); elsewhere lowercase a-z only. */
export function normState(v: string, country: string): string {
  const s = v.trim()
  if (isSha256Hex(s)) return s
  const c = country.toUpperCase()
  if (c === 'US' || c === 'CA' || c === '') {
    // Accents are dropped for the lookup only, so `Québec` finds `qc`.
    const folded = s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z]/g, '')
    const code = US_CA_STATES[folded]
    if (code && (c === '' || code.country === c)) return code.code.toLowerCase()
    if (/^[a-z]{2}$/i.test(s) && c !== '') return s.toLowerCase()
  }
  return s.toLowerCase().replace(/[^a-z]/g, '')
}

/** zip: lowercase, no spaces; US: the 5 digits before any `-` (`94025-1234` -> `94025`). */
export function normZip(v: string, country: string): string {
  const s = v.trim()
  if (isSha256Hex(s)) return s
  if (country.toUpperCase() === 'US') {
    const m = /^(\d{5})(?:-\d{4})?$/.exec(s.replace(/\s/g, ''))
    return m ? m[1]! : s.toLowerCase().replace(/\s/g, '').split('-')[0]!
  }
  return s.toLowerCase().replace(/\s/g, '')
}

/** ISO 3166-1 alpha-2, lowercase. */
export function normCountry(v: string): string {
  const s = v.trim().toLowerCase()
  return /^[a-z]{2}$/.test(s) || isSha256Hex(s) ? s : ''
}
