// A direct reading of libphonenumber-js's own `max` metadata for the shapes that make up nearly every cell:
// `+digits` (E.164, spaced or dashed) and national digits with a known default country. It follows, step for
// step, what parsePhoneNumberFromString(text, { defaultCountry, extract: false }) + isValid() + getType() do
// in libphonenumber-js 1.13.16 (source/parse.js, helpers/extractCountryCallingCode.js, stripIddPrefix.js,
// extractNationalNumber.js, getCountryByCallingCode.js, getNumberType.js), with the metadata's regular
// expressions compiled once per country instead of on every call (the library builds `new RegExp(...)` per
// test, which is most of its cost). Whatever it is not sure to answer exactly like the library, it declines
// (returns null) and the library answers: carrier codes and national-prefix transform rules, numbers written
// with the country code but without `+`, non-geographic calling codes, odd lengths.
//
// The metadata is read through libphonenumber-js's compressed JSON layout (version 4). Only compiled regular
// expressions are kept between calls, built lazily from immutable metadata: nothing here changes an answer.
// scripts/phone-agreement.mjs checks the two readers agree on every number of a 1M-row generated set.

import { metadata } from './libphonenumber.js'
import type { LengthVerdict, NumberFacts, PhoneType } from './types.js'

// Positions in a country's compressed metadata array (libphonenumber-js source/metadata.js, metadata v4).
const CALLING_CODE = 0
const IDD_PREFIX = 1
const NATIONAL_NUMBER_PATTERN = 2
const POSSIBLE_LENGTHS = 3
const NATIONAL_PREFIX = 5
const NATIONAL_PREFIX_FOR_PARSING = 7
const NATIONAL_PREFIX_TRANSFORM_RULE = 8
const LEADING_DIGITS = 10
const TYPES = 11

// getNumberType's order (helpers/getNumberType.js) and each type's slot in the compressed `types` array.
const FIXED_LINE_SLOT = 0
const MOBILE_SLOT = 1
const OTHER_TYPES: ReadonlyArray<[PhoneType, number]> = [
  ['MOBILE', 1],
  ['PREMIUM_RATE', 3],
  ['TOLL_FREE', 2],
  ['SHARED_COST', 9],
  ['VOIP', 8],
  ['PERSONAL_NUMBER', 4],
  ['PAGER', 7],
  ['UAN', 6],
  ['VOICEMAIL', 5],
]

// parse.js: national (significant) numbers outside these lengths are refused before any validation.
const MIN_LENGTH_FOR_NSN = 2
const MAX_LENGTH_FOR_NSN = 17
const MAX_INPUT_STRING_LENGTH = 250

interface TypeRule {
  pattern: RegExp | null
  lengths: readonly number[] | null
}

interface Plan {
  country: string
  callingCode: string
  /** The calling code's entry in CODES. */
  code: CallingCode
  /** `^(?:idd_prefix)`: stripIddPrefix's `search(idd) === 0` and `match(idd)[0]` are this one match. */
  idd: RegExp
  nationalNumber: RegExp
  possibleLengths: readonly number[]
  /** `^(?:national_prefix_for_parsing)`, or null. */
  nationalPrefix: RegExp | null
  hasTransformRule: boolean
  /** `^(?:leading_digits)`: getCountryByNationalNumber's `search(leadingDigits) === 0` is a match at 0. */
  leadingDigits: RegExp | null
  types: TypeRule[]
  /** The MOBILE pattern was dropped as a duplicate of FIXED_LINE (or is absent): fixed means fixed-or-mobile. */
  mobileSameAsFixed: boolean
}

type CountryArray = readonly unknown[]
const json = metadata as unknown as {
  version: number
  country_calling_codes: Record<string, string[]>
  countries: Record<string, CountryArray>
  nonGeographic?: Record<string, CountryArray>
}

// Only the layout this file was written against is read directly; any other makes every call decline.
const LAYOUT_KNOWN = json.version === 4

