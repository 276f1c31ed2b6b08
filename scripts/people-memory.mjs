#!/usr/bin/env node
// Bytes per person of the people index, measured on the bench kit's generated data (issue: "report bytes per
// person measured on generated data"). Run after `npm run build`:
//   node --expose-gc scripts/people-memory.mjs [--rows 1000000] [--data DIR] [--followers 0]
// Generates the data with ../shared/bench/gen-data.mjs into $TMPDIR unless --data names a folder holding
// customers.csv (and followers.csv). Prints what the index holds and what the process grew by.

import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const { openInputs } = await import(path.join(root, 'dist/src/pipeline/ingest.js'))
const { resolvePeople } = await import(path.join(root, 'dist/src/pipeline/resolve.js'))

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []))
const rows = Number(args.rows ?? 1_000_000)
let data = args.data
if (!data) {
  data = path.join(os.tmpdir(), `wa-people-memory-${rows}-${args.followers ?? 'half'}`)
  if (!fs.existsSync(path.join(data, 'customers.csv'))) {
    const gen = path.resolve(root, '../shared/bench/gen-data.mjs')
    execFileSync(process.execPath, [gen, '--rows', String(rows), '--seed', '42', '--out', data, ...(args.followers ? ['--followers', args.followers] : [])], { stdio: 'inherit' })
  }
}
const specs = [{ path: path.join(data, 'customers.csv'), role: 'customers' }]
if (fs.existsSync(path.join(data, 'followers.csv')) && fs.statSync(path.join(data, 'followers.csv')).size > 300) specs.push({ path: path.join(data, 'followers.csv'), role: 'followers' })

const mb = (b) => (b / 1048576).toFixed(1)
global.gc?.()
const before = process.memoryUsage()
const t0 = performance.now()
const inputs = await openInputs(specs, {}, { map: {}, consent: {}, consentAt: {} })
const resolved = await resolvePeople(inputs, { defaultCountry: 'GB', whatsappConsentFromSms: false })
const t1 = performance.now()
// Measured before the people are listed: listing them releases the key tables (identity is settled).
const index = resolved.index.bytes
let people = 0
for (const _ of resolved.index.people(resolved.suppression)) people++
const t2 = performance.now()
global.gc?.()
const after = process.memoryUsage()
const grown = after.rss - before.rss
console.log(JSON.stringify({
  rows: resolved.rowsIn,
  records: resolved.index.recordCount,
  people,
  index_bytes: index,
  index_bytes_per_person: Math.round(index / people),
  rss_growth_bytes_per_person: Math.round(grown / people),
  rss_mb: mb(after.rss),
  heap_used_mb: mb(after.heapUsed),
  array_buffers_mb: mb(after.arrayBuffers),
  ingest_s: ((t1 - t0) / 1000).toFixed(1),
  materialize_s: ((t2 - t1) / 1000).toFixed(1),
}, null, 2))
