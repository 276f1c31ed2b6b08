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

/**
 * A suppression list's rows that could not be read name people who are therefore NOT suppressed: that is the
 * unsafe direction, so it is said loudly, with the reasons and the usual fix, wherever a run reports.
 */
export function suppressionWarnings(inputs: ReadonlyArray<{ index: number; role: string; table: { name: string; stats: { rows: number } } }>, rejects: readonly RowReject[]): string[] {
  const out: string[] = []
  for (const input of inputs) {
    if (input.role !== 'suppress') continue
    const mine = rejects.filter((r) => r.input === input.index)
    if (mine.length === 0) continue
    const reasons = Object.entries(rejectsByReason(mine))
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')
    const fix = mine.some((r) => r.reason === 'NO_COUNTRY') ? '; national numbers need --country' : ''
    out.push(`${input.table.name}: ${mine.length} of ${input.table.stats.rows} suppression entries could not be read (${reasons}), so the people they name are NOT suppressed${fix}.`)
  }
  return out
}
