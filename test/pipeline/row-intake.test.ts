// The row-intake step reads a record from a few columns of a row, and a quote-free row's other cells are
// never cut (src/core/csv-row.ts); but three rules look at every cell, read or not: the test-lead marker may
// sit in any column, a row of bare delimiters is a blank line, and a non-empty cell past the header's makes the
// row MALFORMED_ROW. Here they are planted in the columns the step does not read, and the outcomes held to
// what the step gave when every cell was a string: the same rows as cells kept (the form a quoted line takes,
// read exactly as an array was), through the main thread's reader and a worker's chunk alike.

import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { CsvRow } from '../../src/core/csv-row.js'
import type { RowLayout } from '../../src/core/record.js'
import { FastCsvParser } from '../../src/io/fast-csv.js'
import { openTableStream } from '../../src/io/read-table.js'
import { ingestChunk } from '../../src/pipeline/parallel/ingest-chunk.js'
import { columnsRead, RowIntake, type IntakeOutcome, type IntakePartial, type IntakeSpec } from '../../src/pipeline/row-intake.js'
import { rowOf } from '../helpers.js'

// A lead form's shape: the record reads the phone, the email, the full name and the consent column; the ad's
// name, the campaign, the form and the question nobody mapped are read by no one.
const HEADER = ['id', 'ad_name', 'phone_number', 'email', 'full_name', 'campaign', 'whatsapp_opt_in', 'form', 'question']
const LAYOUT: RowLayout = { phone: [2], email: [3], fields: { full_name: 4 }, consent: { whatsapp: 6 }, consentAt: {}, fixedConsent: {}, time: -1, dateOrder: {} }
const SPEC: IntakeSpec = {
  input: 0,
  name: 'leads.csv',
  header: HEADER,
  layout: LAYOUT,
  contact: null,
  contactLayout: new Map(),
  role: 'followers',
  roleFromData: false,
  options: { defaultCountry: 'GB', whatsappConsentFromSms: false },
}
const UNREAD = [0, 1, 5, 7, 8]

const row = (over: Record<number, string> = {}, extra: string[] = []): string[] => {
  const cells = ['l:1', 'Spring ad', '07405 263058', 'ann@example.com', 'Ann Lee', 'Spring', 'yes', 'Form A', 'Blue']
  for (const [i, v] of Object.entries(over)) cells[Number(i)] = v
  return [...cells, ...extra]
}

/** What the step gives for each row (and its figures and guard state after them), the row as the splitter
 * hands a quote-free line on. */
function outcomes(rows: string[][]): [IntakeOutcome[], IntakePartial] {
  const intake = new RowIntake(SPEC, { refusals: 'collect' })
  return [rows.map((cells, i) => intake.row(rowOf(cells), i + 2)), intake.partial()]
}

/** The same rows as cells kept (each cell a string, as every row was read before). */
function asCells(rows: string[][]): [IntakeOutcome[], IntakePartial] {
  const intake = new RowIntake(SPEC, { refusals: 'collect' })
  return [rows.map((cells, i) => intake.row(CsvRow.of([...cells]), i + 2)), intake.partial()]
}

const reason = (o: IntakeOutcome) => (o.ok ? 'OK' : o.reject.reason)

const PLANTED: Array<[string, string[], string]> = [
  ['a test lead marked in the ad name only', row({ 1: '<test lead: dummy data for ad_name>' }), 'TEST_LEAD'],
  ['a test lead marked in an unmapped question only', row({ 8: 'x <test lead: dummy data for question>' }), 'TEST_LEAD'],
  ['a test lead marked in the last cell, past no delimiter', row({ 8: '<test lead: dummy>' }), 'TEST_LEAD'],
  // The rule as written for cells: a cell of the bare marker (10 characters) is not a test lead.
  ['the bare marker alone in a cell', row({ 5: '<test lead' }), 'OK'],
  ['the marker cut by a delimiter', row({ 5: 'x <test', 7: 'lead y' }), 'OK'],
  ['an extra non-empty cell past the header', row({}, ['', 'late']), 'MALFORMED_ROW'],
  ['extra empty cells past the header', row({}, ['', '']), 'OK'],
  ['a cell too few', row().slice(0, 8), 'MALFORMED_ROW'],
  ['the read columns empty, an unread one not', row({ 2: '', 3: '', 4: '', 6: '' }), 'NO_IDENTIFIER'],
]

