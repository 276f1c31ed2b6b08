import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { ownCopy, trimmed } from '../../src/core/strings.js'

// Every character String#trim removes, and neighbours of the ASCII test's bounds.
const EDGE = ['\t', '\n', '\v', '\f', '\r', ' ', '\u0085', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '!', '~', '\u007f', 'é', 'ọ']

test('trimmed() is String#trim, whatever the ends hold', () => {
  const piece = fc.oneof(fc.constantFrom(...EDGE), fc.string({ maxLength: 4 }), fc.string({ unit: 'binary', maxLength: 3 }))
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 6 }), (parts) => {
      const s = parts.join('')
      assert.equal(trimmed(s), s.trim())
    }),
    { numRuns: 5000 },
  )
  for (const c of EDGE) for (const s of [c, `${c}a`, `a${c}`, `${c}ab${c}`]) assert.equal(trimmed(s), s.trim(), JSON.stringify(s))
})

test('ownCopy() gives the same text, of any kind', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => assert.equal(ownCopy(s), s)))
  const piece = 'x'.repeat(40_000) + 'Zoë Müller, राहुल'
  assert.equal(ownCopy(piece.slice(40_000, 40_010)), 'Zoë Müller')
})
