// Meta's normalization rules (targets.md) with the platforms' published examples; every hash is computed
// here independently with node:crypto.

import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { describe, test } from 'node:test'
import { sha256Hex } from '../../src/core/hash.js'
import { parsePhone } from '../../src/core/phone/index.js'
import { header } from '../../src/targets/index.js'
import { meta, metaValue } from '../../src/targets/meta.js'
import { birthYearCell, cityCell, countryCell, e164Digits, genderCell, nameCell, normBirthYear, normCity, normCountry, normEmail, normGender, normName, normState, normZip, stateCell } from '../../src/targets/normalize.js'
import { options, person, rowsOf } from './person.js'

const sha = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest('hex')

describe('Meta normalization', () => {
  test('email: trim and lowercase', () => assert.equal(normEmail('  Jane.Doe+shop@Gmail.com '), 'jane.doe+shop@gmail.com'))
  test('phone: E.164 without +', () => assert.equal(e164Digits('+16505551212'), '16505551212'))
  test("Meta's example: +1 (650) 555-1212 -> 16505551212, through the phone engine", () => {
    assert.equal(e164Digits(parsePhone('+1 (650) 555-1212', '').e164), '16505551212')
    // targets.md's `+44 7700 900123` is in Ofcom's drama range, which the phone engine refuses as a real
    // number; the rule itself is the one above.
    assert.equal(e164Digits('+447700900123'), '447700900123')
    // A national number only a real parser gets right (targets.md): the trunk 0 goes, the country code comes.
    assert.equal(e164Digits(parsePhone('07405 263058', 'GB').e164), '447405263058')
    assert.equal(e164Digits(parsePhone('+44 (0)20 7946 0958', '').e164), '442079460958')
  })
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
  test('doby: the 4-digit year; ambiguous or impossible dates left out', () => {
    assert.equal(normBirthYear('1990-05-17'), '1990')
    assert.equal(normBirthYear('05/17/1990'), '1990')
    assert.equal(normBirthYear('17.05.1990'), '1990')
    assert.equal(normBirthYear('1990'), '1990')
    assert.equal(normBirthYear('05/17/90'), '')
    assert.equal(normBirthYear('1850-01-01'), '')
    assert.equal(normBirthYear(''), '')
  })
  test('gen: m or f; unknown values left out', () => {
    assert.equal(normGender('Male'), 'm')
    assert.equal(normGender('F'), 'f')
    assert.equal(normGender('Féminin'), 'f')
    assert.equal(normGender('weiblich'), 'f')
    assert.equal(normGender('non-binary'), '')
    assert.equal(normGender('Ms'), '')
  })
  test('value: a non-negative number, never hashed', () => {
    assert.equal(metaValue('412.50'), '412.50')
    assert.equal(metaValue('-3'), '')
  })
})

