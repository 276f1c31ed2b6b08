// The reader in linear time on hostile inputs (issue 14): millions of empty lines, records that hold quotes
// among them, and a header that never ends. Each case has a test timeout: a reader that is not linear hangs.

import assert from 'node:assert/strict'
import { once } from 'node:events'
import { Readable } from 'node:stream'
import { test } from 'node:test'
import { Worker } from 'node:worker_threads'
import type { CsvRow } from '../../src/core/csv-row.js'
import { FastCsvParser } from '../../src/io/fast-csv.js'
import { MAX_HEADER_CHARS, openTableStream } from '../../src/io/read-table.js'

function parse(chunks: string[]): { records: string[][]; lines: number[]; empty: number } {
  const p = new FastCsvParser(',')
  const records: string[][] = []
  const lines: number[] = []
  const sink = (r: CsvRow, line: number) => {
    records.push(r.cells())
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

test('empty lines in chunks as the file reader hands them, in six fresh isolates: all done in seconds', { timeout: 30_000 }, async () => {
  // The old line loop hung here (tens of seconds on the last, shorter chunk) or not, by when V8 compiled it:
  // in about half the runs. Six worker threads are six fresh compilations; before the fix, one of them or more
  // hung in every run tried.
  const code = `
    const { parentPort, workerData } = require('node:worker_threads')
    import(workerData).then(({ FastCsvParser }) => {
      const p = new FastCsvParser(',')
      const rows = []
      const sink = (r, line) => rows.push([r.cells().join(','), line])
      p.push('a,b\\n', sink)
      const mb = Buffer.alloc(1 << 20, 10)
      for (let i = 0; i < 4; i++) p.push(mb.toString('latin1'), sink)
      p.push(Buffer.alloc(900000, 10).toString('latin1') + '1,2\\n', sink)
      p.end(sink)
      parentPort.postMessage({ rows, empty: p.emptyLines })
    })`
  const url = new URL('../../src/io/fast-csv.js', import.meta.url).href
  const workers = Array.from({ length: 6 }, () => new Worker(code, { eval: true, workerData: url }))
  try {
    const done = Promise.all(workers.map((w) => once(w, 'message')))
    const late = new Promise<'late'>((r) => setTimeout(() => r('late'), 15_000).unref())
    const results = await Promise.race([done, late])
    assert.notEqual(results, 'late', 'a parser still reading empty lines after 15 s')
    const empty = 4 * (1 << 20) + 900_000
    for (const [r] of results as Array<[unknown]>) assert.deepEqual(r, { rows: [['a,b', 1], ['1,2', empty + 2]], empty })
  } finally {
    await Promise.all(workers.map((w) => w.terminate()))
  }
})

test('a file of one column (no delimiter) in 1 MB chunks: each delimiter search starts past the last, not at every line', { timeout: 10_000 }, () => {
  // 1,000,000 lines of one cell, a few quoted: a search for the next delimiter from every line to the chunk's
  // end would read a megabyte a line.
  const lines = ['phone']
  for (let i = 0; i < 1_000_000; i++) lines.push(i % 1000 === 7 ? `"+44 ${i}"` : `0740${i}`)
  const text = lines.join('\n') + '\n'
  const chunks: string[] = []
  for (let i = 0; i < text.length; i += 1 << 20) chunks.push(text.slice(i, i + (1 << 20)))
  const started = process.hrtime.bigint()
  const r = parse(chunks)
  assert.ok(Number(process.hrtime.bigint() - started) < 5e9, 'read in seconds')
  assert.equal(r.records.length, lines.length)
  assert.deepEqual(r.records[8], ['+44 7'])
  assert.deepEqual(r.records[1_000_000], ['0740999999'])
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
  p.push('\nxy', (r) => got.push(r.cells()))
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
  for await (const b of t.batches) rows.push(...b.rows.map((r) => r.cells()))
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
