import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { test } from 'node:test'
import fc from 'fast-check'
import { emptyList } from '../../src/core/lists.js'

test('emptyList() is a new empty array that behaves as [] does', () => {
  const a = emptyList<string>()
  assert.ok(Array.isArray(a))
  assert.deepEqual(a, [])
  assert.equal(a.length, 0)
  assert.equal(JSON.stringify(a), '[]')
  assert.notEqual(emptyList(), emptyList())
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.string(), fc.record({ key: fc.string() }))), (items) => {
      const l = emptyList<unknown>()
      const r: unknown[] = []
      for (const x of items) {
        l.push(x)
        r.push(x)
      }
      assert.deepEqual(l, r)
      assert.equal(l.includes(items[0]), r.includes(items[0]))
    }),
  )
})

test("emptyList() has the hidden class of a non-empty list of strings or objects, not []'s", () => {
  // V8's own answer, in a child started with its natives (the class is what the list exists for).
  const lists = new URL('../../src/core/lists.js', import.meta.url).href
  const out = execFileSync(process.execPath, [
    '--allow-natives-syntax',
    '--input-type=module',
    '-e',
    `import { emptyList } from ${JSON.stringify(lists)}
     const same = new Function('a', 'b', 'return %HaveSameMap(a, b)')
     console.log(JSON.stringify([same(emptyList(), ['x']), same(emptyList(), [{ k: 1 }]), same([], ['x'])]))`,
  ])
  assert.deepEqual(JSON.parse(String(out)), [true, true, false])
})