/** One calling code and the countries that share it, main country first (country_calling_codes). */
interface CallingCode {
  callingCode: string
  countries: readonly string[]
  /** The countries' plans, each built on first use. */
  plans: (Plan | undefined)[]
  /** False for a non-geographic code (`800`, `882`, …): the library answers those. */
  geographic: boolean
}

// Calling codes by numeric value: they are 1 to 3 digits without a leading zero, so a code's value says which
// it is (1-9, 10-99, 100-999 never overlap), and extractCountryCallingCode's try of the first 1, 2 and 3
// digits is three array reads instead of three sliced strings looked up by name.
const CODES: (CallingCode | null)[] = new Array<CallingCode | null>(1000).fill(null)
if (LAYOUT_KNOWN) {
  for (const [cc, countries] of Object.entries(json.country_calling_codes)) {
    const geographic = !(countries.length === 1 && countries[0]!.length === 3)
    CODES[Number(cc)] = { callingCode: cc, countries, plans: countries.map(() => undefined), geographic }
  }
  // A code only in `nonGeographic` stops the search like the library's `|| nonGeographic[cc]` does.
  for (const cc of Object.keys(json.nonGeographic ?? {})) CODES[Number(cc)] ??= { callingCode: cc, countries: [], plans: [], geographic: false }
}

function planAt(code: CallingCode, i: number): Plan {
  return (code.plans[i] ??= plan(code.countries[i]!))
}

const anchored = (pattern: string) => new RegExp('^(?:' + pattern + ')$')

const plans = new Map<string, Plan>()

function plan(country: string): Plan {
  let p = plans.get(country)
  if (p) return p
  const m = json.countries[country]!
  const rawTypes = (m[TYPES] || []) as ReadonlyArray<readonly unknown[] | 0 | undefined>
  const possibleLengths = m[POSSIBLE_LENGTHS] as number[]
  const types: TypeRule[] = []
  for (let i = 0; i < 10; i++) {
    const t = rawTypes[i]
    if (!t) {
      types.push({ pattern: null, lengths: null })
      continue
    }
    const pattern = t[0] as string
    types.push({ pattern: pattern ? anchored(pattern) : null, lengths: (t[1] as number[] | undefined) || possibleLengths || null })
  }
  const mobile = rawTypes[MOBILE_SLOT]
  const npfp = (m[NATIONAL_PREFIX_FOR_PARSING] || m[NATIONAL_PREFIX]) as string | 0
  const callingCode = m[CALLING_CODE] as string
  p = {
    country,
    callingCode,
    code: CODES[Number(callingCode)]!,
    idd: new RegExp('^(?:' + (m[IDD_PREFIX] as string) + ')'),
    nationalNumber: anchored(m[NATIONAL_NUMBER_PATTERN] as string),
    possibleLengths,
    nationalPrefix: npfp ? new RegExp('^(?:' + npfp + ')') : null,
    hasTransformRule: Boolean(m[NATIONAL_PREFIX_TRANSFORM_RULE]),
    leadingDigits: m[LEADING_DIGITS] ? new RegExp('^(?:' + (m[LEADING_DIGITS] as string) + ')') : null,
    types,
    mobileSameAsFixed: !mobile || (mobile as readonly unknown[])[0] === '',
  }
  plans.set(country, p)
  return p
}

// The last type asked for: the country of a shared calling code is found by typing the number under each
// country's plan (countryFor), and facts() then asks the found plan the same question again (`+1` and `+44`
// numbers, one in six). A pure function of its two arguments, so the answer is the one computed.
let lastPlan: Plan | null = null
let lastNN = ''
let lastType: PhoneType | undefined

/** helpers/getNumberType.js: the type of a national number under one country's plan, or undefined. */
function numberType(nn: string, p: Plan): PhoneType | undefined {
  if (p === lastPlan && nn === lastNN) return lastType
  lastType = typeUnder(nn, p)
  lastPlan = p
  lastNN = nn
  return lastType
}

