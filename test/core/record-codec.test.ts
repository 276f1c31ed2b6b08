// The record layout has one codec (core/people/record-codec.ts): a record stored by RecordStore.add on the
// main thread and the same record packed by a worker's RecordPacker read back identically, keys included.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { PeopleIndex, RecordStore, SuppressionList } from '../../src/core/people.js'
import { RecordPacker } from '../../src/core/people/record-codec.js'
import { readRecord, type RowLayout } from '../../src/core/record.js'
import { IN_CUSTOMERS, type ContactRecord } from '../../src/core/model.js'
import { rowOf } from '../helpers.js'

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
  const o = readRecord(rowOf(cells), LAYOUT, 0, i + 2, OPTS)
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
  const { blobBound, blobText, decodeBlob, writeBlob } = await import('../../src/core/people/record-codec.js')
  const every = Object.fromEntries(PERSON_FIELDS.map((f, i) => [f, i === 5 ? 'FR' : `${f}-value`]))
  const layout: RowLayout = { ...LAYOUT, fields: Object.fromEntries(PERSON_FIELDS.map((f, i) => [f, i + 2])) }
  const row = ['+33 6 12 34 56 78', 'a@example.com', ...PERSON_FIELDS.map((f) => every[f]!)]
  const outcome = readRecord(rowOf(row), layout, 0, 2, OPTS)
  assert.ok(outcome.ok)
  assert.deepEqual(Object.keys(outcome.record.fields), [...PERSON_FIELDS])
  assert.deepEqual(outcome.record.fields, every)
  const buf = Buffer.alloc(blobBound(outcome.record))
  const back = decodeBlob(blobText(buf, 0, writeBlob(outcome.record, undefined, buf, 0)))
  assert.deepEqual(Object.keys(back.fields), [...PERSON_FIELDS])
  assert.deepEqual(back.fields, every)
})

/** The text the blob of `r` (and `cells`) holds: its values joined, separators in values as spaces. */
function blobValues(r: ContactRecord, fields: ContactRecord['fields'], cells: readonly string[] | null | undefined, fieldNames: readonly string[]): string {
  const clean = (v: string) => v.replace(/[\x1e\x1f]/g, ' ')
  const letter = (t: string) => (t === 'MOBILE' ? 'M' : t === 'FIXED_LINE' ? 'F' : t === 'FIXED_LINE_OR_MOBILE' ? 'B' : t === '' ? '_' : '?')
  return [
    r.phones.map((p) => p.e164.slice(1) + letter(p.type) + p.country).join('\x1e'),
    r.emails.map(clean).join('\x1e'),
    ...fieldNames.map((f) => clean(fields[f as keyof ContactRecord['fields']])),
    ...(cells ?? []).map(clean),
  ].join('\x1f')
}

/** What a blob meant before blobs had two forms: the text of its values' UTF-8 read back (a lone surrogate is U+FFFD). */
const asUtf8Meant = (text: string) => Buffer.from(text, 'utf8').toString('utf8')

