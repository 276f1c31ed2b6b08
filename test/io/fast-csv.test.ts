// The fast splitter must read exactly what csv-parse reads (with read-table's options): same records, same
// starting lines, same empty-line count, on hand-picked edge cases and on generated files cut into random
// chunks.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { csvParseReference, cutAt, splitChunks, type Read } from '../csv-reference.js'
import type { CsvRow } from '../../src/core/csv-row.js'
import { CsvSyntaxError, FastCsvParser, LineEndFinder, RecordBoundaryScanner } from '../../src/io/fast-csv.js'

const reference = csvParseReference

function fast(chunks: string[], delimiter: string): Read {
  const { records, lines, error } = splitChunks(chunks, delimiter)
  if (error) throw error
  return { records, lines }
}

const CASES: Array<[string, string]> = [
  ['plain', 'a,b,c\n1,2,3\n4,5,6\n'],
  ['no final line end', 'a,b\n1,2'],
  ['CRLF', 'a,b\r\n1,2\r\n3,4\r\n'],
  ['quoted comma and doubled quote', 'a,b\n"x, y","say ""hi"""\n'],
  ['quoted newline', 'a,b\n"line one\nline two",2\n3,4\n'],
  ['empty lines counted', 'a,b\n\n1,2\n\n\n3,4\n'],
  ['stray quote in an unquoted field', 'a,b\nO"Brien,2\n5" screen,3\n'],
  ['empty quoted field', 'a,b\n"",2\n'],
  ['quote at the end of a line', 'a,b\n1,"2"\n3,"4"'],
  ['ragged rows', 'a,b,c\n1,2\n1,2,3,4\n'],
  ['trailing delimiter', 'a,b\n1,2,\n'],
  ['only delimiters', 'a,b\n,\n'],
  ['unicode', 'name,city\nZoë,Köln\nराहुल,"São Paulo, SP"\n'],
  // Excel for Mac's "CSV (Macintosh)": rows end with CR, a line break inside a cell is LF (found by scripts/fuzz.mjs).
  ['CR rows with a LF inside quotes', 'a,b\r"x\ny",2\r3,4\r'],
  ['CR rows, LF inside the quoted header', '"a\nb",c\r1,2\r'],
  // The character after the first CR, in text the splitter kept aside until the end (found by scripts/fuzz.mjs).
  ['a CR then text without a line end', 'x 1\r"b1",a'],
  ['an empty CR line then a record', '\r,\t'],
]

describe('FastCsvParser', () => {
  for (const [name, text] of CASES) {
    test(`${name}: same records and lines as csv-parse`, () => {
      assert.deepEqual(fast([text], ','), reference(text, ','))
      // Every single cut point too: a record split across two chunks reads the same.
      for (let k = 0; k <= text.length; k++) assert.deepEqual(fast([text.slice(0, k), text.slice(k)], ','), reference(text, ','), `cut at ${k}`)
    })
  }

  test('a CRLF inside a quoted field is one line, as an editor counts it (csv-parse counts two)', () => {
    const text = 'a,b\r\n"one\r\ntwo",2\r\n3,4\r\n'
    const r = fast([text], ',')
    assert.deepEqual(r.records, reference(text, ',').records)
    assert.deepEqual(r.lines, [1, 2, 4])
  })

  test('tab and semicolon delimiters', () => {
    const t = 'id\tname\nl:1\t"A\tB"\n'
    assert.deepEqual(fast([t], '\t'), reference(t, '\t'))
    const s = 'Nom;Ville\n"Dubois; Chloé";Lyon\n'
    assert.deepEqual(fast([s], ';'), reference(s, ';'))
  })

  test('an unclosed quote is an error naming the line the record starts on', () => {
    assert.throws(() => fast(['a,b\n1,2\n"open,3\n4,5\n'], ','), (e: unknown) => e instanceof CsvSyntaxError && e.code === 'CSV_QUOTE_NOT_CLOSED' && e.line === 3)
  })

  test('generated files cut anywhere read as csv-parse reads them', () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 6 }).map((s) => s.replace(/["\r\n,]/g, '')),
      fc.constantFrom('', 'Zoë', 'a,b', 'say "hi"', 'two\nlines', 'crlf\r\nline', ' spaced ', '07405 263058', "O'Brien"),
    )
    const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)
    const file = fc.record({
      rows: fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 12 }),
      crlf: fc.boolean(),
      blank: fc.array(fc.nat(12), { maxLength: 3 }),
      finalNewline: fc.boolean(),
    })
    fc.assert(
      fc.property(file, fc.array(fc.nat(), { maxLength: 6 }), ({ rows, crlf, blank, finalNewline }, points) => {
        const eol = crlf ? '\r\n' : '\n'
        const lines = rows.map((r) => r.map(quote).join(','))
        for (const b of blank) lines.splice(b % (lines.length + 1), 0, '')
        const text = lines.join(eol) + (finalNewline ? eol : '')
        const got = fast(cutAt(text, points), ',')
        const want = reference(text, ',')
        assert.deepEqual(got.records, want.records)
        // Line numbers agree wherever no quoted field holds a CR (see the test above for that case).
        if (!/"[^"]*\r/.test(text)) assert.deepEqual(got.lines, want.lines)
      }),
      { numRuns: 500 },
    )
  })
})

