// The input-level check of hashed values (core/hashed-values.ts): while an input's rows stream past, every
// column that feeds an identifier or a field the targets hash is watched, and a column that mixes SHA-256
// digests with clear values stops the run before anything is written, naming the file, the line and the
// column (never a value). Phone columns take no digests at all: every target derives its number from the
// parsed E.164 (targets.md), and a WhatsApp list needs the number itself.

import { InputError } from '../core/errors.js'
import { shown } from '../core/mask.js'
import { HashMixTracker, looksHashed } from '../core/hashed-values.js'
import type { RowBatch } from '../io/read-table.js'
import { malformed, type OpenedInput } from './ingest.js'

interface WatchedColumn {
  index: number
  name: string
  kind: 'phone' | 'email' | 'field'
  /** A contact CSV's wa_emails holds several addresses, space-separated. */
  multi: boolean
}

/** Raw-export fields whose values reach a hashed target column (external_id and value are never hashed). */
const HASHED_FIELDS = ['first_name', 'last_name', 'full_name', 'city', 'state', 'zip', 'country', 'dob', 'gender'] as const
const CONTACT_COLUMNS = ['wa_first_name', 'wa_last_name', 'wa_city', 'wa_state', 'wa_zip', 'wa_dob', 'wa_gender']

function watchedColumns(input: OpenedInput): WatchedColumn[] {
  const header = input.table.header
  const cols: WatchedColumn[] = []
  const add = (index: number | undefined, kind: WatchedColumn['kind'], multi = false) => {
    if (index === undefined || index < 0 || cols.some((c) => c.index === index)) return
    cols.push({ index, name: header[index] ?? '', kind, multi })
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

function checkRow(input: OpenedInput, cols: readonly WatchedColumn[], tracker: HashMixTracker, row: readonly string[], line: number): void {
  const file = input.table.name
  for (const c of cols) {
    const cell = (row[c.index] ?? '').trim()
    if (cell === '') continue
    if (c.kind === 'phone') {
      if (looksHashed(cell)) {
        throw new InputError(
          `${file} line ${line}: column "${shown(c.name)}" holds a SHA-256 hash where a phone number is expected; wa-audience needs numbers unhashed to check them and to reach WhatsApp, so export the column unhashed or map another with --map phone=COLUMN.`,
          { file, line },
        )
      }
      continue
    }
    for (const v of c.multi ? cell.split(/\s+/) : [cell]) {
      // In an email column only an address counts as a clear value: `n/a` or `-` beside digests is a blank.
      if (c.kind === 'email' && !looksHashed(v) && !v.includes('@')) continue
      const mixed = tracker.see(c.name, v, line)
      if (mixed) {
        throw new InputError(
          `${file} line ${line}: column "${shown(c.name)}" mixes SHA-256 hashes (first on line ${mixed.firstHashed}) with unhashed values (first on line ${mixed.firstPlain}); give the column all hashed or all unhashed, e.g. export it again without hashing.`,
          { file, line },
        )
      }
    }
  }
}

/** Wraps each input's row stream with the check; call after openInputs, before the rows are read. */
export function guardHashedColumns(inputs: readonly OpenedInput[]): void {
  for (const input of inputs) {
    const cols = watchedColumns(input)
    if (cols.length === 0) continue
    const tracker = new HashMixTracker()
    const rows = input.table.batches
    const header = input.table.header
    input.table.batches = (async function* (): AsyncGenerator<RowBatch> {
      for await (const batch of rows) {
        for (let i = 0; i < batch.rows.length; i++) {
          const row = batch.rows[i]!
          const line = batch.lines[i]!
          // A malformed row is rejected as such; its shifted cells say nothing about its columns.
          if (malformed(row, header, input.index, line)) continue
          checkRow(input, cols, tracker, row, line)
        }
        yield batch
      }
    })()
  }
}
