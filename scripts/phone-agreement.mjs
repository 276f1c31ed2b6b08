#!/usr/bin/env node
// Proves that the phone engine's fast path and memo never change an answer: on phone numbers (a deterministic
// sample built from libphonenumber-js's own example numbers, and/or every phone cell of a bench data folder,
// gen-data.mjs output), and on random digit strings in every country libphonenumber-js knows, it compares
//   1. each question the engine asks its reader (cleaned text + default country) answered by the engine's
//      reader (direct path over the metadata, memo, library fallback) and by plain libphonenumber-js
//      (parsePhoneNumberFromString + isValid() + getType()): must be identical;
//   2. the engine's whole result per number (parsePhone) with the same engine reading through plain
//      libphonenumber-js only, and per cell (parsePhoneCell, what the record step calls): must be identical;
// and, for information, 3. the engine against plain libphonenumber-js on the raw text (what a naive pipeline
// does): every difference there is one of the engine's own rules, counted by rule.
// Before any of that it checks the pin: fast-read.ts reads the library's metadata layout as it is in one exact
// version, so package.json must pin libphonenumber-js exactly, the installed copy must be that version, and the
// metadata must still be the layout the direct path reads (else it declines every number: slow, not wrong).
//
//   npm run check-phones                          the sample check (what to run after bumping libphonenumber-js)
//   node scripts/phone-agreement.mjs --sample N [--fuzz N] [--seed S]
//   node scripts/phone-agreement.mjs DIR [--fuzz N]   every cell of a bench data folder (minutes)
// (run `npm run build` first; SHOW=1 also prints each level-3 difference). Exit status 1 when the pin is not
// exact or not installed, the layout is unknown, or level 1 or 2 finds any disagreement.

import fs from 'node:fs'
import { createRequire } from 'node:module'
import { parsePhoneNumberFromString, getCountries, getCountryCallingCode } from 'libphonenumber-js/max'
import { readBenchPhones } from './bench-phones.mjs'
import { cleanPhone, parsePhoneCell, parsePhoneWith, readNumber, readWithLibrary, splitPhoneCell } from '../dist/src/core/phone/index.js'
import { MAX_NUMBERS_PER_CELL } from '../dist/src/core/phone/parse.js'
import { MAX_PHONE_TEXT } from '../dist/src/core/phone/clean.js'
import { readFast } from '../dist/src/core/phone/fast-read.js'

const require = createRequire(import.meta.url)
const args = process.argv.slice(2)
const valueOf = (flag) => {
  const at = args.indexOf(flag)
  return at >= 0 ? args[at + 1] : undefined
}
const flagValues = new Set(['--fuzz', '--sample', '--seed', '--package'].map(valueOf).filter((v) => v !== undefined))
const dir = args.find((a) => !a.startsWith('--') && !flagValues.has(a))
const sampleCount = Number(valueOf('--sample') ?? 0)
const fuzzCount = Number(valueOf('--fuzz') ?? (dir ? 300000 : sampleCount))
const startSeed = Number(valueOf('--seed') ?? 42)
if ((!dir && !(sampleCount > 0)) || ![sampleCount, fuzzCount, startSeed].every(Number.isInteger)) {
  console.error('usage: node scripts/phone-agreement.mjs [DIR] [--sample N] [--fuzz N] [--seed S]\n  --sample N: N numbers built from libphonenumber-js\'s example numbers (npm run check-phones)\n  DIR: a folder made by gen-data.mjs, e.g. node ../shared/bench/gen-data.mjs --rows 1000000 --out /tmp/wa-1m --seed 42')
  process.exit(2)
}

