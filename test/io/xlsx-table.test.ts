// Excel cells keep their meaning through the reader: numbers as every digit (scientific notation past 15
// digits, which the phone step refuses as EXCEL_MANGLED), TRUE/FALSE, dates as times, formulas as their
// cached values; title rows and blank rows skipped; the sheet chosen by --sheet or the first with a header.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { openTables } from '../../src/io/open-tables.js'
import { cellText, dateText, listSheets, numberText, parseSheetChoice, type XlsxTable } from '../../src/io/xlsx-table.js'
import { fixture } from '../helpers.js'

async function readAll(file: string, sheet?: string): Promise<{ table: XlsxTable; rows: string[][]; lines: number[] }> {
  const [t] = await openTables(file, () => (sheet !== undefined ? { sheet } : {}))
  const rows: string[][] = []
  const lines: number[] = []
  for await (const b of t!.table.batches) {
    rows.push(...b.rows.map((r) => r.cells()))
    lines.push(...b.lines)
  }
  return { table: t!.table as XlsxTable, rows, lines }
}

describe('cell values', () => {
  test('numbers: every digit up to 15, scientific notation beyond, fractions as written', () => {
    assert.equal(numberText(447912345678), '447912345678')
    assert.equal(numberText(7405263058), '7405263058')
    assert.equal(numberText(999999999999999), '999999999999999')
    assert.equal(numberText(91965629889412345), '9.19656298894124E+16')
    assert.equal(numberText(1e15), '1E+15')
    assert.equal(numberText(412.5), '412.5')
    assert.equal(numberText(Number.NaN), '')
  })

  test('booleans, dates, formulas, rich text, hyperlinks, errors', () => {
    assert.equal(cellText(true), 'TRUE')
    assert.equal(cellText(false), 'FALSE')
    assert.equal(cellText(new Date('2025-09-12T14:05:13Z')), '2025-09-12 14:05:13')
    assert.equal(dateText(new Date('2025-09-12T00:00:00Z')), '2025-09-12')
    assert.equal(cellText({ formula: 'A1&B1', result: 'Noor Haddad' }), 'Noor Haddad')
    assert.equal(cellText({ sharedFormula: 'A2', result: 447911123456 }), '447911123456')
    assert.equal(cellText({ formula: 'A1' }), '')
    assert.equal(cellText({ richText: [{ text: 'Am' }, { text: 'elia' }] }), 'Amelia')
    assert.equal(cellText({ text: 'amelia@example.co.uk', hyperlink: 'mailto:amelia@example.co.uk' }), 'amelia@example.co.uk')
    assert.equal(cellText({ error: '#N/A' }), '')
    assert.equal(cellText(null), '')
  })

  test('--sheet: a name or a position from 1', () => {
    assert.deepEqual(parseSheetChoice('Customers'), { name: 'Customers' })
    assert.deepEqual(parseSheetChoice('2'), { position: 2 })
    assert.throws(() => parseSheetChoice('0'), /positions start at 1/)
    assert.throws(() => parseSheetChoice(' '), /--sheet is empty/)
  })
})

describe('a Meta lead download saved as Excel (fixtures/meta-leads.xlsx, written by exceljs)', () => {
  test('header, values as text and the sheet\'s own row numbers', async () => {
    const { table, rows, lines } = await readAll(fixture('meta-leads.xlsx'))
    assert.equal(table.sheet, 'Leads')
    assert.equal(table.header[10], 'phone_number')
    assert.deepEqual(rows.map((r) => r[10]), ['447911123456', '7405263058', 'p:+919876543210', '4915123456789', '9.19656298894124E+16', '971501234567', 'p:<test lead: dummy data for phone_number>'])
    assert.deepEqual(rows[0]!.slice(1, 2).concat(rows[0]!.slice(6, 7), rows[0]!.slice(12)), ['2025-09-12 14:05:13', 'FALSE', 'TRUE'])
    // The formula's cached value.
    assert.equal(rows[5]![8], 'Noor Haddad')
    // Row 7 is blank in the sheet: the next lead is row 8.
    assert.deepEqual(lines, [2, 3, 4, 5, 6, 8, 9])
    assert.equal(table.numericCells[10], 5)
    assert.equal(table.stats.rows, 7)
    assert.match(table.stats.sha256, /^[0-9a-f]{64}$/)
  })
})

describe('a shop owner\'s workbook (fixtures/shopify-customers.xlsx)', () => {
  test('lists its sheets in tab order', async () => {
    assert.deepEqual(await listSheets(fixture('shopify-customers.xlsx')), ['Read me', 'Customers'])
  })

  test('the first sheet with a header row is read, below its merged title and blank row', async () => {
    const { table, rows, lines } = await readAll(fixture('shopify-customers.xlsx'))
    assert.equal(table.sheet, 'Customers')
    assert.equal(table.header[0], 'Customer ID')
    assert.deepEqual(lines, [4, 5, 6, 7])
    assert.deepEqual(rows.map((r) => r[7]), ['447911123456', '393471234567', '612345678', '+1 512-555-0143'])
    assert.deepEqual(rows.map((r) => r[8]), ['TRUE', 'TRUE', 'TRUE', 'FALSE'])
    // Tags merged over two rows: the value is in the first cell only.
    assert.deepEqual(rows.map((r) => r[10]), ['vip, newsletter', 'newsletter', '', ''])
  })

  test('--sheet by name (any case) and by position', async () => {
    assert.equal((await readAll(fixture('shopify-customers.xlsx'), 'customers')).table.sheet, 'Customers')
    assert.equal((await readAll(fixture('shopify-customers.xlsx'), '2')).table.sheet, 'Customers')
    await assert.rejects(readAll(fixture('shopify-customers.xlsx'), '1'), /sheet "Read me" holds no header row/)
    await assert.rejects(readAll(fixture('shopify-customers.xlsx'), '3'), /--sheet 3: .* has 2 sheet\(s\): "Read me", "Customers"/)
    await assert.rejects(readAll(fixture('shopify-customers.xlsx'), 'Orders'), /no such sheet; its sheets are "Read me", "Customers"/)
  })
})
