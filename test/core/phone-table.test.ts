// The phone engine on real-world-shaped inputs: each cell as exports hold it (sources.md, "Phone values seen
// in the wild"), the country that applies to its row, and the expected E.164, type and status. Grouped by
// country (numbers of 39 regions), then by the damage exports do. Numbers are invented, in valid ranges.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { parsePhone } from '../../src/core/phone/index.js'

type Case = [raw: string, country: string, e164: string, type: string, status: string]

const CASES: Case[] = [
  // GB: national with trunk 0 in every grouping, digits with and without the country code, 00 and (0)
  ['07911 123456', 'GB', '+447911123456', 'MOBILE', 'OK'],
  ['07911-123-456', 'GB', '+447911123456', 'MOBILE', 'OK'],
  ['07911.123.456', 'GB', '+447911123456', 'MOBILE', 'OK'],
  ['(07911) 123456', 'GB', '+447911123456', 'MOBILE', 'OK'],
  ['0 7911 123 456', 'GB', '+447911123456', 'MOBILE', 'OK'],
  ['7911123456', 'GB', '+447911123456', 'MOBILE', 'OK'], // leading zero lost by a spreadsheet
  ['447911123456', 'GB', '+447911123456', 'MOBILE', 'OK'],
  ['0044 7911 123456', 'GB', '+447911123456', 'MOBILE', 'OK'],
  ['00447911123456', '', '+447911123456', 'MOBILE', 'OK'],
  ['+44 (0)7911 123456', '', '+447911123456', 'MOBILE', 'OK'],
  ['+44 (0) 20 7946 0958', '', '+442079460958', 'FIXED_LINE', 'NOT_MOBILE'],
  ['(020) 7946 0958', 'GB', '+442079460958', 'FIXED_LINE', 'NOT_MOBILE'],
  ['(0)20 7946 0958', 'GB', '+442079460958', 'FIXED_LINE', 'NOT_MOBILE'],
  ['07624 123456', 'GB', '+447624123456', 'MOBILE', 'OK'], // Isle of Man range
  ['01534 123456', 'GB', '+441534123456', 'FIXED_LINE', 'NOT_MOBILE'], // Jersey
  ['+44 1481 712345', '', '+441481712345', 'FIXED_LINE', 'NOT_MOBILE'], // Guernsey
  ['07700 900123', 'GB', '', '', 'INVALID'], // Ofcom's drama range: never allocated
  // US and Canada: NANP numbers are FIXED_LINE_OR_MOBILE (WhatsApp-eligible), 011 is the US exit code
  ['(201) 555-0123', 'US', '+12015550123', 'FIXED_LINE_OR_MOBILE', 'OK'],
  ['201-555-0123', 'US', '+12015550123', 'FIXED_LINE_OR_MOBILE', 'OK'],
  ['1-201-555-0123', 'US', '+12015550123', 'FIXED_LINE_OR_MOBILE', 'OK'],
  ['12015550123', 'US', '+12015550123', 'FIXED_LINE_OR_MOBILE', 'OK'],
  ['+1 201 555 0123', '', '+12015550123', 'FIXED_LINE_OR_MOBILE', 'OK'],
  ['011 44 7911 123456', 'US', '+447911123456', 'MOBILE', 'OK'],
  ['+1 800 555 0199', '', '+18005550199', 'TOLL_FREE', 'NOT_MOBILE'],
  ['(416) 555-0199', 'CA', '+14165550199', 'FIXED_LINE_OR_MOBILE', 'OK'],
  ['+1 416 555 0199', '', '+14165550199', 'FIXED_LINE_OR_MOBILE', 'OK'],
  ['876 555 0123', 'JM', '+18765550123', 'MOBILE', 'OK'],
  // India
  ['098765 43210', 'IN', '+919876543210', 'MOBILE', 'OK'],
  ['9876543210', 'IN', '+919876543210', 'MOBILE', 'OK'],
  ['919876543210', 'IN', '+919876543210', 'MOBILE', 'OK'],
  ['+91 (0) 98765 43210', '', '+919876543210', 'MOBILE', 'OK'],
  ['+91-22-2345-6789', '', '+912223456789', 'FIXED_LINE', 'NOT_MOBILE'],
  ['919876543210', 'GB', '+919876543210', 'MOBILE', 'OK'], // another country's code without +: too long for GB
  // Germany
  ['0151 23456789', 'DE', '+4915123456789', 'MOBILE', 'OK'],
  ['+49 151 23456789', '', '+4915123456789', 'MOBILE', 'OK'],
  ['0049 151 23456789', 'DE', '+4915123456789', 'MOBILE', 'OK'],
  ['4915123456789', 'GB', '+4915123456789', 'MOBILE', 'OK'],
  ['+49 (0)30 123456', '', '+4930123456', 'FIXED_LINE', 'NOT_MOBILE'],
  ['030 1234567', 'DE', '+49301234567', 'FIXED_LINE', 'NOT_MOBILE'],
  // Brazil: the ninth digit (identity.ts)
  ['+55 11 98765-4321', '', '+5511987654321', 'MOBILE', 'OK'],
  ['(11) 98765-4321', 'BR', '+5511987654321', 'MOBILE', 'OK'],
  ['011 98765 4321', 'BR', '+5511987654321', 'MOBILE', 'OK'],
  ['+55 21 3333-4444', '', '+552133334444', 'FIXED_LINE', 'NOT_MOBILE'],
  ['+55 92 8172-3241', '', '+5592981723241', 'MOBILE', 'OK'], // pre-2016 8-digit mobile
  ['(92) 8172-3241', 'BR', '+5592981723241', 'MOBILE', 'OK'],
  ['559281723241', 'GB', '+5592981723241', 'MOBILE', 'OK'], // a WhatsApp ID of an old account
  ['+55 11 7123-4567', '', '+551171234567', 'MOBILE', 'OK'], // 8-digit ranges still valid: left alone
  // Nigeria (its exit code is 009: `00` is not international there)
  ['0803 123 4567', 'NG', '+2348031234567', 'MOBILE', 'OK'],
  ['+234 803 123 4567', '', '+2348031234567', 'MOBILE', 'OK'],
  ['+234 (0) 803 123 4567', '', '+2348031234567', 'MOBILE', 'OK'],
  ['2348031234567', 'NG', '+2348031234567', 'MOBILE', 'OK'],
  // Indonesia
  ['0812-3456-7890', 'ID', '+6281234567890', 'MOBILE', 'OK'],
  ['+62 812 3456 7890', '', '+6281234567890', 'MOBILE', 'OK'],
  ['62 812 3456 789', 'ID', '+628123456789', 'MOBILE', 'OK'],
  // Mexico: the old `1` after +52 and the 044/045/01 prefixes (identity.ts); every number is FIXED_LINE_OR_MOBILE
  ['+52 55 1234 5678', '', '+525512345678', 'FIXED_LINE_OR_MOBILE', 'OK'],
  ['+52 1 55 1234 5678', '', '+525512345678', 'FIXED_LINE_OR_MOBILE', 'OK'],
  ['+52 1 33 1234 5678', '', '+523312345678', 'FIXED_LINE_OR_MOBILE', 'OK'],
  ['5215512345678', 'MX', '+525512345678', 'FIXED_LINE_OR_MOBILE', 'OK'],
  ['5215512345678', 'GB', '+525512345678', 'FIXED_LINE_OR_MOBILE', 'OK'],
  ['044 55 1234 5678', 'MX', '+525512345678', 'FIXED_LINE_OR_MOBILE', 'OK'],
  ['01 55 1234 5678', 'MX', '+525512345678', 'FIXED_LINE_OR_MOBILE', 'OK'],
  ['55 1234 5678', 'MX', '+525512345678', 'FIXED_LINE_OR_MOBILE', 'OK'],
  // France
  ['06 12 34 56 78', 'FR', '+33612345678', 'MOBILE', 'OK'],
  ['06.12.34.56.78', 'FR', '+33612345678', 'MOBILE', 'OK'],
  ['+33 (0)6 12 34 56 78', '', '+33612345678', 'MOBILE', 'OK'],
  ['0033 6 12 34 56 78', 'FR', '+33612345678', 'MOBILE', 'OK'],
  ['01 23 45 67 89', 'FR', '+33123456789', 'FIXED_LINE', 'NOT_MOBILE'],
  // South Africa
  ['082 123 4567', 'ZA', '+27821234567', 'MOBILE', 'OK'],
  ['+27 82 123 4567', '', '+27821234567', 'MOBILE', 'OK'],
  ['021 123 4567', 'ZA', '+27211234567', 'FIXED_LINE', 'NOT_MOBILE'],
  // United Arab Emirates: Arabic-Indic and Persian digits
  ['050 123 4567', 'AE', '+971501234567', 'MOBILE', 'OK'],
  ['+971 50 123 4567', '', '+971501234567', 'MOBILE', 'OK'],
  ['+٩٧١٥٠١٢٣٤٥٦٧', '', '+971501234567', 'MOBILE', 'OK'],
  ['۰۵۰۱۲۳۴۵۶۷', 'AE', '+971501234567', 'MOBILE', 'OK'],
  ['\u200f+971 50 123 4567\u200f', '', '+971501234567', 'MOBILE', 'OK'], // right-to-left marks
  // Spain, Italy (no trunk prefix; Italian fixed lines keep their 0), Netherlands
  ['612 34 56 78', 'ES', '+34612345678', 'MOBILE', 'OK'],
  ['+34 612 345 678', '', '+34612345678', 'MOBILE', 'OK'],
  ['91 123 45 67', 'ES', '+34911234567', 'FIXED_LINE', 'NOT_MOBILE'],
  ['347 123 4567', 'IT', '+393471234567', 'MOBILE', 'OK'],
  ["'+39 347 123 4567", 'IT', '+393471234567', 'MOBILE', 'OK'],
  ['06 1234 5678', 'IT', '+390612345678', 'FIXED_LINE', 'NOT_MOBILE'],
  ['+39 06 1234 5678', '', '+390612345678', 'FIXED_LINE', 'NOT_MOBILE'],
  ['06 12345678', 'NL', '+31612345678', 'MOBILE', 'OK'],
  ['+31 6 12345678', '', '+31612345678', 'MOBILE', 'OK'],
  ['020 123 4567', 'NL', '+31201234567', 'FIXED_LINE', 'NOT_MOBILE'],
  // Australia (0011 is its exit code), Kenya, the Philippines
  ['0412 345 678', 'AU', '+61412345678', 'MOBILE', 'OK'],
  ['+61 412 345 678', '', '+61412345678', 'MOBILE', 'OK'],
  ['(02) 9876 5432', 'AU', '+61298765432', 'FIXED_LINE', 'NOT_MOBILE'],
  ['0011 44 7911 123456', 'AU', '+447911123456', 'MOBILE', 'OK'],
  ['0712 345678', 'KE', '+254712345678', 'MOBILE', 'OK'],
  ['+254 712 345678', '', '+254712345678', 'MOBILE', 'OK'],
  ['0917 123 4567', 'PH', '+639171234567', 'MOBILE', 'OK'],
  ['+63 917 123 4567', '', '+639171234567', 'MOBILE', 'OK'],
  // Japan (010 exit code), China, Russia (trunk 8), Saudi Arabia, Argentina (mobile 9), and more
  ['090-1234-5678', 'JP', '+819012345678', 'MOBILE', 'OK'],
  ['010 81 90 1234 5678', 'JP', '+819012345678', 'MOBILE', 'OK'],
  ['138 0013 8000', 'CN', '+8613800138000', 'MOBILE', 'OK'],
  ['+86 138 0013 8000', '', '+8613800138000', 'MOBILE', 'OK'],
  ['8 (912) 345-67-89', 'RU', '+79123456789', 'MOBILE', 'OK'],
  ['+7 912 345-67-89', '', '+79123456789', 'MOBILE', 'OK'],
  ['050 123 4567', 'SA', '+966501234567', 'MOBILE', 'OK'],
  ['011 1234 5678', 'AR', '+541112345678', 'FIXED_LINE', 'NOT_MOBILE'],
  ['+54 9 11 1234-5678', '', '+5491112345678', 'MOBILE', 'OK'],
  ['0612-345678', 'MA', '+212612345678', 'MOBILE', 'OK'],
  ['010 0123 4567', 'EG', '+201001234567', 'MOBILE', 'OK'],
  ['0301 2345678', 'PK', '+923012345678', 'MOBILE', 'OK'],
  ['0532 123 45 67', 'TR', '+905321234567', 'MOBILE', 'OK'],
  ['087 123 4567', 'IE', '+353871234567', 'MOBILE', 'OK'],
  ['079 123 45 67', 'CH', '+41791234567', 'MOBILE', 'OK'],
  ['070-123 45 67', 'SE', '+46701234567', 'MOBILE', 'OK'],
  ['512 345 678', 'PL', '+48512345678', 'MOBILE', 'OK'],
  ['0912 345 6789', 'IR', '+989123456789', 'MOBILE', 'OK'],
  ['۰۹۱۲ ۳۴۵ ۶۷۸۹', 'IR', '+989123456789', 'MOBILE', 'OK'],
  ['300 1234567', 'CO', '+573001234567', 'MOBILE', 'OK'],
  ['8123 4567', 'SG', '+6581234567', 'MOBILE', 'OK'],
  ['021 123 4567', 'NZ', '+64211234567', 'MOBILE', 'OK'],
  // source prefixes, spreadsheet guards, labels, tel: URIs, Unicode spaces and full-width forms
  ['p:+447911123456', '', '+447911123456', 'MOBILE', 'OK'],
  ['p:07911123456', 'GB', '+447911123456', 'MOBILE', 'OK'],
  ["'+573001112233", '', '+573001112233', 'MOBILE', 'OK'],
  ['=+447911123456', '', '+447911123456', 'MOBILE', 'OK'],
  ['="+447911123456"', '', '+447911123456', 'MOBILE', 'OK'],
  ['＋４４ ７９１１ １２３４５６', '', '+447911123456', 'MOBILE', 'OK'],
  ['０７９１１ １２３４５６', 'GB', '+447911123456', 'MOBILE', 'OK'],
  ['\u200e+44\u00a07911\u202f123456', '', '+447911123456', 'MOBILE', 'OK'],
  ['+44\u20077911\u2007123456', '', '+447911123456', 'MOBILE', 'OK'],
  ['+44\u20117911\u2011123456', '', '+447911123456', 'MOBILE', 'OK'], // non-breaking hyphens
  ['tel:+44-7911-123456', '', '+447911123456', 'MOBILE', 'OK'],
  ['tel:7911123456;phone-context=+44', '', '+447911123456', 'MOBILE', 'OK'],
  ['Mobile: 07911 123456', 'GB', '+447911123456', 'MOBILE', 'OK'],
  ['++44 7911 123456', '', '+447911123456', 'MOBILE', 'OK'],
  ['+ 44 7911 123456', '', '+447911123456', 'MOBILE', 'OK'],
  // extensions: dropped from the number (kept aside, see below)
  ['+1 650-253-0000 x136', '', '+16502530000', 'FIXED_LINE_OR_MOBILE', 'OK'],
  ['+1 650-253-0000 #136', '', '+16502530000', 'FIXED_LINE_OR_MOBILE', 'OK'],
  ['+1 650 253 0000,,136', '', '+16502530000', 'FIXED_LINE_OR_MOBILE', 'OK'],
  ['tel:+1-650-253-0000;ext=136', '', '+16502530000', 'FIXED_LINE_OR_MOBILE', 'OK'],
  ['+44 20 7946 0958 ext. 204', '', '+442079460958', 'FIXED_LINE', 'NOT_MOBILE'],
  ['020 7946 0958 poste 12', 'GB', '+442079460958', 'FIXED_LINE', 'NOT_MOBILE'],
  // Excel damage: detected, never repaired
  ['4.47712E+11', 'GB', '', '', 'EXCEL_MANGLED'],
  ['4,47712E+11', 'DE', '', '', 'EXCEL_MANGLED'],
  ['2.34803E+12', 'NG', '', '', 'EXCEL_MANGLED'],
  ['919656298894.0', 'IN', '', '', 'EXCEL_MANGLED'],
  ['447911123456.00', 'GB', '', '', 'EXCEL_MANGLED'],
  ['919,656,298,894', 'IN', '', '', 'EXCEL_MANGLED'],
  // refusals, each with its reason
  ['', 'GB', '', '', 'MISSING'],
  ['   ', 'GB', '', '', 'MISSING'],
  ['p:', '', '', '', 'MISSING'],
  ['p:<test lead: dummy data for phone_number>', '', '', '', 'TEST_LEAD'],
  ['n/a', 'GB', '', '', 'NOT_A_NUMBER'],
  ['call me', 'GB', '', '', 'NOT_A_NUMBER'],
  ['+', 'GB', '', '', 'NOT_A_NUMBER'],
  ['jane@example.com', 'GB', '', '', 'NOT_A_NUMBER'],
  ['07911 123456', '', '', '', 'NO_COUNTRY'],
  ['447911123456', '', '', '', 'NO_COUNTRY'], // no +, no country: never guessed
  ['07911 123456', 'ZZ', '', '', 'INVALID_COUNTRY'],
  ['+999 123 4567', '', '', '', 'INVALID_COUNTRY'],
  ['0', 'GB', '', '', 'TOO_SHORT'],
  ['123', 'GB', '', '', 'TOO_SHORT'],
  ['+44 791', '', '', '', 'TOO_SHORT'],
  ['12345678901234567', 'GB', '', '', 'TOO_LONG'],
  ['+44 7911 123456 999', '', '', '', 'TOO_LONG'],
  ['+1 441 555 0123', '', '', '', 'INVALID'],
  // a third country's national number on a row read as GB is not read as international: it would be a stranger
  ['6467333879', 'GB', '', '', 'INVALID'], // not +64 (New Zealand)
  ['3645778029', 'GB', '', '', 'INVALID'], // not +36 (Hungary)
]