// The pin: an exact version in package.json, installed as such, with the metadata layout fast-read.ts reads.
// (--package FILE reads the pin from another package.json: the test of this check's own refusal.)
const packageJson = valueOf('--package') ?? new URL('../package.json', import.meta.url)
const pinned = JSON.parse(fs.readFileSync(packageJson, 'utf8')).dependencies?.['libphonenumber-js']
const installed = require('libphonenumber-js/package.json').version
const layout = require('libphonenumber-js/metadata.max.json').version
const pinProblems = []
if (!/^\d+\.\d+\.\d+$/.test(pinned ?? '')) pinProblems.push(`package.json gives libphonenumber-js as "${pinned}": pin an exact version (no ^ or ~), since the fast path reads its metadata layout`)
else if (pinned !== installed) pinProblems.push(`package.json pins libphonenumber-js ${pinned} but ${installed} is installed: run npm install`)
if (layout !== 4) pinProblems.push(`libphonenumber-js ${installed} has metadata layout ${layout}, not the layout 4 src/core/phone/fast-read.ts reads: the direct path declines every number (answers stay right, the engine is ~10x slower); port fast-read.ts to the new layout`)
console.log(`libphonenumber-js ${installed} (package.json: ${pinned}), metadata layout ${layout}`)

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b)
const shape = (s) => s.replace(/\d/g, 'd')

let readerQuestions = 0
let readerFast = 0
let readerDisagree = 0
let engineCompared = 0
let engineDisagree = 0
const disagreements = []

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
    if (disagreements.length < 20) disagreements.push({ level: 1, text, country, engine: mine, library: lib })
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
  const libs = []
  for (const part of splitPhoneCell(raw)) {
    engineCompared++
    const mine = parsePhoneWith(part, country, (t, c) => (checkingReader(t, c), readNumber(t, c)))
    const lib = parsePhoneWith(part, country, readWithLibrary)
    libs.push(lib)
    if (!same(mine, lib)) {
      engineDisagree++
      if (disagreements.length < 20) disagreements.push({ level: 2, raw: part, country, engine: mine, library: lib })
    }
    plainCheck(part, country, mine)
  }
  // The entry the record step calls, with its own shortcuts (no split or second scan for a plain cell).
  const cell = parsePhoneCell(raw, country)
  if (libs.length <= MAX_NUMBERS_PER_CELL && raw.length <= MAX_NUMBERS_PER_CELL * MAX_PHONE_TEXT && !same(cell, libs)) {
    engineDisagree++
    if (disagreements.length < 20) disagreements.push({ level: 2, raw, country, engine: cell, library: libs })
  }
}

const t0 = Date.now()
let seed = startSeed
const rnd = () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0) >>> 0) / 4294967296
const countries = getCountries()
const digits = (n) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('')

let benchCells = 0
if (dir) {
  const pairs = await readBenchPhones(dir)
  for (const [raw, country] of pairs) {
    check(raw, country)
    check(raw, '') // the same cell in a run without --country
  }
  benchCells = pairs.length
}

// The sample: each country's example mobile number from libphonenumber-js, most with their last digits
// changed (so other numbers of the same ranges), some a digit shorter or longer, written the ways people write
// numbers (E.164, spaced, national with the trunk prefix, 00, the country code without +, bare national digits,
// brackets and dashes), read with their own country, with none, or with another.
const examples = require('libphonenumber-js/examples.mobile.json')
const withExamples = countries.filter((c) => examples[c])
for (let i = 0; i < sampleCount; i++) {
  const country = withExamples[i % withExamples.length]
  let nsn = examples[country]
  const change = Math.floor(rnd() * 10)
  if (change < 7) {
    const k = Math.min(nsn.length - 1, 1 + Math.floor(rnd() * 4))
    nsn = nsn.slice(0, nsn.length - k) + digits(k)
  } else if (change === 7) nsn = nsn.slice(0, -1)
  else if (change === 8) nsn = nsn + digits(1)
  const cc = getCountryCallingCode(country)
  const split = `${nsn.slice(0, 3)} ${nsn.slice(3, 6)} ${nsn.slice(6)}`.trim()
  const form = Math.floor(rnd() * 7)
  let text
  if (form === 0) text = `+${cc}${nsn}`
  else if (form === 1) text = `+${cc} ${split}`
  else if (form === 2) text = parsePhoneNumberFromString(`+${cc}${nsn}`)?.formatNational() ?? `0${nsn}`
  else if (form === 3) text = `00${cc} ${nsn}`
  else if (form === 4) text = `${cc}${nsn}`
  else if (form === 5) text = nsn
  else text = `(${nsn.slice(0, 3)}) ${nsn.slice(3, 6)}-${nsn.slice(6)}`
  const read = Math.floor(rnd() * 10)
  check(text, read < 7 ? country : read < 9 ? '' : countries[Math.floor(rnd() * countries.length)])
}

