// Issue 14 (7): formula cells (CSV injection). `--plain --targets google` wrote a first name
// `=HYPERLINK("http://…")` as it is, and a cell "\t=1+1" was trimmed into a live `=1+1` in whatsapp.csv. One
// rule (core/formula.ts), applied where a record is read: a name or text field that, trimmed, starts with `=`,
// `+`, `-` or `@` is left empty in every output and counted in report.json and report.md; validated phones
// (E.164, `+44…`) are exempt. The threaded output pass, the worker reading and `normalize | dedupe | export`
// give the same cells and counts as the serial `prepare`.

import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { parse } from 'csv-parse/sync'
import { normalizeEmail } from '../../src/core/email.js'
import { emptyFormulaFields, wouldRunAsFormula } from '../../src/core/formula.js'
import { emptyPersonFields } from '../../src/core/model.js'
import { ROOT, fixture, listFiles, tempDir } from '../helpers.js'
import { runInProcess } from '../in-process.js'

process.chdir(ROOT)
const tmp = tempDir('wa-formula-')
after(() => fs.rmSync(tmp, { recursive: true, force: true }))

// fixtures/bad/formula-cells.csv, and the cells of the issue: a tab before `=1+1`, a formula in a city, an
// external id and an email, and a guarded number (="+44…"), which is a phone and is read as the number.
const HOSTILE = path.join(tmp, 'hostile.csv')
fs.writeFileSync(
  HOSTILE,
  fs.readFileSync(fixture('bad/formula-cells.csv'), 'utf8').trimEnd().replace(/^phone,email,first_name,last_name,whatsapp_opt_in/, 'phone,email,first_name,last_name,whatsapp_opt_in,city,customer_id').split('\n').map((l, i) => (i === 0 ? l : `${l},London,C${i}`)).join('\n') +
    '\n07405 263104,"\t=1+1@example.com","\t=1+1",Nowak,yes,"=IMPORTXML(""http://x"")",@id\n' +
    '07405 263105,ewa@example.com,Ewa, -1+2 ,yes,"-Leeds",C6\n',
)

const TARGETS = 'whatsapp,whatsapp-cloud,meta,meta-api,google,tiktok'
const ARGS = ['--followers', HOSTILE, '--country', 'GB', '--targets', TARGETS, '--plain', '--extern-id', '--map', 'external_id=customer_id', '--template', 'hello', '--lang', 'en', '--param', 'first_name', '-q']

const EXPECTED_COUNTS = { city: 2, email: 1, external_id: 1, first_name: 4, last_name: 3 }

function csv(dir: string, name: string): string[][] {
  return parse(fs.readFileSync(path.join(dir, name), 'utf8')) as string[][]
}

/** Every string an output file holds: CSV cells, and the strings of JSON values. */
function cellsOf(dir: string): Array<{ file: string; cell: string }> {
  const out: Array<{ file: string; cell: string }> = []
  const strings = (v: unknown, file: string): void => {
    if (typeof v === 'string') out.push({ file, cell: v })
    else if (Array.isArray(v)) v.forEach((x) => strings(x, file))
    else if (v && typeof v === 'object') Object.values(v).forEach((x) => strings(x, file))
  }
  for (const f of listFiles(dir)) {
    // Not upload files: the lists people read show masked values only (`+44*******100`).
    if (/^(report|manifest)\.|^(rejects|skipped)\.csv$/.test(f)) continue
    const text = fs.readFileSync(path.join(dir, f), 'utf8')
    if (f.endsWith('.csv')) for (const row of parse(text) as string[][]) for (const cell of row) out.push({ file: f, cell })
    else for (const line of text.split('\n').filter((l) => l !== '')) strings(JSON.parse(line), f)
  }
  return out
}

const E164 = /^\+[1-9]\d{6,14}$/

function assertNoFormula(dir: string): void {
  const cells = cellsOf(dir)
  assert.ok(cells.length > 50, 'the outputs were read')
  for (const { file, cell } of cells) {
    if (!/^\s*[=+\-@]/.test(cell)) continue
    assert.match(cell, E164, `${file}: ${JSON.stringify(cell)} would run as a formula`)
  }
}

function report(dir: string): { formula_cells_emptied: Record<string, number>; warnings: string[] } {
  return JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8'))
}

