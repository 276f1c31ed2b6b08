import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { DeltaColumn, RunColumn } from '../../src/core/people/record-columns.js'

test('a delta column gives back every value, near its block\'s first or far from it, across growth and in a shared copy', () => {
  const step = fc.oneof(fc.integer({ min: -3, max: 200 }), fc.integer({ min: -70_000, max: 70_000 }), fc.constant(2 ** 31))
  fc.assert(
    fc.property(fc.nat(2 ** 32 - 1), fc.array(step, { maxLength: 400 }), (start, steps) => {
      const c = new DeltaColumn()
      const want: number[] = []
      let v = start
      let cap = 0
      steps.forEach((d, id) => {
        v = (((v + d) % 2 ** 32) + 2 ** 32) % 2 ** 32
        if (id >= cap) c.resize((cap = Math.ceil((id + 1) * 1.5)))
        c.set(id, v)
        want.push(v)
      })
      const copy = DeltaColumn.fromShared(c.share(want.length))
      want.forEach((w, id) => {
        assert.equal(c.get(id), w)
        assert.equal(copy.get(id), w)
      })
    }),
  )
})

test('a run column gives back every record\'s value, as runs or (many short runs) dense, across growth and in a shared copy', () => {
  fc.assert(
    fc.property(fc.array(fc.record({ n: fc.integer({ min: 1, max: 20 }), v: fc.nat(2 ** 24 - 1) }), { maxLength: 400 }), fc.boolean(), (runs, short) => {
      const c = new RunColumn()
      const want: number[] = []
      let cap = 16
      c.resize(cap)
      for (const r of runs) {
        const n = short ? 1 : r.n
        while (want.length + n > cap) c.resize((cap *= 2))
        c.setRun(want.length, n, r.v, cap)
        for (let k = 0; k < n; k++) want.push(r.v)
      }
      const copy = RunColumn.fromShared(c.share())
      want.forEach((w, id) => {
        assert.equal(c.get(id), w)
        assert.equal(copy.get(id), w)
      })
    }),
  )
})

test('records of one input cost no run slots; alternating sources turn dense', () => {
  const c = new RunColumn()
  c.setRun(0, 100_000, 5, 100_000)
  c.setRun(100_000, 50_000, 6, 150_000)
  assert.equal(c.bytes, 32)
  const d = new RunColumn()
  for (let id = 0; id < 10_000; id++) d.setRun(id, 1, id % 3 === 0 ? 7 : id % 2, 10_000)
  assert.equal(d.bytes, 40_000)
  d.resize(20_000)
  d.setRun(10_000, 10_000, 9, 20_000)
  const copy = RunColumn.fromShared(d.share())
  for (let id = 0; id < 20_000; id++) {
    const want = id >= 10_000 ? 9 : id % 3 === 0 ? 7 : id % 2
    assert.equal(d.get(id), want)
    assert.equal(copy.get(id), want)
  }
})