// Random digit strings in every country: national, international, with trunk and IDD-like prefixes, and in
// the wrappings of real cells that the cleaning's shortcuts take or refuse (Meta's `p:`, a spreadsheet
// guard, an extension, an Excel float tail, a slash between two numbers).
const wrap = ['p:+', "'+", "''0", 'p:0']
for (let i = 0; i < fuzzCount; i++) {
  const c = countries[Math.floor(rnd() * countries.length)]
  const body = digits(3 + Math.floor(rnd() * 13))
  const form = Math.floor(rnd() * 10)
  const text =
    form === 0 ? '+' + body
    : form === 1 ? '0' + body
    : form === 2 ? '00' + body
    : form === 3 ? '1' + body
    : form === 4 ? `(${body.slice(0, 3)}) ${body.slice(3)}`
    : form === 5 ? body
    : form === 6 ? wrap[Math.floor(rnd() * wrap.length)] + `${body.slice(0, 4)} ${body.slice(4)}`
    : form === 7 ? `+${body} ${rnd() < 0.5 ? 'x' : 'ext. '}${body.slice(0, 3)}`
    : form === 8 ? `${body}.0`
    : `0${body.slice(0, 4)} ${body.slice(4)}/0${body.slice(2)}`
  check(text, c)
}

const secs = ((Date.now() - t0) / 1000).toFixed(1)
const what = [dir ? `${benchCells.toLocaleString('en-US')} phone cells from ${dir} (each with its row's country and with none)` : '', sampleCount > 0 ? `${sampleCount.toLocaleString('en-US')} sample numbers from the example numbers of ${withExamples.length} countries (seed ${startSeed})` : ''].filter(Boolean).join(' + ')
console.log(`phone-agreement: ${what} + ${fuzzCount.toLocaleString('en-US')} random strings in ${countries.length} countries, ${secs}s`)
console.log(`1. reader: ${readerQuestions.toLocaleString('en-US')} questions compared with plain libphonenumber-js, ${readerFast.toLocaleString('en-US')} (${((100 * readerFast) / readerQuestions).toFixed(1)}%) decided by the direct path: ${readerDisagree} disagreements`)
console.log(`2. engine: ${engineCompared.toLocaleString('en-US')} numbers compared with the engine reading through plain libphonenumber-js only: ${engineDisagree} disagreements`)
console.log(`3. for information, engine vs plain libphonenumber-js on the raw text: ${plainAgree.toLocaleString('en-US')} of ${plainCompared.toLocaleString('en-US')} identical; the rest by rule:`)
for (const [cat, { n, example }] of [...plainCategories].sort((a, b) => b[1].n - a[1].n)) console.log(`   ${String(n).padStart(9)}  ${cat}   e.g. ${example}`)
for (const e of disagreements) console.log('DISAGREEMENT', JSON.stringify(e))
// Same answers but a direct path that declines most questions is a layout the fast path no longer reads (it is
// ~95% on the sample and ~99% on the bench data): right but slow, and the pin's point lost.
const fastShare = readerQuestions === 0 ? 0 : readerFast / readerQuestions
if (layout === 4 && fastShare < 0.5) pinProblems.push(`the direct path decided only ${(100 * fastShare).toFixed(1)}% of the questions (about 95% expected): libphonenumber-js ${installed}'s metadata no longer reads as fast-read.ts expects; port fast-read.ts`)
for (const p of pinProblems) console.log(`PIN: ${p}`)
const ok = readerDisagree + engineDisagree === 0 && pinProblems.length === 0
console.log(ok ? 'check-phones: OK' : 'check-phones: FAILED: the fast path (src/core/phone/fast-read.ts) does not answer like this libphonenumber-js; see docs/phone-numbers.md, "Upgrading libphonenumber-js"')
process.exitCode = ok ? 0 : 1
