#!/usr/bin/env node
// Proves that the phone engine's fast path and memo never change an answer: on every phone cell of a bench
// data folder (gen-data.mjs output, e.g. 1M customers + 500k followers), and on random digit strings in every
// country libphonenumber-js knows, it compares
//   1. each question the engine asks its reader (cleaned text + default country) answered by the engine's
//      reader (direct path over the metadata, memo, library fallback) and by plain libphonenumber-js
//      (parsePhoneNumberFromString + isValid() + getType()): must be identical;
//   2. the engine's whole result per number (parsePhone) with the same engine reading through plain
//      libphonenumber-js only: must be identical;
// and, for information, 3. the engine against plain libphonenumber-js on the raw text (what a naive pipeline
// does): every difference there is one of the engine's own rules, counted by rule.
// Run on demand (not part of npm test): npm run build && node scripts/phone-agreement.mjs DIR [--fuzz N]
// (SHOW=1 also prints each level-3 difference). Exit status 1 when level 1 or 2 finds any disagreement.

import { parsePhoneNumberFromString, getCountries } from 'libphonenumber-js/max'
import { readBenchPhones } from './bench-phones.mjs'
import { cleanPhone, parsePhoneWith, readNumber, readWithLibrary, splitPhoneCell } from '../dist/src/core/phone/index.js'
import { readFast } from '../dist/src/core/phone/fast-read.js'

const args = process.argv.slice(2)
const dir = args.find((a) => !a.startsWith('--'))
const fuzzAt = args.indexOf('--fuzz')
const fuzzCount = fuzzAt >= 0 ? Number(args[fuzzAt + 1]) : 300000
if (!dir) {
  console.error('usage: node scripts/phone-agreement.mjs DIR [--fuzz N]\n  DIR: a folder made by gen-data.mjs, e.g. node ../shared/bench/gen-data.mjs --rows 1000000 --out /tmp/wa-1m --seed 42')
  process.exit(2)
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b)
const shape = (s) => s.replace(/\d/g, 'd')

let readerQuestions = 0
let readerFast = 0
let readerDisagree = 0
let engineCompared = 0
let engineDisagree = 0
const examples = []

// The reader the engine runs with during the check: answers like the library, and checks the engine's own
// reader (fast path + memo + fallback) on the very same question.
function checkingReader(text, country) {
  readerQuestions++
  const lib = readWithLibrary(text, country)
  const fast = readFast(text, country)
  if (fast !== null) readerFast++
  const mine = readNumber(text, country)
  if (!same(mine, lib) || (fast !== null && !same(fast, lib))) {
    readerDisagree++
    if (examples.length < 20) examples.push({ level: 1, text, country, engine: mine, library: lib })
  }
  return lib
}

const plainCategories = new Map()
let plainCompared = 0
let plainAgree = 0
function plainCheck(raw, country, r) {
  // What a naive pipeline does: the raw cell (Meta's `p:` removed, as the bench peers do), the row's country.
  plainCompared++
  const p = parsePhoneNumberFromString(raw.replace(/^p:/, ''), country ? { defaultCountry: country } : undefined)
  const plainOk = Boolean(p && p.isValid())
  const plainE164 = plainOk ? p.number : ''
  const plainType = plainOk ? p.getType() ?? '' : ''
  const mineOk = r.e164 !== ''
  let cat
  if (plainOk === mineOk && plainE164 === r.e164 && plainType === r.type) {
    plainAgree++
    return
  } else if (!mineOk && plainOk) cat = `engine refuses (${r.status}), plain accepts`
  else if (mineOk && !plainOk) cat = `engine accepts, plain refuses: ${rule(raw, country, r)}`
  else cat = `both accept, different ${plainE164 !== r.e164 ? 'E.164' : 'type'}: ${rule(raw, country, r)}`
  const c = plainCategories.get(cat) ?? { n: 0, example: '' }
  c.n++
  if (!c.example) c.example = `${shape(raw)} [${country || 'no country'}]`
  if (process.env.SHOW) console.log(cat, raw, country, r.e164)
  plainCategories.set(cat, c)
}
// Which of the engine's rules makes it accept a number plain libphonenumber-js refuses (or read it otherwise).
function rule(raw, country, r) {
  const text = cleanPhone(raw).text
  if (country === '' && /^00/.test(text)) return '00 read as the international prefix with no country'
  const direct = readWithLibrary(text, text.startsWith('+') ? '' : country)
  if (direct?.valid && direct.number === r.e164) return r.ext ? 'extension removed' : 'cleaning (prefix, guard, Unicode, tel:, label)'
  const digits = text.replace(/\D/g, '')
  const intl = readWithLibrary('+' + digits, '')
  if (!text.startsWith('+') && intl?.valid && intl.number === r.e164) return 'digits with a country code but no +'
  if (r.e164.startsWith('+52')) return 'MX pre-2019 form mapped to the 10-digit number'
  if (r.e164.startsWith('+55')) return 'BR 8-digit mobile given its ninth digit'
  return 'other'
}

