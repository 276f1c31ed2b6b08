// From one cleaned phone text and the country that applies to its row, to a PhoneResult.
// Country resolution (product.md, common options): a number written with `+` or an international dialling
// prefix speaks for itself; otherwise the row's country, then `--country`; with neither the number is refused
// as NO_COUNTRY, never guessed. Parsing, validity and type come from libphonenumber-js with its `max`
// metadata, the only metadata that knows mobile from fixed-line ranges.

import {
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
  isSupportedCountry,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/max'
import { cleanPhone, splitPhoneCell } from './clean.js'
import { identityKey } from './identity.js'
import type { PhoneResult, PhoneStatus, PhoneType } from './types.js'

const WHATSAPP_TYPES = new Set<string>(['MOBILE', 'FIXED_LINE_OR_MOBILE'])

function refused(status: PhoneStatus, ext = '', assumedCountry = ''): PhoneResult {
  return { e164: '', key: '', type: '', status, country: '', assumedCountry, ext, whatsapp: false }
}

function accepted(p: PhoneNumber, ext: string, assumedCountry: string): PhoneResult {
  const type = (p.getType() ?? '') as PhoneType
  const whatsapp = WHATSAPP_TYPES.has(type)
  const e164 = p.number as string
  return {
    e164,
    key: identityKey(e164, p.country ?? ''),
    type,
    status: whatsapp ? 'OK' : 'NOT_MOBILE',
    country: p.country ?? '',
    assumedCountry,
    ext,
    whatsapp,
  }
}

/** Why libphonenumber-js refuses a text, mapped to our reason codes. */
function refusalReason(text: string, country: CountryCode | undefined): PhoneStatus {
  const why = validatePhoneNumberLength(text, country ? { defaultCountry: country } : undefined)
  switch (why) {
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

/** True when `country` is an ISO2 code libphonenumber-js has metadata for. */
export function isKnownCountry(country: string): country is CountryCode {
  return country.length === 2 && isSupportedCountry(country)
}

/**
 * Parses one number. `country` is the row's ISO2 (or the default); '' when neither is known. A country
 * that libphonenumber-js does not know refuses national numbers as INVALID_COUNTRY rather than reading
 * them with another country's rules.
 */
export function parsePhone(raw: string, country: string): PhoneResult {
  const cleaned = cleanPhone(raw)
  if (cleaned.refusal) return refused(cleaned.refusal, cleaned.ext)
  const text = cleaned.text
  const ext = cleaned.ext

  if (text.startsWith('+')) {
    const p = parsePhoneNumberFromString(text, { extract: false })
    if (p && p.isValid()) return accepted(p, ext, '')
    return refused(refusalReason(text, undefined), ext)
  }

  if (country === '') {
    // `00` is the international prefix of most of the world; with no country to say otherwise, a number
    // written `0044 7700 900123` still speaks for itself.
    if (/^00\s*[1-9]/.test(text)) return parsePhone('+' + text.replace(/^00\s*/, ''), '')
    return refused('NO_COUNTRY', ext)
  }
  if (!isKnownCountry(country)) return refused('INVALID_COUNTRY', ext, country)

  const p = parsePhoneNumberFromString(text, { defaultCountry: country, extract: false })
  if (p && p.isValid()) return accepted(p, ext, country)

  // Digits written with their country code but without `+` (`919656298894` on a row from another country):
  // accepted only when the number is valid that way and the text is a bare digit run, as exports write it.
  if (/^[1-9]\d{7,14}$/.test(text)) {
    const intl = parsePhoneNumberFromString('+' + text, { extract: false })
    if (intl && intl.isValid()) return accepted(intl, ext, '')
  }
  return refused(refusalReason(text, country), ext, country)
}

/** All numbers of one cell, in the order written. An empty cell gives one MISSING result. */
export function parsePhoneCell(raw: string, country: string): PhoneResult[] {
  return splitPhoneCell(raw).map((part) => parsePhone(part, country))
}
