// Identity resolution and the person's merged view, on records built the way the pipeline builds them.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { emailKey, PeopleIndex, RecordStore, SuppressionList } from '../../src/core/people.js'
import { readRecord, type RowLayout } from '../../src/core/record.js'
import { IN_CUSTOMERS, IN_FOLLOWERS, type ContactRecord } from '../../src/core/model.js'
import { rowOf } from '../helpers.js'

// A small lead-form-like layout: phone, email, full name, created_time, whatsapp consent.
const LAYOUT: RowLayout = {
  phone: [0],
  email: [1],
  fields: { full_name: 2 },
  consent: { whatsapp: 4 },
  consentAt: {},
  fixedConsent: {},
  time: 3,
  dateOrder: {},
}
const OPTS = { defaultCountry: 'GB', whatsappConsentFromSms: false }

function rec(input: number, line: number, cells: string[]): ContactRecord {
  const o = readRecord(rowOf(cells), LAYOUT, input, line, OPTS)
  if (!o.ok) throw new Error(`row ${line} rejected: ${o.reject.reason}`)
  return o.record
}

describe('PeopleIndex', () => {
  test('records sharing a phone or an email are one person, transitively', () => {
    const idx = new PeopleIndex()
    idx.add(rec(0, 2, ['', 'jane@example.com', 'Jane Doe', '2025-01-01T00:00:00Z', 'yes']), IN_FOLLOWERS)
    idx.add(rec(1, 2, ['07405 263058', 'JANE@example.com', 'Jane Doe', '', '']), IN_CUSTOMERS)
    idx.add(rec(2, 2, ['+447405263058', '', 'J Doe', '2025-02-01T00:00:00Z', 'no']), IN_FOLLOWERS)
    idx.add(rec(2, 3, ['07911 123456', 'someone.else@example.com', 'Sam Else', '', 'yes']), IN_FOLLOWERS)
    const people = [...idx.people(new SuppressionList())]
    assert.equal(people.length, 2)
    const [jane, sam] = people
    assert.equal(jane!.recordCount, 3)
    assert.deepEqual(jane!.phones.map((p) => p.e164), ['+447405263058'])
    assert.deepEqual(jane!.emails, ['jane@example.com'])
    assert.ok(jane!.inCustomers && jane!.inFollowers)
    // The latest record with a value gives each field: the February lead's name.
    assert.equal(jane!.fields.first_name, 'J')
    // Two timed votes disagree: the latest (denied, February) wins.
    assert.deepEqual([jane!.consent.whatsapp.state, jane!.consent.whatsapp.source], ['denied', { input: 2, line: 2 }])
    assert.equal(sam!.recordCount, 1)
  })

  test('reserving room, with a guess too small or too large, changes nobody', () => {
    const rows: string[][] = []
    for (let i = 0; i < 3000; i++) {
      // Every third row repeats an earlier person's number, every fifth an earlier person's address.
      const n = i % 3 === 0 && i > 0 ? i - 3 : i
      const e = i % 5 === 0 && i > 0 ? i - 5 : i
      rows.push([`07911 ${String(100000 + n).padStart(6, '0')}`, `person${e}@example.com`, `Person ${i}`, '', i % 2 ? 'yes' : 'no'])
    }
    const build = (reserve?: [number, number, number]) => {
      const idx = new PeopleIndex()
      rows.forEach((r, i) => {
        if (i === 10 && reserve) idx.reserve(...reserve)
        idx.add(rec(0, i + 2, r), IN_CUSTOMERS)
      })
      return [...idx.people(new SuppressionList())].map((p) => [p.phones.map((x) => x.e164), p.emails, p.recordCount, p.consent.whatsapp.state])
    }
    const plain = build()
    assert.ok(plain.length < 3000 && plain.length > 1000, `${plain.length} people`)
    assert.deepEqual(build([50, 50, 50]), plain)
    assert.deepEqual(build([100_000, 100_000, 100_000]), plain)
  })

  test("a stored record's keys are checked in its bytes: every address, and no near miss", () => {
    const store = new RecordStore()
    const r = rec(0, 2, ['07405 263058', 'jane@example.com', 'Jane Doe', '', 'yes'])
    const a = store.add({ ...r, emails: ['jane@example.com', 'zoë@exämple.de', 'j@x.io'] }, IN_CUSTOMERS)
    const b = store.add({ ...r, emails: [] }, IN_CUSTOMERS)
    for (const e of ['jane@example.com', 'zoë@exämple.de', 'j@x.io']) assert.ok(store.hasKey(a, emailKey(e)), e)
    for (const e of ['jane@example.co', 'ane@example.com', 'zoe@exämple.de', 'j@x.i', 'j@x.ioo', '']) assert.ok(!store.hasKey(a, emailKey(e)), e)
    assert.ok(!store.hasKey(b, emailKey('jane@example.com')))
    // A phone key is checked too (phone keys that are not plain numbers take this path).
    assert.ok(store.hasKey(a, r.phones[0]!.key))
    assert.ok(!store.hasKey(b, emailKey(r.phones[0]!.key)))
  })

  test('person ids come from keys, not from row order', () => {
    const a = new PeopleIndex()
    const b = new PeopleIndex()
    const r1 = rec(0, 2, ['07405 263058', 'jane@example.com', 'Jane Doe', '', 'yes'])
    const r2 = rec(0, 3, ['07911 123456', 'sam@example.com', 'Sam Else', '', 'yes'])
    a.add(r1, IN_CUSTOMERS)
    a.add(r2, IN_CUSTOMERS)
    b.add({ ...r2, line: 2 }, IN_CUSTOMERS)
    b.add({ ...r1, line: 3 }, IN_CUSTOMERS)
    const idsA = [...a.people(new SuppressionList(), { ids: true })].map((p) => p.id).sort()
    const idsB = [...b.people(new SuppressionList(), { ids: true })].map((p) => p.id).sort()
    assert.deepEqual(idsA, idsB)
    assert.notEqual(idsA[0], idsA[1])
  })

  test('a suppression entry matching any key denies every channel and is traced', () => {
    const idx = new PeopleIndex()
    idx.add(rec(0, 2, ['07555 018273', 'daniel@example.org', 'Daniel K', '', 'yes']), IN_CUSTOMERS)
    const s = new SuppressionList()
    s.add(emailKey('daniel@example.org'), { input: 1, line: 4 })
    const [p] = idx.people(s)
    assert.deepEqual(p!.suppressed, { input: 1, line: 4 })
    for (const ch of ['whatsapp', 'sms', 'email', 'ads'] as const) assert.equal(p!.consent[ch].state, 'denied')
  })
})

