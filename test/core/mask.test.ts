import assert from 'node:assert/strict'
import { test } from 'node:test'
import { maskEmail, maskPhone, maskValue } from '../../src/core/mask.js'

test('a masked phone keeps its shape, the first two and last three digits', () => {
  assert.equal(maskPhone('+44 7911 123456'), '+44 **** ***456')
  assert.equal(maskPhone('07405263058'), '07******058')
  assert.equal(maskPhone('12345'), '*****')
})

test('a masked email keeps the first letters and the top-level domain', () => {
  assert.equal(maskEmail('amelia.hartley@example.co.uk'), 'a***@e***.uk')
  assert.equal(maskValue('call me on 07405263058'), 'c*** m*** o*** 07******058')
})

test('no masked form contains the original digits run or address', () => {
  for (const v of ['+447911123456', 'jane.doe@example.com', 'p:+447405263058']) {
    const m = maskValue(v)
    assert.ok(!m.includes(v.replace(/^p:/, '')), m)
    assert.ok(!/\d{6}/.test(m), m)
  }
})

test('an email mask shows only a real top-level domain, never digits after the last dot', () => {
  assert.equal(maskEmail('b@-@-1.111111'), 'b***@-***.***')
  assert.equal(maskEmail('jane@example.co.uk'), 'j***@e***.uk')
  assert.equal(maskEmail('ivan@пример.xn--p1ai'), 'i***@п***.xn--p1ai')
  assert.doesNotMatch(maskEmail('x@host.123456789'), /\d{3}/)
})
