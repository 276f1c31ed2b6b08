// The Buffer encoder must write exactly csv-stringify's bytes (default options), whatever the cells hold.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { stringify } from 'csv-stringify/sync'
import fc from 'fast-check'
import { CsvEncoder } from '../../src/io/csv-encode.js'

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
  ]
  assert.equal(encode(rows), stringify(rows))
})

test('any cells, any buffer size, are csv-stringify\'s bytes', () => {
  const cell = fc.oneof(fc.string(), fc.string({ unit: 'grapheme', maxLength: 8 }), fc.constantFrom('', ',', '"', '\n', '\r\n', 'a"b', '😀'))
  fc.assert(
    fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 20 }), fc.integer({ min: 8, max: 256 }), (rows, size) => {
      assert.equal(encode(rows, size), stringify(rows))
    }),
    { numRuns: 500 },
  )
})
