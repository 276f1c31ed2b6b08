// What the phone engine says about one number.

/** `OK` or a reason code of product.md. `NOT_MOBILE` numbers are valid (usable for ad audiences) but not
 * WhatsApp-eligible. */
export type PhoneStatus =
  | 'OK'
  | 'MISSING'
  | 'NOT_A_NUMBER'
  | 'NO_COUNTRY'
  | 'INVALID_COUNTRY'
  | 'TOO_SHORT'
  | 'TOO_LONG'
  | 'INVALID'
  | 'EXCEL_MANGLED'
  | 'TEST_LEAD'
  | 'NOT_MOBILE'

/** libphonenumber-js number types, as written in the `wa_phone_type` column. */
export type PhoneType =
  | 'MOBILE'
  | 'FIXED_LINE'
  | 'FIXED_LINE_OR_MOBILE'
  | 'PREMIUM_RATE'
  | 'TOLL_FREE'
  | 'SHARED_COST'
  | 'VOIP'
  | 'PERSONAL_NUMBER'
  | 'PAGER'
  | 'UAN'
  | 'VOICEMAIL'
  | ''

export interface PhoneResult {
  /** Canonical `+<country code><national number>`, empty when the number was refused. */
  e164: string
  /** The key that identifies the person's WhatsApp account; equals e164 except for the country quirks of identity.ts. */
  key: string
  type: PhoneType
  status: PhoneStatus
  /** ISO2 of the number itself (libphonenumber's region), empty when refused. */
  country: string
  /** ISO2 that was used to read a number written without a country code ('' when the number spoke for itself). */
  assumedCountry: string
  /** Extension digits dropped from the number (recorded, never sent to a platform). */
  ext: string
  /** True when the type can receive WhatsApp messages: MOBILE or FIXED_LINE_OR_MOBILE. */
  whatsapp: boolean
}

/**
 * Moves the first WhatsApp-eligible number to the front, the others keeping their order (sources.md: it
 * leads). Written once for a record (core/record.ts) and a person (core/people): a loop moving the numbers in
 * place, where `findIndex` with a callback and `unshift(...splice())` made a closure and two arrays, and
 * `phones[findIndex()]` was a branch TurboFan had no feedback for in a merged person (a deopt of all of
 * merge()). The property test holds it to the expression it replaces.
 */
export function leadWhatsapp(phones: PhoneResult[]): void {
  let lead = 0
  while (lead < phones.length && !phones[lead]!.whatsapp) lead++
  if (lead === 0 || lead === phones.length) return
  const first = phones[lead]!
  for (let j = lead; j > 0; j--) phones[j] = phones[j - 1]!
  phones[0] = first
}

/** Statuses of numbers that are real, valid numbers (usable as an identifier and for ad audiences). */
export function isUsable(r: PhoneResult): boolean {
  return r.status === 'OK' || r.status === 'NOT_MOBILE'
}

/** What libphonenumber-js says about one cleaned phone text, reduced to the facts the engine uses (read.ts and
 * fast-read.ts both answer with it). */
export interface NumberFacts {
  /** `+<calling code><national number>` as libphonenumber-js's PhoneNumber.number, valid or not. */
  number: string
  callingCode: string
  nationalNumber: string
  /** The region libphonenumber-js gives the number ('' when it gives none). */
  country: string
  /** getType(), '' when undefined (with max metadata: exactly when the number is not valid). */
  type: PhoneType
  valid: boolean
  /** For a number that is not valid, libphonenumber-js's length verdict on it (what validatePhoneNumberLength
   * gives for the same text: checkNumberLength of the national number under the number's own plan), the
   * refusal reason parse.ts reports; '' for a valid number. */
  length: LengthVerdict
}

/** validatePhoneNumberLength's answer for a text the library parses ('' = IS_POSSIBLE, or a valid number). */
export type LengthVerdict = '' | 'TOO_SHORT' | 'TOO_LONG' | 'INVALID_LENGTH'

/** Reads a cleaned text with an optional default country ('' = none). `undefined` = the library parses nothing. */
export type NumberReader = (text: string, defaultCountry: string) => NumberFacts | undefined
