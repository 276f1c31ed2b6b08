// The phone cases the fixtures carry (sources.md's table): each input with its expected E.164, type and
// status. The full real-world table (160 cells, 39 regions) is phone-table.test.ts; properties are phone-properties.test.ts.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { cleanPhone, parsePhone, parsePhoneCell, splitPhoneCell } from '../../src/core/phone/index.js'

const CASES: Array<[raw: string, country: string, e164: string, type: string, status: string]> = [
  // international, with the lead-form `p:` prefix, spreadsheet apostrophe, national formats
  ['+44 7911 123456', 'GB', '+447911123456', 'MOBILE', 'OK'],
  ['p:+447911123456', '', '+447911123456', 'MOBILE', 'OK'],
  ['p:07405263058', 'GB', '+447405263058', 'MOBILE', 'OK'],
  ['07405 263058', 'GB', '+447405263058', 'MOBILE', 'OK'],
  ["'+39 347 123 4567", 'IT', '+393471234567', 'MOBILE', 'OK'],
  ['06 12 34 56 78', 'FR', '+33612345678', 'MOBILE', 'OK'],
  ['+55 11 98765-4321', 'BR', '+5511987654321', 'MOBILE', 'OK'],
  ['(415) 555-2671', 'US', '+14155552671', 'FIXED_LINE_OR_MOBILE', 'OK'],
  ['p:+4915123456789', 'GB', '+4915123456789', 'MOBILE', 'OK'],
  ['p:+2348031234567', 'GB', '+2348031234567', 'MOBILE', 'OK'],
  // the row's country decides a national number, not the default
  ['0131 496 0000', 'GB', '+441314960000', 'FIXED_LINE', 'NOT_MOBILE'],
  ['020 7946 0958', 'GB', '+442079460958', 'FIXED_LINE', 'NOT_MOBILE'],
  ['p:+442079460000', '', '+442079460000', 'FIXED_LINE', 'NOT_MOBILE'],
  // dialling prefixes and digits without `+`
  ['0044 7405 263058', 'GB', '+447405263058', 'MOBILE', 'OK'],
  ['0044 7405 263058', '', '+447405263058', 'MOBILE', 'OK'],
  ['447879433123', 'GB', '+447879433123', 'MOBILE', 'OK'],
  ['7405263058', 'GB', '+447405263058', 'MOBILE', 'OK'],
  ['+44 (0)20 7946 0958', '', '+442079460958', 'FIXED_LINE', 'NOT_MOBILE'],
  // damage: never repaired
  ['4.47712E+11', 'GB', '', '', 'EXCEL_MANGLED'],
  ['2.34803E+12', 'NG', '', '', 'EXCEL_MANGLED'],
  ['919656298894.0', 'IN', '', '', 'EXCEL_MANGLED'],
  // refusals with their reason
  ['', 'GB', '', '', 'MISSING'],
  ['p:<test lead: dummy data for phone_number>', 'GB', '', '', 'TEST_LEAD'],
  ['07405 263058', '', '', '', 'NO_COUNTRY'],
  ['07405 263058', 'ZZ', '', '', 'INVALID_COUNTRY'],
  ['call me', 'GB', '', '', 'NOT_A_NUMBER'],
  ['123', 'GB', '', '', 'TOO_SHORT'],
  ['+44 7911 123456 999', '', '', '', 'TOO_LONG'],
]

describe('parsePhone', () => {
  for (const [raw, country, e164, type, status] of CASES) {
    test(`${JSON.stringify(raw)} in ${country || 'no country'} -> ${e164 || status}`, () => {
      const r = parsePhone(raw, country)
      assert.equal(r.status, status)
      assert.equal(r.e164, e164)
      assert.equal(r.type, type)
      assert.equal(r.whatsapp, status === 'OK')
    })
  }

  test('an extension is dropped from the number and kept aside', () => {
    const r = parsePhone('+1 650-253-0000 x136', '')
    assert.equal(r.e164, '+16502530000')
    assert.equal(r.ext, '136')
  })

  test('other-script digits and exotic spaces are folded before parsing', () => {
    assert.equal(parsePhone('+٩٧١٥٠١٢٣٤٥٦٧', '').e164, '+971501234567')
    assert.equal(parsePhone('\u200e+44\u00a07911\u202f123456', '').e164, '+447911123456')
    assert.equal(parsePhone('＋４４ ７９１１ １２３４５６', '').e164, '+447911123456')
  })
})

describe('cleanPhone and splitPhoneCell', () => {
  test('strips source prefixes and spreadsheet guards', () => {
    assert.equal(cleanPhone('p:+447911123456').text, '+447911123456')
    assert.equal(cleanPhone("'+573001112233").text, '+573001112233')
    assert.equal(cleanPhone('="+447911123456"').text, '+447911123456')
    assert.equal(cleanPhone('=+447911123456').text, '+447911123456')
  })

  test('keeps every number of a cell that holds several', () => {
    assert.deepEqual(splitPhoneCell('+49 30 123456, +49 171 2345678'), ['+49 30 123456', '+49 171 2345678'])
    assert.deepEqual(
      parsePhoneCell('020 7946 0958 / 07405 263058', 'GB').map((p) => p.e164),
      ['+442079460958', '+447405263058'],
    )
    assert.deepEqual(splitPhoneCell('+1 650-253-0000 x136'), ['+1 650-253-0000 x136'])
  })
})
