#!/usr/bin/env node
// Numbers per second of the phone engine against plain libphonenumber-js, on the phone cells of a bench data
// folder (gen-data.mjs output). Each entry reads every cell once per run; the median of the runs is shown.
//   engine         parsePhone(cell, rowCountry): cleaning, country rules, MX/BR forms, fast path + memo
//   engine (lib)   the same engine reading through plain libphonenumber-js only (no fast path, no memo)
//   plain          parsePhoneNumberFromString(cell without `p:`, { defaultCountry }) + isValid() + getType()
// Usage: npm run build && node scripts/phone-bench.mjs DIR [--runs 5]

import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import { readBenchPhones } from './bench-phones.mjs'
import { parsePhone, parsePhoneWith, readWithLibrary } from '../dist/src/core/phone/index.js'

const args = process.argv.slice(2)
const dir = args.find((a) => !a.startsWith('--'))
const runsAt = args.indexOf('--runs')
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5
if (!dir) {
  console.error('usage: node scripts/phone-bench.mjs DIR [--runs N]\n  DIR: a folder made by gen-data.mjs, e.g. node ../shared/bench/gen-data.mjs --rows 100000 --out /tmp/wa-100k --seed 42')
  process.exit(2)
}

const pairs = await readBenchPhones(dir)
const entries = {
  engine: (raw, c) => parsePhone(raw, c).status,
  'engine (lib)': (raw, c) => parsePhoneWith(raw, c, readWithLibrary).status,
  plain: (raw, c) => {
    const p = parsePhoneNumberFromString(raw.startsWith('p:') ? raw.slice(2) : raw, c ? { defaultCountry: c } : undefined)
    return p ? `${p.isValid()}${p.getType()}` : ''
  },
}

const rates = {}
for (const name of Object.keys(entries)) rates[name] = []
// Interleaved runs, after one warm-up pass each, so that machine noise hits every entry alike.
for (let run = -1; run < runs; run++) {
  for (const [name, fn] of Object.entries(entries)) {
    let sink = 0
    const t0 = process.hrtime.bigint()
    for (const [raw, c] of pairs) sink += fn(raw, c).length
    const secs = Number(process.hrtime.bigint() - t0) / 1e9
    if (sink < 0) console.log(sink)
    if (run >= 0) rates[name].push(pairs.length / secs)
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const fmt = (x) => Math.round(x).toLocaleString('en-US').padStart(11)
console.log(`phone-bench: ${pairs.length.toLocaleString('en-US')} phone cells from ${dir}, median of ${runs} runs, node ${process.version}`)
const plain = median(rates.plain)
for (const name of Object.keys(entries)) {
  const m = median(rates[name])
  console.log(`  ${name.padEnd(14)} ${fmt(m)} numbers/s   ${(m / plain).toFixed(2)}x plain`)
}
