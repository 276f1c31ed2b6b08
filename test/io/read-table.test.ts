// Reading bytes as real exports write them: every encoding and delimiter, quoted newlines, doubled and stray
// quotes, ragged rows, values never cast, line numbers that are the file's own.

import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, test } from 'node:test'
import crypto from 'node:crypto'
import { Readable } from 'node:stream'
import { openTable, openTableStream, type TableOptions } from '../../src/io/read-table.js'
import { tempDir } from '../helpers.js'

const tmp = tempDir()
after(() => fs.rmSync(tmp, { recursive: true, force: true }))

let n = 0
async function read(bytes: Buffer, options: TableOptions = {}) {
  const p = path.join(tmp, `t${n++}.csv`)
  fs.writeFileSync(p, bytes)
  const t = await openTable(p, options)
  const rows: string[][] = []
  const lines: number[] = []
  for await (const b of t.batches) {
    rows.push(...b.rows.map((r) => r.cells()))
    lines.push(...b.lines)
  }
  return { t, rows, lines }
}

const utf16be = (s: string) => {
  const le = Buffer.from(s, 'utf16le')
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!]
  return le
}

test('UTF-16 BE with a BOM, tab, CRLF', async () => {
  const { t, rows } = await read(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be('name\tphone\r\nZoë\t07405 263058\r\n')]))
  assert.equal(t.encoding, 'utf-16be')
  assert.equal(t.delimiter, '\t')
  assert.deepEqual(rows, [['Zoë', '07405 263058']])
})

test('UTF-8 with a BOM: the BOM is not part of the first column name', async () => {
  const { t } = await read(Buffer.from('\ufeffEmail,Phone\na@example.com,1\n'))
  assert.deepEqual(t.header, ['Email', 'Phone'])
  assert.equal(t.encodingEvidence, 'bom')
})

test('Windows-1252 bytes (é, en dash 0x96) are read as such', async () => {
  const { t, rows } = await read(Buffer.from('Nom;Ville\nHélène;Besançon \x96 centre\n', 'latin1'))
  assert.equal(t.encoding, 'windows-1252')
  assert.deepEqual(rows, [['Hélène', 'Besançon – centre']])
})

test('Windows-1252 bytes after a UTF-8-looking start: refused with the flag that reads them', async () => {
  // Past the first chunk read (1 MB), where the sample that chose the encoding ended.
  const head = 'name,phone\n' + 'Amelia,07405263058\n'.repeat(60000)
  const p = path.join(tmp, 'late.csv')
  fs.writeFileSync(p, Buffer.concat([Buffer.from(head), Buffer.from('H\xe9l\xe8ne,07405263058\n', 'latin1')]))
  const t = await openTable(p)
  await assert.rejects(
    async () => {
      for await (const _ of t.batches);
    },
    (e: Error) => /late\.csv line 60002: bytes that are not UTF-8.*pass --encoding windows-1252/.test(e.message),
  )
  const again = await openTable(p, { encoding: 'windows-1252' })
  let last: string[] = []
  for await (const b of again.batches) last = b.rows[b.rows.length - 1]!.cells()
  assert.deepEqual(last, ['Hélène', '07405263058'])
})

test('quoted newlines, doubled quotes, stray quotes; line numbers are where each row starts', async () => {
  const { rows, lines } = await read(Buffer.from('a,b,c\n1,"two\nlines",x\n2,"say ""hi""",y\n3,5" screen,z\n'))
  assert.deepEqual(rows, [
    ['1', 'two\nlines', 'x'],
    ['2', 'say "hi"', 'y'],
    ['3', '5" screen', 'z'],
  ])
  assert.deepEqual(lines, [2, 4, 5])
})

test('ragged rows are handed on (the ingest rejects them per line), values are never cast', async () => {
  const { rows } = await read(Buffer.from('phone|id\n07405263058|0012|extra\n+447911123456\n'))
  assert.deepEqual(rows, [['07405263058', '0012', 'extra'], ['+447911123456']])
})

test('--delimiter and --encoding override detection', async () => {
  const { t, rows } = await read(Buffer.from('a;b\n1;2\n'), { delimiter: ',', encoding: 'utf-8' })
  assert.equal(t.delimiter, ',')
  assert.equal(t.encodingEvidence, '--encoding')
  assert.deepEqual(rows, [['1;2']])
})

// A refused input is let go at once: its stream destroyed (a device's FileHandle left to the garbage collector
// was closed with a warning on stderr, beside the refusal's one sentence, in some runs of `--customers /dev/urandom`).
/** An endless stream (as /dev/urandom is): `first`, then `more()` for ever; it never ends by itself. */
function endless(first: Buffer, more: () => Buffer): Readable {
  let started = false
  return new Readable({
    read() {
      this.push(started ? more() : first)
      started = true
    },
  })
}

test('a refused endless stream is destroyed: before the header, and when a batch further down is refused', async () => {
  const binary = endless(crypto.randomBytes(4096), () => crypto.randomBytes(65536))
  await assert.rejects(openTableStream('random', binary), /does not look like a text file/)
  assert.equal(binary.destroyed, true)

  // 100 KB of good UTF-8 rows (the sample says UTF-8), then bytes that are not UTF-8, then more for ever.
  const rows = ['phone,email\n', ...Array.from({ length: 3000 }, (_, i) => `0740526${String(i).padStart(4, '0')},a${i}@example.com\n`)].join('')
  const broken = endless(Buffer.from(rows), () => Buffer.from('07405 263100,\xff\xfe@example.com\n'.repeat(1000), 'latin1'))
  const table = await openTableStream('broken', broken)
  assert.equal(broken.destroyed, false, 'still read after its header')
  await assert.rejects(async () => {
    for await (const _ of table.batches) void _
  }, /bytes that are not UTF-8/)
  assert.equal(broken.destroyed, true)
})
