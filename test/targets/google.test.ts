// Google Customer Match (targets.md, Google's help pages 7659867 / 7474263 / 7476159): the gmail rule only
// here, phone E.164 with `+`, names trimmed and lowercased, Country and Zip never hashed. Every hash is
// computed here independently with node:crypto.

import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { describe, test } from 'node:test'
import { header } from '../../src/targets/index.js'
import { google } from '../../src/targets/google.js'
import { googleEmail, normEmail } from '../../src/targets/normalize.js'
import { tiktok } from '../../src/targets/tiktok.js'
import { meta } from '../../src/targets/meta.js'
import { options, person, rowsOf } from './person.js'

const sha = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest('hex')

describe('Google Customer Match', () => {
  test('headers are Google template names, in English', () => {
    assert.deepEqual(header(google, options()), ['Email', 'Phone', 'First Name', 'Last Name', 'Country', 'Zip'])
  })

  test('gmail and googlemail: dots and +suffix dropped from the local part', () => {
    assert.equal(googleEmail('Jane.Doe+shop@gmail.com'), 'janedoe@gmail.com')
    assert.equal(googleEmail(' j.a.n.e@GoogleMail.com '), 'jane@googlemail.com')
    assert.equal(googleEmail('jane.doe+shop@example.com'), 'jane.doe+shop@example.com')
    assert.equal(googleEmail('jane.doe@gmail.co.uk'), 'jane.doe@gmail.co.uk')
    assert.equal(googleEmail('not an address'), '')
  })

  test('the gmail rule is never applied by another target', () => {
    const p = person({ emails: ['Jane.Doe+shop@gmail.com'], consent: { ads: 'granted' } })
    assert.equal(normEmail('Jane.Doe+shop@gmail.com'), 'jane.doe+shop@gmail.com')
    assert.equal(rowsOf(tiktok.rows(p, options()))[0]![0], sha('jane.doe+shop@gmail.com'))
    assert.equal(rowsOf(meta.rows(p, options()))[0]![0], sha('jane.doe+shop@gmail.com'))
    assert.equal(rowsOf(google.rows(p, options()))[0]![0], sha('janedoe@gmail.com'))
  })

  test('a row: email, phone (E.164 with +) and names hashed; Country and Zip in clear', () => {
    const p = person({
      phones: [['+1 (650) 555-1212', 'US']],
      emails: ['Jane.Doe+shop@gmail.com'],
      fields: { first_name: '  Valéry ', last_name: 'Doe', country: 'US', zip: '94025-1234' },
    })
    assert.deepEqual(rowsOf(google.rows(p, options())), [
      [sha('janedoe@gmail.com'), sha('+16505551212'), sha('valéry'), sha('doe'), 'US', '94025-1234'],
    ])
    assert.deepEqual(rowsOf(google.rows(p, options({ plain: true }))), [['janedoe@gmail.com', '+16505551212', 'valéry', 'doe', 'US', '94025-1234']])
  })

  test('a UK postcode keeps its space; a national number gets its country code', () => {
    const p = person({ phones: [['07911 123456', 'GB']], fields: { country: 'GB', zip: ' NR9  5AL ' } })
    assert.deepEqual(rowsOf(google.rows(p, options())), [['', sha('+447911123456'), '', '', 'GB', 'NR9 5AL']])
  })

  test('names in NFC: a decomposed é hashes like the precomposed one', () => {
    const p = person({ emails: ['a@example.com'], fields: { first_name: 'Vale\u0301ry' } })
    assert.equal(rowsOf(google.rows(p, options()))[0]![2], sha('valéry'))
  })

  test('a value that already is SHA-256 passes through; a digest never lands in Country or Zip', () => {
    const h = sha('jane@example.com')
    const p = person({ emails: [h.toUpperCase()], fields: { country: sha('us'), zip: sha('94025') } })
    const [row] = rowsOf(google.rows(p, options()))
    assert.equal(row![0], h)
    assert.equal(row![4], '')
    assert.equal(row![5], '')
  })
})
