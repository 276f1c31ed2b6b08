import assert from 'node:assert/strict'
import { test } from 'node:test'
import { guessDelimiter, guessEncoding, binaryKind, looksBinary } from '../../src/io/sniff.js'

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

test('a whole file ending in one Windows-1252 letter is Windows-1252; UTF-8 cut in its last character stays UTF-8', () => {
  const cp1252 = Buffer.from('name\r\nRen\xe9', 'latin1')
  assert.equal(guessEncoding(cp1252, true).encoding, 'windows-1252')
  // The same bytes as the first part of a longer file: the cut may be the reader's, so not decided yet.
  assert.equal(guessEncoding(cp1252, false).encoding, 'utf-8')
  const cutUtf8 = Buffer.concat([Buffer.from('name\nJosé\nGarc'), Buffer.from('í').subarray(0, 1)])
  assert.equal(guessEncoding(cutUtf8, true).encoding, 'utf-8')
})

test('binary data is told from text by its control characters, after decoding', () => {
  let seed = 7
  const random = Buffer.from(Array.from({ length: 4096 }, () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16 & 0xff))
  assert.ok(looksBinary(new TextDecoder('windows-1252').decode(random)))
  assert.ok(!looksBinary('name,phone\r\nZoë,+44 7405 263100\tnote\u000b\u001a\n'))
  // UTF-16 text is full of NUL bytes but none once decoded.
  assert.ok(!looksBinary(new TextDecoder('utf-16le').decode(Buffer.from('اسم,هاتف\n'.repeat(50), 'utf16le'))))
})
