import assert from 'node:assert/strict'
import { test } from 'node:test'
import { guessDelimiter, guessEncoding, binaryKind } from '../../src/io/sniff.js'

test('encodings from the BOM, the NUL pattern, and UTF-8 validity', () => {
  assert.deepEqual(guessEncoding(Buffer.from([0xff, 0xfe, 0x69, 0x00])), { encoding: 'utf-16le', bomLength: 2, evidence: 'bom' })
  assert.equal(guessEncoding(Buffer.from([0xfe, 0xff, 0x00, 0x69])).encoding, 'utf-16be')
  assert.equal(guessEncoding(Buffer.from('\ufeffa,b\n', 'utf8')).bomLength, 3)
  assert.equal(guessEncoding(Buffer.from('name,city\nZoë,Köln\n', 'utf8')).encoding, 'utf-8')
  assert.equal(guessEncoding(Buffer.from('name,city\nZo\xeb,K\xf6ln \x96 Nord\n', 'latin1')).encoding, 'windows-1252')
  assert.equal(guessEncoding(Buffer.from('name,city\n', 'utf16le')).encoding, 'utf-16le')
})

test('a UTF-8 sample cut in the middle of a character is still UTF-8', () => {
  const b = Buffer.from('name\nZoë', 'utf8')
  assert.equal(guessEncoding(b.subarray(0, b.length - 1)).encoding, 'utf-8')
})

test('delimiters: the one that splits every line alike', () => {
  assert.equal(guessDelimiter('a,b,c\n1,2,3\n'), ',')
  assert.equal(guessDelimiter('Nom;Ville;Téléphone\nDubois, Chloé;Lyon;06 12 34 56 78\n'), ';')
  assert.equal(guessDelimiter('id\tcreated_time\tfull_name\nl:1\t2025\tA, B\n'), '\t')
  assert.equal(guessDelimiter('a|b\n1|2\n'), '|')
})

test('archives and workbooks are recognised', () => {
  assert.equal(binaryKind(Buffer.from([0x1f, 0x8b, 8, 0])), 'gzip')
  assert.equal(binaryKind(Buffer.from('PK\x03\x04xl/workbook.xml', 'latin1')), 'xlsx')
  assert.equal(binaryKind(Buffer.from('a,b\n')), undefined)
})
