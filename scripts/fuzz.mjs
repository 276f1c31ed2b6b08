#!/usr/bin/env node
// A fuzz run of the readers and the phone engine: at least 1M generated inputs, hostile and plausible, each
// checked for three things:
//   - no crash: the pure core (phone engine, record reader, sniffing, the CSV splitter) never throws, except
//     the splitter's CsvSyntaxError; opening a table only ever throws the typed WaError (InputError/UsageError)
//     that cli.ts turns into a message and an exit code;
//   - no hang: each input is timed (a SLOW finding above --slow-ms), and a watchdog kills an input that runs
//     longer than --hang-ms (catastrophic regex backtracking), records it and carries on;
//   - invariants: the fast CSV splitter reads RFC-valid text exactly as csv-parse does, and the same whatever
//     the chunking; openTableStream gives back the generated rows and lines; parsePhone never returns an e164
//     that does not re-parse to itself, and the engine's fast reader answers as plain libphonenumber-js; a
//     rejected row's detail never holds a raw email or a long digit run (masking).
// Every input is generated from (seed, index) alone, so a finding is replayed with --from INDEX --n 1.
// Not part of npm test (minutes of CPU). Run: npm run build && nice node scripts/fuzz.mjs [--n 1000000]
// [--seed 1] [--only phone,csv,table,sniff,record] [--slow-ms 100] [--hang-ms 5000] [--from 0]
// Exit status 1 when anything was found.

import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads'
import { fileURLToPath } from 'node:url'

const TARGETS = ['phone', 'csv', 'table', 'sniff', 'record']
// Share of inputs per target, in percent (the phone engine sees the most text from users).
const WEIGHTS = { phone: 55, csv: 20, table: 5, sniff: 10, record: 10 }

function argValue(name, fallback) {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : fallback
}

if (isMainThread) await mainThread()
else await workerThread()

// ---------------------------------------------------------------------------------------------------------
// Main thread: the watchdog. The worker writes the index it is on into shared memory; an index that does not
// move for --hang-ms is a hang: the worker is terminated, the input recorded, and a new worker goes on after it.

async function mainThread() {
  const n = Number(argValue('--n', '1000000'))
  const seed = Number(argValue('--seed', '1'))
  const from = Number(argValue('--from', '0'))
  const slowMs = Number(argValue('--slow-ms', '100'))
  const hangMs = Number(argValue('--hang-ms', '5000'))
  const only = (argValue('--only', TARGETS.join(',')) ?? '').split(',').filter((t) => TARGETS.includes(t))
  const started = performance.now()
  const findings = []
  const counts = Object.fromEntries(TARGETS.map((t) => [t, 0]))
  const maxMs = Object.fromEntries(TARGETS.map((t) => [t, 0]))
  const notes = new Map()
  let next = from
  const end = from + n
  while (next < end) {
    const shared = new Int32Array(new SharedArrayBuffer(8))
    shared[0] = next
    const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { seed, from: next, end, only, slowMs, shared } })
    const done = new Promise((resolve) => {
      worker.on('message', (m) => {
        if (m.type === 'finding') findings.push(m.finding)
        else if (m.type === 'note') notes.set(m.key, { count: (notes.get(m.key)?.count ?? 0) + 1, example: notes.get(m.key)?.example ?? m.example })
        else if (m.type === 'stats') {
          for (const t of TARGETS) {
            counts[t] += m.counts[t]
            maxMs[t] = Math.max(maxMs[t], m.maxMs[t])
          }
        } else if (m.type === 'progress') process.stderr.write(`\r${m.index - from} / ${n} inputs, ${findings.length} finding(s)   `)
      })
      worker.on('error', (e) => {
        findings.push({ target: 'worker', kind: 'CRASH', index: Atomics.load(shared, 0), message: String(e?.stack ?? e) })
        resolve('crashed')
      })
      worker.on('exit', () => resolve('exit'))
    })
    let killed = false
    let last = Atomics.load(shared, 0)
    let since = performance.now()
    const timer = setInterval(() => {
      const now = Atomics.load(shared, 0)
      if (now !== last) {
        last = now
        since = performance.now()
      } else if (!killed && performance.now() - since > hangMs) {
        killed = true
        findings.push({ target: targetOf(now, only), kind: 'HANG', index: now, message: `no answer after ${hangMs} ms`, input: describeInput(seed, now, only) })
        void worker.terminate()
      }
    }, 100)
    const how = await done
    clearInterval(timer)
    const at = Atomics.load(shared, 0)
    next = how === 'exit' && Atomics.load(shared, 1) === 1 ? end : at + 1
  }
  const seconds = (performance.now() - started) / 1000
  const total = Object.values(counts).reduce((a, b) => a + b, 0)
  process.stderr.write('\n')
  console.log(`fuzz: ${total} inputs (seed ${seed}, from ${from}) in ${seconds.toFixed(1)} s`)
  for (const t of TARGETS) if (counts[t] > 0) console.log(`  ${t.padEnd(7)} ${String(counts[t]).padStart(8)} inputs, slowest ${maxMs[t].toFixed(1)} ms`)
  for (const [key, v] of notes) console.log(`  note: ${key}: ${v.count}, e.g. ${v.example}`)
  const byKey = new Map()
  for (const f of findings) {
    const key = `${f.target} ${f.kind} ${String(f.message).split('\n')[0].slice(0, 120)}`
    const e = byKey.get(key)
    if (e) e.count++
    else byKey.set(key, { count: 1, first: f })
  }
  if (byKey.size === 0) console.log('  findings: none')
  for (const [key, { count, first }] of byKey) {
    console.log(`  FINDING x${count}: ${key}\n    first at --from ${first.index}: ${first.input ?? ''}`)
  }
  process.exitCode = byKey.size === 0 ? 0 : 1
}