function typeUnder(nn: string, p: Plan): PhoneType | undefined {
  if (!p.nationalNumber.test(nn)) return undefined
  if (matchesType(nn, p.types[FIXED_LINE_SLOT]!)) {
    if (p.mobileSameAsFixed) return 'FIXED_LINE_OR_MOBILE'
    if (matchesType(nn, p.types[MOBILE_SLOT]!)) return 'FIXED_LINE_OR_MOBILE'
    return 'FIXED_LINE'
  }
  for (const [type, slot] of OTHER_TYPES) if (matchesType(nn, p.types[slot]!)) return type
  return undefined
}

function matchesType(nn: string, t: TypeRule): boolean {
  if (!t.pattern) return false
  if (t.lengths && t.lengths.indexOf(nn.length) < 0) return false
  return t.pattern.test(nn)
}

/** helpers/getCountryByCallingCode.js + getCountryByNationalNumber.js: the plan of the number's country. */
function countryFor(code: CallingCode, nn: string): Plan | undefined {
  const n = code.countries.length
  if (n === 1) return planAt(code, 0)
  for (let i = 0; i < n; i++) {
    const p = planAt(code, i)
    if (p.leadingDigits) {
      if (nn !== '' && p.leadingDigits.test(nn)) return p
    } else if (numberType(nn, p) !== undefined) return p
  }
  return undefined
}

/** helpers/checkNumberLength.js with no type, as a verdict. */
function lengthVerdict(nn: string, lengths: readonly number[]): 'TOO_SHORT' | 'TOO_LONG' | 'INVALID_LENGTH' | 'IS_POSSIBLE' {
  const n = nn.length
  if (lengths[0] === n) return 'IS_POSSIBLE'
  if (lengths[0]! > n) return 'TOO_SHORT'
  if (lengths[lengths.length - 1]! < n) return 'TOO_LONG'
  return lengths.indexOf(n, 1) >= 0 ? 'IS_POSSIBLE' : 'INVALID_LENGTH'
}

/**
 * helpers/extractNationalNumber.js: strips a national (trunk) prefix under plan `p`, unless doing so spoils a
 * number that matched the plan or leaves one too short for its country. null = a carrier code or transform
 * rule is involved: the library answers.
 */
function extractNational(digits: string, p: Plan): string | null {
  if (!p.nationalPrefix) return digits
  const m = p.nationalPrefix.exec(digits)
  if (!m) return digits
  if (m.length > 1 && m[m.length - 1]) return null
  const stripped = digits.slice(m[0].length)
  if (stripped === digits) return digits
  if (p.nationalNumber.test(digits) && !p.nationalNumber.test(stripped)) return digits
  const c = countryFor(p.code, stripped)
  const verdict = lengthVerdict(stripped, (c ?? p).possibleLengths)
  return verdict === 'TOO_SHORT' || verdict === 'INVALID_LENGTH' ? digits : stripped
}

/** The facts once the calling code is known: `rest` is what follows it, read under the code's main plan.
 * A non-geographic code is left to the library. */
function international(code: CallingCode, rest: string): NumberFacts | null {
  if (!code.geographic) return null
  const mainPlan = planAt(code, 0)
  const nn = extractNational(rest, mainPlan)
  if (nn === null || nn.length < MIN_LENGTH_FOR_NSN || nn.length > MAX_LENGTH_FOR_NSN) return null
  const country = countryFor(code, nn)
  return facts(code.callingCode, nn, country?.country, country ?? mainPlan)
}

/** `typePlan` is the number's own country's plan, or its calling code's main plan when it has no country: the
 * plan the library's getNumberType and validatePhoneNumberLength both select (`country || callingCode`). */
