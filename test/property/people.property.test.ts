// Invariants of identity and consent over generated exports (fast-check): every row is one person's or one
// reject; row order never changes who is in an output; a denial or a suppression entry never adds anybody.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { adsDecision, whatsappDecision, type AdsPolicy } from '../../src/core/audience.js'
import { IN_CUSTOMERS, IN_FOLLOWERS } from '../../src/core/model.js'
import { emailKey, PeopleIndex, recordKeys, SuppressionList, type Person } from '../../src/core/people.js'
import { readRecord, type RowLayout } from '../../src/core/record.js'
import { rowOf } from '../helpers.js'

const LAYOUT: RowLayout = {
  phone: [0],
  email: [1],
  fields: { full_name: 7 },
  consent: { whatsapp: 3, sms: 4, email: 5, ads: 6 },
  consentAt: {},
  fixedConsent: {},
  time: 2,
  dateOrder: {},
}
const OPTS = { defaultCountry: 'GB', whatsappConsentFromSms: false }

// Small pools so that records collide into people often; each number in several spellings.
const PHONES = ['', '', '07911 123456', '+447911123456', '07405 263058', '+44 7405 263058', '+33 6 12 34 56 78', '020 7946 0958', '+919876543210', '4.47712E+11', 'n/a']
const EMAILS = ['', '', 'jane@example.com', 'JANE@example.com', 'sam@example.org', 'lee@example.net', 'not-an-email']
const VALUES = ['', 'yes', 'no', 'true', 'FALSE', '1', '0', 'pending', 'SUBSCRIBED', 'unsubscribed']
const TIMES = ['', '', '2025-01-01T00:00:00Z', '2025-06-01T00:00:00Z', '2025-06-01T00:00:00Z', '2026-02-03T04:05:06+02:00']

const rowArb = fc.record({
  phone: fc.constantFrom(...PHONES),
  email: fc.constantFrom(...EMAILS),
  time: fc.constantFrom(...TIMES),
  wa: fc.constantFrom(...VALUES),
  sms: fc.constantFrom(...VALUES),
  mail: fc.constantFrom(...VALUES),
  ads: fc.constantFrom(...VALUES),
  follower: fc.boolean(),
})
type Row = { phone: string; email: string; time: string; wa: string; sms: string; mail: string; ads: string; follower: boolean }
const cells = (r: Row) => [r.phone, r.email, r.time, r.wa, r.sms, r.mail, r.ads, 'A Person']

interface Run {
  people: Person[]
  rejected: number
}

function resolve(rows: readonly Row[], suppress: readonly Row[] = []): Run {
  const idx = new PeopleIndex()
  let rejected = 0
  rows.forEach((r, i) => {
    const o = readRecord(rowOf(cells(r)), LAYOUT, r.follower ? 1 : 0, i + 2, OPTS)
    if (o.ok) idx.add(o.record, r.follower ? IN_FOLLOWERS : IN_CUSTOMERS)
    else rejected++
  })
  const sup = new SuppressionList()
  suppress.forEach((r, i) => {
    const o = readRecord(rowOf(cells(r)), LAYOUT, 2, i + 2, OPTS)
    if (!o.ok) return
    for (const p of o.record.phones) sup.add(p.key, { input: 2, line: i + 2 })
    for (const e of o.record.emails) sup.add(emailKey(e), { input: 2, line: i + 2 })
  })
  return { people: [...idx.people(sup)], rejected }
}

/** Who is in each output, each person named by their sorted keys (stable whatever the row order). */
function audiences(people: readonly Person[], policy: AdsPolicy): { whatsapp: Set<string>; ads: Set<string> } {
  const name = (p: Person) => recordKeys(p).sort().join(' ')
  return {
    whatsapp: new Set(people.filter((p) => whatsappDecision(p).ok).map(name)),
    ads: new Set(people.filter((p) => adsDecision(p, policy).ok).map(name)),
  }
}

const policyArb = fc.constantFrom<AdsPolicy>('explicit', 'any-marketing', 'not-denied')
const subset = (a: Set<string>, b: Set<string>) => [...a].every((x) => b.has(x))
/** People of `after` whose keys are all among those of some person of `before`'s audience. */
const noNewcomer = (after: Set<string>, before: Set<string>) =>
  [...after].every((x) => [...before].some((y) => x.split(' ').every((k) => y.split(' ').includes(k))))

test('every row belongs to exactly one person or is rejected once', () => {
  fc.assert(
    fc.property(fc.array(rowArb, { maxLength: 40 }), (rows) => {
      const { people, rejected } = resolve(rows)
      assert.equal(people.reduce((s, p) => s + p.recordCount, 0) + rejected, rows.length)
      // People never share a key: otherwise they would be one person.
      const seen = new Set<string>()
      for (const p of people) {
        for (const k of recordKeys(p)) {
          assert.ok(!seen.has(k), `key ${k} in two people`)
          seen.add(k)
        }
      }
    }),
    { numRuns: 300 },
  )
})

test('permuting the rows never changes who is in an output', () => {
  fc.assert(
    fc.property(fc.array(rowArb, { maxLength: 30 }).chain((rows) => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }))), policyArb, ([rows, shuffled], policy) => {
      const a = audiences(resolve(rows).people, policy)
      const b = audiences(resolve(shuffled).people, policy)
      assert.deepEqual([...b.whatsapp].sort(), [...a.whatsapp].sort())
      assert.deepEqual([...b.ads].sort(), [...a.ads].sort())
    }),
    { numRuns: 300 },
  )
})

test('adding a denial never adds a person to an output', () => {
  // The denial is a new row carrying one key of an existing row, and "no" on every channel it speaks for.
  const denialArb = fc.record({ keyFrom: fc.nat(), useEmail: fc.boolean(), time: fc.constantFrom(...TIMES), channels: fc.subarray(['wa', 'sms', 'mail', 'ads'] as const, { minLength: 1 }) })
  fc.assert(
    fc.property(fc.array(rowArb, { minLength: 1, maxLength: 30 }), denialArb, policyArb, (rows, d, policy) => {
      const from = rows[d.keyFrom % rows.length]!
      const denial: Row = { phone: d.useEmail ? '' : from.phone, email: d.useEmail ? from.email : '', time: d.time, wa: '', sms: '', mail: '', ads: '', follower: true }
      for (const ch of d.channels) denial[ch] = 'no'
      const before = audiences(resolve(rows).people, policy)
      const after = audiences(resolve([...rows, denial]).people, policy)
      assert.ok(noNewcomer(after.whatsapp, before.whatsapp), 'whatsapp gained somebody')
      assert.ok(noNewcomer(after.ads, before.ads), 'ads gained somebody')
    }),
    { numRuns: 300 },
  )
})

test('adding a suppression entry never adds a person, and removes everyone it names', () => {
  fc.assert(
    fc.property(fc.array(rowArb, { minLength: 1, maxLength: 30 }), fc.array(rowArb, { maxLength: 3 }), fc.nat(), policyArb, (rows, extra, pick, policy) => {
      const named = rows[pick % rows.length]!
      const before = audiences(resolve(rows, extra).people, policy)
      const after = audiences(resolve(rows, [...extra, named]).people, policy)
      assert.ok(subset(after.whatsapp, before.whatsapp))
      assert.ok(subset(after.ads, before.ads))
    }),
    { numRuns: 300 },
  )
})
