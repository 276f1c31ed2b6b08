// What csv-parse reads with read-table.ts's options: the reference the fast splitter is held to, in the
// tests (test/io/fast-csv.test.ts) and in the fuzz run (scripts/fuzz.mjs). Each record comes with the line it
// starts on, counted as csv-parse counts lines (empty lines included).

import { parse } from 'csv-parse/sync'

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