describe('phone table', () => {
  test('covers at least 100 inputs across at least 15 countries', () => {
    assert.ok(CASES.length >= 100, `${CASES.length} cases`)
    const regions = new Set(CASES.map(([raw, country]) => parsePhone(raw, country).country).filter((c) => c !== ''))
    assert.ok(regions.size >= 15, [...regions].join(' '))
  })

  for (const [raw, country, e164, type, status] of CASES) {
    test(`${JSON.stringify(raw)} in ${country || 'no country'} -> ${e164 || status}`, () => {
      const r = parsePhone(raw, country)
      assert.deepEqual([r.e164, r.type, r.status], [e164, type, status])
      assert.equal(r.whatsapp, status === 'OK')
      assert.equal(r.key, e164, 'a parsed number is its own identity key')
    })
  }

  test('the region of a number is its own, not the row country', () => {
    assert.equal(parsePhone('07624 123456', 'GB').country, 'IM')
    assert.equal(parsePhone('01534 123456', 'GB').country, 'JE')
    assert.equal(parsePhone('+1 416 555 0199', 'US').country, 'CA')
    assert.equal(parsePhone('+44 7400 123456', 'IN').country, 'GB')
    assert.equal(parsePhone('+44 7911 123456', 'GB').country, 'GG') // a Guernsey mobile range
  })

  test('extensions are kept aside, never in the number', () => {
    const ext = (raw: string, c = '') => parsePhone(raw, c).ext
    assert.equal(ext('+1 650-253-0000 x136'), '136')
    assert.equal(ext('+1 650-253-0000 ext. 136'), '136')
    assert.equal(ext('+1 650-253-0000 #136'), '136')
    assert.equal(ext('tel:+1-650-253-0000;ext=136'), '136')
    assert.equal(ext('+1 650 253 0000,,136'), '136')
    assert.equal(ext('020 7946 0958 poste 12', 'GB'), '12')
    assert.equal(ext('+44 7911 123456'), '')
  })

  test('the country used for a national number is recorded; a number with + needs none', () => {
    assert.equal(parsePhone('07911 123456', 'GB').assumedCountry, 'GB')
    assert.equal(parsePhone('+44 7911 123456', 'FR').assumedCountry, '')
  })
})
