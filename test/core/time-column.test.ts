import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { TimeColumn } from '../../src/core/people/time-column.js'

const time = fc.oneof(
  fc.constant(NaN),
  fc.constant(-Infinity),
  fc.integer({ min: -2_000_000_000, max: 3_000_000_000 }).map((s) => s * 1000),
  fc.integer({ min: 1_500_000_000, max: 1_800_000_000 }).map((s) => s * 1000),
  fc.double({ noNaN: true }),
  fc.constant(0),
  fc.constant(-0),
  fc.constant(Date.UTC(2000, 0, 1)),
)

test('a time column gives back every time it was given (whole seconds, milliseconds, -Infinity, none), across growth and its shared copy', () => {
  fc.assert(
    fc.property(fc.nat(50), fc.array(time, { maxLength: 300 }), (skip, times) => {
      const c = new TimeColumn()
      let cap = 1
      times.forEach((t, k) => {
        const id = skip + k
        if (id >= cap) cap = Math.ceil((id + 1) * 1.5)
        c.set(id, t, cap)
      })
      const copy = TimeColumn.fromShared(c.share())
      for (let id = 0; id < skip + times.length + 3; id++) {
        const want = id < skip || id >= skip + times.length ? NaN : times[id - skip]!
        assert.ok(Object.is(c.get(id), want), `${id}: ${c.get(id)} for ${want}`)
        assert.ok(Object.is(copy.get(id), want))
      }
    }),
  )
})

test('a column of whole-second times takes 4 bytes a record from its first timed record, and none before it', () => {
  const c = new TimeColumn()
  for (let id = 0; id < 1000; id++) c.set(id, NaN, 2000)
  assert.equal(c.bytes, 0)
  for (let id = 1000; id < 2000; id++) c.set(id, Date.UTC(2025, 0, 1) + id * 1000, 2000)
  assert.equal(c.bytes, 1000 * 4)
  assert.equal(c.get(1500), Date.UTC(2025, 0, 1) + 1500 * 1000)
  c.set(1999, 1.5, 2000)
  assert.equal(c.get(1999), 1.5)
  assert.equal(c.get(1500), Date.UTC(2025, 0, 1) + 1500 * 1000)
})
