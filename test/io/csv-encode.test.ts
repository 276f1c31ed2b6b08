// The Buffer encoder must write exactly csv-stringify's bytes (default options), whatever the cells hold.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { stringify } from 'csv-stringify/sync'
import fc from 'fast-check'
import { CsvEncoder, giveBlocks } from '../../src/io/csv-encode.js'

function encode(rows: string[][], size?: number): string {
  const parts: Buffer[] = []
  const e = new CsvEncoder((b) => parts.push(Buffer.from(b)), size)
  for (const r of rows) e.row(r)
  e.flush()
  return Buffer.concat(parts).toString('utf8')
}

test('hand-picked cells', () => {
  const rows = [
    ['plain', '', 'a,b', 'say "hi"', 'two\nlines', 'cr\rhere', 'Zoë', 'राहुल', '+447911123456', ' spaced '],
    [''],
    ['', ''],
    ['a', 'cr\rhere', 'b'],
    ['a', 'lf\nhere'],
    ['x', 'q"'],
    ['y', 'c,'],
  ]
  assert.equal(encode(rows), stringify(rows))
})

test('any cells, any buffer size, are csv-stringify\'s bytes', () => {
  // Each of the four characters that need quotes alone too: a row of one such cell among plain ones must not
  // pass for a line needing none (CsvEncoder.row's plainLine).
  const cell = fc.oneof(fc.string(), fc.string({ unit: 'grapheme', maxLength: 8 }), fc.constantFrom('', ',', '"', '\n', '\r', 'a\rb', '\r\n', 'a"b', '😀'))
  fc.assert(
    fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 20 }), fc.integer({ min: 8, max: 256 }), (rows, size) => {
      assert.equal(encode(rows, size), stringify(rows))
    }),
    { numRuns: 500 },
  )
})

test('rows copied from another encoder (a segment repeating the Meta rows) are the bytes encoding gives', () => {
  const cell = fc.oneof(fc.string(), fc.constantFrom('', ',', '"', '\n', 'Zoë', 'f50d00516cb178907da4e9012584ec784b6e0317331138418f0a8bfa39b8a44c'))
  const groups = fc.array(fc.record({ rows: fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 3 }), again: fc.boolean() }), { maxLength: 30 })
  fc.assert(
    fc.property(groups, fc.integer({ min: 8, max: 512 }), (people, size) => {
      const main: Buffer[] = []
      const copy: Buffer[] = []
      let copiedRows = 0
      const a = new CsvEncoder((b) => main.push(Buffer.from(b)), size)
      const b = new CsvEncoder((x, rows) => {
        copy.push(Buffer.from(x))
        copiedRows += rows
      }, size)
      const expected: string[][] = []
      for (const p of people) {
        a.mark()
        for (const r of p.rows) a.row(r)
        if (!p.again) continue
        expected.push(...p.rows)
        // After a flush the marked bytes are gone: the caller encodes again, as writeAgain() does.
        const bytes = a.sinceMark()
        if (bytes) b.bytes(bytes, p.rows.length)
        else for (const r of p.rows) b.row(r)
      }
      a.flush()
      b.flush()
      assert.equal(Buffer.concat(copy).toString('utf8'), stringify(expected))
      assert.equal(copiedRows, expected.length)
    }),
  )
})

test("digest columns (hashed, without --plain) are written unquoted, and give csv-stringify's bytes", () => {
  // A digest column holds '' or 64 hex digits; a cell of another length there is tested for quotes like any other.
  const digestCell = fc.oneof(fc.constant(''), fc.stringMatching(/^[0-9a-f]{64}$/), fc.constantFrom(',', '"x"', 'a\nb', 'Zoë'))
  const anyCell = fc.oneof(fc.string(), fc.constantFrom('', ',', '"', '\n', 'f50d00516cb178907da4e9012584ec784b6e0317331138418f0a8bfa39b8a44c'))
  const table = fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }).chain((columns) =>
    fc.tuple(fc.constant(columns), fc.array(fc.tuple(...columns.map((d) => (d ? digestCell : anyCell))), { minLength: 1, maxLength: 20 })),
  )
  fc.assert(
    fc.property(table, fc.integer({ min: 8, max: 512 }), ([columns, rows], size) => {
      const parts: Buffer[] = []
      const e = new CsvEncoder((b) => parts.push(Buffer.from(b)), size, columns)
      e.row(['header', 'a,b'], false)
      for (const r of rows) e.row(r)
      e.flush()
      assert.equal(Buffer.concat(parts).toString('utf8'), stringify([['header', 'a,b'], ...rows]))
    }),
    { numRuns: 300 },
  )
})

test('Buffers given back are filled again by the next encoders (only full-size ones), with the same bytes', () => {
  const given = new ArrayBuffer(1 << 20)
  giveBlocks([new ArrayBuffer(100), given])
  const parts: Buffer[] = []
  const e = new CsvEncoder((b) => parts.push(b))
  e.row(['a', 'b,c'])
  e.flush()
  assert.equal(parts[0]!.buffer, given)
  assert.equal(parts[0]!.toString(), 'a,"b,c"\n')
  const next: Buffer[] = []
  const f = new CsvEncoder((b) => next.push(b))
  f.row(['x'])
  f.flush()
  assert.notEqual(next[0]!.buffer, given)
  assert.equal(next[0]!.buffer.byteLength, 1 << 20)
})
