// The report's people_by.by_country, counted in slots per two-letter code (core/pair-slot.ts) beside a Map for
// any other key, must be what counting every person's breakdownCountry in a Map gives, merged tallies too.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { breakdownCountry, sortedBreakdown } from '../../src/core/people-breakdown.js'
import { Tally } from '../../src/core/report.js'
import { person } from '../targets/person.js'

test('by_country from slots and the Map is the count of every breakdownCountry, merged blocks included', () => {
  const phones: Array<[string, string]> = [['+447405263058', ''], ['+16505551212', ''], ['+4917275115684', ''], ['+33612345678', '']]
  const spec = fc.record({
    phone: fc.option(fc.constantFrom(...phones), { nil: undefined }),
    country: fc.constantFrom('', 'GB', 'gb', 'US', 'Fr', 'XK', 'ZZ', 'AA', 'DEU', 'é', '1'),
  })
  fc.assert(
    fc.property(fc.array(spec, { maxLength: 40 }), fc.nat(40), (specs, cut) => {
      const people = specs.map((s) => person({ phones: s.phone ? [s.phone] : [], emails: ['a@b.co'], fields: { country: s.country } }))
      const expected = new Map<string, number>()
      for (const p of people) expected.set(breakdownCountry(p), (expected.get(breakdownCountry(p)) ?? 0) + 1)
      const want = sortedBreakdown({ by_country: Object.fromEntries(expected), by_phone_type: {} }).by_country
      // One tally, and two blocks merged into a third (as the workers' blocks are).
      const one = new Tally([], 'explicit')
      for (const p of people) one.add(p, [])
      assert.deepEqual(Object.entries(one.result().breakdown.by_country), Object.entries(want))
      const a = new Tally([], 'explicit')
      const b = new Tally([], 'explicit')
      people.forEach((p, i) => (i < cut ? a : b).add(p, []))
      const all = new Tally([], 'explicit')
      all.merge(a.result())
      all.merge(b.result())
      assert.deepEqual(Object.entries(all.result().breakdown.by_country), Object.entries(want))
    }),
    { numRuns: 500 },
  )
})

test('by_phone_type and excluded, kept in a list of keys and past 16 keys in a Map, are the counts of every key', () => {
  const reasons = ['SUPPRESSED', 'CONSENT_DENIED', 'NO_CONSENT', 'NO_PHONE', 'NOT_MOBILE', 'MISSING_PARAM'] as const
  fc.assert(
    fc.property(
      fc.oneof(fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), fc.nat(1000), { maxKeys: 8 }), fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), fc.nat(1000), { minKeys: 17, maxKeys: 40 })),
      fc.array(fc.tuple(fc.option(fc.constantFrom(...reasons), { nil: undefined }), fc.boolean()), { maxLength: 30 }),
      (types, decided) => {
        // Blocks' figures merged (as from workers): any number of phone types, some counted twice.
        const from = new Tally(['a.csv'], 'explicit').result()
        from.breakdown.by_phone_type = types
        from.excluded = { 'a.csv': Object.fromEntries(reasons.map((r, i) => [r, i])) }
        const t = new Tally(['a.csv'], 'explicit')
        t.merge(from)
        t.merge(from)
        // People counted one by one: their number's type and their decision for the file.
        const want = new Map<string, number>(Object.entries(types).map(([k, v]) => [k, 2 * v]))
        const excluded = new Map<string, number>(reasons.map((r, i) => [r, 2 * i]))
        for (const [reason, phone] of decided) {
          const p = person({ phones: phone ? [['+447405263058', '']] : [], emails: ['a@b.co'] })
          t.add(p, [reason ? { ok: false, reason } : { ok: true }])
          const type = p.phones[0]?.type || (p.phones.length ? 'UNKNOWN' : 'no phone')
          want.set(type, (want.get(type) ?? 0) + 1)
          if (reason) excluded.set(reason, (excluded.get(reason) ?? 0) + 1)
        }
        const r = t.result()
        assert.deepEqual(Object.entries(r.breakdown.by_phone_type), Object.entries(sortedBreakdown({ by_country: {}, by_phone_type: Object.fromEntries(want) }).by_phone_type))
        assert.deepEqual(r.excluded['a.csv'], Object.fromEntries([...excluded].sort(([x], [y]) => (x < y ? -1 : 1))))
      },
    ),
    { numRuns: 500 },
  )
})
