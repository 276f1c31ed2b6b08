// consent.md, "Reading times", a test per rule: a column's day/month order from its own values; an
// all-ambiguous column gives no time (denial wins, the report names the column and the count); --day-first,
// --month-first and `day_first` settle it; ISO 8601 with zones, `Mar 7, 2025`, `7 Mar 2025`, epoch seconds;
// a zone-less time is UTC and the report says so. And the repro of issue 16: a withdrawal on 02/05/2025
// after an opt-in on 10/03/2025 keeps the person off whatsapp.csv.

import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import fc from 'fast-check'
import { whatsappDecision } from '../../src/core/audience.js'
import { IN_CUSTOMERS, IN_FOLLOWERS } from '../../src/core/model.js'
import { PeopleIndex, recordKeys, SuppressionList } from '../../src/core/people.js'
import { readRecord, type RowLayout } from '../../src/core/record.js'
import { dateOrderOf, formatTime, readTime, type DateOrder, type TimeNote } from '../../src/core/time.js'
import { run, tempDir } from '../helpers.js'
import { runInProcess } from '../in-process.js'
import { rowOf } from '../helpers.js'

const tmp = tempDir()
after(() => fs.rmSync(tmp, { recursive: true, force: true }))

const iso = (raw: string, order?: DateOrder) => formatTime(readTime(raw, order ? { order } : {}))

describe('a column\'s day/month order', () => {
  test('one value with a day over 12 settles day first; a second part over 12 settles month first', () => {
    assert.equal(dateOrderOf(['10/03/2025', '31/01/2025', '02/05/2025']).order, 'day')
    assert.equal(dateOrderOf(['03/10/2025', '01/31/2025']).order, 'month')
    assert.equal(dateOrderOf(['18.04.2016']).order, 'day', 'a dotted date is day first')
  })
  test('all ambiguous, or values both ways: nothing settled', () => {
    assert.deepEqual(dateOrderOf(['10/03/2025', '02/05/2025', '']), { ambiguous: 2, mixed: false })
    assert.deepEqual(dateOrderOf(['31/01/2025', '01/31/2025', '02/05/2025']), { ambiguous: 1, mixed: true })
    assert.equal(dateOrderOf(['2025-03-10', 'Mar 7, 2025']).order, undefined)
  })
  test('an ambiguous value gives no time until an order is settled', () => {
    const note: { note?: TimeNote } = {}
    assert.ok(Number.isNaN(readTime('02/05/2025', {}, note)))
    assert.equal(note.note, 'ambiguous')
    assert.equal(iso('02/05/2025', 'day'), '2025-05-02T00:00:00Z')
    assert.equal(iso('02/05/2025', 'month'), '2025-02-05T00:00:00Z')
    assert.equal(iso('05/05/2025'), '2025-05-05T00:00:00Z', 'the same date either way')
    assert.equal(iso('31/01/2025'), '2025-01-31T00:00:00Z', 'a value only one order reads needs none')
  })
  test('a value impossible in its column\'s settled order gives no time', () => {
    const note: { note?: TimeNote } = {}
    assert.ok(Number.isNaN(readTime('31/01/2025', { order: 'month' }, note)))
    assert.equal(note.note, 'contradicts')
  })
})