function facts(callingCode: string, nn: string, country: string | undefined, typePlan: Plan): NumberFacts {
  const type = numberType(nn, typePlan)
  let length: LengthVerdict = ''
  if (type === undefined && typePlan.possibleLengths) {
    const v = lengthVerdict(nn, typePlan.possibleLengths)
    if (v !== 'IS_POSSIBLE') length = v
  }
  return {
    number: '+' + callingCode + nn,
    callingCode,
    nationalNumber: nn,
    country: country ?? '',
    type: type ?? '',
    valid: type !== undefined,
    length,
  }
}

/** `digits` follow a `+` (or a stripped IDD prefix): helpers/extractCountryCallingCode.js. */
function readInternational(digits: string): NumberFacts | null {
  if (digits.length === 0 || digits.charCodeAt(0) === 48) return null // "+0…": the library returns nothing
  let value = 0
  for (let i = 0; i < 3 && i < digits.length; i++) {
    value = value * 10 + digits.charCodeAt(i) - 48
    const code = CODES[value]!
    if (code !== null) return international(code, digits.slice(i + 1))
  }
  return null
}

function readNational(digits: string, defaultCountry: string): NumberFacts | null {
  const p = plan(defaultCountry)
  // stripIddPrefix: an international dialling prefix of the default country turns the rest international.
  const idd = p.idd.exec(digits)
  if (idd !== null) {
    const rest = digits.slice(idd[0].length)
    if (rest.length === 0 || rest.charCodeAt(0) === 48) return null
    return readInternational(rest)
  }
  // extractCountryCallingCodeFromInternationalNumberWithoutPlusSign: digits starting with the default
  // country's calling code are read as international when that reads better.
  if (digits.startsWith(p.callingCode)) {
    const shorter = digits.slice(p.callingCode.length)
    const shorterNational = extractNational(shorter, p)
    const wholeNational = extractNational(digits, p)
    if (shorterNational === null || wholeNational === null) return null
    if (
      (!p.nationalNumber.test(wholeNational) && p.nationalNumber.test(shorterNational)) ||
      lengthVerdict(wholeNational, p.possibleLengths) === 'TOO_LONG'
    ) {
      return international(p.code, shorter)
    }
  }
  const nn = extractNational(digits, p)
  if (nn === null || nn.length < MIN_LENGTH_FOR_NSN || nn.length > MAX_LENGTH_FOR_NSN) return null
  const country = countryFor(p.code, nn) ?? p
  return facts(p.callingCode, nn, country.country, country)
}

/**
 * The digits of a cleaned text this path reads (an optional leading `+`, then ASCII digits and the separators
 * ` ().-/`), or null for any other text. One pass over the char codes; a text without separators gives its
 * digits as a slice, without building a string.
 */
function digitsOf(text: string, from: number): string | null {
  const n = text.length
  if (from >= n) return null
  let digits = ''
  let run = from // start of the current run of digits
  for (let i = from; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c >= 48 && c <= 57) continue
    if (c !== 32 && c !== 40 && c !== 41 && c !== 45 && c !== 46 && c !== 47) return null
    if (i > run) digits += text.slice(run, i)
    run = i + 1
  }
  if (run === from) return from === 0 ? text : text.slice(from)
  return run < n ? digits + text.slice(run) : digits
}

/**
 * The library's answer for a cleaned text, or null when this path does not decide it. `undefined` means the
 * library would parse nothing.
 */
export function readFast(text: string, defaultCountry: string): NumberFacts | undefined | null {
  if (!LAYOUT_KNOWN || text.length > MAX_INPUT_STRING_LENGTH) return null
  const plus = text.charCodeAt(0) === 43
  const digits = digitsOf(text, plus ? 1 : 0)
  // The library's viability rule wants three digits (two when nothing else is written): leave short ones to it.
  if (digits === null || digits.length < 3) return null
  if (plus) return readInternational(digits)
  if (defaultCountry === '' || !Object.prototype.hasOwnProperty.call(json.countries, defaultCountry)) return null
  return readNational(digits, defaultCountry)
}
