// Properties of the phone engine, checked with fast-check on generated numbers from every country
// libphonenumber-js knows: normalizing is idempotent, the written forms of one number agree, cleaning never
// throws, the MX/BR forms of one account share a key, and the fast path and memo never change an answer.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { getCountries, getExampleNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max'
import examples from 'libphonenumber-js/examples.mobile.json'
import { identityKey, isUsable, parsePhone, parsePhoneCell, parsePhoneWith, readWithLibrary } from '../../src/core/phone/index.js'
import { certainlyNotANumber, cleanPhone, cleanPhoneFully, mayHoldSeveral, plainPhoneStart, splitPhoneCell } from '../../src/core/phone/clean.js'

const COUNTRIES = getCountries()
const STATUSES = new Set(['OK', 'MISSING', 'NOT_A_NUMBER', 'NO_COUNTRY', 'INVALID_COUNTRY', 'TOO_SHORT', 'TOO_LONG', 'INVALID', 'EXCEL_MANGLED', 'TEST_LEAD', 'NOT_MOBILE'])
const RUNS = { numRuns: 400, seed: 20250101 }

/** A valid number of a country: the country's example mobile with its last digits replaced (kept when valid). */
const validNumber = fc
  .record({ country: fc.constantFrom(...COUNTRIES), tail: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 4, maxLength: 4 }) })
  .map(({ country, tail }) => {
    const example = getExampleNumber(country, examples)
    if (!example) return undefined
    const digits = example.nationalNumber as string
    const keep = Math.max(1, digits.length - tail.length)
    const nn = digits.slice(0, keep) + tail.join('').slice(0, digits.length - keep)
    const p = parsePhoneNumberFromString('+' + example.countryCallingCode + nn)
    return p && p.isValid() ? { country: country as CountryCode, p } : undefined
  })
  .filter((x): x is NonNullable<typeof x> => x !== undefined)

/** Strings made of what phone cells hold, plus anything at all. */
const PHONE_CHARS = [...'0123456789+()-. /x#;,:=\'"ptelPExt', '٠', '٣', '۴', '６', '＋', '\u200e', '\u00a0', '\u202f', '\u2007', 'E', '\n']
const phoneish = fc.oneof(fc.string({ unit: fc.constantFrom(...PHONE_CHARS), maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 }))
const anyCountry = fc.oneof(fc.constantFrom(...COUNTRIES), fc.constantFrom('', 'ZZ', 'gb', 'GBR', '1', 'constructor'))