test('a blob written in place is its values joined, separators in values as spaces: Latin-1 when every unit is below 0x100, else 0xff and UTF-8', async () => {
  const fc = (await import('fast-check')).default
  const { PERSON_FIELDS } = await import('../../src/core/model.js')
  const { blobBound, blobText, decodeBlob, writeBlob } = await import('../../src/core/people/record-codec.js')
  // Text with separators, non-ASCII (both ends of Latin-1 and of UTF-8's two-byte characters, which are copied
  // by hand, the first unit past Latin-1 and the first three-byte character), astral characters and lone
  // surrogates, where the copy hands over.
  const text = fc.string({ unit: fc.oneof(fc.constantFrom('a', 'Z', ' ', '\x1e', '\x1f', 'é', '\u0080', '\u00ff', '\u0100', '\u07ff', '\u0800', 'Ł', 'Ж', 'राहुल', '😀', '\ud83d', '\ude00', '@'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 12 })
  // Latin-1 only: a record's blob is Latin-1 only when all its values are, so they get their own case.
  const latin1 = fc.string({ unit: fc.oneof(fc.constantFrom('a', ' ', '\x1e', '\x1f', 'é', 'ë', '\u0080', '\u00ff', '@'), fc.integer({ min: 0, max: 0xff }).map((c) => String.fromCharCode(c))), maxLength: 12 })
  const nearLatin1 = fc.string({ unit: fc.oneof(fc.constantFrom('a', 'é', '\u00ff', 'Ā', 'ĩ', 'ſ'), fc.integer({ min: 0, max: 0x1ff }).map((c) => String.fromCharCode(c))), maxLength: 12 })
  const clean = (v: string) => v.replace(/[\x1e\x1f]/g, ' ')
  const values = (t: typeof text) => fc.tuple(fc.array(t, { minLength: PERSON_FIELDS.length, maxLength: PERSON_FIELDS.length }), fc.array(t, { maxLength: 3 }), fc.option(fc.array(t, { maxLength: 4 })))
  fc.assert(
    fc.property(fc.oneof(values(text), values(latin1), values(nearLatin1)), ([values, emails, cells]) => {
      const fields = Object.fromEntries(PERSON_FIELDS.map((f, i) => [f, values[i]!])) as ContactRecord['fields']
      const r = { ...records[1]!, emails, fields }
      const joined = blobValues(r, fields, cells, PERSON_FIELDS)
      // eslint-disable-next-line no-control-regex
      const expected = /[^\x00-\xff]/.test(joined) ? Buffer.concat([Buffer.of(0xff), Buffer.from(joined, 'utf8')]) : Buffer.from(joined, 'latin1')
      const bound = blobBound(r, cells ?? undefined)
      const buf = Buffer.alloc(bound + 8, 0xaa)
      const end = writeBlob(r, cells ?? undefined, buf, 3)
      assert.ok(end - 3 <= bound)
      assert.equal(buf[end], 0xaa)
      assert.deepEqual(buf.subarray(3, end), expected)
      // Read back, it is the text the one UTF-8 form gave.
      assert.equal(blobText(buf, 3, end), asUtf8Meant(joined))
      assert.deepEqual(decodeBlob(blobText(buf, 3, end)).fields, Object.fromEntries(PERSON_FIELDS.map((f) => [f, Buffer.from(clean(fields[f]), 'utf8').toString()])))
    }),
    { numRuns: 2000 },
  )
})

test('records of either blob form read back as the one UTF-8 form read them, stored, packed or shared; their keys are found in place the same', async () => {
  const fc = (await import('fast-check')).default
  const { PERSON_FIELDS } = await import('../../src/core/model.js')
  const { blobKeys, decodeBlob } = await import('../../src/core/people/record-codec.js')
  const { phoneNumberKey } = await import('../../src/core/people/key-tables.js')
  const any = fc.string({ unit: fc.oneof(fc.constantFrom('a', 'x', '.', '@', ' ', '\x1e', '\x1f', 'é', 'ë', 'ÿ', '\u0080', 'Ā', 'š', 'ĩ', 'ọ̀', 'राहुल', 'محمد', '😀', '\ud83d', '\ude00', '\u0800'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 10 })
  const latin1 = fc.string({ unit: fc.oneof(fc.constantFrom('a', 'x', '.', '@', ' ', '\x1e', '\x1f', 'é', 'ë', 'ü', 'ÿ', '\u0080', 'i', ')', 'a'), fc.integer({ min: 0, max: 0xff }).map((c) => String.fromCharCode(c))), maxLength: 10 })
  // Latin-1 and the units just past it (Latin Extended-A: Ā, ĩ, š), whose low byte is a Latin-1 byte.
  const nearLatin1 = fc.string({ unit: fc.oneof(fc.constantFrom('a', 'x', '@', 'é', ')', 'Ā', 'ĩ', 'š', 'ſ'), fc.integer({ min: 0, max: 0x1ff }).map((c) => String.fromCharCode(c))), maxLength: 10 })
  const record = (t: typeof any) =>
    fc.record({
      base: fc.nat(records.length - 1),
      // An address is never empty (the intake drops those).
      emails: fc.uniqueArray(t.filter((e) => e !== ''), { maxLength: 3 }),
      values: fc.array(fc.oneof(t, fc.constant('')), { minLength: PERSON_FIELDS.length, maxLength: PERSON_FIELDS.length }),
      cells: fc.option(fc.array(t, { maxLength: 4 })),
    })
  // A unit past Latin-1 whose low byte is the address's first byte: as Latin-1 bytes they would match.
  const aliased = (e: string) => (e === '' ? 'Ā' : String.fromCharCode(e.charCodeAt(0) | 0x100) + e.slice(1))
  fc.assert(
    fc.property(fc.array(fc.oneof(record(any), record(latin1), record(latin1), record(nearLatin1)), { minLength: 1, maxLength: 12 }), fc.boolean(), (rows, keep) => {
      const made = rows.map(({ base, emails, values, cells }, i) => {
        const fields = Object.fromEntries(PERSON_FIELDS.map((f, k) => [f, values[k]!])) as ContactRecord['fields']
        return { r: { ...records[base]!, line: i + 2, emails, fields }, cells: keep ? (cells ?? []) : undefined }
      })
      const direct = new RecordStore()
      const packer = new RecordPacker(1)
      for (const { r, cells } of made) {
        direct.add(r, IN_CUSTOMERS, cells)
        packer.add(r, cells)
      }
      const packed = new RecordStore()
      packed.addPackedBatch(packer.pack(), 0, IN_CUSTOMERS)
      const shared = RecordStore.fromShared(packed.share())
      const emailKeys = made.flatMap(({ r }) => r.emails.flatMap((e) => ['e:' + e, 'e:' + asUtf8Meant(e.replace(/[\x1e\x1f]/g, ' ')), 'e:' + aliased(e), 'e:' + e + 'x']))
      const numbers = made.flatMap(({ r }) => r.phones.map((p) => phoneNumberKey(p.key))).filter((n) => !Number.isNaN(n))
      made.forEach(({ r, cells }, id) => {
        const meant = asUtf8Meant(blobValues(r, r.fields, cells, PERSON_FIELDS))
        const want = decodeBlob(meant)
        const wantKeys = blobKeys(meant)
        for (const store of [direct, packed, shared]) {
          const got = store.get(id)
          assert.deepEqual({ phones: got.phones, emails: got.emails, fields: got.fields, cells: got.cells }, want)
          assert.deepEqual(store.keys(id), wantKeys)
          for (const k of emailKeys) assert.equal(store.hasKey(id, k), wantKeys.includes(k), `record ${id}, key ${JSON.stringify(k)}`)
          const wantNumbers = wantKeys.map(phoneNumberKey)
          for (const n of numbers) assert.equal(store.hasPhoneNumber(id, n), wantNumbers.includes(n), `record ${id}, number ${n}`)
        }
        assert.deepEqual(packed.get(id), direct.get(id))
      })
    }),
    { numRuns: 400 },
  )
})

test('a one-record person read straight from the store (RecordStore.single) is the person merge() makes of its record', async () => {
  const { merge } = await import('../../src/core/people/people-index.js')
  // A record whose WhatsApp vote another record decided (a contact CSV's person row), and one with no vote.
  const voted: ContactRecord = { ...records[0]!, line: 40, consent: { ...records[0]!.consent, whatsapp: { state: 'granted', at: NaN, source: { input: 3, line: 9 } } } }
  const silent: ContactRecord = { ...records[2]!, line: 41, consent: { whatsapp: { state: 'unknown', at: NaN }, sms: { state: 'unknown', at: NaN }, email: { state: 'unknown', at: NaN }, ads: { state: 'unknown', at: NaN } } }
  const all = [...records, voted, silent]
  const store = new RecordStore()
  all.forEach((r, i) => store.add(r, i % 2 === 0 ? IN_CUSTOMERS : (3 as const)))
  const listing = new SuppressionList()
  listing.add(store.get(1).phones[0]!.key, { input: 7, line: 2 })
  for (const suppression of [new SuppressionList(), listing]) {
    for (const withId of [false, true]) {
      for (let id = 0; id < store.count; id++) assert.deepEqual(store.single(id, suppression, withId), merge([store.get(id)], suppression, withId, false), `record ${id}`)
    }
  }
  assert.equal(store.single(1, listing, false).consent.sms.rule, 'suppressed')
  assert.deepEqual(store.single(all.length - 2, new SuppressionList(), false).consent.whatsapp.source, { input: 3, line: 9 })
})

test('decodeBlob cuts a blob as split() does: every field, short blobs, kept cells, empty lists', async () => {
  const fc = (await import('fast-check')).default
  const { blobBound, blobText, decodeBlob, writeBlob } = await import('../../src/core/people/record-codec.js')
  const { PERSON_FIELDS } = await import('../../src/core/model.js')
  // The layout's reference reading: split at every US.
  const reference = (text: string) => {
    const parts = text.split('\x1f')
    const fields = Object.fromEntries(PERSON_FIELDS.map((f, i) => [f, parts[2 + i] ?? '']))
    return { emails: parts[1] === '' || parts[1] === undefined ? [] : parts[1].split('\x1e'), fields, cells: parts.length > 2 + PERSON_FIELDS.length ? parts.slice(2 + PERSON_FIELDS.length) : null }
  }
  const value = fc.oneof(fc.constantFrom('', 'a', 'Zoë', 'x@example.com', 'राहुल'), fc.string({ maxLength: 6 }).map((s) => s.replace(/[\x1e\x1f]/g, ' ')))
  fc.assert(
    fc.property(fc.array(value, { maxLength: 3 }), fc.array(value, { minLength: 0, maxLength: 16 }), (emails, rest) => {
      const text = '\x1f' + emails.filter((e) => e !== '').join('\x1e') + (rest.length > 0 ? '\x1f' + rest.join('\x1f') : '')
      const got = decodeBlob(text)
      const want = reference(text)
      assert.deepEqual(got.emails, want.emails)
      assert.deepEqual(got.fields, want.fields)
      assert.deepEqual(Object.keys(got.fields), [...PERSON_FIELDS])
      assert.deepEqual(got.cells, want.cells)
    }),
    { numRuns: 500 },
  )
  // And a record's own blob, cells kept, reads back whole.
  const buf = Buffer.alloc(blobBound(records[3]!, ROWS[3]))
  const back = decodeBlob(blobText(buf, 0, writeBlob(records[3]!, ROWS[3], buf, 0)))
  assert.deepEqual(back.cells, ROWS[3]!.map((c) => c.replace(/[\x1e\x1f]/g, ' ')))
  assert.deepEqual(back.phones, records[3]!.phones.map((p) => ({ ...p, status: p.whatsapp ? 'OK' : 'NOT_MOBILE', assumedCountry: '', ext: '' })))
})

test('packed other keys are each record\'s keys in order, with their hash53, whatever the text (Latin-1 keys are cut from one string at pack())', async () => {
  const fc = (await import('fast-check')).default
  const { hash53 } = await import('../../src/core/people/key-tables.js')
  const email = fc.string({ unit: fc.constantFrom('a', 'Z', '.', '@', 'é', '😀', '\ud83d', '\ude00', '\x1e', '\u0100'), minLength: 1, maxLength: 14 })
  fc.assert(
    fc.property(fc.array(fc.record({ emails: fc.uniqueArray(email, { maxLength: 3 }), odd: fc.boolean() }), { minLength: 1, maxLength: 40 }), (rows) => {
      const packer = new RecordPacker(1)
      const want: string[] = []
      for (const { emails, odd } of rows) {
        // A phone key that is not a plain number (identity.ts's forms) is an other key too, before the emails.
        const phones = odd ? [{ ...records[0]!.phones[0]!, key: `+44x${emails.length}é`.slice(0, emails.length + 4) }] : records[0]!.phones
        packer.add({ ...records[0]!, phones, emails })
        if (odd) want.push(phones[0]!.key)
        for (const e of emails) want.push('e:' + e)
      }
      const p = packer.pack()
      assert.deepEqual(p.otherKeys, want)
      assert.deepEqual([...p.otherKeyHashes], want.map(hash53))
    }),
    { numRuns: 300 },
  )
})