function check(raw, country) {
  for (const part of splitPhoneCell(raw)) {
    engineCompared++
    const mine = parsePhoneWith(part, country, (t, c) => (checkingReader(t, c), readNumber(t, c)))
    const lib = parsePhoneWith(part, country, readWithLibrary)
    if (!same(mine, lib)) {
      engineDisagree++
      if (examples.length < 20) examples.push({ level: 2, raw: part, country, engine: mine, library: lib })
    }
    plainCheck(part, country, mine)
  }
}

const t0 = Date.now()
const pairs = await readBenchPhones(dir)
for (const [raw, country] of pairs) {
  check(raw, country)
  check(raw, '') // the same cell in a run without --country
}
const benchCells = pairs.length

// Random digit strings in every country: national, international, with trunk and IDD-like prefixes.
let seed = 42
const rnd = () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0) >>> 0) / 4294967296
const countries = getCountries()
const digits = (n) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('')
for (let i = 0; i < fuzzCount; i++) {
  const c = countries[Math.floor(rnd() * countries.length)]
  const body = digits(3 + Math.floor(rnd() * 13))
  const form = Math.floor(rnd() * 6)
  const text = form === 0 ? '+' + body : form === 1 ? '0' + body : form === 2 ? '00' + body : form === 3 ? '1' + body : form === 4 ? `(${body.slice(0, 3)}) ${body.slice(3)}` : body
  check(text, c)
}

const secs = ((Date.now() - t0) / 1000).toFixed(1)
console.log(`phone-agreement: ${benchCells.toLocaleString('en-US')} phone cells from ${dir} (each with its row's country and with none) + ${fuzzCount.toLocaleString('en-US')} random strings in ${countries.length} countries, ${secs}s`)
console.log(`1. reader: ${readerQuestions.toLocaleString('en-US')} questions compared with plain libphonenumber-js, ${readerFast.toLocaleString('en-US')} (${((100 * readerFast) / readerQuestions).toFixed(1)}%) decided by the direct path: ${readerDisagree} disagreements`)
console.log(`2. engine: ${engineCompared.toLocaleString('en-US')} numbers compared with the engine reading through plain libphonenumber-js only: ${engineDisagree} disagreements`)
console.log(`3. for information, engine vs plain libphonenumber-js on the raw text: ${plainAgree.toLocaleString('en-US')} of ${plainCompared.toLocaleString('en-US')} identical; the rest by rule:`)
for (const [cat, { n, example }] of [...plainCategories].sort((a, b) => b[1].n - a[1].n)) console.log(`   ${String(n).padStart(9)}  ${cat}   e.g. ${example}`)
for (const e of examples) console.log('DISAGREEMENT', JSON.stringify(e))
process.exitCode = readerDisagree + engineDisagree > 0 ? 1 : 0
