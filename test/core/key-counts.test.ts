// The row step's and the tally's counters (core/key-counts.ts) must count what a plain Map counts: keys in a
// list then a Map past 16 (KeyCounts), two-capital codes in slots and any other key in a Map (CodeCounts),
// counts added one by one or merged from counts made elsewhere (a worker's chunk or block).

import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { CodeCounts, KeyCounts } from '../../src/core/key-counts.js'

const sorted = (r: Record<string, number>) => Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))

// Statuses and reasons, more than 16 of them, and country keys of every kind a phone's region or a field gives.
const KEYS = ['OK', 'NOT_MOBILE', 'INVALID', 'TOO_SHORT', 'TOO_LONG', 'NO_COUNTRY', 'EXCEL_MANGLED', 'MISSING', 'NOT_A_NUMBER', 'INVALID_COUNTRY', 'TEST_LEAD', 'SUPPRESSED', 'CONSENT_DENIED', 'NO_CONSENT', 'NO_PHONE', 'MISSING_PARAM', 'first_name', 'email', 'zip', 'city']
const CODES = ['GB', 'US', 'FR', 'AA', 'ZZ', 'XK', '001', 'gb', 'Gb', 'G', 'GBR', '', 'É1', '@A', 'A[']

for (const [name, make, pool] of [
  ['KeyCounts', () => new KeyCounts(), KEYS],
  ['CodeCounts', () => new CodeCounts(), CODES],
] as const) {
  test(`${name} counts what a Map counts, added one by one or merged`, () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...pool), fc.integer({ min: 1, max: 1000 })), { maxLength: 80, size: 'max' }), fc.nat(80), (adds, cut) => {
        const want = new Map<string, number>()
        for (const [k, by] of adds) want.set(k, (want.get(k) ?? 0) + by)
        const one = make()
        for (const [k, by] of adds) one.add(k, by)
        assert.deepEqual(sorted(one.counts()), sorted(Object.fromEntries(want)))
        // Two halves counted apart, then merged into a third (a chunk's counts absorbed by the main thread).
        const a = make()
        const b = make()
        adds.forEach(([k, by], i) => (i < cut ? a : b).add(k, by))
        const all = make()
        all.addAll(a.counts())
        all.addAll(b.counts())
        assert.deepEqual(sorted(all.counts()), sorted(Object.fromEntries(want)))
      }),
      { numRuns: 300 },
    )
  })
}
