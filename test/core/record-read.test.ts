// Pieces of readRecord (core/record.ts) that stand in for a plainer expression: each gives what it replaces.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { readCountry } from '../../src/core/country.js'
import { oneSpaced } from '../../src/core/record.js'

test('oneSpaced is replace(/\\s+/g, " "), whatever the white space', async () => {
  const fc = (await import('fast-check')).default
  const unit = fc.constantFrom('a', 'Ö', ' ', '  ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u1680', '\u180e', '\u2000', '\u200a', '\u200b', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\u0085', '\x1f', 'राहुल', '😀')
  fc.assert(
    fc.property(fc.array(unit, { maxLength: 10 }), (parts) => {
      const s = parts.join('')
      assert.equal(oneSpaced(s), s.replace(/\s+/g, ' '), JSON.stringify(s))
    }),
    { numRuns: 20000 },
  )
})

test('readCountry answers a value from its memo as it read it the first time', () => {
  for (const v of ['GB', 'gb', ' US ', 'UK', 'United Kingdom', 'Deutschland', 'Narnia', 'XX', '', 'x'.repeat(80)]) {
    const first = readCountry(v)
    assert.equal(readCountry(v), first, v)
  }
  assert.equal(readCountry('Narnia'), null)
  assert.equal(readCountry(' gb'), 'GB')
})

test('plainIso reads its shape as the ISO expression does, and leaves every other text to it', async () => {
  const fc = (await import('fast-check')).default
  const { plainIso } = await import('../../src/core/time.js')
  // The ISO branch of readTime as it was written before plainIso: the reference.
  const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i
  const reference = (s: string): { t: number; zoneless: boolean } | null => {
    const m = ISO.exec(s)
    if (!m) return null
    const [y, mo, d, h, mi, sec] = [1, 2, 3, 4, 5, 6].map((k) => +(m[k] ?? 0)) as [number, number, number, number, number, number]
    const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0
    const zone = m[8]
    let offset = 0
    const z = zone ? /^([+-])(\d{2}):?(\d{2})?$/.exec(zone) : null
    if (z) offset = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3] ?? 0))
    let t = NaN
    if (!(mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)) {
      t = Date.UTC(y, mo - 1, d, h, mi, sec, ms)
      const c = new Date(t)
      if (d > 28 && (c.getUTCDate() !== d || c.getUTCMonth() !== mo - 1)) t = NaN
      else t -= offset * 60_000
    }
    return { t, zoneless: !zone && !Number.isNaN(t) }
  }
  const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^\\d{${min},${max}}$`))
  // Mostly the shape (so that most texts are read by hand), sometimes a piece off it.
  type Text = ReturnType<typeof digits>
  const mostly = (good: Text, bad: Text) => fc.oneof({ weight: 12, arbitrary: good }, { weight: 1, arbitrary: bad })
  const two = (...likely: string[]) => mostly(fc.oneof(fc.constantFrom(...likely), digits(2, 2)), digits(0, 3))
  const text = fc.tuple(
    mostly(digits(4, 4), digits(3, 5)),
    mostly(fc.constant('-'), fc.constantFrom('/', '')),
    two('01', '02', '12', '13', '00'),
    mostly(fc.constant('-'), fc.constantFrom('.', '')),
    two('01', '28', '29', '30', '31', '32', '00'),
    mostly(fc.constantFrom('T', 't', ' '), fc.constantFrom('x', '', '  ')),
    two('00', '23', '24'),
    mostly(fc.constant(':'), fc.constantFrom('.', '')),
    two('00', '59', '60'),
    mostly(fc.constant(':'), fc.constantFrom('', '.')),
    two('00', '59', '60', '61'),
    fc.oneof(fc.constant(''), fc.tuple(fc.constantFrom('.', ',', ':'), mostly(digits(1, 9), digits(0, 12))).map(([a, b]) => a + b)),
    fc.constantFrom('', 'Z', 'z', 'UTC', ' Z', '+00', '+0000', '-0000', '+00:00', '-00:00', '+0530', '-08:00', '+05:3', '+000', '+00000', '+99:99', 'Zx', '+05:30x', ' ', '+a0:00', '+00:0a'),
  ).map((parts) => parts.join(''))
  let read = 0
  fc.assert(
    fc.property(text, (s) => {
      const note: { note?: 'ambiguous' | 'contradicts' | 'zoneless' } = {}
      const got = plainIso(s, note)
      if (got === undefined) return
      read++
      const want = reference(s)
      assert.ok(want !== null, `plainIso read ${JSON.stringify(s)}, which ISO does not match`)
      assert.ok(Object.is(got, want.t) || (Number.isNaN(got) && Number.isNaN(want.t)), JSON.stringify(s))
      assert.equal(note.note === 'zoneless', want.zoneless, JSON.stringify(s))
    }),
    { numRuns: 30000 },
  )
  assert.ok(read > 5000, `only ${read} texts of the shape`)
  // The kit's shapes are read by hand.
  assert.equal(plainIso('2025-01-01T00:00:31+0000', undefined), Date.UTC(2025, 0, 1, 0, 0, 31))
  assert.equal(plainIso('2025-03-07 10:00:00.5-01:30', undefined), Date.UTC(2025, 2, 7, 11, 30, 0, 500))
})

test('a time is Date.UTC\'s for every date and clock, and a day past its month is refused', async () => {
  const fc = (await import('fast-check')).default
  const { plainIso } = await import('../../src/core/time.js')
  // The reading of a date and clock as time.ts made it with Date.UTC and a Date to check days 29-31 (a day
  // that rolled into the next month or day is refused).
  const dateUtc = (y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, offset: number): number => {
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return NaN
    const t = Date.UTC(y, mo - 1, d, h, mi, s, ms)
    if (d > 28) {
      const c = new Date(t)
      if (c.getUTCDate() !== d || c.getUTCMonth() !== mo - 1) return NaN
    }
    return t - offset * 60_000
  }
  const pad = (n: number, w: number) => String(n).padStart(w, '0')
  // Ends of months, Februaries of leap and common years (1900, 2000, 2024), two-digit years (read as 19xx),
  // the last second of a day and its leap second, and offsets both ways.
  const clock = fc.oneof(fc.constant([23, 59, 60]), fc.constant([23, 59, 59]), fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 60 })))
  const year = fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.constantFrom(0, 99, 100, 1600, 1900, 2000, 2023, 2024, 2100))
  fc.assert(
    fc.property(year, fc.integer({ min: 1, max: 12 }), fc.oneof(fc.integer({ min: 1, max: 31 }), fc.integer({ min: 28, max: 31 })), clock, fc.integer({ min: 0, max: 999 }), fc.integer({ min: -14 * 60, max: 14 * 60 }), (y, mo, d, [h, mi, s], ms, offset) => {
      const zone = `${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60), 2)}:${pad(Math.abs(offset) % 60, 2)}`
      const text = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h!, 2)}:${pad(mi!, 2)}:${pad(s!, 2)}.${pad(ms, 3)}${zone}`
      const got = plainIso(text, undefined)
      const want = dateUtc(y, mo, d, h!, mi!, s!, ms, offset)
      assert.ok(Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want)), `${text}: ${got} where Date.UTC gives ${want}`)
    }),
    { numRuns: 20000 },
  )
  assert.ok(Number.isNaN(plainIso('2025-02-29T00:00:00Z', undefined)))
  assert.equal(plainIso('2024-02-29T00:00:00Z', undefined), Date.UTC(2024, 1, 29))
  assert.ok(Number.isNaN(plainIso('1900-02-29T00:00:00Z', undefined)))
  assert.equal(plainIso('0099-12-31T00:00:00Z', undefined), Date.UTC(1999, 11, 31))
})