describe('phone properties', () => {
  test('normalizing an output E.164 gives itself, in any row country', () => {
    fc.assert(
      fc.property(validNumber, fc.constantFrom(...COUNTRIES, ''), ({ country, p }, rowCountry) => {
        const first = parsePhone(p.formatNational(), country)
        if (!isUsable(first)) return
        const again = parsePhone(first.e164, rowCountry)
        assert.deepEqual([again.e164, again.type, again.status, again.key], [first.e164, first.type, first.status, first.key])
      }),
      RUNS,
    )
  })

  test('a valid number written nationally, internationally and as an RFC 3966 URI gives one E.164', () => {
    fc.assert(
      fc.property(validNumber, ({ country, p }) => {
        const forms = [
          parsePhone(p.formatNational(), country),
          parsePhone(p.formatInternational(), ''),
          parsePhone(p.number as string, ''),
          parsePhone(p.getURI(), ''),
          parsePhone('tel:' + p.formatInternational().replace(/ /g, '-'), ''),
          parsePhone('00' + (p.number as string).slice(1), ''),
        ]
        for (const f of forms) assert.equal(f.e164, p.number, `${p.number} in ${country}: ${JSON.stringify(forms.map((x) => x.e164 || x.status))}`)
      }),
      RUNS,
    )
  })

  test('cleaning and parsing never throw and always give a known status', () => {
    fc.assert(
      fc.property(phoneish, anyCountry, (raw, country) => {
        const results = parsePhoneCell(raw, country)
        assert.ok(results.length >= 1)
        for (const r of results) {
          assert.ok(STATUSES.has(r.status), r.status)
          assert.equal(r.e164 !== '', isUsable(r))
          if (r.e164) assert.match(r.e164, /^\+[1-9]\d{1,16}$/)
        }
      }),
      { numRuns: 3000, seed: 7 },
    )
  })

  test('the Mexican forms with and without the old 1 are one account', () => {
    const mx = fc.tuple(fc.constantFrom('55', '33', '81', '222', '664', '998'), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 8 }))
    fc.assert(
      fc.property(mx, ([area, rest]) => {
        const nn = (area + rest.join('')).slice(0, 10)
        const modern = parsePhone('+52' + nn, '')
        fc.pre(modern.status === 'OK')
        for (const [raw, c] of [['+52 1 ' + nn, ''], ['521' + nn, 'MX'], ['044' + nn, 'MX'], ['045' + nn, 'MX'], ['521' + nn, 'US']] as const) {
          const legacy = parsePhone(raw, c)
          assert.equal(legacy.e164, modern.e164, raw)
          assert.equal(legacy.key, modern.key, raw)
        }
        assert.equal(identityKey('+521' + nn, 'MX'), identityKey('+52' + nn, 'MX'))
      }),
      RUNS,
    )
  })

  test('the Brazilian mobile forms with and without the ninth digit are one account', () => {
    const br = fc.tuple(fc.constantFrom('11', '21', '31', '41', '51', '61', '71', '81', '92', '85', '27'), fc.constantFrom('6', '8', '9'), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 7, maxLength: 7 }))
    fc.assert(
      fc.property(br, ([ddd, first, rest]) => {
        const eight = first + rest.join('')
        const modern = parsePhone(`+55 ${ddd} 9${eight}`, '')
        fc.pre(modern.status === 'OK')
        for (const [raw, c] of [[`+55 ${ddd} ${eight}`, ''], [`(${ddd}) ${eight}`, 'BR'], [`55${ddd}${eight}`, 'GB']] as const) {
          const legacy = parsePhone(raw, c)
          assert.equal(legacy.e164, modern.e164, raw)
          assert.equal(legacy.key, modern.key, raw)
        }
        assert.equal(identityKey(`+55${ddd}${eight}`, 'BR'), identityKey(`+55${ddd}9${eight}`, 'BR'))
      }),
      RUNS,
    )
  })

  test('the one-pass shortcuts of the cleaning answer what every cleaning rule answers', () => {
    // Cells in the shapes the shortcuts take and just outside them: prefixes, guards, separators, spaces where
    // they change the answer, Excel tails, junk without digits, and anything at all.
    const piece = fc.constantFrom('p:', "'", "''", '+', '++', '+ ', ' ', '  ', '(', ')', '-', '.', '/', '.0', '.00', ',', 'x', 'ext. ', '#', 'tel:', '=', '"', '<test lead', 'call me', 'N/A', 'p', ':', '٣', '\u00a0', '\t')
    const cell = fc.oneof(
      fc.array(fc.oneof(piece, fc.stringMatching(/^[0-9]{1,8}$/)), { maxLength: 8 }).map((xs) => xs.join('')),
      phoneish,
    )
    fc.assert(
      fc.property(cell, (raw) => {
        const full = cleanPhoneFully(raw)
        assert.deepEqual(cleanPhone(raw), full, raw)
        const start = plainPhoneStart(raw)
        if (start >= 0) assert.deepEqual(full, { text: raw.slice(start), ext: '', refusal: null }, raw)
        if (certainlyNotANumber(raw)) assert.deepEqual([full.refusal, full.ext], ['NOT_A_NUMBER', ''], raw)
        if (!mayHoldSeveral(raw) || (start >= 0 && !raw.includes('/'))) assert.deepEqual(splitPhoneCell(raw), [raw], raw)
      }),
      { numRuns: 20000, seed: 18 },
    )
  })

  test('the fast path and the memo give what plain libphonenumber-js gives, whatever was asked before', () => {
    const sample = fc.oneof(
      validNumber.map(({ country, p }) => [p.formatNational(), country] as const),
      fc.tuple(fc.stringMatching(/^(\+|00|0|1)?[0-9]{2,16}$/), fc.constantFrom(...COUNTRIES, '')),
      fc.tuple(phoneish, anyCountry),
    )
    fc.assert(
      fc.property(fc.array(sample, { minLength: 1, maxLength: 20 }), (cells) => {
        const first = cells.map(([raw, c]) => parsePhone(raw, c))
        const reversed = [...cells].reverse().map(([raw, c]) => parsePhone(raw, c)).reverse()
        const reference = cells.map(([raw, c]) => parsePhoneWith(raw, c, readWithLibrary))
        assert.deepEqual(first, reference)
        assert.deepEqual(reversed, reference)
      }),
      { numRuns: 300, seed: 11 },
    )
  })
})
