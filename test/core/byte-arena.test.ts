import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { ByteArena } from '../../src/core/people/byte-arena.js'
import { hash53, KeyIndex, NumberTable, phoneNumberKey } from '../../src/core/people/key-tables.js'

test('the arena gives back every string it was given, across chunk boundaries', () => {
  const a = new ByteArena()
  const refs: Array<[{ ref: number; length: number }, string]> = []
  for (let i = 0; i < 20000; i++) {
    const s = `${i}\x1fZoë Müller राहुल ${'x'.repeat(i % 97)}`
    refs.push([a.append(s), s])
  }
  for (const [r, s] of refs) assert.equal(a.read(r.ref, r.length), s)
  assert.ok(a.bytes >= 20000 * 20)
})

test('number tables keep the first writer and survive growth', () => {
  const t = new NumberTable(4)
  for (let i = 1; i <= 5000; i++) t.set(447000000000 + i * 7919, i)
  t.set(447000000000 + 7919, 99)
  assert.equal(t.get(447000000000 + 7919), 1)
  assert.equal(t.get(447000000000 + 5000 * 7919), 5000)
  assert.equal(t.get(12345), -1)
  assert.equal(t.size, 5000)
})

test('a number table sized by reserve() answers like a Map, whatever the capacity and wherever probes wrap', () => {
  // Small tables and keys from a small range: probes run off the end of the table and wrap to its start.
  const op = fc.oneof(
    fc.record({ kind: fc.constant('set' as const), k: fc.integer({ min: 1, max: 60 }), v: fc.nat(1000) }),
    fc.record({ kind: fc.constant('reserve' as const), more: fc.nat(40) }),
  )
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 3 }), fc.array(op, { maxLength: 120 }), (bits, ops) => {
      const t = new NumberTable(bits)
      const model = new Map<number, number>()
      for (const o of ops) {
        if (o.kind === 'reserve') t.reserve(o.more)
        else {
          t.set(o.k, o.v)
          if (!model.has(o.k)) model.set(o.k, o.v)
        }
      }
      assert.equal(t.size, model.size)
      for (let k = 1; k <= 60; k++) assert.equal(t.get(k), model.get(k) ?? -1)
    }),
  )
})

test('reserve() sizes a table once, to what its keys need', () => {
  const t = new NumberTable(4)
  t.reserve(100_000)
  const reserved = t.bytes
  // 12 bytes a slot at 80% load, not the next power of two.
  assert.ok(reserved < 100_000 * 12 * 1.3, `${reserved} bytes`)
  for (let i = 1; i <= 100_000; i++) t.set(919000000000 + i, i)
  assert.equal(t.bytes, reserved, 'no growth after reserving enough')
  assert.equal(t.get(919000000000 + 100_000), 100_000)
})

test('phone keys are exact numbers; other keys are hashed and verified', () => {
  assert.equal(phoneNumberKey('+447911123456'), 447911123456)
  assert.ok(Number.isNaN(phoneNumberKey('e:jane@example.com')))
  assert.ok(Number.isNaN(phoneNumberKey('+1234567890123456')))
  assert.notEqual(hash53('a'), hash53('b'))
  // A verifier that says "no" forces the collision path: distinct keys still get distinct first owners.
  const owners = new Map<number, string>()
  const idx = new KeyIndex((rec, key) => owners.get(rec) === key)
  owners.set(1, 'e:a@example.com')
  assert.equal(idx.claim('e:a@example.com', 1), -1)
  assert.equal(idx.claim('e:a@example.com', 2), 1)
  assert.equal(idx.claim('+447911123456', 3), -1)
  assert.equal(idx.claim('+447911123456', 4), 3)
})
