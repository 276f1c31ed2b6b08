// consent.md's merge rules, one scenario per rule, each asserting the state and the deciding record.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { decideChannel, type Vote } from '../../src/core/consent.js'
import { readConsentValue } from '../../src/core/consent-value.js'

const T = (iso: string) => Date.parse(iso)
const vote = (line: number, state: Vote['state'], at = NaN, input = 0): Vote => ({ input, line, state, at })

describe('decideChannel', () => {
  test('rule 1: a suppression denies, whatever the records say', () => {
    const d = decideChannel([vote(2, 'granted', T('2025-01-01T00:00:00Z'))], { input: 2, line: 7 })
    assert.deepEqual([d.state, d.rule, d.source], ['denied', 'suppressed', { input: 2, line: 7 }])
  })

  test('rule 2: unknown records do not vote', () => {
    const d = decideChannel([vote(2, 'unknown'), vote(3, 'granted'), vote(4, 'unknown')])
    assert.deepEqual([d.state, d.rule, d.source?.line], ['granted', 'agreed', 3])
    assert.equal(decideChannel([vote(2, 'unknown')]).state, 'unknown')
    assert.equal(decideChannel([]).source, null)
  })

  test('rule 3: agreeing voters decide; the latest one is traced', () => {
    const d = decideChannel([vote(2, 'granted', T('2025-01-01T00:00:00Z')), vote(3, 'granted', T('2025-03-01T00:00:00Z'))])
    assert.deepEqual([d.state, d.rule, d.source?.line, d.at], ['granted', 'agreed', 3, T('2025-03-01T00:00:00Z')])
    assert.equal(decideChannel([vote(5, 'granted'), vote(9, 'granted')]).source?.line, 5)
  })

  test('rule 4: disagreement with every voter timed: the latest wins', () => {
    const d = decideChannel([vote(5, 'granted', T('2025-08-01T12:00:00Z')), vote(6, 'denied', T('2025-10-01T12:00:00Z'))])
    assert.deepEqual([d.state, d.rule, d.source?.line], ['denied', 'latest', 6])
    const re = decideChannel([vote(5, 'denied', T('2025-08-01T12:00:00Z')), vote(6, 'granted', T('2025-10-01T12:00:00Z'))])
    assert.deepEqual([re.state, re.rule, re.source?.line], ['granted', 'latest', 6])
  })

  test('rule 4: a tie at the latest time goes to denied', () => {
    const at = T('2025-05-05T05:05:05Z')
    const d = decideChannel([vote(2, 'granted', at), vote(3, 'denied', at)])
    assert.deepEqual([d.state, d.source?.line], ['denied', 3])
  })

  test('rule 5: disagreement where a voter has no time: denied wins and it is a conflict', () => {
    const d = decideChannel([vote(7, 'granted'), vote(8, 'denied')])
    assert.deepEqual([d.state, d.rule, d.source?.line], ['denied', 'conflict', 8])
    const mixed = decideChannel([vote(7, 'granted', T('2026-01-01T00:00:00Z')), vote(8, 'denied')])
    assert.equal(mixed.rule, 'conflict')
  })
})

describe('readConsentValue', () => {
  const table: Array<[string, string]> = [
    ['yes', 'granted'], ['Y', 'granted'], ['TRUE', 'granted'], ['1', 'granted'], ['x', 'granted'], ['✓', 'granted'],
    ['SUBSCRIBED', 'granted'], ['opt-in', 'granted'], ['oui', 'granted'], ['sí', 'granted'], ['sim', 'granted'], ['ja', 'granted'], ['да', 'granted'],
    ['no', 'denied'], ['FALSE', 'denied'], ['0', 'denied'], ['UNSUBSCRIBED', 'denied'], ['NEVER_SUBSCRIBED', 'denied'], ['cleaned', 'denied'],
    ['withdrawn', 'denied'], ['non', 'denied'], ['não', 'denied'], ['nein', 'denied'], ['нет', 'denied'],
    ['', 'unknown'], ['pending', 'unknown'], ['maybe', 'unknown'], ['yse', 'unknown'],
  ]
  for (const [raw, state] of table) test(`${JSON.stringify(raw)} -> ${state}`, () => assert.equal(readConsentValue(` ${raw} `), state))
})
