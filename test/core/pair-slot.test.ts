// pairSlot stands for a Map keyed by a country code (the report's by_country counts, Meta's st memo): every
// code of two capitals has a slot of its own that gives the code back, and every other string has none.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { PAIR_SLOTS, pairOfSlot, pairSlot } from '../../src/core/pair-slot.js'

test('every code of two capitals has its own slot, which gives the code back', () => {
  const seen = new Set<number>()
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b)
      const i = pairSlot(code)
      assert.ok(i >= 0 && i < PAIR_SLOTS, code)
      assert.equal(pairOfSlot(i), code)
      seen.add(i)
    }
  }
  assert.equal(seen.size, PAIR_SLOTS)
})

test('a string is given a slot exactly when it is two capitals A-Z', () => {
  const units = fc.constantFrom('A', 'Z', 'G', 'B', 'a', 'z', '@', '[', '`', '{', '0', 'É', 'İ', '\u0000', '\uffff')
  fc.assert(
    fc.property(fc.oneof(fc.string({ unit: units, maxLength: 3 }), fc.string({ maxLength: 3 })), (s) => {
      const i = pairSlot(s)
      if (/^[A-Z]{2}$/.test(s)) assert.equal(pairOfSlot(i), s)
      else assert.equal(i, -1)
    }),
    { numRuns: 20_000 },
  )
})
