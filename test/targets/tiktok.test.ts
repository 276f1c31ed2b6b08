// TikTok customer file (targets.md; TikTok's "List of supported IDs and formats for a customer file").

import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { describe, test } from 'node:test'
import { header } from '../../src/targets/index.js'
import { tiktok } from '../../src/targets/tiktok.js'
import { options, person, rowsOf } from './person.js'

const sha = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest('hex')

describe('TikTok', () => {
  test('headers: Email_SHA256 and Phone_SHA256 hashed, Email and Phone plain', () => {
    assert.deepEqual(header(tiktok, options()), ['Email_SHA256', 'Phone_SHA256'])
    assert.deepEqual(header(tiktok, options({ plain: true })), ['Email', 'Phone'])
  })

  test("TikTok's own example: (657)777-0000 in the US is 16577770000, digits without +", () => {
    const p = person({ phones: [['(657)777-0000', 'US']], emails: [' JaneDoe@Gmail.com '] })
    assert.deepEqual(rowsOf(tiktok.rows(p, options({ plain: true }))), [['janedoe@gmail.com', '16577770000']])
    assert.deepEqual(rowsOf(tiktok.rows(p, options())), [[sha('janedoe@gmail.com'), sha('16577770000')]])
  })

  test("TikTok's published hash of janedoe@gmail.com", () => {
    const p = person({ emails: ['janedoe@gmail.com'] })
    assert.equal(rowsOf(tiktok.rows(p, options()))[0]![0], 'd6117306485ed0e50afab3ac871e98f81699151f30281527d63ff5f233656c69')
  })

  test('a national number is written with its country code (from the parsed E.164, not the raw text)', () => {
    const p = person({ phones: [['07405 263058', 'GB']] })
    assert.deepEqual(rowsOf(tiktok.rows(p, options({ plain: true }))), [['', '447405263058']])
  })
})
