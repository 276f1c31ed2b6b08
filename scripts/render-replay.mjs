#!/usr/bin/env node
// The output pass alone (parallel/render-block.ts: people materialized from the shared record store, each
// target's rows, CSV encoding), replayed from a capture so that callgrind can count it without the intake.
// Run after a build:
//   capture: RENDER_CAPTURE=/tmp/render.bin node --import ./scripts/render-replay.mjs bin/wa-audience.js prepare ... --threads 2
//   replay:  node scripts/render-replay.mjs /tmp/render.bin [reps]
//   check:   node scripts/render-replay.mjs /tmp/render.bin check   (a digest of every block's bytes, tally and
//            skipped people: the same digest before and after a change means the same output)
//   count:   valgrind --tool=callgrind node --predictable --single-threaded scripts/render-replay.mjs /tmp/render.bin 1
//            (and again with 0 reps: the difference is the output pass; loading the capture is the rest)
// The capture is the `output-init` message the main thread broadcasts to the workers (the store and groups in
// SharedArrayBuffers, copied out), so the replay renders exactly the people of that run, in blocks of the
// run's size.

import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import v8 from 'node:v8'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const BLOCK = 16_384 // DEFAULT_TUNING.blockPeople

// v8.serialize refuses SharedArrayBuffers: they and the views over them are copied out and back.
const pack = (x) => {
  if (x instanceof SharedArrayBuffer) return { sab: new Uint8Array(new Uint8Array(x)) }
  if (ArrayBuffer.isView(x)) {
    if (!(x.buffer instanceof SharedArrayBuffer)) return x
    return { view: x.constructor.name, bytes: new Uint8Array(x.buffer, x.byteOffset, x.byteLength).slice() }
  }
  if (Array.isArray(x)) return x.map(pack)
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, pack(v)]))
  return x
}
const shared = (bytes) => {
  const s = new SharedArrayBuffer(bytes.length)
  new Uint8Array(s).set(bytes)
  return s
}
const unpack = (x) => {
  if (Array.isArray(x)) return x.map(unpack)
  if (!x || typeof x !== 'object' || ArrayBuffer.isView(x)) return x
  if (x.sab) return shared(x.sab)
  if (x.view) return new globalThis[x.view](shared(x.bytes))
  return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, unpack(v)]))
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { initOutput, renderBlock } = await import(path.join(root, 'dist/src/pipeline/parallel/render-block.js'))
  const init = unpack(v8.deserialize(fs.readFileSync(process.argv[2])))
  initOutput(init)
  const check = process.argv[3] === 'check'
  const reps = check ? 1 : Number(process.argv[3] ?? 5)
  for (let r = 0; r < reps; r++) {
    const digest = crypto.createHash('sha256')
    const t0 = process.cpuUsage()
    for (let from = 0; from < init.groups.count; from += BLOCK) {
      const b = renderBlock({ kind: 'output-block', from, to: Math.min(init.groups.count, from + BLOCK) })
      if (!check) continue
      for (const e of [...b.targets, ...b.segments]) {
        if (e.kind === 'bytes') for (const p of e.parts) digest.update(p)
        else digest.update(e.rows.join('\n'))
      }
      digest.update(JSON.stringify([b.segmentRows, b.tally, b.skipped]))
    }
    const d = process.cpuUsage(t0)
    console.log(`rep ${r}: ${((d.user + d.system) / 1000).toFixed(1)} ms CPU, ${init.groups.count} people${check ? `, digest ${digest.digest('hex')}` : ''}`)
  }
} else if (process.env.RENDER_CAPTURE) {
  // Loaded with --import into a run: the output-init broadcast is kept and written when the run ends.
  const { WorkerPool } = await import(path.join(root, 'dist/src/pipeline/parallel/pool.js'))
  const broadcast = WorkerPool.prototype.broadcast
  WorkerPool.prototype.broadcast = function (job, ...rest) {
    if (job?.kind === 'output-init') fs.writeFileSync(process.env.RENDER_CAPTURE, v8.serialize(pack(job)))
    return broadcast.call(this, job, ...rest)
  }
}
