// The worker thread: takes jobs from the main thread's pool (pool.ts) and posts results back, transferring
// the typed arrays and byte runs instead of copying them.

import { parentPort } from 'node:worker_threads'
import { ingestChunk, type IngestJob } from './ingest-chunk.js'

if (!parentPort) throw new Error('worker.ts runs only as a worker thread')
const port = parentPort

port.on('message', (msg: { id: number; job: IngestJob }) => {
  try {
    const result = ingestChunk(msg.job)
    const p = result.packed
    const transfer = [p.lines.buffer, p.consent.buffer, p.times.buffer, p.at.buffer, p.blobLens.buffer, p.phoneKeys.buffer, p.phoneKeyCounts.buffer, p.otherKeyCounts.buffer] as ArrayBuffer[]
    transfer.push(p.blob.buffer as ArrayBuffer)
    port.postMessage({ id: msg.id, result }, transfer)
  } catch (e) {
    port.postMessage({ id: msg.id, failure: (e as Error)?.stack ?? String(e) })
  }
})
