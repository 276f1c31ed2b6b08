// Invariants of the whole `prepare` (files in, files out, through the real command in-process) over generated
// exports: every row is rejected once or belongs to a person, whatever the CSV throws at the reader; running
// prepare on its own WhatsApp output adds nobody; a denial never adds anybody; row order never changes who is
// in an output. people.property.test.ts holds the same at the core; these add the reader, the column mapping,
// the consent columns, the rejects file and the writers.

import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, test } from 'node:test'
import fc from 'fast-check'
import { ROOT, tempDir } from '../helpers.js'
import { runInProcess } from '../in-process.js'

process.chdir(ROOT)
const tmp = tempDir('wa-pipeline-prop-')
after(() => fs.rmSync(tmp, { recursive: true, force: true }))

// A small pool of people, so that rows collide often. Each has one mobile number (so the number leading their
// WhatsApp row does not depend on order), maybe a landline and a second address: at most two of each, which the
// Meta file always shows in full.
const PEOPLE = [0, 1, 2, 3, 4, 5].map((i) => ({
  mobiles: [`07405 263${100 + i}`, `+44 7405 263${100 + i}`, `+447405263${100 + i}`, `(07405) 263-${100 + i}`],
  landline: i % 2 === 0 ? `020 7946 0${100 + i}` : '',
  emails: [`person${i}@example.com`, `Person${i}@Example.com`, ...(i % 3 === 0 ? [`p${i}.alt@example.org`] : [])],
}))
// Mostly grants, so that outputs hold people whom a denial or a reordering could change.
const CONSENT = ['', 'yes', 'yes', 'yes', 'TRUE', 'no', 'unsubscribed', 'maybe']
const TIMES = ['', '2025-01-01T00:00:00Z', '2025-06-01T00:00:00Z', '2026-02-03T04:05:06+02:00']
const HEADER = 'phone,email,first_name,wa_ok,ads_ok,created_time,note'

type Row =
  | { kind: 'person'; who: number; phone: number; email: number; name: string; wa: string; ads: string; time: string; note: string; followers: boolean }
  | { kind: 'junk'; cells: string; followers: boolean }

const noteArb = fc.constantFrom('', 'plain', 'with, comma', 'with "quotes"', 'two\nlines', 'crlf\r\ninside')
const personArb = fc.record({
  kind: fc.constant('person' as const),
  who: fc.nat({ max: PEOPLE.length - 1 }),
  // -2: none; -1: the landline; else a spelling of the mobile.
  phone: fc.integer({ min: -2, max: 3 }),
  email: fc.integer({ min: -1, max: 2 }),
  name: fc.constantFrom('Ann', 'Bob', '', 'Zoë'),
  wa: fc.constantFrom(...CONSENT),
  ads: fc.constantFrom(...CONSENT),
  time: fc.constantFrom(...TIMES),
  note: noteArb,
  followers: fc.boolean(),
})
// Rows the reader and the record must reject, or count as empty, never lose.
const junkArb = fc.record({
  kind: fc.constant('junk' as const),
  cells: fc.constantFrom('n/a,,X,yes,,,', '4.47712E+11,,X,yes,,,', ',not-an-email,X,yes,,,', 'too,many,cells,here,a,b,c,d,e', 'too few', ',,,,,,', '', '+1 555,,,,,,'),
  followers: fc.boolean(),
})
const rowArb: fc.Arbitrary<Row> = fc.oneof({ weight: 4, arbitrary: personArb }, { weight: 1, arbitrary: junkArb })

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
}

function line(r: Row): string {
  if (r.kind === 'junk') return r.cells
  const p = PEOPLE[r.who]!
  const phone = r.phone === -2 ? '' : r.phone === -1 ? p.landline : p.mobiles[r.phone]!
  const email = r.email < 0 ? '' : p.emails[r.email % p.emails.length]!
  return [phone, email, r.name, r.wa, r.ads, r.time, r.note].map(csvCell).join(',')
}

