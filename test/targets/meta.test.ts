// Meta's normalization rules (targets.md) with the platforms' published examples; every hash is computed
// here independently with node:crypto.

import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { describe, test } from 'node:test'
import { sha256Hex } from '../../src/core/hash.js'
import { metaValue } from '../../src/targets/meta.js'
import { e164Digits, normCity, normCountry, normEmail, normName, normState, normZip } from '../../src/targets/normalize.js'

const sha = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest('hex')

describe('Meta normalization', () => {
  test('email: trim and lowercase', () => assert.equal(normEmail('  Jane.Doe+shop@Gmail.com '), 'jane.doe+shop@gmail.com'))
  test('phone: E.164 without +', () => assert.equal(e164Digits('+16505551212'), '16505551212'))
  test("names: O'Brien -> obrien, Valéry -> valéry, letters of any script kept", () => {
    assert.equal(normName("O'Brien"), 'obrien')
    assert.equal(normName('Valéry'), 'valéry')
    assert.equal(normName('Mary Ann'), 'maryann')
    assert.equal(normName('राहुल'), 'राहुल')
  })
  test('city: a-z only', () => assert.equal(normCity('Menlo Park'), 'menlopark'))
  test('state: US/CA names to codes, elsewhere a-z', () => {
    assert.equal(normState('California', 'US'), 'ca')
    assert.equal(normState('CA', 'US'), 'ca')
    assert.equal(normState('Québec', 'CA'), 'qc')
    assert.equal(normState('Greater London', 'GB'), 'greaterlondon')
  })
  test('zip: US five digits; elsewhere lowercase without spaces', () => {
    assert.equal(normZip('94025-1234', 'US'), '94025')
    assert.equal(normZip('NR9 5AL', 'GB'), 'nr95al')
  })
  test('country: ISO2 lowercase', () => assert.equal(normCountry('GB'), 'gb'))
  test('value: a non-negative number, never hashed', () => {
    assert.equal(metaValue('412.50'), '412.50')
    assert.equal(metaValue('-3'), '')
  })
})

describe('hashing', () => {
  test('SHA-256 lowercase hex of the UTF-8 bytes', () => {
    assert.equal(sha256Hex('valéry'), sha('valéry'))
    assert.equal(sha256Hex('16505551212'), sha('16505551212'))
  })
  test('an already-hashed value passes through; empty stays empty', () => {
    const h = sha('jane@example.com')
    assert.equal(sha256Hex(h), h)
    assert.equal(sha256Hex(''), '')
  })
})
