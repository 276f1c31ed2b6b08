// rejects.csv: one row per input row not used, in input order, values already masked by the core.

import type { SourceNames } from '../core/contact-csv.js'
import type { RowReject } from '../core/model.js'
import { bump, sortedCounts } from '../core/report.js'

export const REJECTS_HEADER = ['source', 'row', 'reason', 'detail'] as const

export function rejectRows(rejects: readonly RowReject[], names: SourceNames): string[][] {
  return [...rejects].sort((a, b) => a.input - b.input || a.line - b.line).map((r) => [names.name(r.input), String(r.line), r.reason, r.detail])
}

export function rejectsByReason(rejects: readonly RowReject[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const r of rejects) bump(counts, r.reason)
  return sortedCounts(counts)
}