interface Written {
  files: { customers: string; followers: string }
  /** Data lines per file: the rows that are not empty (a reject or a record each). */
  dataLines: { customers: number[]; followers: number[] }
}

let runs = 0
function writeInputs(rows: readonly Row[], dir: string, nl: '\n' | '\r\n'): Written {
  const files = { customers: path.join(dir, 'customers.csv'), followers: path.join(dir, 'followers.csv') }
  const dataLines = { customers: [] as number[], followers: [] as number[] }
  for (const role of ['customers', 'followers'] as const) {
    const mine = rows.filter((r) => r.followers === (role === 'followers'))
    let text = HEADER + nl
    let at = 2
    for (const r of mine) {
      const l = line(r)
      const blank = l === '' || /^,+$/.test(l)
      if (!blank) dataLines[role].push(at)
      text += l + nl
      at += 1 + (l.match(/\r\n|\n/g) ?? []).length
    }
    fs.writeFileSync(files[role], text)
  }
  return { files, dataLines }
}

interface Outcome {
  report: {
    rows_in: number
    rows_rejected: number
    records: number
    people: number
    suppression: { entries: number }
    outputs: Record<string, number>
  }
  /** whatsapp.csv: the phone column. */
  whatsapp: string[]
  /** meta-custom-audience.csv (--plain): every email and phone cell, as one sorted string per person. */
  meta: string[]
  rejects: string[][]
}

async function prepare(extra: string[], files: Written['files'], dir: string): Promise<Outcome> {
  const out = path.join(dir, `out-${++runs}`)
  const r = await runInProcess([
    'prepare',
    ...['--customers', files.customers, '--followers', files.followers, ...extra],
    ...['-c', 'GB', '--consent', 'whatsapp=wa_ok', '--consent', 'ads=ads_ok', '--plain', '--targets', 'whatsapp,meta', '--out', out, '-q', '--yes'],
  ])
  assert.equal(r.code, 0, r.stderr)
  const rows = (f: string) =>
    fs
      .readFileSync(path.join(out, f), 'utf8')
      .trimEnd()
      .split('\n')
      .slice(1)
      .filter((l) => l !== '')
  return {
    report: JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8')),
    whatsapp: rows('whatsapp.csv').map((l) => l.split(',')[0]!).sort(),
    meta: rows('meta-custom-audience.csv').map((l) => l.split(',').slice(0, 6).filter((c) => c !== '').sort().join(' ')).sort(),
    rejects: rows('rejects.csv').map((l) => l.split(',')),
  }
}

/** The people of the pool an output's rows name (each row's cells belong to one person of the pool). */
function who(rows: readonly string[]): Set<number> {
  const out = new Set<number>()
  for (const r of rows) {
    const i = PEOPLE.findIndex((p, k) => r.includes(`person${k}@`) || r.includes(`p${k}.alt@`) || r.includes(`7405263${100 + k}`) || (p.landline !== '' && r.includes(`2079460${100 + k}`)))
    assert.ok(i >= 0, `row of nobody: ${r}`)
    out.add(i)
  }
  return out
}

function caseDir(): string {
  const d = path.join(tmp, `case-${++runs}`)
  fs.mkdirSync(d)
  return d
}

const RUNS = { numRuns: 25 }

test('every input row is rejected once or belongs to one person, whatever the CSV holds', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(rowArb, { maxLength: 30, size: 'max' }), fc.constantFrom<'\n' | '\r\n'>('\n', '\r\n'), async (rows, nl) => {
      const dir = caseDir()
      const { files, dataLines } = writeInputs(rows, dir, nl)
      const o = await prepare([], files, dir)
      const expected = dataLines.customers.length + dataLines.followers.length
      assert.equal(o.report.rows_in, expected, 'every non-empty row is read')
      assert.equal(o.report.rows_rejected + o.report.records + o.report.suppression.entries, o.report.rows_in)
      assert.equal(o.rejects.length, o.report.rows_rejected)
      // Each reject names a data line of its file, and no line is rejected twice.
      const seen = new Set<string>()
      for (const [source, line] of o.rejects) {
        const role = source!.endsWith('customers.csv') ? 'customers' : 'followers'
        assert.ok(dataLines[role].includes(Number(line)), `${source}:${line} is a data line`)
        assert.ok(!seen.has(`${source}:${line}`), `${source}:${line} rejected twice`)
        seen.add(`${source}:${line}`)
      }
    }),
    RUNS,
  )
})

