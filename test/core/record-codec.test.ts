// The record layout has one codec (core/people/record-codec.ts): a record stored by RecordStore.add on the
// main thread and the same record packed by a worker's RecordPacker read back identically, keys included.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { PeopleIndex, RecordStore, SuppressionList } from '../../src/core/people.js'
import { RecordPacker } from '../../src/core/people/record-codec.js'
import { readRecord, type RowLayout } from '../../src/core/record.js'
import { IN_CUSTOMERS, type ContactRecord } from '../../src/core/model.js'

const LAYOUT: RowLayout = {
  phone: [0],
  email: [1],
  fields: { full_name: 2, city: 5 },
  consent: { whatsapp: 4, sms: 6 },
  consentAt: { sms: 7 },
  fixedConsent: {},
  time: 3,
  dateOrder: {},
}
const OPTS = { defaultCountry: 'GB', whatsappConsentFromSms: false }

const ROWS = [
  ['07405 263058', 'Jane@Example.com', 'Jane Doe', '2025-01-01T00:00:00Z', 'yes', 'Léon\x1fs', 'no', '2024-03-01T00:00:00Z'],
  ['+49 151 20000001, 020 7946 0000', '', 'Max Müller', '', 'no', '', 'yes', ''],
  ['', 'a@example.com', 'Zoë', '2025-02-01T10:00:00Z', '', 'Paris', '', ''],
  ['+1 416 555 0100 ext. 12', 'x@example.com', 'Adébáyọ̀ राहुल', 'not a date', 'TRUE', 'Lagos', 'maybe', '2025-02-01T10:00:00Z'],
]

const records: ContactRecord[] = ROWS.map((cells, i) => {
  const o = readRecord(cells, LAYOUT, 0, i + 2, OPTS)
  if (!o.ok) throw new Error(`row ${i + 2} rejected: ${o.reject.reason}`)
  return o.record
})

for (const keep of [false, true]) {
  test(`stored and packed records read back the same${keep ? ', with their cells' : ''}`, () => {
    const direct = new RecordStore()
    for (let i = 0; i < records.length; i++) direct.add(records[i]!, IN_CUSTOMERS, keep ? ROWS[i] : undefined)
    const packer = new RecordPacker(1)
    for (let i = 0; i < records.length; i++) packer.add(records[i]!, keep ? ROWS[i] : undefined)
    const packed = new RecordStore()
    packed.addPackedBatch(packer.pack(), 0, IN_CUSTOMERS)
    assert.equal(packed.count, direct.count)
    for (let id = 0; id < direct.count; id++) {
      assert.deepEqual(packed.get(id), direct.get(id))
      assert.deepEqual(packed.keys(id), direct.keys(id))
      for (const k of direct.keys(id)) assert.ok(packed.hasKey(id, k) && direct.hasKey(id, k), k)
    }
    // The separators in a value are spaces in the store, however the record came.
    assert.equal(direct.get(0).fields.city, 'Léon s')
  })
}

test('people from packed records are the people from added records', () => {
  const a = new PeopleIndex()
  for (const r of records) a.add(r, IN_CUSTOMERS)
  a.add(records[0]!, IN_CUSTOMERS)
  const packer = new RecordPacker(1)
  for (const r of [...records, records[0]!]) packer.add(r)
  const b = new PeopleIndex()
  b.addPacked(packer.pack(), 0, IN_CUSTOMERS)
  assert.deepEqual([...b.people(new SuppressionList())], [...a.people(new SuppressionList())])
})

test('the fields are written out in PERSON_FIELDS order: a record read, its blob, and the blob read back', async () => {
  const { PERSON_FIELDS } = await import('../../src/core/model.js')
  const { blobBound, decodeBlob, writeBlob } = await import('../../src/core/people/record-codec.js')
  const every = Object.fromEntries(PERSON_FIELDS.map((f, i) => [f, i === 5 ? 'FR' : `${f}-value`]))
  const layout: RowLayout = { ...LAYOUT, fields: Object.fromEntries(PERSON_FIELDS.map((f, i) => [f, i + 2])) }
  const row = ['+33 6 12 34 56 78', 'a@example.com', ...PERSON_FIELDS.map((f) => every[f]!)]
  const outcome = readRecord(row, layout, 0, 2, OPTS)
  assert.ok(outcome.ok)
  assert.deepEqual(Object.keys(outcome.record.fields), [...PERSON_FIELDS])
  assert.deepEqual(outcome.record.fields, every)
  const buf = Buffer.alloc(blobBound(outcome.record))
  const back = decodeBlob(buf.toString('utf8', 0, writeBlob(outcome.record, undefined, buf, 0)))
  assert.deepEqual(Object.keys(back.fields), [...PERSON_FIELDS])
  assert.deepEqual(back.fields, every)
})

test('a blob written in place is the UTF-8 of its values joined, separators in values as spaces, whatever the text', async () => {
  const fc = (await import('fast-check')).default
  const { PERSON_FIELDS } = await import('../../src/core/model.js')
  const { blobBound, decodeBlob, writeBlob } = await import('../../src/core/people/record-codec.js')
  // Text with separators, non-ASCII, astral characters and lone surrogates, where the ASCII copy hands over.
  const text = fc.string({ unit: fc.oneof(fc.constantFrom('a', 'Z', ' ', '\x1e', '\x1f', 'é', 'राहुल', '😀', '\ud83d', '\ude00', '@'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 12 })
  const clean = (v: string) => v.replace(/[\x1e\x1f]/g, ' ')
  fc.assert(
    fc.property(fc.array(text, { minLength: PERSON_FIELDS.length, maxLength: PERSON_FIELDS.length }), fc.array(text, { maxLength: 3 }), fc.option(fc.array(text, { maxLength: 4 })), (values, emails, cells) => {
      const fields = Object.fromEntries(PERSON_FIELDS.map((f, i) => [f, values[i]!])) as ContactRecord['fields']
      const r = { ...records[1]!, emails, fields }
      const expected = Buffer.from(
        [
          r.phones.map((p) => p.e164.slice(1) + (p.type === 'MOBILE' ? 'M' : p.type === 'FIXED_LINE' ? 'F' : p.type === 'FIXED_LINE_OR_MOBILE' ? 'B' : '?') + p.country).join('\x1e'),
          emails.map(clean).join('\x1e'),
          ...PERSON_FIELDS.map((f) => clean(fields[f])),
          ...(cells ?? []).map(clean),
        ].join('\x1f'),
        'utf8',
      )
      const bound = blobBound(r, cells ?? undefined)
      const buf = Buffer.alloc(bound + 8, 0xaa)
      const end = writeBlob(r, cells ?? undefined, buf, 3)
      assert.ok(end - 3 <= bound)
      assert.equal(buf[end], 0xaa)
      assert.deepEqual(buf.subarray(3, end), expected)
      assert.deepEqual(decodeBlob(buf.toString('utf8', 3, end)).fields, Object.fromEntries(PERSON_FIELDS.map((f) => [f, Buffer.from(clean(fields[f]), 'utf8').toString()])))
    }),
    { numRuns: 2000 },
  )
})
