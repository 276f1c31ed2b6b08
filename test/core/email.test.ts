import assert from 'node:assert/strict'
import { test } from 'node:test'
import { normalizeEmail } from '../../src/core/email.js'

test('emails are trimmed and lower-cased; implausible ones are refused', () => {
  assert.equal(normalizeEmail('  Amelia.Hartley@Example.co.uk '), 'amelia.hartley@example.co.uk')
  assert.equal(normalizeEmail('mailto:Jane+shop@Example.com'), 'jane+shop@example.com')
  for (const bad of ['', 'n/a', 'jane@', '@example.com', 'jane@example', 'jane doe@example.com', 'a@b@c.com']) assert.equal(normalizeEmail(bad), '', bad)
})

test('the ASCII and the general path of normalizeEmail agree (mailto:, apostrophes, case, trailing dot, unicode)', async () => {
  const { default: fc } = await import('fast-check')
  // The reference: the function as written before the ASCII fast path.
  const PLAUSIBLE = /^[^\s@<>(),;:"\[\]]+@[^\s@<>(),;:"\[\]_]+\.[^\s@<>(),;:"\[\]_.]{2,}$/u
  const reference = (raw: string): string => {
    let s = raw.trim()
    if (s === '' || /^[=+\-@]/.test(s.trimStart())) return ''
    s = s.replace(/^mailto:/i, '').replace(/^'+/, '').trim().toLowerCase()
    if (/^[0-9a-f]{64}$/.test(s)) return s
    if (s.endsWith('.')) s = s.slice(0, -1)
    return PLAUSIBLE.test(s) ? s : ''
  }
  const part = fc.constantFrom('', ' ', 'mailto:', 'MailTo:', "'", "''", 'm', 'M', 'Jane.Doe', 'zoë', '😀', '@', '.', '.co', 'example', '_', '\u00a0', '=', '+', 'ä.de', 'x'.repeat(64), 'a'.repeat(64),
    // Each character PLAUSIBLE excludes, upper-case hex (a digest as some exports write it), white space.
    '<', '>', '(', ')', ',', ';', ':', '"', '[', ']', '\t', '\n', '\u2028', 'A'.repeat(64), 'Ab3F'.repeat(16), 'c0ffee', 'É')
  fc.assert(
    fc.property(fc.array(part, { maxLength: 8 }), (parts) => {
      const v = parts.join('')
      assert.equal(normalizeEmail(v), reference(v), JSON.stringify(v))
    }),
    { numRuns: 50000 },
  )
  for (const v of ['Jane@Example.COM', ' mailto:Jane@example.com ', "'jane@example.com", 'jane@example.com.', 'zoë@exämple.de', 'a@b.😀', 'a@b.c😀']) assert.equal(normalizeEmail(v), reference(v), v)
})
