// What libphonenumber-js says about one cleaned phone text, reduced to the facts the engine uses. Two readers
// give the same facts: `readWithLibrary` (plain parsePhoneNumberFromString + isValid + getType, the reference)
// and `readNumber` (a direct path over libphonenumber-js's own metadata for the common shapes, falling back to
// the library for everything else: see fast-read.ts). scripts/phone-agreement.mjs proves they agree.

import { parsePhoneNumberFromString, type CountryCode } from './libphonenumber.js'
import { readFast } from './fast-read.js'
import type { NumberFacts, PhoneType } from './types.js'

/** The reference: what plain libphonenumber-js (max metadata) says. */
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
  }
}

// The library's answers for the texts the direct path declines, memoized: those are mostly junk that repeats
// (`0`, `07`, `000000`) and each costs a full library parse. Bounded (emptied when full), keyed by the whole
// input, values frozen: an answer never depends on what was asked before.
const MEMO_SIZE = 4096
const memo = new Map<string, NumberFacts | undefined>()

function readWithLibraryMemo(text: string, defaultCountry: string): NumberFacts | undefined {
  if (defaultCountry.length !== 0 && defaultCountry.length !== 2) return readWithLibrary(text, defaultCountry)
  // The first two characters are always the country ('--' for none), so no two inputs share a key.
  const key = (defaultCountry === '' ? '--' : defaultCountry) + text
  if (memo.has(key)) return memo.get(key)
  const f = readWithLibrary(text, defaultCountry)
  if (memo.size >= MEMO_SIZE) memo.clear()
  memo.set(key, f ? Object.freeze(f) : f)
  return f
}

/** The engine's reader: the direct path when it can decide, the library otherwise. Same answers (proven by
 * scripts/phone-agreement.mjs on a 1M-row generated set, and by a smaller check in the test suite). */
export function readNumber(text: string, defaultCountry: string): NumberFacts | undefined {
  const fast = readFast(text, defaultCountry)
  return fast === null ? readWithLibraryMemo(text, defaultCountry) : fast
}
