// What csv-parse reads with read-table.ts's options: the reference the fast splitter is held to, in the
// tests (test/io/fast-csv.test.ts) and in the fuzz run (scripts/fuzz.mjs). Each record comes with the line it
// starts on, counted as csv-parse counts lines (empty lines included). Also what both feed the splitter:
// text cut into chunks, read chunk by chunk.

import { parse } from 'csv-parse/sync'
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

/** The fast splitter's reading of text pushed in `chunks`; a syntax error stops it, with the records before. */
export function splitChunks(chunks: readonly string[], delimiter: string): Read & { error: CsvSyntaxError | null } {
  const p = new FastCsvParser(delimiter)
  const records: string[][] = []
  const lines: number[] = []
  const sink = (r: string[], l: number) => {
    records.push(r)
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
