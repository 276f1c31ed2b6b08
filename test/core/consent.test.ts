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

// decideChannel is one pass over the votes; the rules as first written (filters and finds, read straight from
// consent.md) are kept here as the reference it must agree with on every mix of states, times and ties.
function referenceDecision(votes: readonly Vote[]): ReturnType<typeof decideChannel> {
  const latest = (vs: readonly Vote[]) => vs.reduce((best, v) => (v.at > best.at ? v : best), vs[0]!)
  const voters = votes.filter((v) => v.state !== 'unknown')
  if (voters.length === 0) return { state: 'unknown', rule: 'no-vote', source: null, at: NaN }
  const granted = voters.some((v) => v.state === 'granted')
  const denied = voters.some((v) => v.state === 'denied')
  const of = (d: Vote, rule: 'agreed' | 'latest' | 'conflict') => ({ state: d.state, rule, source: { input: d.input, line: d.line }, at: d.at })
  if (!(granted && denied)) {
    const timed = voters.filter((v) => Number.isFinite(v.at))
    return of(timed.length > 0 ? latest(timed) : voters[0]!, 'agreed')
  }
  if (voters.every((v) => Number.isFinite(v.at))) {
    const top = latest(voters)
    return of(voters.find((v) => v.at === top.at && v.state === 'denied') ?? top, 'latest')
  }
  return { ...of(voters.find((v) => v.state === 'denied')!, 'conflict'), state: 'denied' }
}

test('decideChannel agrees with the rules as first written, on random votes with ties and missing times', () => {
  let seed = 7
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed % n
  }
  const states: Vote['state'][] = ['granted', 'denied', 'unknown']
  const times = [NaN, 1000, 2000, 3000, Infinity]
  for (let k = 0; k < 20000; k++) {
    const votes: Vote[] = Array.from({ length: rand(6) }, (_, i) => vote(i + 1, states[rand(3)]!, times[rand(times.length)]!, rand(3)))
    assert.deepEqual(decideChannel(votes), referenceDecision(votes), JSON.stringify(votes))
  }
})
