// Progress text: a percentage and the time left where the input's size is known, rows/s where it is not
// (stdin); plain lines in a log only with --verbose, nothing with --quiet.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { createProgress, duration, progressText } from '../../src/ui/progress.js'

function fakeStream(isTTY: boolean) {
  const written: string[] = []
  const stream = { isTTY, columns: isTTY ? 80 : undefined, write: (s: string) => (written.push(s), true) } as unknown as NodeJS.WriteStream
  return { stream, written }
}

describe('progressText', () => {
  test('a file of known size: percentage, rows, rate and time left', () => {
    // A quarter read in 10 s: three quarters left, 30 s more.
    assert.equal(progressText({ label: 'reading shop.csv', done: 250_000, bytes: 25, total: 100 }, 10), 'reading shop.csv: 25% · 250,000 rows (25,000/s) · about 30s left')
    assert.equal(progressText({ label: 'reading big.csv', done: 10, bytes: 1, total: 100 }, 60), 'reading big.csv: 1% · 10 rows (0/s) · about 1h 39m left')
  })

  test('no time left in the first second, nor at the end', () => {
    assert.equal(progressText({ label: 'reading a.csv', done: 5, bytes: 10, total: 100 }, 0.5), 'reading a.csv: 10% · 5 rows (10/s)')
    assert.equal(progressText({ label: 'reading a.csv', done: 16, bytes: 100, total: 100 }, 3), 'reading a.csv: 100% · 16 rows (5/s)')
  })

  test('stdin (no size) and the writing step: rows and rows/s only', () => {
    assert.equal(progressText({ label: 'reading stdin', done: 3000, bytes: 5000 }, 2), 'reading stdin: 3,000 (1,500/s)')
    assert.equal(progressText({ label: 'writing audiences (people)', done: 8192 }, 1), 'writing audiences (people): 8,192 (8,192/s)')
  })

  test('a label from a file name is escaped', () => {
    assert.equal(progressText({ label: 'reading \u001b[2Jx.csv', done: 1 }, 1), 'reading \\x1b[2Jx.csv: 1 (1/s)')
  })

  test('durations', () => {
    assert.deepEqual([duration(0), duration(59.4), duration(65), duration(3600 + 125)], ['0s', '59s', '1m 05s', '1h 02m'])
  })
})

describe('createProgress off a terminal', () => {
  test('--verbose: plain lines with the percentage, one per step', async () => {
    const { stream, written } = fakeStream(false)
    let t = 0
    const p = await createProgress({ quiet: false, verbose: true, stderr: stream, env: {}, now: () => t })
    p.update({ label: 'reading a.csv', done: 10, bytes: 50, total: 100 })
    t = 2000
    p.update({ label: 'reading a.csv', done: 20, bytes: 100, total: 100 })
    p.update({ label: 'writing audiences (people)', done: 5 })
    p.stop()
    assert.deepEqual(written, ['reading a.csv: 100% · 20 rows (10/s)\n', 'writing audiences (people): 5 (5,000/s)\n'])
  })

  test('without --verbose, or with --quiet: nothing', async () => {
    for (const [quiet, verbose] of [[false, false], [true, true]] as const) {
      const { stream, written } = fakeStream(false)
      const p = await createProgress({ quiet, verbose, stderr: stream, env: {} })
      p.update({ label: 'reading a.csv', done: 10, bytes: 50, total: 100 })
      p.stop()
      assert.deepEqual(written, [])
    }
  })
})
