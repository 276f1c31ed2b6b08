// The worker thread: takes jobs from the main thread's pool (pool.ts) and posts results back, transferring
// the typed arrays and byte runs instead of copying them. Jobs: a chunk of an input to read (ingest-chunk.ts),
// and the output pass's set-up and blocks of people (render-block.ts).

import { parentPort } from 'node:worker_threads'
import { giveBlocks } from '../../io/csv-encode.js'
import { ingestChunk, type IngestJob } from './ingest-chunk.js'
import { blockTransfer, initOutput, renderBlock, type OutputBlock, type OutputInit } from './render-block.js'

if (!parentPort) throw new Error('worker.ts runs only as a worker thread')
const port = parentPort

// V8 compiles typed-array code on the promise that no ArrayBuffer of the thread has ever been detached (its
// detaching protector), and the first transfer below (a chunk's result) breaks the promise: every optimized
// function that touches a typed array (readRecord, writeBlob, writeText, copyHashed, the packer's add ...) was
// thrown away at the end of the first chunk and compiled again (--log-deopt: "dependency-change"). One empty
// buffer detached before any code is hot has them compiled once, as they are after the first result anyway.
const detached = new ArrayBuffer(8)
structuredClone(detached, { transfer: [detached] })

// A literal of four properties shares its hidden classes with objects grown from `{}` (four in-object slots
// either way), so a record's consent `{ whatsapp, sms, email, ads }` and a layout object the job message brings,
// `{ whatsapp: 2 }` (a file with a WhatsApp consent column), take the same first transition: the column's
// number, deserialized at that file's first chunk, changed the field's representation under the optimized
// readRecord, encodeRecord and the packer's add, which were thrown away (gdb: ValueDeserializer ->
// MapUpdater::GeneralizeField, field representation). The same change made here, before any code is hot.
structuredClone({ whatsapp: 0, sms: 0, email: 0, ads: 0 })

type Job = IngestJob | OutputInit | OutputBlock

port.on('message', (msg: { id: number; job: Job; spare?: ArrayBuffer[] }) => {
  try {
    // Encoder Buffers the main thread has written out, for this thread's encoders to fill again.
    if (msg.spare) giveBlocks(msg.spare)
    const job = msg.job
    if (job.kind === 'ingest') {
      const result = ingestChunk(job)
      const p = result.packed
      const transfer = [p.lines.buffer, p.consent.buffer, p.times.buffer, p.at.buffer, p.blobLens.buffer, p.phoneKeys.buffer, p.phoneKeyCounts.buffer, p.otherKeyCounts.buffer, p.otherKeyHashes.buffer, p.blob.buffer] as ArrayBuffer[]
      // The chunk's buffer goes back for a later chunk (nothing here keeps a view of it).
      if (job.bytes.buffer instanceof ArrayBuffer) {
        result.spare = job.bytes.buffer
        transfer.push(job.bytes.buffer)
      }
      port.postMessage({ id: msg.id, result }, transfer)
    } else if (job.kind === 'output-init') {
      initOutput(job)
      port.postMessage({ id: msg.id, result: null })
    } else {
      const result = renderBlock(job)
      port.postMessage({ id: msg.id, result }, blockTransfer(result))
    }
  } catch (e) {
    port.postMessage({ id: msg.id, failure: (e as Error)?.stack ?? String(e) })
  }
})
