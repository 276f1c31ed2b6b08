// The input-level check of hashed values (core/hashed-values.ts), one of the row-intake step's guards
// (row-intake.ts): every column that feeds an identifier or a field the targets hash is watched, and a
// column that mixes SHA-256 digests with clear values stops the run before anything is written, naming the
// file, the line and the column (never a value). Phone columns take no digests at all: every target derives
// its number from the parsed E.164 (targets.md), and a WhatsApp list needs the number itself.
//
// The verdict needs the whole column, so the guard keeps, per watched column, the line of the first digest
// and of the first clear value. Those are all it needs, and they merge: a worker thread's guard sees one
// chunk and hands its lines back, the main thread absorbs the chunks' lines in file order, and the first
// refusal by line is the one a single pass over the file stops at, with the same sentence.

import { InputError } from '../core/errors.js'
import { looksHashed } from '../core/hashed-values.js'
import { shown } from '../core/mask.js'
import type { ContactCsvKind, ContactLayout } from '../core/contact-csv.js'
import type { CsvRow } from '../core/csv-row.js'
import type { RowLayout } from '../core/record.js'

interface WatchedColumn {
  index: number
  name: string
  kind: 'phone' | 'email' | 'field'
  /** A contact CSV's wa_emails holds several addresses, space-separated. */
  multi: boolean
}

/** Per watched column (in the guard's order), the line of the first digest and of the first clear value (0: none yet). */
export interface HashedColumnsState {
  hashed: number[]
  plain: number[]
}

/** What the guard needs to know of an input: its name, header and layout. */
export interface GuardedInput {
  name: string
  header: readonly string[]
  layout: RowLayout
  contact: ContactCsvKind | null
  contactLayout: ContactLayout
}

/** Raw-export fields whose values reach a hashed target column (external_id and value are never hashed). */
const HASHED_FIELDS = ['first_name', 'last_name', 'full_name', 'city', 'state', 'zip', 'country', 'dob', 'gender'] as const
const CONTACT_COLUMNS = ['wa_first_name', 'wa_last_name', 'wa_city', 'wa_state', 'wa_zip', 'wa_dob', 'wa_gender']

function watchedColumns(input: GuardedInput): WatchedColumn[] {
  const cols: WatchedColumn[] = []
  const add = (index: number | undefined, kind: WatchedColumn['kind'], multi = false) => {
    if (index === undefined || index < 0 || cols.some((c) => c.index === index)) return
    cols.push({ index, name: input.header[index] ?? '', kind, multi })
  }
  if (input.contact) {
    add(input.contactLayout.get('wa_emails'), 'email', true)
    for (const c of CONTACT_COLUMNS) add(input.contactLayout.get(c), 'field')
    return cols
  }
  for (const i of input.layout.phone) add(i, 'phone')
  for (const i of input.layout.email) add(i, 'email')
  for (const f of HASHED_FIELDS) add(input.layout.fields[f], 'field')
  return cols
}

export class HashedColumnGuard {
  private readonly cols: WatchedColumn[]
  private readonly hashed: number[]
  private readonly plain: number[]

  constructor(private readonly input: GuardedInput) {
    this.cols = watchedColumns(input)
    this.hashed = this.cols.map(() => 0)
    this.plain = this.cols.map(() => 0)
  }

  /** Notes the watched cells of one well-formed row; returns the refusal this row completes, or null. */
  see(row: CsvRow, line: number): InputError | null {
    let refusal: InputError | null = null
    for (let c = 0; c < this.cols.length; c++) {
      const col = this.cols[c]!
      // Settled, or nothing this cell can change: a digest is 64 characters, and a clear value is known. (The
      // cell's length is read without cutting the cell: most rows' watched cells are not looked at further.)
      if (this.hashed[c] !== 0 && (this.plain[c] !== 0 || col.kind === 'phone')) continue
      if ((this.plain[c] !== 0 || col.kind === 'phone') && row.cellLength(col.index) < 64) continue
      const cell = row.cell(col.index).trim()
      if (cell === '') continue
      const before = this.refusalLine(c)
      if (col.kind === 'phone') {
        if (looksHashed(cell)) this.hashed[c] = line
      } else {
        for (const v of col.multi ? cell.split(/\s+/) : [cell]) {
          if (v === '') continue
          const hashed = looksHashed(v)
          // In an email column only an address counts as a clear value: `n/a` or `-` beside digests is a blank.
          if (col.kind === 'email' && !hashed && !v.includes('@')) continue
          if (hashed && this.hashed[c] === 0) this.hashed[c] = line
          if (!hashed && this.plain[c] === 0) this.plain[c] = line
        }
      }
      if (refusal === null && before === 0 && this.refusalLine(c) !== 0) refusal = this.refusal(c)
    }
    return refusal
  }

  /** The lines noted so far, for the main thread to absorb (a worker's chunk). */
  state(): HashedColumnsState {
    return { hashed: [...this.hashed], plain: [...this.plain] }
  }

  /** Adds the lines of the next stretch of the file (a chunk read by a worker), in file order. */
  absorb(s: HashedColumnsState): void {
    for (let c = 0; c < this.cols.length; c++) {
      if (this.hashed[c] === 0) this.hashed[c] = s.hashed[c] ?? 0
      if (this.plain[c] === 0) this.plain[c] = s.plain[c] ?? 0
    }
  }

  /** The refusal a single pass over the rows seen so far stops at: the earliest line, then the column order. */
  first(): InputError | null {
    let best = -1
    for (let c = 0; c < this.cols.length; c++) {
      const at = this.refusalLine(c)
      if (at !== 0 && (best < 0 || at < this.refusalLine(best))) best = c
    }
    return best < 0 ? null : this.refusal(best)
  }

  /** The line at which column c is refused (0: it is not). */
  private refusalLine(c: number): number {
    if (this.cols[c]!.kind === 'phone') return this.hashed[c]!
    return this.hashed[c] !== 0 && this.plain[c] !== 0 ? Math.max(this.hashed[c]!, this.plain[c]!) : 0
  }

  private refusal(c: number): InputError {
    const file = this.input.name
    const col = this.cols[c]!
    const line = this.refusalLine(c)
    if (col.kind === 'phone') {
      return new InputError(
        `${file} line ${line}: column "${shown(col.name)}" holds a SHA-256 hash where a phone number is expected; wa-audience needs numbers unhashed to check them and to reach WhatsApp, so export the column unhashed or map another with --map phone=COLUMN.`,
        { file, line },
      )
    }
    return new InputError(
      `${file} line ${line}: column "${shown(col.name)}" mixes SHA-256 hashes (first on line ${this.hashed[c]}) with unhashed values (first on line ${this.plain[c]}); give the column all hashed or all unhashed, e.g. export it again without hashing.`,
      { file, line },
    )
  }
}