describe('one rule for formula cells in every upload file', () => {
  const serial = path.join(tmp, 'serial')

  test('every target: no cell would run as a formula; validated phones keep their +', async () => {
    const r = await runInProcess(['prepare', ...ARGS, '--out', serial, '--threads', '0'])
    assert.equal(r.code, 0, r.stderr)
    assertNoFormula(serial)
    const wa = csv(serial, 'whatsapp.csv')
    assert.deepEqual(wa.map((row) => row.slice(0, 3)), [
      ['phone', 'first_name', 'last_name'],
      ['+447405263100', '', 'Hartley'],
      ['+447405263101', '', ''],
      ['+447405263102', '', ''],
      ['+447405263103', 'Tomasz', 'Wojcik'],
      ['+447405263104', '', 'Nowak'],
      ['+447405263105', 'Ewa', ''],
    ])
    // The address `\t=1+1@example.com` is no address: the row keeps its phone, and no email.
    assert.equal(wa[5]![3], '')
    const google = csv(serial, 'google-customer-match.csv')
    assert.deepEqual(google.map((row) => row.slice(1, 4)), [
      ['Phone', 'First Name', 'Last Name'],
      ['+447405263100', '', 'hartley'],
      ['+447405263101', '', ''],
      ['+447405263102', '', ''],
      ['+447405263103', 'tomasz', 'wojcik'],
      ['+447405263104', '', 'nowak'],
      ['+447405263105', 'ewa', ''],
    ])
    const meta = csv(serial, 'meta-custom-audience.csv')
    const col = (name: string) => meta.map((row) => row[meta[0]!.indexOf(name)])
    assert.deepEqual(col('fn'), ['fn', '', '', '', 'tomasz', '', 'ewa'])
    assert.deepEqual(col('ct'), ['ct', 'london', 'london', 'london', 'london', '', ''])
    assert.deepEqual(col('extern_id'), ['extern_id', 'C1', 'C2', 'C3', 'C4', '', 'C6'])
    assert.deepEqual(csv(serial, 'tiktok.csv').map((row) => row[0]), ['Email', 'amelia.hartley@example.co.uk', 'oliver.brennan@example.com', 'priya.nair@example.org', 'tomasz.wojcik@example.pl', '', 'ewa@example.com'])
    // A template parameter left empty is a person the Cloud API target refuses (MISSING_PARAM), not a hole.
    const cloud = fs.readFileSync(path.join(serial, 'whatsapp-cloud.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    assert.deepEqual(cloud.map((b) => b.template.components[0].parameters[0].text), ['Tomasz', 'Ewa'])
  })

  test('report.json and report.md count the cells emptied, per field', () => {
    const rep = report(serial)
    assert.deepEqual(rep.formula_cells_emptied, EXPECTED_COUNTS)
    assert.ok(rep.warnings.some((w) => /^11 cell\(s\) starting with =, \+, - or @ \(city 2, email 1, external_id 1, first_name 4, last_name 3\)/.test(w)), rep.warnings.join('\n'))
    const md = fs.readFileSync(path.join(serial, 'report.md'), 'utf8')
    assert.match(md, /## Cells left empty \(they would run as a formula\)\n\n\| field \| cells \|\n\|---\|---:\|\n\| city \| 2 \|\n\| email \| 1 \|\n\| external_id \| 1 \|\n\| first_name \| 4 \|\n\| last_name \| 3 \|/)
  })

  test('a run with no formula cell reports an empty count and no section', async () => {
    const out = path.join(tmp, 'clean')
    const r = await runInProcess(['prepare', '--customers', fixture('shopify-customers.csv'), '--country', 'GB', '-q', '--out', out])
    assert.equal(r.code, 0, r.stderr)
    assert.deepEqual(report(out).formula_cells_emptied, {})
    assert.doesNotMatch(fs.readFileSync(path.join(out, 'report.md'), 'utf8'), /Cells left empty/)
  })

  test('the threaded output pass and the worker reading give the same files and counts', async () => {
    const threaded = path.join(tmp, 'threaded')
    const r = await runInProcess(['prepare', ...ARGS, '--out', threaded, '--threads', '2', '--parallel-min-people', '1', '--block-people', '2', '--parallel-min-bytes', '0', '--chunk-bytes', '200'])
    assert.equal(r.code, 0, r.stderr)
    assert.deepEqual(listFiles(threaded), listFiles(serial))
    for (const f of listFiles(serial).filter((x) => x !== 'manifest.json')) {
      assert.equal(fs.readFileSync(path.join(threaded, f), 'utf8'), fs.readFileSync(path.join(serial, f), 'utf8'), f)
    }
    assert.deepEqual(report(threaded).formula_cells_emptied, EXPECTED_COUNTS)
  })

  test('normalize | dedupe | export writes what prepare writes; the wa_ columns hold no formula', async () => {
    const normalized = path.join(tmp, 'normalized.csv')
    const deduped = path.join(tmp, 'deduped.csv')
    const n = await runInProcess(['normalize', '--country', 'GB', '--role', 'followers', '--map', 'external_id=customer_id', HOSTILE, '-o', normalized])
    assert.equal(n.code, 0, n.stderr)
    assert.match(n.stderr, /11 cell\(s\) starting with =, \+, - or @/)
    const rows = parse(fs.readFileSync(normalized, 'utf8'), { columns: true }) as Array<Record<string, string>>
    for (const row of rows) for (const [k, v] of Object.entries(row)) if (k.startsWith('wa_') && /^\s*[=+\-@]/.test(v)) assert.match(v, /^\+\d+( \+\d+)*$/, `${k}: ${v}`)
    assert.equal((await runInProcess(['dedupe', normalized, '-o', deduped])).code, 0)
    for (const t of ['whatsapp', 'google', 'meta']) {
      const o = path.join(tmp, `export-${t}.csv`)
      const e = await runInProcess(['export', '--target', t, '--plain', deduped, '-o', o])
      assert.equal(e.code, 0, e.stderr)
      const file = t === 'whatsapp' ? 'whatsapp.csv' : t === 'google' ? 'google-customer-match.csv' : 'meta-custom-audience.csv'
      // prepare ran with --extern-id and the template: compare the columns both carry.
      const a = csv(serial, file).map((row) => row.slice(0, t === 'meta' ? 14 : 6).join(','))
      const b = csv(path.dirname(o), path.basename(o)).map((row) => row.slice(0, t === 'meta' ? 14 : 6).join(','))
      assert.deepEqual(b, a, file)
    }
  })

  test('a contact CSV edited by hand is held to the same rule by export', async () => {
    const deduped = fs.readFileSync(path.join(tmp, 'deduped.csv'), 'utf8')
    const [head, ...lines] = deduped.trimEnd().split('\n')
    const cols = head!.split(',')
    const at = cols.indexOf('wa_first_name')
    const edited = lines.map((l, i) => (i === 3 ? l.split(',').map((c, j) => (j === at ? '=HYPERLINK("x")'.replace(/"/g, '') : c)).join(',') : l))
    const p = path.join(tmp, 'edited.csv')
    fs.writeFileSync(p, [head, ...edited].join('\n') + '\n')
    const o = path.join(tmp, 'edited-wa.csv')
    const e = await runInProcess(['export', '--target', 'whatsapp', p, '-o', o])
    assert.equal(e.code, 0, e.stderr)
    assert.match(e.stderr, /1 cell\(s\) starting with =, \+, - or @ \(first_name 1\)/)
    assert.ok(!/^[^,]*,=/m.test(fs.readFileSync(o, 'utf8')))
  })
})

describe('core/formula.ts', () => {
  test('what would run as a formula', () => {
    for (const v of ['=1+1', '\t=1+1', ' +SUM(1)', '-2+3', '@cmd', '=HYPERLINK("http://x")']) assert.ok(wouldRunAsFormula(v), v)
    for (const v of ['Ana', "O'Brien", 'Jean-Luc', "'=1+1", '', 'a=b']) assert.ok(!wouldRunAsFormula(v), v)
  })

  test('fields are emptied in place and named; emails starting a formula are no address', () => {
    const f = { ...emptyPersonFields(), first_name: '=cmd', last_name: 'Ok', city: '\t-x' }
    assert.deepEqual(emptyFormulaFields(f), ['first_name', 'city'])
    assert.deepEqual([f.first_name, f.last_name, f.city], ['', 'Ok', ''])
    assert.equal(emptyFormulaFields({ ...emptyPersonFields(), first_name: 'Ana' }), null)
    assert.equal(normalizeEmail('=1+1@example.com'), '')
    assert.equal(normalizeEmail('-x@example.com'), '')
    assert.equal(normalizeEmail('ana+shop@example.com'), 'ana+shop@example.com')
  })
})
