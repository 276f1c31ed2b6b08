// The workers' chunk intake alone (ingestChunk: decoding, CSV splitting, the row-intake step, packing), for
// instruction counts and CPU time of that step without the rest of a run.
//
//   node scripts/intake-chunks.mjs capture DIR [prepare flags...]   runs prepare --threads 2, saving every
//                                                                   ingest job (spec and chunk bytes) to DIR
//   node scripts/intake-chunks.mjs run DIR [all|none|0,20] [passes]  runs ingestChunk on the saved jobs; prints
//                                                                   a digest of what they gave (packed records,
//                                                                   rejects, figures) and CPU µs a row
//
// SER=1 adds v8.serialize of each result (what postMessage does in a worker). Instruction counts:
//   valgrind --tool=callgrind node --predictable scripts/intake-chunks.mjs run DIR 0,20 3
// (the kit's chunks 0 and 20 are one of customers.csv and one of followers.csv); a warm pass is
// (3 passes - 1 pass) / 2. The digest must not change when the code does. RECORDS=1 adds a second digest of
// what the packed records mean: everything but the blob bytes, and each record as a record store reads it
// back (RecordStore.get and keys): it stays the same when the blobs' layout changes (the first does not).
import crypto from 'node:crypto'
import fs from 'node:fs'
import v8 from 'node:v8'

const [mode, dir, ...rest] = process.argv.slice(2)
const dist = new URL('../dist/src/', import.meta.url)
if (mode === 'capture' && dir) {
  const { WorkerPool } = await import(new URL('pipeline/parallel/pool.js', dist).href)
  const { main } = await import(new URL('cli.js', dist).href)
  fs.mkdirSync(dir, { recursive: true })
  let n = 0
  const run = WorkerPool.prototype.run
  WorkerPool.prototype.run = function (job, transfer) {
    if (job && job.kind === 'ingest') {
      const id = String(n++).padStart(3, '0')
      const { bytes, ...spec } = job
      fs.writeFileSync(`${dir}/${id}.json`, JSON.stringify(spec))
      fs.writeFileSync(`${dir}/${id}.bin`, bytes)
    }
    return run.call(this, job, transfer)
  }
  await main(['node', 'wa-audience', 'prepare', ...rest, '--threads', '2'])
} else if (mode === 'run' && dir) {
  const { ingestChunk } = await import(new URL('pipeline/parallel/ingest-chunk.js', dist).href)
  const { RecordStore } = await import(new URL('core/people/record-store.js', dist).href)
  const meaning = process.env.RECORDS === '1' ? crypto.createHash('sha256') : null
  const all = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort()
  const pick = rest[0] === 'none' ? [] : !rest[0] || rest[0] === 'all' ? all : rest[0].split(',').map((s) => s.padStart(3, '0'))
  const passes = Number(rest[1] ?? 1)
  const jobs = pick.map((id) => ({ spec: JSON.parse(fs.readFileSync(`${dir}/${id}.json`, 'utf8')), bytes: new Uint8Array(fs.readFileSync(`${dir}/${id}.bin`)) }))
  const ser = process.env.SER === '1'
  const h = crypto.createHash('sha256')
  let rows = 0
  // CPU of the intake only (the digests are left out of it).
  let cpu = 0
  for (let pass = 0; pass < passes; pass++) {
    for (const j of jobs) {
      const t0 = process.cpuUsage()
      const res = ingestChunk({ ...j.spec, bytes: j.bytes })
      if (ser) v8.serialize(res)
      const t = process.cpuUsage(t0)
      cpu += t.user + t.system
      rows += res.partial.rows
      if (pass > 0) continue
      for (const k of Object.keys(res.packed).sort()) {
        const v = res.packed[k]
        h.update(k)
        h.update(ArrayBuffer.isView(v) ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : JSON.stringify(v))
      }
      h.update(JSON.stringify([res.rejects, res.partial, res.error ?? null]))
      if (!meaning) continue
      for (const k of Object.keys(res.packed).sort()) {
        if (k === 'blob' || k === 'blobLens') continue
        const v = res.packed[k]
        meaning.update(k)
        meaning.update(ArrayBuffer.isView(v) ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : JSON.stringify(v))
      }
      const store = new RecordStore()
      store.addPackedBatch(res.packed, 0, 1)
      for (let id = 0; id < store.count; id++) meaning.update(JSON.stringify([store.get(id), store.keys(id)]))
    }
  }
  console.log(`digest ${h.digest('hex').slice(0, 16)} ${meaning ? `records ${meaning.digest('hex').slice(0, 16)} ` : ''}rows ${rows} cpu ${(cpu / 1000).toFixed(0)} ms ${(cpu / Math.max(1, rows)).toFixed(3)} µs a row`)
} else {
  console.error('usage: intake-chunks.mjs capture DIR [prepare flags...] | run DIR [all|none|0,20] [passes]')
  process.exitCode = 2
}
