// An output file's background writeback (output-folder.ts, DiskFile): started once enough is written, it
// never changes the bytes, the counts or the digest, and the second descriptor it opens is closed once the
// file is closed and the last sync has finished, so a long run does not leak a descriptor per file.

import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { after, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { DiskFile } from '../../src/io/output-folder.js'
import { tempDir } from '../helpers.js'

const tmp = tempDir()
after(() => fs.rmSync(tmp, { recursive: true, force: true }))

/** How many of this process's descriptors are open on `file`. */
function descriptorsOn(file: string): number {
  let n = 0
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try {
      if (fs.readlinkSync(`/proc/self/fd/${fd}`) === file) n++
    } catch {
      /* closed while listing */
    }
  }
  return n
}

test('a file written past the writeback size is synced in the background and written whole', async () => {
  const abs = path.join(fs.realpathSync(tmp), 'audience.csv')
  const f = new DiskFile(abs, 'audience.csv', 64 << 10)
  const sha = crypto.createHash('sha256')
  let most = 0
  for (let i = 0; i < 200; i++) {
    const b = Buffer.from(`+4479111${String(i).padStart(5, '0')},${'x'.repeat(20_000 + i)}\n`)
    sha.update(b)
    f.write(b, 1)
    most = Math.max(most, descriptorsOn(abs))
    if (i % 20 === 0) await sleep(1) // lets the syncs' callbacks run, as the event loop does between blocks
  }
  assert.ok(most >= 2, 'a second descriptor was opened for the background sync')
  const written = f.close()
  const want = sha.digest('hex')
  assert.equal(written.sha256, want)
  assert.equal(written.rows, 200)
  assert.equal(written.bytes, fs.statSync(abs).size)
  assert.equal(crypto.createHash('sha256').update(fs.readFileSync(abs)).digest('hex'), want)
  for (let i = 0; i < 200 && descriptorsOn(abs) > 0; i++) await sleep(5)
  assert.equal(descriptorsOn(abs), 0, 'no descriptor of the file is left open once its last sync is done')
})

test('a small file is never synced in the background', () => {
  const abs = path.join(fs.realpathSync(tmp), 'small.csv')
  const f = new DiskFile(abs, 'small.csv')
  f.write(Buffer.from('phone\n+447911123456\n'), 1)
  assert.equal(descriptorsOn(abs), 1, 'only the writing descriptor')
  f.close()
  assert.equal(descriptorsOn(abs), 0)
})
