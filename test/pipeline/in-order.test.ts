// InOrder (pipeline/parallel/in-order.ts): results of jobs that finish in any order are applied in the order
// the jobs were posted, never more than the window in flight; steps queued between them run in their turn;
// settleBefore finishes the earlier inputs' work and leaves a failing input's own results unapplied.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { InOrder } from '../../src/pipeline/parallel/in-order.js'

/** A job that settles after `ms` milliseconds (a worker's result arriving late or early). */
const job = <T>(value: T, ms: number): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), ms))

test('results finishing in any order are applied in posting order, at most `window` in flight', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.nat(6), { minLength: 1, maxLength: 24 }), fc.integer({ min: 1, max: 5 }), async (delays, window) => {
      const order = new InOrder<number>(window)
      const applied: number[] = []
      let inFlight = 0
      let most = 0
      for (let i = 0; i < delays.length; i++) {
        inFlight++
        most = Math.max(most, inFlight)
        await order.add(job(i, delays[i]!), (r) => {
          inFlight--
          applied.push(r)
        })
      }
      await order.drain()
      assert.deepEqual(applied, delays.map((_, i) => i))
      // add() returns with fewer than `window` results pending, so at most `window` are ever in flight.
      assert.ok(most <= window, `${most} in flight with a window of ${window}`)
    }),
    { numRuns: 40 },
  )
})

test('a step runs after every result queued before it, and at once when nothing is queued', async () => {
  const order = new InOrder<string>(8)
  const log: string[] = []
  order.then(() => log.push('step 0'))
  assert.deepEqual(log, ['step 0'], 'nothing queued: the step ran at once')
  await order.add(job('a1', 5), (r) => log.push(r), 1)
  await order.add(job('a2', 0), (r) => log.push(r), 1)
  order.then(() => log.push('close a'), 1)
  await order.add(job('b1', 0), (r) => log.push(r), 2)
  order.then(() => log.push('close b'), 2)
  await order.drain()
  assert.deepEqual(log, ['step 0', 'a1', 'a2', 'close a', 'b1', 'close b'])
})

test('settleBefore applies the earlier inputs only; nothing is applied after an application threw', async () => {
  const order = new InOrder<string>(8)
  const log: string[] = []
  await order.add(job('a1', 3), (r) => log.push(r), 1)
  order.then(() => log.push('close a'), 1)
  await order.add(job('b1', 0), (r) => log.push(r), 2)
  // Input 2 failed while being read: input 1 is finished, input 2's chunk in flight is left.
  await order.settleBefore(2)
  assert.deepEqual(log, ['a1', 'close a'])

  const failing = new InOrder<string>(8)
  const seen: string[] = []
  await failing.add(job('a1', 0), () => {
    throw new Error('a1 is refused')
  }, 1)
  await failing.add(job('a2', 0), (r) => seen.push(r), 1)
  await assert.rejects(failing.drain(), /a1 is refused/)
  // The run stops with the first error: draining or settling again applies nothing more.
  await failing.drain()
  await failing.settleBefore(9)
  assert.deepEqual(seen, [])
})