describe('meta-custom-audience.csv', () => {
  const p = person({
    phones: [['+1 (650) 555-1212', 'US']],
    emails: ['Jane.Doe+shop@Gmail.com'],
    fields: { first_name: 'Valéry', last_name: "O'Brien", city: 'Menlo Park', state: 'California', zip: '94025-1234', country: 'US', dob: '05/17/1990', gender: 'female', external_id: ' 7100000000001 ', value: '412.50' },
  })

  test("header: Meta's template names, three email and three phone columns, doby and gen always", () => {
    assert.deepEqual(header(meta, options()), ['email', 'email', 'email', 'phone', 'phone', 'phone', 'fn', 'ln', 'ct', 'st', 'zip', 'country', 'doby', 'gen'])
    assert.deepEqual(header(meta, options({ externId: true, withValue: true })).slice(-2), ['extern_id', 'value'])
  })

  test('a row: every key normalized and hashed, extern_id and value in clear', () => {
    assert.deepEqual(rowsOf(meta.rows(p, options({ externId: true, withValue: true }))), [
      [
        sha('jane.doe+shop@gmail.com'), '', '',
        sha('16505551212'), '', '',
        ...['valéry', 'obrien', 'menlopark', 'ca', '94025', 'us', '1990', 'f'].map(sha),
        '7100000000001', '412.50',
      ],
    ])
  })

  test('--plain: the same normalized values, unhashed', () => {
    assert.deepEqual(rowsOf(meta.rows(p, options({ plain: true }))), [
      ['jane.doe+shop@gmail.com', '', '', '16505551212', '', '', 'valéry', 'obrien', 'menlopark', 'ca', '94025', 'us', '1990', 'f'],
    ])
  })

  test('a value already hashed (either case) passes through; empty stays empty', () => {
    const h = sha('valéry')
    const q = person({ emails: ['a@example.com'], fields: { first_name: h.toUpperCase() } })
    const [row] = rowsOf(meta.rows(q, options()))
    assert.equal(row![6], h)
    assert.equal(row![7], '')
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

test("an empty field is an empty cell in every hashed field column, hashed or plain (the cells skip the memo for '')", () => {
  for (const plain of [false, true]) {
    for (const cell of [nameCell, cityCell, countryCell, birthYearCell, genderCell]) assert.equal(cell(plain, ''), '')
    for (const country of ['', 'US', 'CA', 'GB']) assert.equal(stateCell(plain, '', country), '')
  }
  for (const norm of [normName, normCity, normCountry, normBirthYear, normGender]) assert.equal(norm(''), '')
  for (const country of ['', 'US', 'CA', 'GB']) assert.equal(normState('', country), '')
})

test('normZip answers a zip of digits by itself, as the rules written out give it in every country', async () => {
  const fc = (await import('fast-check')).default
  const { asHash } = await import('../../src/targets/normalize.js')
  // The rules as first written (before the digits-only answer).
  const reference = (v: string, country: string): string => {
    const s = v.trim()
    const h = asHash(s)
    if (h) return h
    const noSpaces = (x: string) => x.replace(/\s/g, '')
    if (country.toUpperCase() === 'US') {
      const m = /^(\d{5})(?:-\d{4})?$/.exec(noSpaces(s))
      return m ? m[1]! : noSpaces(s.toLowerCase()).split('-')[0]!
    }
    return noSpaces(s.toLowerCase())
  }
  const zip = fc.oneof(
    fc.stringMatching(/^\d{1,10}$/),
    fc.stringMatching(/^\d{64}$/),
    fc.string({ unit: fc.constantFrom('0', '5', '9', '-', ' ', 'A', 'b', '٣', '\t', '/', ':'), maxLength: 12 }),
  )
  fc.assert(fc.property(zip, fc.constantFrom('US', 'us', 'GB', 'DE', ''), (v, country) => assert.equal(normZip(v, country), reference(v, country))), { numRuns: 10_000 })
})

test("the remembered country and st cells (st's memo found by the country's slot) are the rule's cell, hashed", async () => {
  const fc = (await import('fast-check')).default
  // Codes of two capitals (the slots), other case, other lengths, a digest, junk.
  const code = fc.oneof(
    fc.stringMatching(/^[A-Z]{2}$/),
    fc.constantFrom('GB', 'US', 'CA', 'gb', 'Us', 'GBR', 'G', '', ' GB', 'É1', sha('gb'), sha('gb').toUpperCase()),
    fc.string({ maxLength: 3 }),
  )
  const state = fc.oneof(fc.constantFrom('TX', 'Québec', 'qc', 'KA', '', 'New York', 'ny'), fc.string({ maxLength: 4 }))
  fc.assert(
    fc.property(code, state, (country, st) => {
      // Asked twice: the second answer comes from the memo.
      for (let k = 0; k < 2; k++) {
        assert.equal(countryCell(false, country), sha256Hex(normCountry(country)))
        assert.equal(countryCell(true, country), normCountry(country))
        assert.equal(stateCell(false, st, country), sha256Hex(normState(st, country)))
        assert.equal(stateCell(true, st, country), normState(st, country))
      }
    }),
    { numRuns: 5_000 },
  )
})
