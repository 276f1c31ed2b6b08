// The contact CSV must carry everything: a record or a person written with its wa_ columns and read back
// gives the same decisions and the same target rows as the original.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { contactCsvKind, contactLayout, personCells, PERSON_COLUMNS, readPersonRow, readRecordRow, recordCells, RECORD_COLUMNS, SourceNames } from '../../src/core/contact-csv.js'
import { PeopleIndex, SuppressionList } from '../../src/core/people.js'
import { readRecord, type RowLayout } from '../../src/core/record.js'
import { IN_FOLLOWERS } from '../../src/core/model.js'
import { meta } from '../../src/targets/meta.js'
import { whatsapp } from '../../src/targets/whatsapp.js'
import { rowOf } from '../helpers.js'

const LAYOUT: RowLayout = {
  phone: [0],
  email: [1],
  fields: { full_name: 2, city: 5, country: 6 },
  consent: { whatsapp: 4, email: 7 },
  consentAt: {},
  fixedConsent: {},
  time: 3,
  dateOrder: {},
}
const OPTS = { defaultCountry: 'GB', whatsappConsentFromSms: false }
const ROWS = [
  ['p:+447911123456 / 020 7946 0958', 'Amelia.Hartley@Example.co.uk', 'Amelia Hartley', '2025-09-12T15:05:13+01:00', 'yes', 'Leeds', 'GB', 'yes'],
  ['07911 123456', 'amelia@work.example.com', 'Amelia H', '', 'no', '', '', ''],
  ['4.47712E+11', '', 'Grace Okafor', '', 'yes', 'Lagos', 'NG', ''],
]

describe('contact CSV', () => {
  test('header kinds are recognised', () => {
    assert.equal(contactCsvKind(['id', ...RECORD_COLUMNS]), 'record')
    assert.equal(contactCsvKind([...PERSON_COLUMNS, 'email']), 'person')
    assert.equal(contactCsvKind(['wa_phone', 'email']), null)
  })

  test('record rows round-trip, rejects included', () => {
    const names = new SourceNames(['leads.csv'])
    const header = ['x', ...RECORD_COLUMNS]
    const layout = contactLayout(header)
    ROWS.forEach((row, i) => {
      const outcome = readRecord(rowOf(row), LAYOUT, 0, i + 2, OPTS)
      const cells = ['x', ...recordCells(outcome, 'followers', names, 'GB')]
      const back = readRecordRow(rowOf(cells), layout, new SourceNames(), { input: 0, line: 1 })
      assert.equal(back.role, 'followers')
      assert.equal(back.outcome.ok, outcome.ok)
      if (outcome.ok && back.outcome.ok) {
        const a = outcome.record
        const b = back.outcome.record
        assert.deepEqual(b.phones.map((p) => [p.e164, p.type, p.status]), a.phones.map((p) => [p.e164, p.type, p.status]))
        assert.deepEqual([b.emails, b.fields, b.consent, b.time, b.line], [a.emails, a.fields, a.consent, a.time, a.line])
      } else if (!outcome.ok && !back.outcome.ok) {
        assert.equal(back.outcome.reject.reason, outcome.reject.reason)
        assert.equal(back.outcome.reject.line, outcome.reject.line)
      }
    })
  })

  test('a person row gives the same target rows as the person', () => {
    const idx = new PeopleIndex()
    for (const [i, row] of ROWS.entries()) {
      const o = readRecord(rowOf(row), LAYOUT, 0, i + 2, OPTS)
      if (o.ok) idx.add(o.record, IN_FOLLOWERS)
    }
    const [person] = idx.people(new SuppressionList(), { ids: true })
    const names = new SourceNames(['leads.csv'])
    const header = [...PERSON_COLUMNS]
    const back = readPersonRow(rowOf(personCells(person!, names)), contactLayout(header), names)
    const opts = { plain: false, inputNames: names.all, phoneStyle: 'e164' as const, withValue: false }
    assert.deepEqual(meta.rows(back, opts), meta.rows(person!, opts))
    assert.deepEqual(whatsapp.rows(back, opts), whatsapp.rows(person!, opts))
    assert.equal(back.id, person!.id)
    assert.deepEqual(back.consent.whatsapp.source, person!.consent.whatsapp.source)
  })
})
