// Pieces of readRecord (core/record.ts) that stand in for a plainer expression: each gives what it replaces.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { readCountry } from '../../src/core/country.js'
import { oneSpaced } from '../../src/core/record.js'

test('oneSpaced is replace(/\\s+/g, " "), whatever the white space', async () => {
  const fc = (await import('fast-check')).default
  const unit = fc.constantFrom('a', 'Ö', ' ', '  ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u1680', '\u180e', '\u2000', '\u200a', '\u200b', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\u0085', '\x1f', 'राहुल', '😀')
  fc.assert(
    fc.property(fc.array(unit, { maxLength: 10 }), (parts) => {
      const s = parts.join('')
      assert.equal(oneSpaced(s), s.replace(/\s+/g, ' '), JSON.stringify(s))
    }),
    { numRuns: 20000 },
  )
})

test('readCountry answers a value from its memo as it read it the first time', () => {
  for (const v of ['GB', 'gb', ' US ', 'UK', 'United Kingdom', 'Deutschland', 'Narnia', 'XX', '', 'x'.repeat(80)]) {
    const first = readCountry(v)
    assert.equal(readCountry(v), first, v)
  }
  assert.equal(readCountry('Narnia'), null)
  assert.equal(readCountry(' gb'), 'GB')
})