describe('the rules that look at every cell, planted in columns the step does not read', () => {
  test('the columns the step reads are said once per layout, and the planted cells are not among them', () => {
    const read = columnsRead(SPEC)
    assert.deepEqual(read, [2, 3, 4, 6])
    assert.strictEqual(columnsRead(SPEC), read, 'computed once per layout')
    for (const i of UNREAD) assert.ok(!read.includes(i))
  })

  for (const [name, cells, want] of PLANTED) {
    test(`${name}: ${want}, as when every cell was a string`, () => {
      const got = outcomes([cells])
      assert.equal(reason(got[0][0]!), want)
      assert.deepEqual(got, asCells([cells]))
    })
  }

  test('a marker a quoted cell makes only when unescaped (text after its closing quote) is found too', () => {
    // `"<test" lead: …>` is the cell `<test lead: …>`: the line's text does not hold the marker, the cell does.
    const line = ['l:1', '"<test" lead: dummy data for ad_name>"', '07405 263058', 'ann@example.com', 'Ann Lee', '"Spring, 2025"', 'yes', 'Form A', 'Blue'].join(',')
    let got: CsvRow | null = null
    new FastCsvParser(',').push(line + '\n', (r) => (got = r))
    const r = got as unknown as CsvRow
    assert.equal(r.cell(1), '<test lead: dummy data for ad_name>"')
    const intake = new RowIntake(SPEC, { refusals: 'collect' })
    const o = intake.row(r, 2)
    assert.equal(reason(o), 'TEST_LEAD')
    assert.deepEqual(o, new RowIntake(SPEC, { refusals: 'collect' }).row(CsvRow.of(r.cells()), 2))
  })

  const file = (quote: boolean) => {
    const q = (c: string) => (quote ? `"${c}"` : c)
    const lines = [HEADER.join(','), ...PLANTED.map(([, cells]) => cells.map(q).join(',')), ',,,,,,,,', row().map(q).join(','), ',,,,,,,,,,,', q('') + ',,,,,,,,']
    return lines.join('\n') + '\n'
  }
  const WANT = [...PLANTED.map(([, , want]) => want), 'OK']
  // The blank rows are not rows: they are skipped and counted as empty lines, by the main thread's reader and
  // by a worker's chunk; the lines of the other rows say where each is.
  const WANT_LINES = [...PLANTED.map((_, i) => i + 2), PLANTED.length + 3]

  for (const quote of [false, true]) {
    test(`the main thread's reader and a worker's chunk give the same outcomes (${quote ? 'quoted cells' : 'quote-free lines'})`, async () => {
      const text = file(quote)
      const table = await openTableStream('leads.csv', Readable.from([Buffer.from(text)]))
      const intake = new RowIntake({ ...SPEC, header: table.header }, { refusals: 'collect' })
      const got: Array<[number, string]> = []
      for await (const { rows, lines } of table.batches) rows.forEach((r, i) => got.push([lines[i]!, reason(intake.row(r, lines[i]!))]))
      assert.deepEqual(got, WANT.map((w, i) => [WANT_LINES[i]!, w]))
      assert.equal(table.stats.emptyLines, 3)

      const body = Buffer.from(text.slice(text.indexOf('\n') + 1))
      const res = ingestChunk({ kind: 'ingest', bytes: body, firstLine: 2, nl: '\n', encoding: 'utf-8', strictUtf8: true, delimiter: ',', spec: { ...SPEC, header: table.header }, keepCells: false })
      assert.equal(res.partial.rows, WANT.length)
      assert.deepEqual(
        res.rejects.map((r) => [r.line, r.reason]),
        got.filter(([, w]) => w !== 'OK'),
      )
    })
  }
})

describe('a row read from its line gives what the same row gives as cells kept', () => {
  const plain = fc.oneof(
    fc.constantFrom('', ' ', 'yes', 'no', '07405 263058', '+44 7911 123456', '4.47712E+11', 'ann@example.com', ' Bob@Example.COM ', 'Ann  Lee', '=cmd', "'07405263058", 'test@meta.com'),
    fc.constantFrom('a'.repeat(64), 'f'.repeat(64), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'),
    fc.string({ maxLength: 8 }).map((s) => s.replace(/[",\r\n]/g, '')),
  )
  const cell = fc.oneof(plain, fc.constantFrom('<test lead: dummy data for x>', '<test lead', 'p:<test lead: dummy>'))
  const rows = (c: fc.Arbitrary<string>) => fc.array(fc.array(c, { minLength: 8, maxLength: 11 }), { minLength: 1, maxLength: 8 }).map((rs) => rs.filter((r) => !r.every((v) => v === '')))

  test('generated rows, cells of every kind in every column', () => {
    fc.assert(
      fc.property(rows(cell), (rs) => assert.deepEqual(outcomes(rs), asCells(rs))),
      { numRuns: 300 },
    )
  })

  test('what sits in a column the step does not read changes nothing, but for a test lead, the shape and a blank row', () => {
    fc.assert(
      fc.property(rows(plain), fc.array(plain, { minLength: 11, maxLength: 11 }), (rs, other) => {
        // Each unread cell given another value, non-empty where it was (an emptied row could become blank).
        const changed = rs.map((r) => r.map((v, i) => (UNREAD.includes(i) || i >= HEADER.length) && v !== '' && other[i] !== '' ? other[i]! : v))
        assert.deepEqual(outcomes(changed), outcomes(rs))
      }),
      { numRuns: 300 },
    )
  })
})