function targetOf(index, only) {
  const weights = only.map((t) => WEIGHTS[t])
  const total = weights.reduce((a, b) => a + b, 0)
  let k = index % total
  for (let i = 0; i < only.length; i++) {
    if (k < weights[i]) return only[i]
    k -= weights[i]
  }
  return only[0]
}

function describeInput() {
  return '(replay with --from INDEX --n 1 --hang-ms 600000 to see it run)'
}

// ---------------------------------------------------------------------------------------------------------
// The worker: generates and checks inputs from `from` to `end`.

async function workerThread() {
  const { seed, from, end, only, slowMs, shared } = workerData
  const { parsePhone, parsePhoneCell, parsePhoneWith, cleanPhone, readWithLibrary } = await import('../dist/src/core/phone/index.js')
  const { openTableStream } = await import('../dist/src/io/read-table.js')
  const sniff = await import('../dist/src/io/sniff.js')
  const { readRecord } = await import('../dist/src/core/record.js')
  const { WaError } = await import('../dist/src/core/errors.js')
  const { csvParseReference, cutAt, splitChunks } = await import('../dist/test/csv-reference.js')
  const { Readable } = await import('node:stream')

  const counts = Object.fromEntries(TARGETS.map((t) => [t, 0]))
  const maxMs = Object.fromEntries(TARGETS.map((t) => [t, 0]))
  let index = from
  let rng
  let described = ''

  let quiet = false
  const finding = (target, kind, message) => {
    if (quiet) return
    parentPort.postMessage({ type: 'finding', finding: { target, kind, index, message: String(message), input: described.slice(0, 400) } })
  }
  const note = (key, example) => quiet || parentPort.postMessage({ type: 'note', key, example: String(example).slice(0, 200) })

  // --- random helpers (mulberry32 per input) ---
  const seeded = (a) => () => {
    a |= 0
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (lo, hi) => lo + Math.floor(rng() * (hi - lo + 1))
  const pick = (xs) => xs[Math.floor(rng() * xs.length)]
  const chance = (p) => rng() < p
  const digits = (k) => {
    let s = ''
    for (let i = 0; i < k; i++) s += String.fromCharCode(48 + int(0, 9))
    return s
  }
  const fromAlphabet = (alphabet, k) => {
    const chars = [...alphabet]
    let s = ''
    for (let i = 0; i < k; i++) s += pick(chars)
    return s
  }

  // --- phones ---
  const CCS = ['44', '1', '49', '33', '91', '55', '52', '34', '39', '234', '27', '61', '81', '86', '971', '7', '380', '54', '62', '90', '353', '353', '31', '48']
  const COUNTRIES = ['', 'GB', 'US', 'DE', 'IN', 'BR', 'MX', 'FR', 'NG', 'AU', 'AR', 'IE', 'ZZ', 'XX', 'gb', 'G', 'GBR', 'AA']
  const ZEROS = [0x30, 0x660, 0x6f0, 0x966, 0x9e6, 0xe50, 0xff10, 0x1d7ce]
  const SEPS = [' ', '-', '.', '', '/', ' ', '\u00a0', '\u202f', '\u2011', '\u2013']
  const SOUP = '0123456789+-() ./,;:xXeE#\'"=ptel\u00a0\u202f\u200e\u202a\u0660\u0661\u0966\u096d\uff11\uff0b<>@abc\t\n'
  function realisticPhone() {
    let nat = digits(int(3, 13))
    if (chance(0.3)) nat = '0' + nat
    const groups = []
    for (let i = 0; i < nat.length; ) {
      const k = int(1, 4)
      groups.push(nat.slice(i, i + k))
      i += k
    }
    const sep = pick(SEPS)
    let s = groups.join(sep)
    const cc = pick(CCS)
    const prefix = pick(['+' + cc + ' ', '+' + cc, '00' + cc + ' ', cc, '', '', '(+' + cc + ') ', '+' + cc + ' (0)', '++' + cc, '+ ' + cc])
    s = prefix + s
    if (chance(0.15)) s = pick(['p:', "'", '=', 'tel:', 'Mobile: ', 'Tel. ', 'WhatsApp: ', 'cel ', 'p: ']) + s
    if (chance(0.05)) s = `="${s}"`
    if (chance(0.1)) s += pick([' x123', ' ext. 45', '#12', ';ext=99', ',,12', ' poste 7', ' x', ' ext'])
    if (chance(0.1)) {
      const zero = pick(ZEROS)
      s = s.replace(/\d/g, (d) => String.fromCodePoint(zero + Number(d)))
    }
    if (chance(0.05)) s = '\u200e' + s + '\u202c'
    if (chance(0.05)) s = '  ' + s + ' \t'
    return s
  }
  function phoneInput() {
    const m = rng()
    if (m < 0.4) return realisticPhone()
    if (m < 0.65) return fromAlphabet(SOUP, int(0, 30))
    if (m < 0.8) {
      const k = int(2, 14)
      const parts = []
      for (let i = 0; i < k; i++) parts.push(realisticPhone())
      return parts.join(pick([', ', ' / ', ' or ', ';', '\n', ' & ', '|', ' oder ', '/']))
    }
    if (m < 0.9) return pick([`${int(1, 9)}.${digits(int(1, 6))}E+${int(5, 14)}`, `${digits(int(6, 13))}.0`, `${int(1, 999)},${digits(3)},${digits(3)},${digits(3)}`, `-${digits(10)}`, `${digits(12)}e${int(0, 3)}`])
    if (m < 0.98) {
      let s = ''
      const k = int(0, 20)
      for (let i = 0; i < k; i++) s += String.fromCharCode(int(0, 0xffff))
      return s
    }
    // Long inputs: the shapes that make a backtracking regex blow up.
    const unit = pick([' ', '1', '1 ', ',', 'a', ', 1', 'x', '+', '  ', ' ,', '1-', '(', 'e', '.', ' or '])
    const k = int(200, 4000)
    return pick(['', '1', '+44', 'p:']) + unit.repeat(Math.ceil(k / unit.length)) + pick(['', 'x', '1', 'a', ' x1', '#'])
  }

  const STATUSES = new Set(['OK', 'MISSING', 'NOT_A_NUMBER', 'NO_COUNTRY', 'INVALID_COUNTRY', 'TOO_SHORT', 'TOO_LONG', 'INVALID', 'EXCEL_MANGLED', 'TEST_LEAD', 'NOT_MOBILE'])
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b)
  function checkResult(r, where) {
    if (!STATUSES.has(r.status)) return finding('phone', 'INVARIANT', `${where}: unknown status ${r.status}`)
    const usable = r.status === 'OK' || r.status === 'NOT_MOBILE'
    if (usable !== (r.e164 !== '')) return finding('phone', 'INVARIANT', `${where}: status ${r.status} with e164 "${r.e164}"`)
    if (r.whatsapp !== (r.status === 'OK')) return finding('phone', 'INVARIANT', `${where}: whatsapp ${r.whatsapp} with status ${r.status}`)
    if (!usable) return
    // libphonenumber-js validates national numbers of up to 17 digits (German extensions dialled through), one
    // or two more than E.164's 15: its bound, not E.164's, is the one the engine can promise.
    if (!/^\+[1-9]\d{4,16}$/.test(r.e164)) return finding('phone', 'INVARIANT', `${where}: e164 "${r.e164}" is not +digits`)
    if (r.e164.length > 16) note('valid by libphonenumber-js, longer than E.164 allows', r.e164)
    if (r.key === '') return finding('phone', 'INVARIANT', `${where}: usable number without a key`)
    for (const c of ['', r.country]) {
      const again = parsePhone(r.e164, c)
      if (again.e164 !== r.e164 || again.status !== r.status) {
        return finding('phone', 'INVARIANT', `${where}: e164 ${r.e164} (${r.status}) re-parses with country "${c}" to "${again.e164}" (${again.status})`)
      }
    }
  }
  function checkPhone(raw, country) {
    const c = cleanPhone(raw)
    if (c.refusal === null && !/^\+?[\d ().\-/]*$/.test(c.text)) finding('phone', 'INVARIANT', `cleanPhone accepted text "${c.text}"`)
    const single = parsePhone(raw, country)
    checkResult(single, 'parsePhone')
    const ref = parsePhoneWith(raw, country, readWithLibrary)
    if (!same(single, ref)) finding('phone', 'INVARIANT', `engine reader and libphonenumber-js disagree: ${JSON.stringify(single)} vs ${JSON.stringify(ref)}`)
    const cell = parsePhoneCell(raw, country)
    if (cell.length < 1) finding('phone', 'INVARIANT', 'parsePhoneCell gave no result')
    for (const r of cell) checkResult(r, 'parsePhoneCell')
  }

  // --- CSV text ---
  const DELIMS = [',', ';', '\t', '|']
  function csvRecords(d, alphabet) {
    const records = []
    const k = int(0, 8)
    const width = int(1, 6)
    for (let i = 0; i < k; i++) {
      const w = chance(0.8) ? width : int(1, 7)
      const r = []
      for (let j = 0; j < w; j++) r.push(fromAlphabet(alphabet, int(0, 8)))
      records.push(r)
    }
    return records
  }
  function serialize(records, d, nl, finalNl) {
    return records
      .map((r) => r.map((f) => (/["\r\n]/.test(f) || f.includes(d) || (r.length === 1 && f === '') || chance(0.1) ? `"${f.replace(/"/g, '""')}"` : f)).join(d))
      .join(nl) + (finalNl && records.length > 0 ? nl : '')
  }
  function fastRead(chunks, d) {
    const { records, lines, error } = splitChunks(chunks, d)
    return { records, lines, error: error ? `${error.code}@${error.line}` : null }
  }
  function refRead(text, d) {
    try {
      return { ...csvParseReference(text, d), error: null }
    } catch (e) {
      return { records: null, lines: null, error: e.code ?? e.message }
    }
  }
  function cut(text) {
    return cutAt(text, Array.from({ length: int(0, 5) }, () => int(0, text.length)))
  }
  function checkCsv() {
    const d = pick(DELIMS)
    if (chance(0.7)) {
      // RFC-valid: the reference must agree.
      const nl = pick(['\n', '\r\n', '\r'])
      const alphabet = pick(['ab1 é', 'ab"1' + d, 'a,;\t|" \n\r\u00e9', 'a"\r\nb' + d])
      const records = csvRecords(d, alphabet)
      const text = serialize(records, d, nl, chance(0.5))
      described = JSON.stringify({ d, text })
      const whole = fastRead([text], d)
      const chunked = fastRead(cut(text), d)
      if (!same(whole, chunked)) finding('csv', 'INVARIANT', 'chunking changes the records of RFC-valid text')
      if (whole.error) return finding('csv', 'INVARIANT', `RFC-valid text refused: ${whole.error}`)
      const ref = refRead(text, d)
      if (ref.error) return note('csv-parse refuses RFC-valid text', described)
      if (!same(whole.records, ref.records)) return finding('csv', 'INVARIANT', `records differ from csv-parse (nl ${JSON.stringify(nl)})`)
      // csv-parse counts a CRLF inside a quoted field as two lines; the splitter as one (deliberately).
      const quotedBreak = records.some((r) => r.some((f) => /[\r\n]/.test(f)))
      if (!quotedBreak && !same(whole.lines, ref.lines)) finding('csv', 'INVARIANT', 'line numbers differ from csv-parse')
      return
    }
    // Anything: only a CsvSyntaxError may escape, and chunking never changes the outcome.
    const text = fromAlphabet(`a${d}"\n\r é,`, int(0, 60))
    described = JSON.stringify({ d, text })
    const whole = fastRead([text], d)
    const chunked = fastRead(cut(text), d)
    if (!same(whole, chunked)) finding('csv', 'INVARIANT', 'chunking changes the outcome')
    const ref = refRead(text, d)
    if (same(whole.records, ref.records) || (whole.error && ref.error)) return
    // Deliberate: the splitter takes \n and \r\n as line ends in one file (Excel output pasted into another
    // export); csv-parse takes the first kind it sees and reads the others as data.
    const kinds = new Set((text.match(/\r\n|\r|\n/g) ?? []).map((m) => JSON.stringify(m)))
    // Also deliberate: text after a closing quote (`"a "b`) joins the field, as spreadsheets read it; csv-parse
    // (relax_quotes) keeps the quotes as data. Neither is an error, and the two are only held together on
    // RFC-valid text (above).
    note(kinds.size > 1 ? 'mixed line ends: read differently from csv-parse (deliberate)' : 'non-RFC quoting: read differently from csv-parse (deliberate)', described)
  }

  // --- tables (bytes to rows) ---
  function encode(text, enc, bom) {
    if (enc === 'utf-8') return Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')])
    if (enc === 'utf-16le') return Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(text, 'utf16le')])
    if (enc === 'utf-16be') {
      const le = Buffer.from(text, 'utf16le')
      for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]]
      return Buffer.concat([bom ? Buffer.from([0xfe, 0xff]) : Buffer.alloc(0), le])
    }
    return Buffer.from(text, 'latin1')
  }
  async function checkTable() {
    const d = pick(DELIMS)
    const nl = pick(['\n', '\r\n', '\r'])
    const width = int(1, 6)
    const header = Array.from({ length: width }, (_, i) => pick(['phone', 'email', 'name', 'city', 'opt_in', 'col']) + i)
    const rows = []
    const k = int(0, 30)
    const alphabet = pick(['ab1 +é', 'ab"1' + d, 'ab\n"' + d, 'a b'])
    for (let i = 0; i < k; i++) {
      const r = header.map(() => fromAlphabet(alphabet, int(0, 10)))
      if (r.every((v) => v === '')) r[0] = 'x'
      rows.push(r)
    }
    let text = serialize([header, ...rows], d, nl, chance(0.7))
    if (chance(0.03)) text += nl + `x${d}`.repeat(width).slice(0, -1) + nl + 'y'.repeat(70000)
    const enc = pick(['utf-8', 'utf-8', 'utf-16le', 'utf-16be', 'windows-1252'])
    const bom = enc.startsWith('utf-16') ? chance(0.8) : chance(0.3)
    let bytes = encode(text, enc, bom)
    const mutated = chance(0.4)
    if (mutated) {
      const m = rng()
      if (m < 0.3) for (let i = int(1, 5); i > 0 && bytes.length > 0; i--) bytes[int(0, bytes.length - 1)] = int(0, 255)
      else if (m < 0.5) bytes = bytes.subarray(0, int(0, bytes.length))
      else if (m < 0.6) bytes = Buffer.concat([Buffer.from(pick([[0x1f, 0x8b], [0x50, 0x4b, 3, 4], [0x25, 0x50, 0x44, 0x46, 0x2d]])), bytes])
      else if (m < 0.7) bytes = Buffer.concat([bytes.subarray(0, bytes.length >> 1), Buffer.from([0]), bytes.subarray(bytes.length >> 1)])
      else if (m < 0.85) bytes = Buffer.from(Array.from({ length: int(0, 3000) }, () => int(0, 255)))
      else bytes = Buffer.concat([bytes, Buffer.from([pick([0xc3, 0xe2, 0xf0, 0x80, 0xff])])])
    }
    const options = chance(0.15) ? { encoding: pick(['utf-8', 'utf-16le', 'windows-1252']) } : chance(0.15) ? { delimiter: pick(DELIMS) } : {}
    described = JSON.stringify({ enc, bom, d, nl, mutated, options, bytes: bytes.subarray(0, 300).toString('base64') })
    const chunks = []
    for (let i = 0; i < bytes.length; ) {
      const size = chance(0.1) ? int(1, 3) : int(1, 20000)
      chunks.push(bytes.subarray(i, i + size))
      i += size
    }
    const got = []
    const lines = []
    let table
    try {
      table = await openTableStream('fuzz.csv', Readable.from(chunks), options)
      for await (const b of table.batches) {
        got.push(...b.rows)
        lines.push(...b.lines)
      }
    } catch (e) {
      if (e instanceof WaError) {
        if (!mutated && Object.keys(options).length === 0) finding('table', 'INVARIANT', `valid ${enc} input refused: ${e.message}`)
        if (/\n\s+at /.test(e.message)) finding('table', 'INVARIANT', 'message holds a stack trace')
        return
      }
      return finding('table', 'THROW', e?.stack ?? e)
    }
    if (mutated || Object.keys(options).length > 0 || text.length > 60000) return
    if (table.stats.rows !== got.length) finding('table', 'INVARIANT', `stats.rows ${table.stats.rows} for ${got.length} rows`)
    if (table.encoding !== enc && !(enc === 'windows-1252' && table.encoding === 'utf-8' && !/[^\x00-\x7f]/.test(text)) && !(enc === 'utf-8' && !bom && table.encoding === 'windows-1252')) {
      finding('table', 'INVARIANT', `${enc}${bom ? ' with BOM' : ''} read as ${table.encoding}`)
    }
    if (table.encoding !== enc) return
    if (width > 1 && table.delimiter !== d && rows.length > 0) return note('delimiter guessed differently', described)
    if (table.delimiter !== d) return
    if (!same(table.header, header)) return finding('table', 'INVARIANT', `header ${JSON.stringify(table.header)} for ${JSON.stringify(header)}`)
    const expected = rows.map((r) => (r.length > 1 && r.every((v) => v === '') ? null : r)).filter((r) => r !== null)
    if (!same(got, expected)) return finding('table', 'INVARIANT', 'rows differ from the generated rows')
    // Each row's line: 1 + the line ends before it (a CRLF inside a quoted field is one line, a lone CR in a
    // \n file none).
    const ends = nl === '\r' ? /\r\n|\r|\n/g : /\n/g
    let line = 1
    const want = []
    ;[header, ...rows].forEach((r, i) => {
      if (i > 0) want.push(line)
      line += (serialize([r], d, nl, false).match(ends) ?? []).length + 1
    })
    if (!same(lines, want)) finding('table', 'INVARIANT', `lines ${JSON.stringify(lines.slice(0, 8))} for ${JSON.stringify(want.slice(0, 8))}`)
    else note('tables whose rows and lines were checked against the generator', `${enc}, ${JSON.stringify(nl)}`)
  }

  // --- sniffing ---
  function checkSniff() {
    const m = rng()
    let bytes
    let text = null
    let enc = null
    if (m < 0.4) bytes = Buffer.from(Array.from({ length: int(0, 600) }, () => int(0, 255)))
    else {
      const d = pick(DELIMS)
      const width = int(2, 6)
      const lines = []
      for (let i = 0; i < int(1, 20); i++) lines.push(Array.from({ length: width }, () => fromAlphabet('abc 123é+@.', int(1, 8))).join(d))
      text = { d, body: lines.join(pick(['\n', '\r\n'])) + '\n' }
      enc = pick(['utf-8', 'utf-16le', 'utf-16be'])
      bytes = encode(text.body, enc, true)
      if (chance(0.5)) bytes = bytes.subarray(0, int(3, bytes.length))
    }
    described = JSON.stringify({ enc, bytes: bytes.subarray(0, 200).toString('base64') })
    const g = sniff.guessEncoding(bytes)
    if (!['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'].includes(g.encoding) || ![0, 2, 3].includes(g.bomLength)) finding('sniff', 'INVARIANT', `guessEncoding ${JSON.stringify(g)}`)
    if (enc && g.encoding !== enc) finding('sniff', 'INVARIANT', `${enc} with BOM guessed as ${g.encoding}`)
    sniff.binaryKind(bytes)
    if (enc === 'utf-8' && !sniff.isUtf8(bytes.subarray(3))) finding('sniff', 'INVARIANT', 'a prefix of valid UTF-8 is refused')
    const decoded = new TextDecoder(g.encoding).decode(bytes.subarray(g.bomLength))
    const guessed = sniff.guessDelimiter(decoded)
    if (!DELIMS.includes(guessed)) finding('sniff', 'INVARIANT', `delimiter ${JSON.stringify(guessed)}`)
    if (text && bytes.length > 200 && guessed !== text.d && decoded.split('\n').length > 2) finding('sniff', 'INVARIANT', `delimiter ${JSON.stringify(text.d)} guessed as ${JSON.stringify(guessed)}`)
  }

  // --- rows to records ---
  const LAYOUT = { phone: [0, 1], email: [2], fields: { full_name: 3, country: 4, first_name: 8 }, consent: { whatsapp: 5, ads: 6 }, consentAt: { whatsapp: 7 }, optOut: { email: 9 }, fixedConsent: {}, time: 7, dateOrder: {} }
  const EMAILS = ['jane@example.com', 'JANE.DOE+tag@Example.co.uk', 'mailto:x@y.org', "'a@b.io", 'a@b', '@', 'a@@b.com', 'test@meta.com', 'x'.repeat(300) + '@example.com', '', ' ', 'née@exämple.de']
  function cellFor(i) {
    const m = rng()
    if (i <= 1) return m < 0.8 ? phoneInput() : fromAlphabet(SOUP, int(0, 10))
    if (i === 2) return m < 0.6 ? pick(EMAILS) : m < 0.9 ? fromAlphabet('ab.@+_-1 ', int(0, 20)) : 'a'.repeat(int(100, 3000)) + '@' + 'b.'.repeat(int(1, 500)) + 'cc'
    if (i === 4) return pick(['', 'GB', 'United Kingdom', 'Deutschland', 'Kongo', 'zz', 'España', fromAlphabet('abcDE ', int(0, 12)), 'x'.repeat(int(0, 2000))])
    if (i === 5 || i === 6 || i === 9) return pick(['', 'yes', 'no', 'TRUE', '0', 'subscribed', 'unsubscribed', 'oui', 'ja', fromAlphabet('yesno ', int(0, 8))])
    if (i === 7) return pick(['', '2025-01-01T00:00:00Z', '08/07/2026 12:42am', '2026-02-30', '1e308', fromAlphabet('0123456789-/:T Z+', int(0, 30)), '2025-' + '1'.repeat(int(0, 3000))])
    return fromAlphabet('Ab é<test lead>', int(0, 20))
  }
  function checkRecord() {
    const row = Array.from({ length: 10 }, (_, i) => cellFor(i))
    const options = { defaultCountry: pick(COUNTRIES), whatsappConsentFromSms: chance(0.2) }
    described = JSON.stringify({ row: row.map((c) => (c.length > 60 ? c.slice(0, 60) + `…(${c.length})` : c)), options })
    const o = readRecord(row, LAYOUT, 0, 2, options)
    if (o.ok) {
      if (o.record.phones.length === 0 && o.record.emails.length === 0) finding('record', 'INVARIANT', 'a record without identifier')
      for (const p of o.record.phones) if (p.status !== 'OK' && p.status !== 'NOT_MOBILE') finding('record', 'INVARIANT', `unusable phone ${p.status} among the phones`)
      return
    }
    const detail = o.reject.detail
    if (typeof o.reject.reason !== 'string' || o.reject.reason === '') finding('record', 'INVARIANT', 'a reject without reason')
    if (/\d{6,}/.test(detail)) finding('record', 'PRIVACY', 'a reject detail holds a run of 6+ digits')
    for (const c of [row[2]]) if (c.trim().length >= 5 && c.includes('@') && detail.includes(c.trim())) finding('record', 'PRIVACY', 'a reject detail holds a raw email')
    if (detail.length > 300) finding('record', 'INVARIANT', `a reject detail of ${detail.length} characters`)
  }

  async function runCase(target) {
    rng = seeded((workerData.seed * 0x9e3779b1) ^ Math.imul(index, 0x85ebca77))
    described = ''
    const t0 = performance.now()
    try {
      if (target === 'phone') {
        const raw = phoneInput()
        const country = pick(COUNTRIES)
        described = JSON.stringify({ raw: raw.length > 200 ? raw.slice(0, 200) + `…(${raw.length})` : raw, country })
        checkPhone(raw, country)
      } else if (target === 'csv') checkCsv()
      else if (target === 'table') await checkTable()
      else if (target === 'sniff') checkSniff()
      else checkRecord()
    } catch (e) {
      finding(target, 'THROW', e?.stack ?? e)
    }
    return performance.now() - t0
  }

  // --- the loop ---
  const batchEvery = 2000
  for (index = from; index < end; index++) {
    Atomics.store(shared, 0, index)
    const target = targetOf(index, only)
    let ms = await runCase(target)
    const bound = target === 'table' ? slowMs * 20 : slowMs
    // On a shared machine an input can be slow because the process was not scheduled: a slow input is run
    // again (same input: it comes from the seed and the index), and only slow twice is a finding.
    if (ms > bound) {
      quiet = true
      ms = Math.min(ms, await runCase(target))
      quiet = false
    }
    counts[target]++
    if (ms > maxMs[target]) maxMs[target] = ms
    if (ms > bound) finding(target, 'SLOW', `${ms.toFixed(0)} ms (twice)`)
    if (index % batchEvery === 0) {
      // Figures go out as they come, so a worker killed by the watchdog loses none.
      parentPort.postMessage({ type: 'stats', counts: { ...counts }, maxMs: { ...maxMs } })
      for (const t of TARGETS) counts[t] = maxMs[t] = 0
      parentPort.postMessage({ type: 'progress', index })
    }
  }
  parentPort.postMessage({ type: 'stats', counts, maxMs })
  Atomics.store(shared, 1, 1)
}
