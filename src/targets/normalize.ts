// Field normalizations shared by the ad-platform targets (targets.md). Each platform matches hashed values,
// so a value normalized differently from the platform's own rule silently fails to match: these functions
// implement the rules exactly as targets.md states them, with the platforms' published examples as tests.

import { parsePhoneNumberFromString } from '../core/phone/libphonenumber.js'
import { isSha256Hex, sha256Hex, sha256HexShared } from '../core/hash.js'
import { PAIR_SLOTS, pairSlot } from '../core/pair-slot.js'
import { US_CA_STATES } from './states.js'

/**
 * A value that already is a SHA-256 digest (64 hex characters), in the lowercase form the platforms match,
 * or null. targets.md passes lowercase digests through; an uppercase one is the same digest, and hashing it
 * again (or stripping its digits as a name) would make a value no platform can ever match.
 */
export function asHash(v: string): string | null {
  const s = v.trim()
  if (s.length !== 64) return null
  const lower = s.toLowerCase()
  return isSha256Hex(lower) ? lower : null
}

/** A normalized value as a hashed column carries it: SHA-256 hex, or the value itself with --plain. */
export function hashedCell(plain: boolean, v: string): string {
  return plain ? v : sha256Hex(v)
}

/** The same for fields whose values repeat across people (names, city, state, zip, country, birth year,
 * gender): their hashes are remembered (core/hash.ts), identifiers' never. */
export function sharedHashedCell(plain: boolean, v: string): string {
  return plain ? v : sha256HexShared(v)
}

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
function normNameUncached(v: string): string {
  const h = asHash(v)
  if (h) return h
  return v
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}]/gu, '')
}

/** ct: lowercase, a-z only (`Menlo Park` -> `menlopark`). */
function normCityUncached(v: string): string {
  const h = asHash(v)
  if (h) return h
  return v.toLowerCase().replace(/[^a-z]/g, '')
}

/** st: US and Canada: the 2-letter code lowercase (names mapped); elsewhere lowercase a-z only. */
function normStateUncached(v: string, country: string): string {
  const s = v.trim()
  const h = asHash(s)
  if (h) return h
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
function normZipUncached(v: string, country: string): string {
  // Digits alone (most zips) are their own normalization in every country: nothing to trim, lower or drop,
  // and a US zip of digits is either the 5 digits or has no `-` to cut at (a test holds this to the rules).
  if (allDigits(v)) return v
  const s = v.trim()
  const h = asHash(s)
  if (h) return h
  if (country.toUpperCase() === 'US') {
    const m = /^(\d{5})(?:-\d{4})?$/.exec(noSpaces(s))
    return m ? m[1]! : noSpaces(s.toLowerCase()).split('-')[0]!
  }
  return noSpaces(s.toLowerCase())
}

/** Whether `s` is one or more ASCII digits. */
function allDigits(s: string): boolean {
  const n = s.length
  if (n === 0) return false
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i)
    if (c < 48 || c > 57) return false
  }
  return true
}

/** `s` without its whitespace; most zips have none, and a test is cheaper than a global replace. */
function noSpaces(s: string): string {
  return SPACE.test(s) ? s.replace(SPACES, '') : s
}
const SPACE = /\s/
const SPACES = /\s/g

/** ISO 3166-1 alpha-2, lowercase. */
export function normCountry(v: string): string {
  const s = v.trim().toLowerCase()
  return /^[a-z]{2}$/.test(s) || isSha256Hex(s) ? s : ''
}

/**
 * doby: the 4-digit birth year (Meta: "YYYY format from 1900 to current year"). The year is taken when the
 * date holds exactly one 4-digit group from 1900 on (`1990-05-17`, `05/17/1990`, `17.05.1990`, `1990`); a
 * two-digit year (`05/17/90`) is ambiguous and left out. The upper bound is 2099, not the current year:
 * outputs never depend on the clock (the same inputs give the same bytes on any day).
 */
export function normBirthYear(v: string): string {
  const h = asHash(v)
  if (h) return h
  const years = v.match(/(?<!\d)\d{4}(?!\d)/g) ?? []
  if (years.length !== 1) return ''
  const y = Number(years[0])
  return y >= 1900 && y <= 2099 ? years[0]! : ''
}

// gen: Meta takes `m` and `f` only. The words exports write, in the languages they come in; anything else
// (`other`, `prefer not to say`, a title such as `Ms`, a typo) is left out rather than guessed. `w` is German
// forms' weiblich (m/w/d).
const GENDERS: Readonly<Record<string, 'm' | 'f'>> = {
  m: 'm', male: 'm', man: 'm', men: 'm', masculine: 'm', masculino: 'm', masculin: 'm', homme: 'm', hombre: 'm',
  homem: 'm', mann: 'm', maennlich: 'm', mannlich: 'm', uomo: 'm', maschio: 'm',
  f: 'f', female: 'f', woman: 'f', women: 'f', feminine: 'f', femenino: 'f', feminino: 'f', feminin: 'f',
  femme: 'f', mujer: 'f', mulher: 'f', frau: 'f', weiblich: 'f', w: 'f', donna: 'f', femmina: 'f',
}

/** gen: `m` or `f`; unknown values are left out. */
export function normGender(v: string): string {
  const h = asHash(v)
  if (h) return h
  const k = v.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z]/g, '')
  return GENDERS[k] ?? ''
}

