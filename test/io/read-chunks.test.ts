// Cutting a file into chunks of whole records for the workers, with the chunk buffers the workers hand back
// reused: every data byte arrives once, in order, each chunk knows its first line, and a reused buffer never
// carries bytes of the chunk it held before.

import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, test } from 'node:test'
import { ChunkBuffers, recordChunks } from '../../src/io/read-chunks.js'
import { tempDir } from '../helpers.js'

const tmp = tempDir()
after(() => fs.rmSync(tmp, { recursive: true, force: true }))

test('chunks in reused buffers hold every record once, in order, with their first lines', async () => {
  const header = 'phone,email,note\n'
  // Records of uneven length, some with a quoted line break, so chunks differ in size.
  const records = Array.from({ length: 400 }, (_, i) => `+4479111${String(i).padStart(5, '0')},p${i}@example.com,${i % 7 === 0 ? '"two\nlines"' : 'x'.repeat(i % 50)}\n`)
  const file = path.join(tmp, 'people.csv')
  fs.writeFileSync(file, header + records.join(''))

  const buffers = new ChunkBuffers()
  const seen = new Set<ArrayBufferLike>()
  const stats = { bytes: 0, sha256: '' }
  let text = ''
  let line = 2
  for await (const chunk of recordChunks(file, { delimiter: ',', name: 'people.csv', chunkBytes: 300, buffers }, stats)) {
    assert.equal(chunk.firstLine, line, 'each chunk starts on the line after the previous one')
    const part = chunk.bytes.toString('utf8')
    text += part
    line += (part.match(/\n/g) ?? []).length
    seen.add(chunk.bytes.buffer)
    // What a worker does when done: the buffer comes back, and the next chunk is copied into it.
    buffers.give(chunk.bytes.buffer as ArrayBuffer)
  }
  assert.equal(text, records.join(''))
  assert.equal(stats.bytes, fs.statSync(file).size)
  assert.ok(seen.size <= 2, `${seen.size} buffers for all the chunks`)
})

test('a returned buffer is reused only when the chunk fits it', () => {
  const buffers = new ChunkBuffers()
  const first = buffers.take(100, 150)
  assert.equal(first.length, 100)
  assert.equal(first.buffer.byteLength, 150, 'a new buffer has room to be reused')
  buffers.give(first.buffer as ArrayBuffer)
  const bigger = buffers.take(200, 150)
  assert.notEqual(bigger.buffer, first.buffer, 'too small: a new one')
  assert.equal(bigger.length, 200)
  const again = buffers.take(120, 150)
  assert.equal(again.buffer, first.buffer, 'fits: the returned one')
  assert.equal(again.length, 120)
})
