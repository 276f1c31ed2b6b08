// core/hints.ts: the hints a run gives when a flag would change a figure, built from counts only.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { noCountryHint, smsConsentHint } from '../../src/core/hints.js'

const shop = { name: 'shop.csv', smsColumn: 'Accepts SMS Marketing', hasWhatsapp: false }
const leads = { name: 'leads.csv', smsColumn: undefined, hasWhatsapp: true }

test('a file with SMS consent and no WhatsApp column: how many, and the flag, not acted on', () => {
  const h = smsConsentHint({ inputs: [shop], wouldAdd: 112901, whatsappRows: 0, whatsappFile: 'whatsapp.csv', fromSms: false })
  assert.ok(h)
  assert.match(h, /^shop\.csv \(column "Accepts SMS Marketing"\) has SMS consent but no WhatsApp consent column: 112,901 people/)
  assert.match(h, /not in whatsapp\.csv \(0 people\)/)
  assert.match(h, /rerun with --whatsapp-consent-from sms \(it was not done for you\)/)
})

test('no SMS hint when nobody would be added, when the flag is on, or when every SMS file has a WhatsApp column', () => {
  assert.equal(smsConsentHint({ inputs: [shop], wouldAdd: 0, whatsappRows: 0, whatsappFile: 'whatsapp.csv', fromSms: false }), null)
  assert.equal(smsConsentHint({ inputs: [shop], wouldAdd: 5, whatsappRows: 5, whatsappFile: 'whatsapp.csv', fromSms: true }), null)
  assert.equal(smsConsentHint({ inputs: [leads, { ...shop, hasWhatsapp: true }], wouldAdd: 5, whatsappRows: 5, whatsappFile: 'whatsapp.csv', fromSms: false }), null)
  assert.match(smsConsentHint({ inputs: [leads, shop], wouldAdd: 3, whatsappRows: 5, whatsappFile: 'whatsapp.csv', fromSms: false }) ?? '', /^shop\.csv .* 3 people/)
})

test('NO_COUNTRY: the count, and the country most of the international numbers have', () => {
  const h = noCountryHint({ name: 'a.csv', refused: 40, countries: { DE: 30, AT: 5, CH: 2 } })
  assert.match(h ?? '', /^a\.csv: 40 number\(s\) written without a country code were refused \(NO_COUNTRY\)/)
  assert.match(h ?? '', /30 of the file's 37 numbers written with a country code are DE: .* --country DE/)
})

test('NO_COUNTRY: no country named without a majority, or without international numbers; nothing when none refused', () => {
  const split = noCountryHint({ name: 'a.csv', refused: 2, countries: { GB: 2, IN: 2 } }) ?? ''
  assert.match(split, /are of 2 countries \(GB 2, IN 2\): pass --country with the one/)
  assert.doesNotMatch(split, /--country (GB|IN)/)
  assert.match(noCountryHint({ name: 'a.csv', refused: 1, countries: {} }) ?? '', /Pass --country with the country of its national numbers/)
  assert.equal(noCountryHint({ name: 'a.csv', refused: 0, countries: { DE: 3 } }), null)
})
