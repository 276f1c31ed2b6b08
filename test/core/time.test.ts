import assert from 'node:assert/strict'
import { test } from 'node:test'
import { formatTime, parseTime } from '../../src/core/time.js'

test('ISO 8601 with an offset, with +0000, and Z', () => {
  assert.equal(formatTime(parseTime('2025-09-12T15:05:13+05:30')), '2025-09-12T09:35:13Z')
  assert.equal(formatTime(parseTime('2025-01-01T00:00:31+0000')), '2025-01-01T00:00:31Z')
  assert.equal(formatTime(parseTime('2025-06-01T10:00:00.250Z')), '2025-06-01T10:00:00.250Z')
})

test('a time without a zone is UTC (Mailchimp)', () => {
  assert.equal(formatTime(parseTime('2016-04-18 13:51:14')), '2016-04-18T13:51:14Z')
})

test('Leads Center style dates, month first (settled), with am/pm', () => {
  assert.equal(formatTime(parseTime('08/07/2026 12:42am', { order: 'month' })), '2026-08-07T00:42:00Z')
  assert.equal(formatTime(parseTime('08/07/2026 1:05pm', { order: 'month' })), '2026-08-07T13:05:00Z')
  assert.equal(formatTime(parseTime('18/04/2016 13:51')), '2016-04-18T13:51:00Z')
  assert.equal(formatTime(parseTime('03/04/2026', { order: 'day' })), '2026-04-03T00:00:00Z')
})

test('impossible or unreadable times are NaN, never a guess', () => {
  for (const s of ['', 'yesterday', '2025-02-30T00:00:00Z', '13/13/2025', '2025-13-01']) assert.ok(Number.isNaN(parseTime(s)), s)
  assert.equal(formatTime(NaN), '')
})

test('formatTime writes what Date#toISOString gives (without a .000), on the arithmetic path and off it', () => {
  const byDate = (ms: number) => {
    const iso = new Date(ms).toISOString()
    return iso.endsWith('.000Z') ? iso.slice(0, -5) + 'Z' : iso
  }
  const edges = [0, 1, 999, 1000, 86_399_999, 86_400_000, 951_782_400_000, 951_868_800_000, 4_107_542_400_000, 253_402_300_799_999, -1, -86_400_001, 253_402_300_800_000, 1.5, -62_198_755_200_000]
  for (const ms of edges) assert.equal(formatTime(ms), byDate(ms), String(ms))
  let seed = 11
  const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647
  for (let i = 0; i < 100_000; i++) {
    const ms = Math.floor(next() * 253_402_300_800_000)
    assert.equal(formatTime(ms), byDate(ms), String(ms))
    assert.equal(formatTime(ms - (ms % 1000)), byDate(ms - (ms % 1000)), String(ms))
  }
})
