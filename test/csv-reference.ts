// What csv-parse reads with read-table.ts's options: the reference the fast splitter is held to, in the
// tests (test/io/fast-csv.test.ts) and in the fuzz run (scripts/fuzz.mjs). Each record comes with the line it
// starts on, counted as csv-parse counts lines (empty lines included). Also what both feed the splitter:
// text cut into chunks, read chunk by chunk.

import { parse } from 'csv-parse/sync'
import type { CsvRow } from '../src/core/csv-row.js'
import { CsvSyntaxError, FastCsvParser } from '../src/io/fast-csv.js'

export interface Read {
  records: string[][]
  lines: number[]
}

export function csvParseReference(text: string, delimiter: string): Read {
  const out = parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true, bom: false }) as unknown as Array<{ record: string[]; info: { lines: number; empty_lines: number } }>
  const records: string[][] = []
  const lines: number[] = []
  let prevLines = 0
  let prevEmpty = 0
  for (const { record, info } of out) {
    records.push(record)
    lines.push(prevLines + 1 + (info.empty_lines - prevEmpty))
    prevLines = info.lines
    prevEmpty = info.empty_lines
  }
  return { records, lines }
}

/**
 * What a row's answers must be, from its cells: the splitter's row (src/core/csv-row.ts) answers them without
 * cutting cells (from a line's text and its delimiters' places), and is held here to what an array of its
 * cells gives. A message when one differs, else null.
 */
export function rowDisagrees(row: CsvRow): string | null {
  const cells = row.cells()
  if (row.length !== cells.length) return `length ${row.length} for ${cells.length} cells`
  for (let i = -1; i <= cells.length + 1; i++) {
    const want = cells[i] ?? ''
    if (row.cell(i) !== want) return `cell(${i}) ${JSON.stringify(row.cell(i))} for ${JSON.stringify(want)}`
    if (row.cellLength(i) !== want.length) return `cellLength(${i}) ${row.cellLength(i)} for ${want.length}`
    const from = cells.slice(Math.max(0, i)).some((c) => c !== '')
    if (row.hasCellFrom(i) !== from) return `hasCellFrom(${i}) ${row.hasCellFrom(i)} for ${from}`
  }
  if (row.isBlank() !== cells.every((c) => c === '')) return `isBlank() ${row.isBlank()} for ${JSON.stringify(cells)}`
  // mayContain may say yes when no cell holds the text, never no when one does: pieces of every cell (each cell
  // whole, and its pieces from every start in a short cell; a long one is searched for once).
  for (const c of cells) {
    const starts = c.length > 16 ? 1 : c.length
    for (let a = 0; a < starts; a++) {
      for (const b of [a + 1, a + 3, c.length]) if (b <= c.length && !row.mayContain(c.slice(a, b))) return `mayContain(${JSON.stringify(c.slice(a, b))}) false`
    }
  }
  if (row.mayContain('\u0000absent')) return 'mayContain of text in no cell'
  return null
}

/** The fast splitter's reading of text pushed in `chunks`; a syntax error stops it, with the records before.
 * Every row is checked by rowDisagrees() as it comes (a disagreement is thrown). */
export function splitChunks(chunks: readonly string[], delimiter: string): Read & { error: CsvSyntaxError | null } {
  const p = new FastCsvParser(delimiter)
  const records: string[][] = []
  const lines: number[] = []
  const sink = (r: CsvRow, l: number) => {
    const bad = rowDisagrees(r)
    if (bad !== null) throw new Error(`row on line ${l}: ${bad}`)
    records.push(r.cells())
    lines.push(l)
  }
  try {
    for (const c of chunks) p.push(c, sink)
    p.end(sink)
  } catch (e) {
    if (e instanceof CsvSyntaxError) return { records, lines, error: e }
    throw e
  }
  return { records, lines, error: null }
}

/** `text` cut at `points` (taken modulo its length + 1, in order; a repeated point gives an empty chunk). */
export function cutAt(text: string, points: readonly number[]): string[] {
  const at = points.map((p) => p % (text.length + 1)).sort((a, b) => a - b)
  const out: string[] = []
  let prev = 0
  for (const p of at) {
    out.push(text.slice(prev, p))
    prev = p
  }
  out.push(text.slice(prev))
  return out
}
