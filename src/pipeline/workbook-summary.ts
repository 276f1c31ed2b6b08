// What the report says about an input read from an Excel workbook: the sheet, and how many of its phone
// cells held a number. Excel stores a phone typed as a number without its leading 0 or + (`7405263058`,
// `447911123456`): every digit is kept, and the phone step reads such digits with the row's country or
// --country, as it reads any national number; the count tells the user it happened, and where to look if a
// country is missing.

import type { OpenedInput } from './ingest.js'
import { isXlsxTable } from '../io/xlsx-table.js'

/** Cells of the input's phone columns that held a number. */
export function numericPhoneCells(input: OpenedInput): number {
  const t = input.table
  if (!isXlsxTable(t)) return 0
  let n = 0
  for (const col of input.mapping.fields.phone ?? []) {
    const i = t.header.indexOf(col)
    if (i >= 0) n += t.numericCells[i] ?? 0
  }
  return n
}

export function workbookSummary(input: OpenedInput): { sheet?: string; numeric_phone_cells?: number } {
  const t = input.table
  if (!isXlsxTable(t)) return {}
  return { sheet: t.sheet, numeric_phone_cells: numericPhoneCells(input) }
}

export function numericPhoneWarning(input: OpenedInput): string | null {
  const n = numericPhoneCells(input)
  if (n === 0) return null
  return `${input.table.name}: ${n.toLocaleString('en-US')} phone cell(s) held a number, not text: Excel keeps every digit but drops a leading 0 or +, so numbers without a country code were read with the row's country or --country (those with more than 15 digits lost digits and are rejected as EXCEL_MANGLED).`
}
