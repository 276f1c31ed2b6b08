// Formula cells (CSV injection, issue 14). A cell that starts with `=`, `+`, `-` or `@` runs as a formula when a
// CSV is opened in a spreadsheet: `=HYPERLINK("http://…"&A1)` in a first name sends the row to a stranger's
// server, `=cmd|' /C calc'!A0` starts a program. One rule for every file wa-audience writes from people
// (whatsapp.csv, whatsapp-cloud.jsonl, the Meta, Google and TikTok files, the wa_ columns of normalize, dedupe
// and join): a name or text field whose value, trimmed, starts with one of those characters is no name and no
// text anybody typed for a customer, so it is left empty, where the record is read (core/record.ts, and
// core/contact-csv.ts for a contact CSV read back), and counted in the report. Being applied to the record,
// not to each output, it gives every target, the threaded and the serial paths, and `normalize | dedupe |
// export` the same cells. Phone numbers are exempt: a phone column is validated and written as E.164, whose
// `+` is the number's (a number behind a spreadsheet guard, `="+44…"`, is read as the number). An email
// starting with one of those characters is not an address we accept (core/email.ts), counted the same way.

import type { PersonField, PersonFields } from './model.js'

/** The characters that make a spreadsheet read a cell as a formula. */
const FORMULA_START = /^[=+\-@]/

/** True when `v`, trimmed, would run as a formula in a spreadsheet. */
export function wouldRunAsFormula(v: string): boolean {
  // A first character that is neither one of `=+-@` nor possibly white space (all of which trimStart removes
  // are below 33 or above 127) settles it without the trim and the expression: most cells.
  const c = v.charCodeAt(0)
  if (c > 32 && c < 128 && c !== 61 && c !== 43 && c !== 45 && c !== 64) return false
  return FORMULA_START.test(v.trimStart())
}

/** Empties, in place, every field that would run as a formula; returns the fields emptied (null when none). */
export function emptyFormulaFields(fields: PersonFields): PersonField[] | null {
  let emptied: PersonField[] | null = null
  // for-in, in the same order as Object.keys(), without the array of keys made for every record.
  for (const key in fields) {
    const f = key as PersonField
    const v = fields[f]
    if (v !== '' && wouldRunAsFormula(v)) {
      fields[f] = ''
      ;(emptied ??= []).push(f)
    }
  }
  return emptied
}

/** The field names report.json counts emptied cells under: the person fields, and `email`. */
export type EmptiedField = PersonField | 'email'
