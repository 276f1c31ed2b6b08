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
