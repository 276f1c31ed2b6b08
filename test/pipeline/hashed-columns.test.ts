// The hashed-column guard gives one verdict however the rows are cut: a single pass (the main thread) and
// chunks read by separate guards whose lines are absorbed in order (the worker threads) refuse the same
// column at the same line with the same sentence, or both accept.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { resolveLayout } from '../../src/sources/index.js'
import { emptyMapping } from '../../src/sources/types.js'
import { HashedColumnGuard, type GuardedInput } from '../../src/pipeline/hashed-columns.js'
import { rowOf } from '../helpers.js'

const header = ['phone', 'email', 'first_name']
const mapping = emptyMapping()
mapping.fields.phone = ['phone']
mapping.fields.email = ['email']
mapping.fields.first_name = ['first_name']
const input: GuardedInput = { name: 'in.csv', header, layout: resolveLayout(mapping, header), contact: null, contactLayout: new Map() }

const digest = 'ab'.repeat(32)
const cell = fc.constantFrom('', ' ', digest, ` ${digest.toUpperCase()} `, 'n/a', 'jane@example.com', 'Jane', '07405 263100')
const rows = fc.array(fc.tuple(cell, cell, cell), { maxLength: 30 })

/** The single pass: the first refusal a row completes, as the main thread throws it. */
function onePass(all: string[][]): string | null {
  const g = new HashedColumnGuard(input)
  for (let i = 0; i < all.length; i++) {
    const r = g.see(rowOf(all[i]!), i + 2)
    if (r) return r.message
  }
  return null
}

/** The same rows cut at `cuts`, each piece seen by a guard of its own, absorbed in order. */
function inChunks(all: string[][], cuts: number[]): string | null {
  const main = new HashedColumnGuard(input)
  const points = [0, ...cuts.filter((c) => c < all.length).sort((a, b) => a - b), all.length]
  for (let k = 0; k + 1 < points.length; k++) {
    const g = new HashedColumnGuard(input)
    for (let i = points[k]!; i < points[k + 1]!; i++) g.see(rowOf(all[i]!), i + 2)
    main.absorb(g.state())
    const r = main.first()
    if (r) return r.message
  }
  return null
}

test('chunks absorbed in order refuse what a single pass refuses, with the same sentence', () => {
  fc.assert(
    fc.property(rows, fc.array(fc.nat(30), { maxLength: 6 }), (all, cuts) => {
      assert.equal(inChunks(all, cuts), onePass(all))
    }),
    { numRuns: 2000 },
  )
})

test('a mixture completed in a later chunk is dated by the earlier chunk\'s first digest', () => {
  const all = [['', digest, 'A'], ['', 'x@example.com', 'B'], ['', digest, 'C']]
  assert.match(inChunks(all, [1])!, /in\.csv line 3: column "email" mixes SHA-256 hashes \(first on line 2\) with unhashed values \(first on line 3\)/)
})