/**
 * Google Customer Match email: trim, lowercase, and for gmail.com and googlemail.com only, every `.` and any
 * `+suffix` of the local part dropped (`Jane.Doe+shop@gmail.com` -> `janedoe@gmail.com`). Google's own
 * examples drop the dots (google-ads-python, examples/remarketing/upload_enhanced_conversions_for_web.py,
 * normalize_and_hash_email_address; support.google.com/google-ads/answer/7476159); the `+suffix` rule is
 * targets.md's, because Gmail delivers `jane+shop@` to `jane@`. Other domains keep both: for them a dot or a
 * plus may name a different mailbox. Never used by another target.
 */
export function googleEmail(v: string): string {
  const e = normEmail(v)
  if (e === '' || isSha256Hex(e)) return e
  const at = e.lastIndexOf('@')
  const domain = e.slice(at + 1)
  if (domain !== 'gmail.com' && domain !== 'googlemail.com') return e
  const local = e.slice(0, at).split('+')[0]!.replace(/\./g, '')
  return local === '' ? '' : `${local}@${domain}`
}

/** Lowercase and trimmed, in NFC so that a name typed with combining accents hashes like the precomposed one. */
export function trimLower(v: string): string {
  const h = asHash(v)
  if (h) return h
  return v.normalize('NFC').trim().toLowerCase()
}

/**
 * The country calling code and the national significant number of an E.164 value (`+447911123456` ->
 * `44`, `7911123456`), for broadcast tools that import them as two columns. Derived from the canonical
 * E.164 with the same libphonenumber-js metadata that parsed it, never from the raw text.
 */
export function splitE164(e164: string): { countryCode: string; national: string } {
  const p = parsePhoneNumberFromString(e164)
  if (!p) return { countryCode: '', national: e164Digits(e164) }
  return { countryCode: String(p.countryCallingCode), national: String(p.nationalNumber) }
}

/**
 * Field values repeat across an audience (a few thousand first names and cities over a million people), and
 * their normalization (Unicode classes, NFD for state names) costs more than a lookup: the results are
 * remembered, in bounded maps cleared when full. Pure functions, so remembering never changes an answer.
 */
function remembered<A extends unknown[]>(fn: (...args: A) => string, key: (...args: A) => string): (...args: A) => string {
  const seen = new Map<string, string>()
  return (...args: A) => {
    const k = key(...args)
    let v = seen.get(k)
    if (v === undefined) {
      v = fn(...args)
      if (seen.size >= 50_000) seen.clear()
      seen.set(k, v)
    }
    return v
  }
}

/** fn / ln: NFC, lowercase, drop whitespace and punctuation, keep letters of any script. */
export const normName = remembered(normNameUncached, (v: string) => v)
/** ct: lowercase, a-z only. */
export const normCity = remembered(normCityUncached, (v: string) => v)
/** st: US and Canada: the 2-letter code lowercase; elsewhere lowercase a-z only. */
export const normState = remembered(normStateUncached, (v: string, country: string) => `${country}\u0000${v}`)
/** zip: lowercase, no spaces; US: the 5 digits before any `-`. Zips are nearly unique per person: not
 * remembered (a memo of them would only evict the names). */
export const normZip = normZipUncached

/**
 * A field's cell in a hashed column, remembered from the field's raw value: its normalization and its SHA-256
 * in one lookup (a memo of each was two lookups per field per person). The same values as
 * sharedHashedCell(plain, norm(v)); with --plain, norm(v) itself (remembered by norm where it is).
 */
function rememberedCell(norm: (v: string) => string): (plain: boolean, v: string) => string {
  const seen = new Map<string, string>()
  return (plain, v) => {
    if (plain) return norm(v)
    // An empty field (most birth dates, genders, many states) is an empty cell: every normalization of ''
    // is '' and '' is never hashed (a test holds each cell to this), so no lookup.
    if (v === '') return ''
    let h = seen.get(v)
    if (h === undefined) {
      h = sha256Hex(norm(v))
      if (seen.size >= 50_000) seen.clear()
      seen.set(v, h)
    }
    return h
  }
}

/** Meta's fn / ln, ct, country, doby and gen cells (meta.ts). */
export const nameCell = rememberedCell(normName)
export const cityCell = rememberedCell(normCity)
export const countryCell = rememberedCell(normCountry)
export const birthYearCell = rememberedCell(normBirthYear)
export const genderCell = rememberedCell(normGender)

/** Meta's st cell: the same, per country (the rule for US and Canada differs). */
export function stateCell(plain: boolean, v: string, country: string): string {
  if (plain) return normState(v, country)
  if (v === '') return ''
  // A country code of two capitals (nearly every person's) finds its memo in a slot, any other by name.
  const slot = pairSlot(country)
  let byState = slot >= 0 ? statesByPair[slot] : stateCells.get(country)
  if (byState === undefined) {
    byState = new Map()
    if (slot >= 0) statesByPair[slot] = byState
    else {
      if (stateCells.size >= 1_000) stateCells.clear()
      stateCells.set(country, byState)
    }
  }
  let h = byState.get(v)
  if (h === undefined) {
    h = sha256Hex(normState(v, country))
    if (byState.size >= 50_000) byState.clear()
    byState.set(v, h)
  }
  return h
}
const stateCells = new Map<string, Map<string, string>>()
const statesByPair: Array<Map<string, string> | undefined> = new Array(PAIR_SLOTS).fill(undefined)