describe('readRecord', () => {
  test('a row with neither a usable phone nor an email is rejected with the phone\'s reason', () => {
    const o = readRecord(rowOf(['4.47712E+11', '', 'Grace O', '', '']), LAYOUT, 0, 6, OPTS)
    assert.ok(!o.ok)
    assert.equal(o.reject.reason, 'EXCEL_MANGLED')
    assert.ok(!o.reject.detail.includes('47712'), 'detail must not echo the digits')
  })

  test("Meta's test leads are dropped as TEST_LEAD", () => {
    const o = readRecord(rowOf(['p:<test lead: dummy data for phone_number>', 'test@meta.com', '<test lead: dummy data for full_name>', '', '']), LAYOUT, 0, 4, OPTS)
    assert.ok(!o.ok)
    assert.equal(o.reject.reason, 'TEST_LEAD')
  })

  test('an Excel-mangled phone does not lose a row that has an email', () => {
    const o = readRecord(rowOf(['4.47712E+11', 'rahul@example.in', 'Rahul V', '', 'yes']), LAYOUT, 0, 5, OPTS)
    assert.ok(o.ok)
    assert.equal(o.record.phones.length, 0)
    assert.equal(o.record.badPhones[0]!.status, 'EXCEL_MANGLED')
  })

  test('--whatsapp-consent-from sms lets SMS consent speak for WhatsApp only where WhatsApp is silent', () => {
    const layout: RowLayout = { ...LAYOUT, consent: { whatsapp: 4, sms: 5 } }
    const on = { ...OPTS, whatsappConsentFromSms: true }
    const a = readRecord(rowOf(['07405 263058', '', 'A B', '', '', 'yes']), layout, 0, 2, on)
    const b = readRecord(rowOf(['07405 263058', '', 'A B', '', 'no', 'yes']), layout, 0, 3, on)
    const c = readRecord(rowOf(['07405 263058', '', 'A B', '', '', 'yes']), layout, 0, 2, OPTS)
    assert.ok(a.ok && b.ok && c.ok)
    assert.equal(a.record.consent.whatsapp.state, 'granted')
    assert.equal(b.record.consent.whatsapp.state, 'denied')
    assert.equal(c.record.consent.whatsapp.state, 'unknown')
  })
})
