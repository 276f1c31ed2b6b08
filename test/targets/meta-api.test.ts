// Meta API payload rows (targets.md): multi-key schema, hashed, one email and one phone per row.

import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { describe, test } from 'node:test'
import { metaApi } from '../../src/targets/meta-api.js'
import { options, person, rowsOf } from './person.js'

const sha = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest('hex')

describe('meta-api', () => {
  test('schema: Meta API keys; EXTERN_ID and LOOKALIKE_VALUE only when asked', () => {
    assert.deepEqual(metaApi.schema(options()), ['EMAIL', 'PHONE', 'FN', 'LN', 'CT', 'ST', 'ZIP', 'COUNTRY', 'DOBY', 'GEN'])
    assert.deepEqual(metaApi.schema(options({ externId: true, withValue: true })).slice(-2), ['EXTERN_ID', 'LOOKALIKE_VALUE'])
    assert.equal(metaApi.batchFile(1), 'batch-0001.json')
    assert.equal(metaApi.batchSize, 10_000)
  })

  test('a person with two emails and one phone: two rows with the same other keys', () => {
    const p = person({
      phones: [['+1 (650) 555-1212', 'US']],
      emails: ['jane@example.com', 'Jane.Doe@work.example.com'],
      fields: { first_name: 'Jane', last_name: "O'Brien", city: 'Menlo Park', state: 'California', zip: '94025-1234', country: 'US', dob: '1990-05-17', gender: 'Female', external_id: ' 7100000000001 ', value: '$1,412.50' },
    })
    const others = ['jane', 'obrien', 'menlopark', 'ca', '94025', 'us', '1990', 'f'].map(sha)
    assert.deepEqual(rowsOf(metaApi.rows(p, options({ externId: true, withValue: true }))), [
      [sha('jane@example.com'), sha('16505551212'), ...others, '7100000000001', 1412.5],
      [sha('jane.doe@work.example.com'), '', ...others, '7100000000001', 1412.5],
    ])
  })

  test('hashed even with --plain: the API never hashes for you', () => {
    const p = person({ emails: ['jane@example.com'] })
    assert.equal(rowsOf(metaApi.rows(p, options({ plain: true })))[0]![0], sha('jane@example.com'))
  })

  test('a person without a value is worth 0 to a value-based audience', () => {
    const p = person({ emails: ['jane@example.com'] })
    assert.equal(rowsOf(metaApi.rows(p, options({ withValue: true })))[0]!.at(-1), 0)
  })
})
