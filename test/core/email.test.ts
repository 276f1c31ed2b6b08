import assert from 'node:assert/strict'
import { test } from 'node:test'
import { normalizeEmail } from '../../src/core/email.js'

test('emails are trimmed and lower-cased; implausible ones are refused', () => {
  assert.equal(normalizeEmail('  Amelia.Hartley@Example.co.uk '), 'amelia.hartley@example.co.uk')
  assert.equal(normalizeEmail('mailto:Jane+shop@Example.com'), 'jane+shop@example.com')
  for (const bad of ['', 'n/a', 'jane@', '@example.com', 'jane@example', 'jane doe@example.com', 'a@b@c.com']) assert.equal(normalizeEmail(bad), '', bad)
})
