import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { ByteArena } from '../../src/core/people/byte-arena.js'
import { hash53, KeyIndex, KeyTable, NumberTable, phoneNumberKey } from '../../src/core/people/key-tables.js'

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
  const idx = new KeyIndex({ ownsKey: (rec, key) => owners.get(rec) === key, ownsPhone: (rec, n) => phoneNumberKey(owners.get(rec) ?? '') === n })
  owners.set(1, 'e:a@example.com')
  owners.set(3, '+447911123456')
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
    [5, 'e:c@example.com'],
  ])
  const asked: Array<[number, string]> = []
  const idx = new KeyIndex({
    ownsKey: (rec, key) => {
      asked.push([rec, key])
      return owners.get(rec) === key
    },
    ownsPhone: () => false,
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
      const idx = new KeyIndex({ ownsKey: (rec, key) => keys[rec] === key, ownsPhone: () => false })
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

test('a key table keeps no keys: with hashes from a space of four values, claims answer like a Map of first owners, across growth and reserve()', () => {
  const op = fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('claim' as const), key: fc.integer({ min: 0, max: 30 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('reserve' as const), more: fc.nat(40) }) },
  )
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 3 }), fc.array(op, { maxLength: 200 }), (bits, ops) => {
      const t = new KeyTable(bits)
      // Record r has exactly the key it claimed.
      const keyOf: number[] = []
      const model = new Map<number, number>()
      for (const o of ops) {
        if (o.kind === 'reserve') {
          t.reserve(o.more)
          continue
        }
        const record = keyOf.length
        keyOf.push(o.key)
        const got = t.claim((o.key % 4) + 1, record, (r) => keyOf[r] === o.key)
        assert.equal(got, model.get(o.key) ?? -1)
        if (!model.has(o.key)) model.set(o.key, record)
      }
      assert.equal(t.size, model.size)
    }),
  )
})

test('a key table sized by reserve() takes 8 bytes a slot at 80% load and does not grow', () => {
  const t = new KeyTable(4)
  t.reserve(100_000)
  const reserved = t.bytes
  assert.ok(reserved <= Math.ceil(100_000 / 0.8 + 1) * 8, `${reserved} bytes`)
  for (let i = 1; i <= 100_000; i++) assert.equal(t.claim(i * 2654435761 | 0 || 1, i, () => false), -1)
  assert.equal(t.bytes, reserved)
})

test('a record has a phone number key exactly when its keys say so, read from its stored bytes (pre-reform MX/BR forms included)', async () => {
  const { RecordStore } = await import('../../src/core/people/record-store.js')
  const { emptyPersonFields } = await import('../../src/core/model.js')
  const { identityKey } = await import('../../src/core/phone/identity.js')
  const digits = fc.oneof(
    fc.stringMatching(/^[1-9][0-9]{0,16}$/),
    fc.stringMatching(/^52[0-9]{11}$/),
    fc.stringMatching(/^521[0-9]{10}$/),
    fc.stringMatching(/^55[0-9]{10}$/),
    fc.stringMatching(/^55[0-9]{2}[689][0-9]{7}$/),
  )
  const unknown = { state: 'unknown' as const, at: NaN }
  fc.assert(
    fc.property(fc.array(fc.array(digits, { maxLength: 3 }), { minLength: 1, maxLength: 5 }), fc.array(fc.nat(1e15), { maxLength: 3 }), (phoneLists, extra) => {
      const store = new RecordStore()
      for (const list of phoneLists) {
        const phones = list.map((d) => ({ e164: '+' + d, key: identityKey('+' + d, ''), type: 'MOBILE' as const, status: 'OK' as const, country: 'GB', assumedCountry: '', ext: '', whatsapp: true }))
        store.add({ input: 0, line: 2, phones, badPhones: [], emails: ['a@example.com'], fields: emptyPersonFields(), consent: { whatsapp: unknown, sms: unknown, email: unknown, ads: unknown }, time: NaN }, 1)
      }
      const candidates = [...phoneLists.flat().flatMap((d) => [phoneNumberKey(identityKey('+' + d, '')), Number(d)]), ...extra].filter((n) => !Number.isNaN(n))
      for (let id = 0; id < store.count; id++) {
        const numbers = store.keys(id).map(phoneNumberKey)
        for (const n of candidates) assert.equal(store.hasPhoneNumber(id, n), numbers.includes(n), `record ${id}, ${n}`)
      }
    }),
  )
})

test('the arena keeps no lengths: each run of bytes ends where the next begins or at its chunk\'s end, here and in a shared copy', () => {
  const a = new ByteArena()
  const items: Array<{ ref: number; length: number }> = []
  // About 150 MB: chunks grow in place to 64 MiB, then a new one starts (three in all).
  for (let i = 0; i < 3000; i++) {
    if (i % 7 === 3) {
      // A worker's batch: several runs of bytes at once.
      const lengths = Uint32Array.from({ length: 40 }, (_, k) => 1 + ((i * 31 + k * 17) % 5000))
      const refs = new Uint32Array(40)
      a.appendRun(new Uint8Array(lengths.reduce((s, n) => s + n, 0)), lengths, refs, 0)
      lengths.forEach((length, k) => items.push({ ref: refs[k]!, length }))
    } else items.push(a.append('x'.repeat(1 + ((i * 7919) % 120_000))))
  }
  const copy = ByteArena.fromShared(a.share(), a.chunkEnds())
  assert.equal(a.share().length, 3)
  let stored = 0
  items.forEach((it, i) => {
    const next = i + 1 < items.length ? items[i + 1]!.ref : -1
    assert.equal(a.end(it.ref, next) - a.offsetOf(it.ref), it.length, `item ${i}`)
    assert.equal(copy.end(it.ref, next) - copy.offsetOf(it.ref), it.length)
    stored += it.length
  })
  // Held: what is stored, the tails of the full chunks (less than a record each) and at most a MiB of growth.
  assert.ok(a.bytes - stored < 2 * 360_000 + (1 << 20), `${a.bytes} held for ${stored}`)
})

test('runs of bytes keep every byte at any alignment of source and arena (a misaligned run is staged)', () => {
  const a = new ByteArena()
  const want: Array<{ ref: number; bytes: Uint8Array }> = []
  for (let shift = 0; shift < 8; shift++) {
    for (let lead = 0; lead < 8; lead++) {
      // A source that starts `shift` bytes into its buffer, after `lead` bytes already in the arena.
      if (lead > 0) want.push({ ref: a.append('z'.repeat(lead)).ref, bytes: Buffer.from('z'.repeat(lead)) })
      const lengths = Uint32Array.from([3, 200, 1, 977, 64, 65])
      const total = lengths.reduce((s, n) => s + n, 0)
      const backing = new Uint8Array(total + shift)
      for (let i = 0; i < backing.length; i++) backing[i] = (i * 131 + shift * 7 + lead) & 0xff
      const src = backing.subarray(shift)
      const refs = new Uint32Array(lengths.length)
      a.appendRun(src, lengths, refs, 0)
      let off = 0
      lengths.forEach((n, k) => {
        want.push({ ref: refs[k]!, bytes: src.subarray(off, off + n) })
        off += n
      })
    }
  }
  for (const w of want) assert.deepEqual(a.chunkOf(w.ref).subarray(a.offsetOf(w.ref), a.offsetOf(w.ref) + w.bytes.length), Buffer.from(w.bytes))
})
