// What libphonenumber-js says about one cleaned phone text, reduced to the facts the engine uses. Two readers
// give the same facts: `readWithLibrary` (plain parsePhoneNumberFromString + isValid + getType, the reference)
// and `readNumber` (a direct path over libphonenumber-js's own metadata for the common shapes, falling back to
// the library for everything else: see fast-read.ts). scripts/phone-agreement.mjs proves they agree.

import { parsePhoneNumberFromString, validatePhoneNumberLength, type CountryCode } from './libphonenumber.js'
import { ownCopy } from '../strings.js'
import { readFast } from './fast-read.js'
import type { LengthVerdict, NumberFacts, PhoneType } from './types.js'

/** The reference: what plain libphonenumber-js (max metadata) says. The length verdict of a number that is
 * not valid is validatePhoneNumberLength's, on the same text and country. */
export function readWithLibrary(text: string, defaultCountry: string): NumberFacts | undefined {
  const p = parsePhoneNumberFromString(text, defaultCountry === '' ? { extract: false } : { defaultCountry: defaultCountry as CountryCode, extract: false })
  if (!p) return undefined
  const valid = p.isValid()
  const type = (p.getType() ?? '') as PhoneType
  return {
    number: p.number as string,
    callingCode: p.countryCallingCode as string,
    nationalNumber: p.nationalNumber as string,
    country: p.country ?? '',
    type,
    valid,
    length: valid ? '' : ((libraryVerdict(text, defaultCountry) ?? '') as LengthVerdict),
  }
}

/** validatePhoneNumberLength(text, defaultCountry): a length verdict for a text the library parses, the
 * parse error (`NOT_A_NUMBER`, `TOO_SHORT`, …) for one it does not, undefined when the length is possible. */
export function libraryVerdict(text: string, defaultCountry: string): string | undefined {
  return validatePhoneNumberLength(text, defaultCountry === '' ? undefined : { defaultCountry: defaultCountry as CountryCode })
}

// The library's answers for the texts the direct path declines, memoized: those are mostly junk that repeats
// (`0`, `07`, `000000`) and each costs a full library parse. Bounded (emptied when full), keyed by the whole
// input, values frozen: an answer never depends on what was asked before.
const MEMO_SIZE = 4096
const memo = new Map<string, NumberFacts | undefined>()
const verdictMemo = new Map<string, string | undefined>()

// A kept key is a copy of its own (ownCopy: a key cut from a cell holds on to the piece of the file it came
// from); only paid on a miss, next to a library call that costs a hundred times more.

function readWithLibraryMemo(text: string, defaultCountry: string): NumberFacts | undefined {
  if (defaultCountry.length !== 0 && defaultCountry.length !== 2) return readWithLibrary(text, defaultCountry)
  // The first two characters are always the country ('--' for none), so no two inputs share a key.
  const key = (defaultCountry === '' ? '--' : defaultCountry) + text
  if (memo.has(key)) return memo.get(key)
  const f = readWithLibrary(text, defaultCountry)
  if (memo.size >= MEMO_SIZE) memo.clear()
  memo.set(ownCopy(key), f ? Object.freeze(f) : f)
  return f
}

/** libraryVerdict for the texts the library parses nothing of (`0`, `07`, `+`, junk that repeats, each a
 * thrown and caught ParseError inside the library), memoized like the answers above. */
export function unreadVerdict(text: string, defaultCountry: string): string | undefined {
  if (defaultCountry.length !== 0 && defaultCountry.length !== 2) return libraryVerdict(text, defaultCountry)
  const key = (defaultCountry === '' ? '--' : defaultCountry) + text
  if (verdictMemo.has(key)) return verdictMemo.get(key)
  const v = libraryVerdict(text, defaultCountry)
  if (verdictMemo.size >= MEMO_SIZE) verdictMemo.clear()
  verdictMemo.set(ownCopy(key), v)
  return v
}

/** The engine's reader: the direct path when it can decide, the library otherwise. Same answers (proven by
 * scripts/phone-agreement.mjs on a 1M-row generated set, and by a smaller check in the test suite). */
export function readNumber(text: string, defaultCountry: string): NumberFacts | undefined {
  const fast = readFast(text, defaultCountry)
  return fast === null ? readWithLibraryMemo(text, defaultCountry) : fast
}