describe('RecordBoundaryScanner', () => {
  /** Parses `text` the way the parallel reader does: cut at scanner boundaries near `cuts`, each chunk alone. */
  function chunked(text: string, cuts: number[]): Read {
    const buf = Buffer.from(text, 'utf8')
    const nl = new LineEndFinder(',').find(text) || '\n'
    const scanner = new RecordBoundaryScanner(',', nl)
    const records: string[][] = []
    const lines: number[] = []
    let start = 0
    let line = 1
    const sink = (r: CsvRow, l: number) => {
      records.push(r.cells())
      lines.push(l)
    }
    for (const c of [...cuts.map((x) => x % (buf.length + 1))].sort((a, b) => a - b)) {
      if (c <= start) continue
      const { end, lines: crossed } = scanner.recordEnd(buf, start, c)
      if (end === start) continue
      const p = new FastCsvParser(',', line)
      p.push(buf.toString('utf8', start, end), sink)
      p.end(sink)
      line += crossed
      start = end
    }
    const p = new FastCsvParser(',', line)
    p.push(buf.toString('utf8', start), sink)
    p.end(sink)
    return { records, lines }
  }

  for (const [name, text] of CASES) {
    test(`${name}: chunks cut at any point parse like the whole`, () => {
      for (let k = 0; k <= text.length; k++) assert.deepEqual(chunked(text, [k]), fast([text], ','), `cut near ${k}`)
    })
  }

  test('records across the scanner\'s 64 KiB text windows, and one longer than a window, end where the parser ends them', () => {
    const rows: string[] = []
    for (let i = 0; i < 3000; i++) rows.push(i % 97 === 5 ? `${i},"two\nlines, ""quoted""",x"y` : `${i},plain ${'z'.repeat(i % 50)},"a,b"`)
    rows.splice(1500, 0, `long,"${'q'.repeat(200_000)}\n${'r'.repeat(5_000)}",end`)
    for (const crlf of [false, true]) {
      const text = rows.join(crlf ? '\r\n' : '\n') + (crlf ? '\r\n' : '\n')
      const whole = new RecordBoundaryScanner(',', '\n').recordEnd(Buffer.from(text), 0, text.length)
      assert.equal(whole.end, text.length)
      assert.equal(whole.lines, rows.length + rows.filter((r) => r.includes('\n')).length)
      const cuts = [70_000, 131_072, 150_000, 260_000, 300_000]
      assert.deepEqual(chunked(text, cuts), fast([text], ','))
    }
  })

  test('generated files, cut anywhere, parse like the whole', () => {
    const cell = fc.oneof(fc.string({ maxLength: 6 }).map((s) => s.replace(/[\r\n,"]/g, '')), fc.constantFrom('', 'Zoë', 'a,b', 'say "hi"', 'two\nlines', 'crlf\r\nline', '5" screen', 'राहुल'))
    const quote = (v: string) => (/[",\r\n]/.test(v) && !v.startsWith('5"') ? `"${v.replace(/"/g, '""')}"` : v)
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 12 }), fc.boolean(), fc.array(fc.nat(), { maxLength: 6 }), (rows, crlf, cuts) => {
        const text = rows.map((r) => r.map(quote).join(',')).join(crlf ? '\r\n' : '\n') + (crlf ? '\r\n' : '\n')
        assert.deepEqual(chunked(text, cuts), fast([text], ','))
      }),
      { numRuns: 500 },
    )
  })
})
