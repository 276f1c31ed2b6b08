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
  const owners = new Map<number, string>()
  const idx = new KeyIndex((rec, key) => owners.get(rec) === key)
  owners.set(1, 'e:a@example.com')
  assert.equal(idx.claim('e:a@example.com', 1), -1)
  assert.equal(idx.claim('e:a@example.com', 2), 1)
  assert.equal(idx.claim('+447911123456', 3), -1)
  assert.equal(idx.claim('+447911123456', 4), 3)
})

test('two keys with one hash: the verifier says no, and each key keeps its own first owner', () => {
  // hash53 collisions are too rare to find by chance, so the hash is given (as a worker gives it).
  const h = 12345
  const owners = new Map<number, string>([
    [1, 'e:a@example.com'],
    [2, 'e:b@example.com'],
  ])
  const asked: Array<[number, string]> = []
  const idx = new KeyIndex((rec, key) => {
    asked.push([rec, key])
    return owners.get(rec) === key
  })
  assert.equal(idx.claimOther('e:a@example.com', 1, h), -1, 'a: new')
  assert.deepEqual(asked, [], 'a new hash needs no check')
  assert.equal(idx.claimOther('e:b@example.com', 2, h), -1, 'b: new, though its hash is taken')
  assert.deepEqual(asked, [[1, 'e:b@example.com']], 'the hash owner was asked, and does not have b')
  assert.equal(idx.claimOther('e:b@example.com', 3, h), 2, 'b again: its own first owner, not a\'s')
  assert.equal(idx.claimOther('e:a@example.com', 4, h), 1, 'a again: still its first owner')
  assert.equal(idx.claimOther('e:c@example.com', 5, h), -1, 'a third key on the same hash')
  assert.equal(idx.claimOther('e:c@example.com', 6, h), 5)
  assert.equal(idx.size, 3)
})

test('with a hash space of four values (collisions everywhere), a KeyIndex answers like a Map of first owners', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom('e:a', 'e:b', 'e:c', 'e:d', 'e:e', 'e:f', 'e:g', 'e:h', 'e:i', 'e:j'), { maxLength: 80 }), (keys) => {
      // Record i claims keys[i]: it owns that key and no other.
      const idx = new KeyIndex((rec, key) => keys[rec] === key)
      const model = new Map<string, number>()
      keys.forEach((key, rec) => {
        const got = idx.claimOther(key, rec, (hash53(key) % 4) + 1)
        assert.equal(got, model.get(key) ?? -1, `${key} claimed by ${rec}`)
        if (!model.has(key)) model.set(key, rec)
      })
      assert.equal(idx.size, model.size)
    }),
  )
})