test("running prepare on its own WhatsApp output adds nobody", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(rowArb, { minLength: 3, maxLength: 25, size: 'max' }), async (rows) => {
      const dir = caseDir()
      const { files } = writeInputs(rows, dir, '\n')
      const before = await prepare([], files, dir)
      const own = path.join(dir, 'own-whatsapp.csv')
      fs.copyFileSync(path.join(dir, `out-${runs}`, 'whatsapp.csv'), own)
      const again = await prepare(['--followers', own], files, dir)
      assert.equal(again.report.people, before.report.people, 'no new person')
      assert.deepEqual(again.whatsapp, before.whatsapp)
      assert.deepEqual(again.meta, before.meta)
    }),
    RUNS,
  )
})

test('adding denials (a "no" row or a suppression entry) never adds anybody to an output', async () => {
  const denialArb = fc.record({ who: fc.nat({ max: PEOPLE.length - 1 }), byEmail: fc.boolean(), time: fc.constantFrom(...TIMES), suppress: fc.boolean() })
  await fc.assert(
    fc.asyncProperty(fc.array(rowArb, { minLength: 3, maxLength: 25, size: 'max' }), fc.array(denialArb, { minLength: 1, maxLength: 3 }), async (rows, denials) => {
      const dir = caseDir()
      const { files } = writeInputs(rows, dir, '\n')
      const before = await prepare([], files, dir)
      const p = (d: (typeof denials)[number]) => PEOPLE[d.who]!
      const deny = path.join(dir, 'denials.csv')
      fs.writeFileSync(deny, HEADER + '\n' + denials.filter((d) => !d.suppress).map((d) => [d.byEmail ? '' : p(d).mobiles[0], d.byEmail ? p(d).emails[0] : '', '', 'no', 'no', d.time, ''].join(',') + '\n').join(''))
      const dnc = path.join(dir, 'dnc.csv')
      fs.writeFileSync(dnc, 'phone,email\n' + denials.filter((d) => d.suppress).map((d) => (d.byEmail ? `,${p(d).emails[0]}\n` : `${p(d).mobiles[1]},\n`)).join(''))
      const after = await prepare(['--followers', deny, '--suppress', dnc], files, dir)
      // A denial row can bring a person a number or an address they did not have: compare who, not the cells.
      const within = (a: Set<number>, b: Set<number>) => [...a].every((x) => b.has(x))
      assert.ok(within(who(after.whatsapp), who(before.whatsapp)), `whatsapp gained: ${after.whatsapp} vs ${before.whatsapp}`)
      assert.ok(within(who(after.meta), who(before.meta)), `meta gained: ${after.meta} vs ${before.meta}`)
    }),
    RUNS,
  )
})

test('row order never changes who is in an output', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(rowArb, { maxLength: 30, size: 'max' }).chain((rows) => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }))),
      async ([rows, shuffled]) => {
        const dir = caseDir()
        const a = await prepare([], writeInputs(rows, dir, '\n').files, dir)
        const dir2 = caseDir()
        const b = await prepare([], writeInputs(shuffled, dir2, '\n').files, dir2)
        assert.deepEqual(b.whatsapp, a.whatsapp)
        assert.deepEqual(b.meta, a.meta)
        for (const k of ['rows_in', 'rows_rejected', 'records', 'people'] as const) assert.equal(b.report[k], a.report[k], k)
        assert.deepEqual(b.report.outputs, a.report.outputs)
      },
    ),
    RUNS,
  )
})
