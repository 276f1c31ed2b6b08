// Cells no export should hold but a hostile or broken one can: a 10 MB phone cell, a cell listing thousands of
// numbers, runs of spaces that made a backtracking pattern cubic (found by scripts/fuzz.mjs). Each is answered
// at once, with a reason, and never merges strangers into one person.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { maskEmail, maskPhone } from '../../src/core/mask.js'
import { cleanPhone, parsePhone, parsePhoneCell } from '../../src/core/phone/index.js'

function timed<T>(f: () => T): { value: T; ms: number } {
  const t = performance.now()
  const value = f()
  return { value, ms: performance.now() - t }
}

test('a 10 MB phone cell is refused as TOO_LONG at once (it overflowed the regex stack)', () => {
  const { value, ms } = timed(() => parsePhoneCell('1'.repeat(10 * 1024 * 1024), 'GB'))
  assert.deepEqual(value.map((r) => r.status), ['TOO_LONG'])
  assert.ok(ms < 500, `${ms} ms`)
  assert.equal(parsePhone('a'.repeat(300), 'GB').status, 'NOT_A_NUMBER')
})

test('runs of spaces no longer make the extension pattern cubic', () => {
  // 1,000 spaces took 0.5-1.5 s before the fix; 4,000 took 45 s.
  for (const raw of ['1' + ' '.repeat(180) + '1 x', '+44 7911' + ' '.repeat(150) + '123456 ext', '1,' + ' '.repeat(190) + 'a']) {
    const { ms } = timed(() => parsePhone(raw, 'GB'))
    assert.ok(ms < 50, `${JSON.stringify(raw.slice(0, 20))}: ${ms} ms`)
  }
  assert.deepEqual(cleanPhone('+44  7911   123456   ext. 12'), { text: '+44 7911 123456', ext: '12', refusal: null })
})

test('a cell of more than ten numbers is refused whole: it would merge strangers into one person', () => {
  const numbers = Array.from({ length: 10_000 }, (_, i) => `+4479111${String(i).padStart(5, '0')}`)
  const { value, ms } = timed(() => parsePhoneCell(numbers.join(', '), 'GB'))
  assert.deepEqual(value.map((r) => r.status), ['TOO_LONG'])
  assert.ok(ms < 500, `${ms} ms`)
  assert.deepEqual(parsePhoneCell(numbers.slice(0, 11).join(', '), 'GB').map((r) => r.status), ['TOO_LONG'])
  // Ten is still one person's list.
  assert.equal(parsePhoneCell(numbers.slice(0, 10).join(', '), 'GB').filter((r) => r.status === 'OK').length, 10)
})

test('masked forms of huge cells stay short', () => {
  const m = maskPhone('+44 7911 123456 '.repeat(100_000))
  assert.ok(m.length <= 50, m)
  assert.ok(!/\d{4}/.test(m), m)
  assert.equal(maskEmail(`jane@example.${'x'.repeat(1000)}`), 'j***@e***.***')
  assert.equal(maskEmail('jane@example.co.uk'), 'j***@e***.uk')
})
