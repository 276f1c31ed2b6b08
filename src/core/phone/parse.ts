// From one phone text and the country that applies to its row, to a PhoneResult.
//
// Country resolution (product.md, common options): a number written with `+` or an international dialling
// prefix speaks for itself; otherwise the row's country, then `--country`; with neither the number is refused
// as NO_COUNTRY, never guessed. Digits written with their country code but without `+` are read that way:
// the row's own country code by libphonenumber-js (`447879433123` on a GB row), another country's only when
// the digits cannot be a national number of the row's country (WhatsApp IDs, `919656298894` on a GB row). Validity and type come from
// libphonenumber-js with its `max` metadata, the only metadata that knows mobile from fixed-line ranges; the
// pre-reform Mexican and Brazilian mobile forms are mapped to the current ones (identity.ts).

import { metadata, type CountryCode } from './libphonenumber.js'
import { certainlyNotANumber, cleanPhoneFully, MAX_PHONE_TEXT, mayHoldSeveral, plainPhoneStart, splitPhoneCell } from './clean.js'
import { identityKey, modernFormType, modernNationalNumber } from './identity.js'
import { readNumber, unreadVerdict } from './read.js'
import type { NumberFacts, NumberReader } from './types.js'
import type { PhoneResult, PhoneStatus } from './types.js'

const WHATSAPP_TYPES = new Set<string>(['MOBILE', 'FIXED_LINE_OR_MOBILE'])

function refused(status: PhoneStatus, ext = '', assumedCountry = ''): PhoneResult {
  return { e164: '', key: '', type: '', status, country: '', assumedCountry, ext, whatsapp: false }
}

function accepted(f: NumberFacts, ext: string, assumedCountry: string): PhoneResult {
  const whatsapp = WHATSAPP_TYPES.has(f.type)
  return {
    e164: f.number,
    // Only Mexican and Brazilian numbers have another form (identity.ts); the others are their own key.
    key: f.callingCode === '52' || f.callingCode === '55' ? identityKey(f.number, f.country) : f.number,
    type: f.type,
    status: whatsapp ? 'OK' : 'NOT_MOBILE',
    country: f.country,
    assumedCountry,
    ext,
    whatsapp,
  }
}

/** The current form of a number libphonenumber-js refused, when it is a pre-reform MX/BR form (identity.ts). */
function modernized(f: NumberFacts | undefined, read: NumberReader): NumberFacts | undefined {
  if (!f) return undefined
  const nn = modernNationalNumber(f.callingCode, f.nationalNumber)
  if (nn === null) return undefined
  const m = read('+' + f.callingCode + nn, '')
  if (!m?.valid) return undefined
  return modernFormType(f.callingCode) === 'ANY' || m.type === 'MOBILE' ? m : undefined
}

/** Why libphonenumber-js refuses a text (validatePhoneNumberLength on it), mapped to our reason codes. The
 * reader's facts carry the library's verdict for a text it parses; only a text it parses nothing of asks the
 * library again. */
function refusalReason(f: NumberFacts | undefined, text: string, country: string): PhoneStatus {
  switch (f ? f.length : unreadVerdict(text, country)) {
    case 'TOO_SHORT':
      return 'TOO_SHORT'
    case 'TOO_LONG':
      return 'TOO_LONG'
    case 'INVALID_COUNTRY':
      return 'INVALID_COUNTRY'
    case 'NOT_A_NUMBER':
      return 'NOT_A_NUMBER'
    default:
      return 'INVALID'
  }
}

/** True when `country` is an ISO2 code libphonenumber-js has metadata for: isSupportedCountry's own test
 * (`metadata.countries.hasOwnProperty`), without the library's argument-normalizing wrapper on every row. */
export function isKnownCountry(country: string): country is CountryCode {
  return country.length === 2 && Object.prototype.hasOwnProperty.call(metadata.countries, country)
}

// With no country at all, `00` is still read as the international prefix: it is ITU-T's recommended prefix
// and the one of most of the world, and no national number starts with `00`.
const DOUBLE_ZERO = /^00[\s().\-/]*[1-9]/

// A bare digit run that may be a number with its country code but no `+` (E.164 allows 15 digits).
const DIGIT_RUN = /^[1-9]\d{7,14}$/

