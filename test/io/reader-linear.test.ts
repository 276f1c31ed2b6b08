// The reader in linear time on hostile inputs (issue 14): millions of empty lines, records that hold quotes
// among them, and a header that never ends. Each case has a test timeout: a reader that is not linear hangs.

import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { test } from 'node:test'
import { FastCsvParser } from '../../src/io/fast-csv.js'
import { MAX_HEADER_CHARS, openTableStream } from '../../src/io/read-table.js'

function parse(chunks: string[]): { records: string[][]; lines: number[]; empty: number } {
  const p = new FastCsvParser(',')
  const records: string[][] = []
  const lines: number[] = []
  const sink = (r: string[], line: number) => {
    records.push(r)
    lines.push(line)
  }
  for (const c of chunks) p.push(c, sink)
  p.end(sink)
  return { records, lines, empty: p.emptyLines }
}

test('3,000,000 empty lines in 1 MB chunks: skipped and counted, the rows keep their line numbers', { timeout: 10_000 }, () => {
  const text = 'a,b\n' + '\n'.repeat(3_000_000) + '1,2\n'
  const chunks: string[] = []
  for (let i = 0; i < text.length; i += 1 << 20) chunks.push(text.slice(i, i + (1 << 20)))
  const r = parse(chunks)
  assert.deepEqual(r.records, [['a', 'b'], ['1', '2']])
  assert.deepEqual(r.lines, [1, 3_000_002])
  assert.equal(r.empty, 3_000_000)
})

test('quoted records among runs of empty lines (LF and CRLF): each quote is found once, every record right', { timeout: 10_000 }, () => {
  const gap = 200_000
  const text = 'a,b\n' + '\n'.repeat(gap) + '"x\ny",1\n' + '\r\n'.repeat(gap) + 'p,"q""r"\n' + '\n'.repeat(gap) + 'z,2'
  const r = parse([text.slice(0, 1000), text.slice(1000, 300_000), text.slice(300_000)])
  assert.deepEqual(r.records, [['a', 'b'], ['x\ny', '1'], ['p', 'q"r'], ['z', '2']])
  assert.deepEqual(r.lines, [1, gap + 2, 2 * gap + 4, 3 * gap + 5])
  assert.equal(r.empty, 3 * gap)
})

test('unfinishedChars is the record still waiting for its line end', () => {
  const p = new FastCsvParser(',')
  const none = () => assert.fail('no record yet')
  p.push('abc', none)
  p.push('def', none)
  assert.equal(p.unfinishedChars, 6)
  const got: string[][] = []
  p.push('\nxy', (r) => got.push(r))
  assert.deepEqual(got, [['abcdef']])
  assert.equal(p.unfinishedChars, 2)
})

function stream(parts: Array<string | Buffer>): Readable {
  return Readable.from(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)))
}

test('a header that goes on past the limit is refused with its file and line, before the rest is read', { timeout: 10_000 }, async () => {
  const mb = Buffer.alloc(1 << 20, 'x')
  let pulled = 0
  const parts = function* () {
    yield Buffer.from('\n\nphone,')
    // An endless first record: the reader must stop on its own.
    for (;;) {
      pulled++
      yield mb
    }
  }
  await assert.rejects(openTableStream('endless.csv', Readable.from(parts())), (e: Error) => {
    assert.match(e.message, /^endless\.csv line 3: the header row goes on for more than 4 MB without a line end/)
    return true
  })
  assert.ok(pulled <= MAX_HEADER_CHARS / mb.length + 3, `read ${pulled} MB`)
})

test('a wide header under the limit is read', async () => {
  const cols = Array.from({ length: 100_000 }, (_, i) => `column ${i}`)
  const t = await openTableStream('wide.csv', stream([cols.join(',') + '\n', cols.map(() => 'v').join(',') + '\n']))
  assert.equal(t.header.length, 100_000)
  const rows: string[][] = []
  for await (const b of t.batches) rows.push(...b.rows)
  assert.equal(rows.length, 1)
})

test('a stop signal ends the read of text that yields no rows', { timeout: 10_000 }, async () => {
  const stop = new AbortController()
  const empties = Buffer.alloc(1 << 20, '\n')
  let pulled = 0
  const parts = function* () {
    yield Buffer.from('phone,email\n')
    for (;;) {
      if (++pulled === 3) stop.abort()
      yield empties
    }
  }
  const t = await openTableStream('blank.csv', Readable.from(parts()), { signal: stop.signal })
  await assert.rejects(async () => {
    for await (const _ of t.batches) void _
  }, /Interrupted/)
  assert.ok(pulled < 10)
})