describe('the styles of time exports write', () => {
  test('ISO 8601 with zones', () => {
    assert.equal(iso('2025-09-12T15:05:13+05:30'), '2025-09-12T09:35:13Z')
    assert.equal(iso('2025-09-12T15:05:13-0300'), '2025-09-12T18:05:13Z')
    assert.equal(iso('2025-09-12T15:05:13.5Z'), '2025-09-12T15:05:13.500Z')
    assert.equal(iso('2025-09-12 15:05:13 UTC'), '2025-09-12T15:05:13Z')
  })
  test('month names, either order, with or without a clock', () => {
    assert.equal(iso('Mar 7, 2025'), '2025-03-07T00:00:00Z')
    assert.equal(iso('March 7th, 2025 10:30 PM'), '2025-03-07T22:30:00Z')
    assert.equal(iso('7 Mar 2025'), '2025-03-07T00:00:00Z')
    assert.equal(iso('07-Mar-2025'), '2025-03-07T00:00:00Z')
    assert.equal(iso('Fri, 07 Mar 2025 10:00:00 GMT'), '2025-03-07T10:00:00Z')
    assert.equal(iso('Sept 30, 2025'), '2025-09-30T00:00:00Z')
    assert.ok(Number.isNaN(readTime('Foo 7, 2025')))
    assert.ok(Number.isNaN(readTime('Feb 30, 2025')))
  })
  test('epoch seconds and milliseconds; year-first slashes', () => {
    assert.equal(iso('1741341600'), '2025-03-07T10:00:00Z')
    assert.equal(iso('1741341600.250'), '2025-03-07T10:00:00.250Z')
    assert.equal(iso('1741341600000'), '2025-03-07T10:00:00Z')
    assert.equal(iso('2025/03/07 10:00'), '2025-03-07T10:00:00Z')
  })
  test('a time without a zone is UTC, and is noted as such', () => {
    for (const v of ['2016-04-18 13:51:14', 'Mar 7, 2025', '31/01/2025 10:00']) {
      const note: { note?: TimeNote } = {}
      assert.ok(!Number.isNaN(readTime(v, {}, note)), v)
      assert.equal(note.note, 'zoneless', v)
    }
    const zoned: { note?: TimeNote } = {}
    readTime('2025-09-12T15:05:13Z', {}, zoned)
    assert.equal(zoned.note, undefined)
  })
})

describe('prepare: the repro and the report', () => {
  const phones = (dir: string) => fs.readFileSync(path.join(dir, 'whatsapp.csv'), 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(',')[0])
  const write = (name: string, body: string) => {
    const p = path.join(tmp, name)
    fs.writeFileSync(p, body)
    return p
  }
  // Amelia opted in on 10 March and withdrew on 2 May (day first, as UK exports write dates).
  const withdrawal = 'phone,whatsapp_opt_in,date\n+447911123456,yes,10/03/2025\n+447911123456,no,02/05/2025\n'

  test('the column settles day first from its other dates: the later withdrawal wins', async () => {
    const csv = write('settled.csv', withdrawal + '+447405263058,yes,25/12/2024\n')
    const out = path.join(tmp, 'settled')
    const r = await runInProcess(['prepare', '--customers', csv, '--country', 'GB', '--out', out, '-q'])
    assert.equal(r.code, 0, r.stderr)
    assert.deepEqual(phones(out), ['+447405263058'])
    const report = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'))
    assert.ok(report.warnings.some((w: string) => /column "date": 3 time\(s\) written without a time zone were read as UTC/.test(w)), report.warnings.join('\n'))
  })

  test('all ambiguous: no time, so denial wins, and the report names the column and the count', async () => {
    const csv = write('ambiguous.csv', withdrawal)
    const out = path.join(tmp, 'ambiguous')
    const r = await runInProcess(['prepare', '--customers', csv, '--country', 'GB', '--out', out, '-q'])
    assert.equal(r.code, 0, r.stderr)
    assert.deepEqual(phones(out), [])
    const report = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'))
    assert.ok(report.warnings.some((w: string) => /ambiguous\.csv column "date": 2 date\(s\) .*give no time.*--day-first or --month-first/.test(w)), report.warnings.join('\n'))
  })

  test('--day-first settles it (withdrawal on 2 May wins); --month-first reads 3 October, after 5 February', async () => {
    const csv = write('flagged.csv', withdrawal)
    const day = await runInProcess(['prepare', '--customers', csv, '--country', 'GB', '--day-first', '--out', path.join(tmp, 'day'), '-q'])
    assert.equal(day.code, 0, day.stderr)
    assert.deepEqual(phones(path.join(tmp, 'day')), [])
    const month = await runInProcess(['prepare', '--customers', csv, '--country', 'GB', '--month-first', '--out', path.join(tmp, 'month'), '-q'])
    assert.equal(month.code, 0, month.stderr)
    assert.deepEqual(phones(path.join(tmp, 'month')), ['+447911123456'])
  })

  test('the config key day_first settles it too; a flag wins over it', async () => {
    const csv = write('configured.csv', withdrawal)
    const config = write('day.json', JSON.stringify({ inputs: [{ file: csv, role: 'customers', day_first: false }] }))
    const r = await runInProcess(['prepare', '--config', config, '--country', 'GB', '--out', path.join(tmp, 'cfg'), '-q'])
    assert.equal(r.code, 0, r.stderr)
    assert.deepEqual(phones(path.join(tmp, 'cfg')), ['+447911123456'])
    const flag = await runInProcess(['prepare', '--config', config, '--country', 'GB', '--day-first', '--out', path.join(tmp, 'cfg2'), '-q'])
    assert.equal(flag.code, 0, flag.stderr)
    assert.deepEqual(phones(path.join(tmp, 'cfg2')), [])
  })

  test('--day-first with --month-first is refused', () => {
    const r = run(['prepare', '--customers', 'x.csv', '--day-first', '--month-first', '--dry-run'])
    assert.equal(r.code, 2, r.stderr)
  })

  test('inspect shows each time column\'s order', () => {
    const csv = write('inspect.csv', withdrawal + '+447405263058,yes,25/12/2024\n')
    const r = run(['inspect', '--json', csv])
    assert.equal(r.code, 0, r.stderr)
    assert.deepEqual(JSON.parse(r.stdout).inputs[0].mapping.date_order, { date: 'day' })
  })
})