/** A number written with `+`: it speaks for itself. */
function international(text: string, ext: string, read: NumberReader): PhoneResult {
  const f = read(text, '')
  if (f?.valid) return accepted(f, ext, '')
  const m = modernized(f, read)
  if (m) return accepted(m, ext, '')
  return refused(refusalReason(f, text, ''), ext)
}

/**
 * Parses one number with a given reader (the engine's own, or plain libphonenumber-js for the agreement
 * check). `country` is the row's ISO2 (or the default); '' when neither is known. A country libphonenumber-js
 * does not know refuses national numbers as INVALID_COUNTRY rather than reading them with another country's
 * rules.
 */
export function parsePhoneWith(raw: string, country: string, read: NumberReader): PhoneResult {
  // cleanPhone, without its result object for the cells that need no cleaning or are plainly no number.
  const plain = plainPhoneStart(raw)
  if (plain >= 0) return readCleaned(plain === 0 ? raw : raw.slice(plain), '', country, read)
  if (certainlyNotANumber(raw)) return refused('NOT_A_NUMBER')
  const cleaned = cleanPhoneFully(raw)
  if (cleaned.refusal) return refused(cleaned.refusal, cleaned.ext)
  return readCleaned(cleaned.text, cleaned.ext, country, read)
}

/** The country rules on a cleaned text (`ext`: the extension cleaning took off it). */
function readCleaned(text: string, ext: string, country: string, read: NumberReader): PhoneResult {
  if (text.charCodeAt(0) === 43) return international(text, ext, read)
  if (country === '') {
    if (DOUBLE_ZERO.test(text)) return international('+' + text.slice(2), ext, read)
    return refused('NO_COUNTRY', ext)
  }
  if (!isKnownCountry(country)) return refused('INVALID_COUNTRY', ext, country)

  const f = read(text, country)
  if (f?.valid) return accepted(f, ext, country)
  const m = modernized(f, read)
  if (m) return accepted(m, ext, country)

  // Digits written with another country's code but without `+` (`919656298894` on a GB row, a WhatsApp ID):
  // read that way only when they are too long to be a national number of the row's country, and are a
  // WhatsApp-eligible number that way. Without these two conditions a national number of a third country on a
  // row with no country of its own (`646 733 3879`, a New York mobile, on a row read as GB) becomes a
  // stranger's number (+64 New Zealand): measured on the bench data, not hypothetical.
  const why = refusalReason(f, text, country)
  if (why === 'TOO_LONG' && DIGIT_RUN.test(text)) {
    const intl = read('+' + text, '')
    const candidate = intl?.valid ? intl : modernized(intl, read)
    if (candidate && WHATSAPP_TYPES.has(candidate.type)) return accepted(candidate, ext, '')
  }
  return refused(why, ext, country)
}

/** Parses one number: the cleaned text is read by the engine's reader (fast path, library fallback). */
export function parsePhone(raw: string, country: string): PhoneResult {
  return parsePhoneWith(raw, country, readNumber)
}

/** A cell holding more numbers than this is not one person's list of numbers. */
export const MAX_NUMBERS_PER_CELL = 10

/**
 * All numbers of one cell, in the order written. An empty cell gives one MISSING result. A cell longer than ten
 * numbers can be, or splitting into more than ten, is refused whole as TOO_LONG: such a cell (a notes column
 * mapped as the phone, a hostile form answer listing a whole customer file) would otherwise merge everyone it
 * names into one person, who then takes one row of each audience in place of thousands.
 */
export function parsePhoneCell(raw: string, country: string): PhoneResult[] {
  if (raw.length > MAX_NUMBERS_PER_CELL * MAX_PHONE_TEXT) return [refused('TOO_LONG')]
  // A cell that needs no cleaning holds one number unless it has a slash, the only one of splitPhoneCell's
  // separators among its characters: read without splitting, and without scanning it again.
  const plain = plainPhoneStart(raw)
  if (plain >= 0 && raw.indexOf('/') < 0) return [readCleaned(plain === 0 ? raw : raw.slice(plain), '', country, readNumber)]
  if (!mayHoldSeveral(raw)) return [parsePhone(raw, country)] // splitPhoneCell's first test, without its array
  const parts = splitPhoneCell(raw)
  if (parts.length === 1) return [parsePhone(parts[0]!, country)]
  if (parts.length > MAX_NUMBERS_PER_CELL) return [refused('TOO_LONG')]
  return parts.map((part) => parsePhone(part, country))
}
