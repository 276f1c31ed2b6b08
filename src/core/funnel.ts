// The funnel as a small bar chart people read at a glance: rows read -> usable records -> people -> each
// output, then the top reject reasons. Pure text; the terminal colours it, report.md prints it as is.

import type { Report } from './report.js'

const BLOCKS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉']

function bar(value: number, max: number, width: number): string {
  if (max <= 0 || value <= 0) return ''
  const eighths = Math.max(1, Math.round((value / max) * width * 8))
  return '█'.repeat(Math.floor(eighths / 8)) + BLOCKS[eighths % 8]!
}

export interface FunnelLine {
  label: string
  count: number
  bar: string
}

export function funnel(r: Report, width = 32): { lines: FunnelLine[]; rejects: string; suppression: string | null } {
  // Contact rows: rows read − rejected = usable records; the suppression lists' entries are not contacts.
  const steps: Array<[string, number]> = [
    ['rows read', r.contact_rows_in],
    ['usable records', r.records],
    ['people', r.people],
    ...Object.entries(r.outputs).filter(([f]) => f !== 'rejects.csv'),
  ]
  const max = Math.max(1, ...steps.map(([, c]) => c))
  const lines = steps.map(([label, count]) => ({ label, count, bar: bar(count, max, width) }))
  const top = Object.entries(r.rejects_by_reason)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 3)
    .map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`)
  const s = r.suppression
  const suppression = s.rows > 0 ? `suppression lists: ${s.rows.toLocaleString('en-US')} entries (apart), ${s.people.toLocaleString('en-US')} people suppressed` : null
  return { lines, rejects: top.length > 0 ? `rejected: ${top.join(' · ')}` : 'rejected: none', suppression }
}

/** The chart as plain lines (report.md, non-colour terminals). */
export function funnelText(r: Report, width = 32): string[] {
  const f = funnel(r, width)
  const labelWidth = Math.max(...f.lines.map((l) => l.label.length))
  const countWidth = Math.max(...f.lines.map((l) => l.count.toLocaleString('en-US').length))
  return [...f.lines.map((l) => `${l.label.padEnd(labelWidth)}  ${l.count.toLocaleString('en-US').padStart(countWidth)}  ${l.bar}`), f.rejects, ...(f.suppression ? [f.suppression] : [])]
}
