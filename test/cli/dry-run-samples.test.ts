// `prepare --dry-run` shows, per audience, its count and its first three rows masked: the right kind of
// value in each column, nobody's data.

import assert from 'node:assert/strict'
import fs from 'node:fs'
import { describe, test } from 'node:test'
import { maskSampleCell } from '../../src/pipeline/samples.js'
import { fixture, run } from '../helpers.js'

describe('prepare --dry-run samples', () => {
  const r = run(['prepare', '--customers', fixture('shopify-customers.csv'), '--followers', fixture('meta-leads.csv'), '--suppress', fixture('suppress.csv'), '--country', 'GB', '--dry-run', '--targets', 'whatsapp,meta,whatsapp-cloud', '--template', 'spring_sale', '--lang', 'en_GB'])

  test('lists each audience with its count and at most three masked rows', () => {
    assert.equal(r.code, 0, r.stderr)
    const block = r.stderr.slice(r.stderr.indexOf('First rows of each audience (masked):'))
    assert.match(block, /^ {2}whatsapp\.csv: 5 rows\n( {4}phone=\+44\*+\d{3} .*\n){1}/m)
    const wa = block.split('\n  whatsapp.csv: 5 rows\n')[1]!.split('\n').filter((l) => l.startsWith('    '))
    assert.ok(wa.length >= 3)
    assert.match(block, /meta-custom-audience\.csv: 14 rows\n {4}email=[0-9a-f]{8}… {2}phone=[0-9a-f]{8}…/)
    assert.match(block, /whatsapp-cloud\.jsonl: 5 rows \(JSON request bodies, not shown\)/)
    assert.match(block, /segments\/followers-without-phone\.csv: 1 row\n {4}email=/)
    // Three rows at most per audience.
    const meta = block.split('meta-custom-audience.csv: 14 rows\n')[1]!.split('\n')
    assert.equal(meta.slice(0, 4).filter((l) => l.startsWith('    ')).length, 3)
  })

  test('shows no phone, email or name in the clear', () => {
    const clear = fs.readFileSync(fixture('meta-leads.csv')).toString('utf16le')
    assert.doesNotMatch(r.stderr, /@example\.|\+447911123456|Amelia|Hartley/)
    assert.ok(clear.length > 0)
  })

  test('nothing is written', () => {
    assert.match(r.stderr, /Dry run: nothing written\./)
  })
})

describe('maskSampleCell', () => {
  test('hashes cut, personal values masked, countries and consent shown', () => {
    assert.equal(maskSampleCell('email', 'a'.repeat(64)), 'aaaaaaaa…')
    assert.equal(maskSampleCell('phone', '+447911123456'), '+44*******456')
    assert.equal(maskSampleCell('email', 'jane.doe@example.com'), 'j***@e***.com')
    assert.equal(maskSampleCell('first_name', 'Amelia'), 'A***')
    assert.equal(maskSampleCell('country', 'GB'), 'GB')
    assert.equal(maskSampleCell('consent_at', '2025-09-12T14:05:13Z'), '2025-09-12T14:05:13Z')
    assert.ok(!maskSampleCell('first_name', '\u001b[31mX').includes('\u001b'))
  })
})
