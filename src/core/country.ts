// Country cells to ISO 3166-1 alpha-2. Exports write codes (`GB`, `gb`), the non-ISO alias `UK`, or names in
// the shop's or the person's language (`United States`, `Deutschland`, `España`, Klaviyo and HubSpot write
// names). Returns '' for an empty cell and null for a value we cannot read, so that the caller can refuse
// national numbers on that row instead of reading them with the wrong country's rules.
//
// Names come from the ICU data every Node build carries (Intl.DisplayNames: the CLDR names of each region in
// each language), for the languages exports come in, plus a table of aliases CLDR does not list (`USA`,
// `Holland`, former names). libphonenumber-js knows no names. Names are compared folded (case, accents,
// punctuation and a leading `the` ignored), so `ESPAÑA`, `espana` and `The Netherlands` all work.

import { getCountries, isSupportedCountry } from './phone/libphonenumber.js'
import { ownCopy } from './strings.js'

const LANGUAGES = ['en', 'fr', 'es', 'pt', 'de', 'it', 'nl', 'pl', 'sv', 'da', 'nb', 'tr', 'id', 'ro', 'cs']

// Aliases CLDR does not give, and the examples of sources.md, so that they work even on a Node built with
// English-only ICU data.
const ALIASES: Record<string, string> = {
  uk: 'GB',
  'united kingdom': 'GB',
  'great britain': 'GB',
  britain: 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  'united states': 'US',
  'united states of america': 'US',
  usa: 'US',
  'u.s.a.': 'US',
  'u.s.': 'US',
  america: 'US',
  'estados unidos': 'US',
  'états-unis': 'US',
  deutschland: 'DE',
  germany: 'DE',
  españa: 'ES',
  spain: 'ES',
  france: 'FR',
  italia: 'IT',
  italy: 'IT',
  brasil: 'BR',
  brazil: 'BR',
  méxico: 'MX',
  mexico: 'MX',
  nederland: 'NL',
  netherlands: 'NL',
  holland: 'NL',
  portugal: 'PT',
  india: 'IN',
  bharat: 'IN',
  nigeria: 'NG',
  turkey: 'TR',
  türkiye: 'TR',
  'czech republic': 'CZ',
  russia: 'RU',
  'russian federation': 'RU',
  'south korea': 'KR',
  'republic of korea': 'KR',
  'korea, republic of': 'KR',
  'viet nam': 'VN',
  'ivory coast': 'CI',
  uae: 'AE',
  'u.a.e.': 'AE',
  'hong kong': 'HK',
  macau: 'MO',
  'kingdom of saudi arabia': 'SA',
  ksa: 'SA',
  swaziland: 'SZ',
  burma: 'MM',
  'east timor': 'TL',
  'cape verde': 'CV',
  macedonia: 'MK',
}

/** `The Netherlands` -> `netherlands`; `Côte d’Ivoire` -> `cotedivoire`. */
export function foldCountryName(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/^the\s+/, '')
    .replace(/[^\p{L}\p{N}]/gu, '')
}

let names: Map<string, string> | undefined

/**
 * Folded name -> ISO2, built once (about 50 ms, only when a file writes a name). A name that two languages
 * give to different countries (`Kongo`) is left out: such a row's national numbers are refused, not guessed.
 */
function countryNames(): Map<string, string> {
  if (names) return names
  const m = new Map<string, string>()
  const ambiguous = new Set<string>()
  const codes = getCountries()
  for (const lang of LANGUAGES) {
    for (const style of ['long', 'short'] as const) {
      let dn: Intl.DisplayNames
      try {
        dn = new Intl.DisplayNames([lang], { type: 'region', style, fallback: 'none' })
      } catch {
        continue
      }
      for (const code of codes) {
        const name = dn.of(code)
        if (!name) continue
        const key = foldCountryName(name)
        if (key.length <= 2) continue
        const known = m.get(key)
        if (known === undefined) m.set(key, code)
        else if (known !== code) ambiguous.add(key)
      }
    }
  }
  for (const key of ambiguous) m.delete(key)
  for (const [alias, code] of Object.entries(ALIASES)) m.set(foldCountryName(alias), code)
  names = m
  return m
}

export function readCountry(raw: string): string | null {
  // A column holds few values (`GB`, `US`, `United Kingdom`): each is read once, then answered from a bounded
  // memo (short values only, keys of their own: a column of free text must not keep every cell, or the piece
  // of the file each was cut from, alive).
  const known = MEMO.get(raw)
  if (known !== undefined) return known
  const code = readValue(raw)
  if (raw.length <= 64 && MEMO.size < 4096) MEMO.set(ownCopy(raw), code)
  return code
}

const MEMO = new Map<string, string | null>()

function readValue(raw: string): string | null {
  const s = raw.trim()
  if (s === '') return ''
  if (/^[a-z]{2}$/i.test(s)) {
    const code = s.toUpperCase()
    if (code === 'UK') return 'GB'
    return isSupportedCountry(code) ? code : null
  }
  return countryNames().get(foldCountryName(s)) ?? null
}