// The property of people.property.test.ts ("adding a denial never adds a person"), with time-stamped records
// in mixed date styles and every way a column's order can stand (settled either way, or not at all).
test('adding a denial never adds anyone, with times in mixed date styles', () => {
  const TIMES = ['', '10/03/2025', '02/05/2025', '31/01/2025', '01/31/2025', 'Mar 7, 2025', '7 Mar 2025', '1741341600', '2025-03-07T10:00:00+05:30', '2025-03-07 10:00', '18.04.2025']
  const PHONES = ['+447911123456', '07911 123456', '+447405263058', '']
  const EMAILS = ['', 'jane@example.com', 'sam@example.org']
  const VALUES = ['', 'yes', 'no', 'pending']
  const rowArb = fc.record({ phone: fc.constantFrom(...PHONES), email: fc.constantFrom(...EMAILS), time: fc.constantFrom(...TIMES), wa: fc.constantFrom(...VALUES), follower: fc.boolean() })
  type Row = { phone: string; email: string; time: string; wa: string; follower: boolean }
  const whatsapp = (rows: readonly Row[], order: DateOrder | undefined) => {
    const layout: RowLayout = { phone: [0], email: [1], fields: {}, consent: { whatsapp: 3 }, consentAt: {}, fixedConsent: {}, time: 2, dateOrder: order ? { 2: order } : {} }
    const idx = new PeopleIndex()
    rows.forEach((r, i) => {
      const o = readRecord(rowOf([r.phone, r.email, r.time, r.wa]), layout, r.follower ? 1 : 0, i + 2, { defaultCountry: 'GB', whatsappConsentFromSms: false })
      if (o.ok) idx.add(o.record, r.follower ? IN_FOLLOWERS : IN_CUSTOMERS)
    })
    return new Set([...idx.people(new SuppressionList())].filter((p) => whatsappDecision(p).ok).map((p) => recordKeys(p).sort().join(' ')))
  }
  const noNewcomer = (after: Set<string>, before: Set<string>) => [...after].every((x) => [...before].some((y) => x.split(' ').every((k) => y.split(' ').includes(k))))
  fc.assert(
    fc.property(fc.array(rowArb, { minLength: 1, maxLength: 20 }), fc.nat(), fc.boolean(), fc.constantFrom(...TIMES), fc.constantFrom<DateOrder | undefined>('day', 'month', undefined), (rows, pick, useEmail, time, order) => {
      const from = rows[pick % rows.length]!
      const denial: Row = { phone: useEmail ? '' : from.phone, email: useEmail ? from.email : '', time, wa: 'no', follower: true }
      assert.ok(noNewcomer(whatsapp([...rows, denial], order), whatsapp(rows, order)))
    }),
    { numRuns: 500 },
  )
})
