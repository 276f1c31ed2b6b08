// Digests and clear values: what counts as a SHA-256 digest, and the first mixture of the two in a column.

import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { describe, test } from 'node:test'
import { normalizeEmail } from '../../src/core/email.js'
import { HashMixTracker, looksHashed } from '../../src/core/hashed-values.js'

const sha = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest('hex')

describe('hashed values', () => {
  test('a digest is 64 hex characters, in either case, trimmed', () => {
    assert.ok(looksHashed(sha('a')))
    assert.ok(looksHashed(` ${sha('a').toUpperCase()} `))
    assert.ok(!looksHashed(sha('a').slice(1)))
    assert.ok(!looksHashed('jane@example.com'))
    assert.ok(!looksHashed(''))
  })

  test('a column is mixed from the first value of the second kind; empty cells do not count', () => {
    const t = new HashMixTracker()
    assert.equal(t.see('email', sha('a'), 2), null)
    assert.equal(t.see('email', '', 3), null)
    assert.equal(t.see('other', 'plain', 3), null)
    assert.deepEqual(t.see('email', 'jane@example.com', 4), { column: 'email', firstHashed: 2, firstPlain: 4 })
  })

  test('an email that arrives hashed is kept as its lowercase digest (it still identifies the person)', () => {
    const h = sha('jane@example.com')
    assert.equal(normalizeEmail(h.toUpperCase()), h)
    assert.equal(normalizeEmail('not-an-address'), '')
  })
})
