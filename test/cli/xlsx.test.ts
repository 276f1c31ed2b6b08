// Excel workbooks as a user gives them, wherever a CSV is accepted: prepare, inspect, normalize, a config's
// inputs[].file and sheet, a ZIP member. A workbook with numeric phones, booleans and dates gives the
// audience the spec says.

import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { parse } from 'csv-parse/sync'
import { fixture, ROOT, run, tempDir } from '../helpers.js'
import { writeZip } from '../zip-bomb.js'

const tmp = tempDir()
after(() => fs.rmSync(tmp, { recursive: true, force: true }))
const rowsOf = (file: string) => parse(fs.readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[]

describe('prepare on workbooks', () => {
  const out = path.join(tmp, 'out')
  const r = run(['prepare', '--customers', fixture('shopify-customers.xlsx'), '--followers', fixture('meta-leads.xlsx'), '--country', 'GB', '--out', out])

  test('the WhatsApp audience: numeric phones with every digit, the national one read with --country, TRUE consent, date-cell times', () => {
    assert.equal(r.code, 0, r.stderr)
    const wa = rowsOf(path.join(out, 'whatsapp.csv'))
    assert.deepEqual(wa.map((x) => x.phone), ['+447911123456', '+447405263058', '+919876543210', '+971501234567'])
    assert.deepEqual(wa.map((x) => x.consent_at), ['2025-09-12T14:05:13Z', '2025-09-13T08:12:44Z', '2025-09-14T03:00:00Z', '2025-09-17T09:45:00Z'])
    assert.equal(wa[0]!.consent_source, 'fixtures/meta-leads.xlsx:2')
    // Mia answered FALSE.
    assert.ok(!wa.some((x) => x.phone === '+4915123456789'))
  })

  test('17 digits in a number cell are EXCEL_MANGLED, the test lead TEST_LEAD, each on its sheet row', () => {
    const rejects = rowsOf(path.join(out, 'rejects.csv'))
    assert.deepEqual(rejects.map((x) => [x.source, x.row, x.reason]), [
      ['fixtures/meta-leads.xlsx', '6', 'EXCEL_MANGLED'],
      ['fixtures/meta-leads.xlsx', '9', 'TEST_LEAD'],
    ])
  })

  test('the report names the sheet and counts the phone cells that held numbers', () => {
    const rep = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'))
    const byFile = Object.fromEntries(rep.inputs.map((i: { file: string }) => [i.file, i]))
    assert.equal(byFile['fixtures/meta-leads.xlsx'].sheet, 'Leads')
    assert.equal(byFile['fixtures/meta-leads.xlsx'].numeric_phone_cells, 5)
    assert.equal(byFile['fixtures/shopify-customers.xlsx'].sheet, 'Customers')
    assert.equal(byFile['fixtures/shopify-customers.xlsx'].numeric_phone_cells, 3)
    assert.ok(rep.warnings.some((w: string) => /meta-leads\.xlsx: 5 phone cell\(s\) held a number/.test(w)))
    // The French mobile typed without its 0 is read with the row's country (FR), not --country GB.
    const meta = fs.readFileSync(path.join(out, 'meta-custom-audience.csv'), 'utf8')
    assert.ok(meta.length > 0)
    const m = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'))
    assert.ok(m.inputs.some((i: { file: string; rows: number }) => i.file === 'fixtures/meta-leads.xlsx' && i.rows === 7))
  })
})

describe('normalize, inspect, config and ZIP members', () => {
  test('normalize: the row of a national number stored as a number gets the FR number', () => {
    const r = run(['normalize', '-c', 'GB', fixture('shopify-customers.xlsx')])
    assert.equal(r.code, 0, r.stderr)
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[]
    assert.deepEqual(rows.map((x) => x.wa_phone), ['+447911123456', '+393471234567', '+33612345678', '+15125550143'])
  })

  test('inspect lists the sheets and says which was read; --json too', () => {
    const r = run(['inspect', fixture('shopify-customers.xlsx')])
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /workbook +Excel, sheet "Customers" read; sheets: "Read me", "Customers" \(choose with --sheet\)/)
    const j = run(['inspect', '--json', fixture('shopify-customers.xlsx')])
    assert.equal(j.code, 0, j.stderr)
    assert.match(j.stdout, /"workbook": \{\s*"sheet": "Customers",\s*"sheets": \[\s*"Read me",\s*"Customers"\s*\]/)
  })

  test('--sheet naming a sheet that is not there: exit 2 and the sheets it has', () => {
    const r = run(['inspect', '--sheet', 'Orders', fixture('shopify-customers.xlsx')])
    assert.equal(r.code, 2)
    assert.match(r.stderr, /--sheet "Orders": fixtures\/shopify-customers\.xlsx has no such sheet; its sheets are "Read me", "Customers"/)
  })

  test('a config names the file and its sheet', () => {
    const cfg = path.join(tmp, 'config.json')
    fs.writeFileSync(cfg, JSON.stringify({ country: 'GB', inputs: [{ file: path.join(ROOT, 'fixtures/shopify-customers.xlsx'), role: 'customers', sheet: 2 }] }))
    const out = path.join(tmp, 'from-config')
    const r = run(['prepare', '--config', cfg, '--out', out])
    assert.equal(r.code, 0, r.stderr)
    const rep = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'))
    assert.equal(rep.inputs[0].sheet, 'Customers')
    const bad = path.join(tmp, 'bad-config.json')
    fs.writeFileSync(bad, JSON.stringify({ inputs: [{ file: 'x.xlsx', sheet: 0 }] }))
    const b = run(['prepare', '--config', bad, '--customers', fixture('shopify-customers.xlsx'), '--out', path.join(tmp, 'bad-out')])
    assert.equal(b.code, 2, b.stderr)
    assert.match(b.stderr, /sheet/)
  })

  test('a workbook inside a ZIP archive is read as a workbook', () => {
    const zip = path.join(tmp, 'export.zip')
    writeZip(zip, [{ name: 'leads.xlsx', head: fs.readFileSync(path.join(ROOT, fixture('meta-leads.xlsx'))) }])
    const out = path.join(tmp, 'zip-out')
    const r = run(['prepare', '--followers', zip, '--country', 'GB', '--out', out])
    assert.equal(r.code, 0, r.stderr)
    assert.equal(rowsOf(path.join(out, 'whatsapp.csv')).length, 4)
  })

  test('an Excel 97-2003 workbook (.xls) is refused with the fix', () => {
    const xls = path.join(tmp, 'old.xls')
    fs.writeFileSync(xls, Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504, 0)]))
    const r = run(['inspect', xls])
    assert.equal(r.code, 1)
    assert.match(r.stderr, /old\.xls is an Excel 97-2003 workbook \(\.xls\), which we do not read; in Excel use File > Save As > "Excel Workbook \(\.xlsx\)"/)
  })

  test('a workbook piped on stdin is refused with the fix', () => {
    const r = run(['inspect', '-'], { input: fs.readFileSync(path.join(ROOT, fixture('meta-leads.xlsx'))) })
    assert.equal(r.code, 1)
    assert.match(r.stderr, /stdin is an Excel workbook, which can only be read from a file on disk, not a pipe: save it to a file and give its path/)
  })
})
