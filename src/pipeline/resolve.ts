// From opened inputs to people: every row read once, records merged into people, suppression lists loaded,
// rejects and figures collected. Shared by prepare, dedupe, join and export.

import { SourceNames } from '../core/contact-csv.js'
import type { RowReject } from '../core/model.js'
import { emailKey, PeopleIndex, SuppressionList } from '../core/people.js'
import type { RecordOptions } from '../core/record.js'
import { bump, sortedCounts } from '../core/report.js'
import { ingestContacts, ingestSuppression, type ConsentAudit, type IngestControl, type OpenedInput } from './ingest.js'

export interface Resolved {
  inputs: readonly OpenedInput[]
  /** Input names by index; contact CSVs add the names of the files their rows came from. */
  names: SourceNames
  index: PeopleIndex
  suppression: SuppressionList
  rejects: RowReject[]
  audit: ConsentAudit
  /** Status counts of every number read. */
  phones: Record<string, number>
  rowsIn: number
  suppressionRows: number
}

export interface ResolveOptions extends IngestControl {
  /** Keep each record's own cells in the index (dedupe and join write them back). */
  keepCells?: boolean
}

export async function resolvePeople(inputs: readonly OpenedInput[], options: RecordOptions, resolve: ResolveOptions = {}): Promise<Resolved> {
  const names = new SourceNames(inputs.map((i) => i.table.name))
  const index = new PeopleIndex()
  const suppression = new SuppressionList()
  const rejects: RowReject[] = []
  const audit: ConsentAudit = new Map()
  const phones: Record<string, number> = {}
  let rowsIn = 0
  let suppressionRows = 0
  for (const input of inputs) {
    if (input.role === 'suppress') {
      suppressionRows += await ingestSuppression(
        input,
        options,
        names,
        (r) => {
          const where = { input: r.input, line: r.line }
          for (const p of r.phones) suppression.add(p.key, where)
          for (const e of r.emails) suppression.add(emailKey(e), where)
        },
        (r) => rejects.push(r),
        resolve,
      )
    } else {
      await ingestContacts(
        input,
        options,
        names,
        {
          record: (r, role, row) => index.add(r, role, resolve.keepCells ? row : undefined),
          suppressed: (r, entry) => {
            for (const p of r.phones) suppression.add(p.key, entry)
            for (const e of r.emails) suppression.add(emailKey(e), entry)
          },
          reject: (r) => rejects.push(r),
          phone: (status) => bump(phones, status),
        },
        audit,
        resolve,
      )
    }
    rowsIn += input.table.stats.rows
  }
  return { inputs, names, index, suppression, rejects, audit, phones: sortedCounts(phones), rowsIn, suppressionRows }
}
