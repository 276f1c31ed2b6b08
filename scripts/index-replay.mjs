#!/usr/bin/env node
// The main thread's adding step alone (PeopleIndex.reserve/addPacked over the workers' packed records, then
// groups()), replayed from a capture so that callgrind can count it without the workers. Run after a build:
//   capture: INDEX_CAPTURE=/tmp/calls.bin node --import ./scripts/index-replay.mjs bin/wa-audience.js prepare ... --threads 2
//   replay:  node scripts/index-replay.mjs /tmp/calls.bin [reps]
//   count:   valgrind --tool=callgrind node --predictable --single-threaded scripts/index-replay.mjs /tmp/calls.bin 1
//            (and again with 0 reps: the difference is the adding; loading the capture is the rest)
// A replay prints each repetition's CPU time; the first is the cold one a run pays.

import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import v8 from 'node:v8'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const { PeopleIndex } = await import(path.join(root, 'dist/src/core/people/people-index.js'))

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const calls = v8.deserialize(fs.readFileSync(process.argv[2]))
  const reps = Number(process.argv[3] ?? 5)
  for (let r = 0; r < reps; r++) {
    const t0 = process.cpuUsage()
    const index = new PeopleIndex()
    for (const c of calls) {
      if (c[0] === 'reserve') index.reserve(c[1], c[2], c[3])
      else index.addPacked(c[1], c[2], c[3])
    }
    const groups = index.groups()
    const d = process.cpuUsage(t0)
    console.log(`rep ${r}: ${((d.user + d.system) / 1000).toFixed(1)} ms CPU, ${index.recordCount} records, ${groups.count} people`)
  }
} else if (process.env.INDEX_CAPTURE) {
  // Loaded with --import into a run: every call is kept (a copy: the arrays are the index's to read) and
  // written when the run ends.
  const calls = []
  const P = PeopleIndex.prototype
  const addPacked = P.addPacked
  const reserve = P.reserve
  P.addPacked = function (p, input, role) {
    calls.push(['add', structuredClone(p), input, role])
    return addPacked.call(this, p, input, role)
  }
  P.reserve = function (...a) {
    calls.push(['reserve', ...a])
    return reserve.apply(this, a)
  }
  process.on('exit', () => fs.writeFileSync(process.env.INDEX_CAPTURE, v8.serialize(calls)))
}
