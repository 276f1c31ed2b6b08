#!/usr/bin/env node
// npm run bench: the shared kit's workload (../shared/bench) through `wa-audience prepare` and the kit's
// peers in the same run, then the ratios. Figures from a shared, noisy machine are only comparable within
// one run, so ratios to the peers measured alongside are what we report.
//
//   npm run bench                       1M customers + 500k followers: peers and product (RUNS=1)
//   npm run bench -- --rows 100000      smaller data
//   npm run bench -- --runs 3           median of 3 runs per entry
//   npm run bench -- --all              also the kit's read/write floors
//   npm run bench -- --scale 10000000   the product alone on N customer rows (no followers): rows/s and peak RSS
//
// Needs GNU time, and for the full table Miller and Debian's python3-phonenumbers (see the kit's README).

import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const kit = path.resolve(root, '../shared/bench')
if (!fs.existsSync(path.join(kit, 'run-bench.sh'))) {
  console.error(`bench: the benchmark kit is not at ${kit}; it lives in ../shared/bench beside this repository.`)
  process.exit(1)
}
if (!fs.existsSync('/usr/bin/time')) {
  console.error('bench: GNU time is required: apt-get install -y time')
  process.exit(1)
}

const argv = process.argv.slice(2)
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`)
  return i >= 0 ? argv[i + 1] : dflt
}
const rows = opt('rows', '1000000')
const runs = opt('runs', '1')
const scale = opt('scale', undefined)
const cache = process.env.BENCH_CACHE ?? path.join(os.tmpdir(), 'wa-audience-bench')

// The product's command. prepare does more than the peers (every output, the report, consent per channel);
// --whatsapp-consent-from sms makes its WhatsApp audience the closest to the peers' job (customers' SMS
// consent counts), and the header rename gives the kit's compare.mjs its `phone_e164` column.
const bin = path.join(root, 'bin', 'wa-audience.js')
const prepare = (customers, followers, out) =>
  `node "${bin}" prepare --customers "${customers}"${followers ? ` --followers "${followers}"` : ''} --out "${out}" --country GB --whatsapp-consent-from sms -q`

execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' })

if (scale) {
  // The product alone on N customer rows: generated once into the cache.
  const data = path.join(cache, `scale-c${scale}`)
  if (!fs.existsSync(path.join(data, 'MANIFEST.json'))) {
    execFileSync(process.execPath, [path.join(kit, 'gen-data.mjs'), '--rows', scale, '--followers', '0', '--seed', '42', '--out', data], { stdio: 'inherit' })
  }
  const out = path.join(cache, 'out', `scale-${scale}`)
  fs.rmSync(out, { recursive: true, force: true })
  const timeFile = path.join(cache, `scale-${scale}.time`)
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', '-o', timeFile, 'sh', '-c', prepare(path.join(data, 'customers.csv'), '', out)], { stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
  const [wall, user, sys, rss] = fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number)
  console.log(`\nproduct on ${Number(scale).toLocaleString('en-US')} customer rows: wall ${wall.toFixed(2)} s, ${Math.round(Number(scale) / wall).toLocaleString('en-US')} rows/s, cpu ${(user + sys).toFixed(2)} s, peak RSS ${Math.round(rss / 1024)} MB`)
  process.exit(0)
}

const cmd = `${prepare('$CUSTOMERS', '$FOLLOWERS', '$OUT_DIR/prepared')} && sed '1s/^phone,/phone_e164,/' "$OUT_DIR/prepared/whatsapp.csv" > "$OUT"`
const filter = argv.includes('--all') ? '.' : 'peer|product'
const r = spawnSync('bash', [path.join(kit, 'run-bench.sh'), filter], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
  encoding: 'utf8',
  env: { ...process.env, ROWS: rows, RUNS: runs, WA_AUDIENCE_CMD: cmd, BENCH_CACHE: cache },
})
process.stdout.write(r.stdout)
if (r.status !== 0) process.exit(r.status ?? 1)

// Ratios from the table the kit printed: | entry | wall s | rows/s | cpu s | peak RSS MB | audience rows |
const table = new Map()
for (const line of r.stdout.split('\n')) {
  const m = /^\| (.+?) \| ([\d.]+) \| (\d+) \| ([\d.]+) \| (\d+) \| .* \|$/.exec(line)
  if (m) table.set(m[1], { wall: +m[2], rowsPerSec: +m[3], cpu: +m[4], rss: +m[5] })
}
const product = [...table].find(([k]) => k.startsWith('product'))?.[1]
if (!product) process.exit(0)
console.log('\nproduct vs peers, same run:')
for (const [name, e] of table) {
  if (name.startsWith('product')) continue
  console.log(`  ${(product.rowsPerSec / e.rowsPerSec).toFixed(2)}x the rows/s of ${name}; cpu ${(product.cpu / e.cpu).toFixed(2)}x; peak RSS ${(product.rss / e.rss).toFixed(2)}x`)
}
