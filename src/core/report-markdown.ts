// report.md: the run's figures (report.ts) for people, funnel first. Apart from report.ts so that the funnel
// chart (funnel.ts), which reads a Report, and the report's figures do not import each other.

import { CHANNELS } from './model.js'
import { funnelText } from './funnel.js'
import type { Report } from './report.js'

const n = (x: number) => x.toLocaleString('en-US')
const pct = (x: number, of: number) => (of === 0 ? '0%' : `${((100 * x) / of).toFixed(1)}%`)

/** What each reject and exclusion reason means, in a marketer's words (report.md and report.html). */
export const REASON_TEXT: Record<string, string> = {
  MALFORMED_ROW: 'the row has a different number of cells than the header',
  NO_IDENTIFIER: 'neither a usable phone nor a valid email',
  TEST_LEAD: "Meta's test leads",
  EXCEL_MANGLED: 'phone spoiled by Excel (scientific notation), no email',
  NO_COUNTRY: 'national phone with no country (use --country), no email',
  INVALID_COUNTRY: "unreadable country on the row, no email",
  TOO_SHORT: 'phone too short, no email',
  TOO_LONG: 'phone too long, no email',
  INVALID: 'invalid phone, no email',
  NOT_A_NUMBER: 'phone cell holds no number, no email',
  SUPPRESSED: 'on a --suppress list',
  CONSENT_DENIED: 'consent denied',
  NO_CONSENT: 'no consent recorded',
  NO_PHONE: 'no usable phone number',
  NOT_MOBILE: 'no WhatsApp-eligible (mobile) number',
  MISSING_PARAM: 'lacks a value a template parameter needs (listed in skipped.csv)',
}

/** report.md: the same figures for people, funnel first. */
export function reportMarkdown(r: Report): string {
  const lines: string[] = []
  lines.push('# wa-audience report', '')
  lines.push('## Funnel', '')
  lines.push('| step | count |', '|---|---:|')
  lines.push(`| rows read | ${n(r.rows_in)} |`)
  lines.push(`| rows rejected | ${n(r.rows_rejected)} (${pct(r.rows_rejected, r.rows_in)}) |`)
  lines.push(`| usable records | ${n(r.records)} |`)
  lines.push(`| people (after merging ${n(r.duplicates_merged)} duplicate records) | ${n(r.people)} |`)
  for (const [file, rows] of Object.entries(r.outputs)) lines.push(`| → ${file} | ${n(rows)} |`)
  lines.push('', '```text', ...funnelText(r), '```', '')

  if (r.rows_rejected > 0) {
    lines.push('## Rejected rows by reason', '', '| reason | rows | meaning |', '|---|---:|---|')
    for (const [reason, count] of Object.entries(r.rejects_by_reason).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
      lines.push(`| ${reason} | ${n(count)} | ${REASON_TEXT[reason] ?? ''} |`)
    }
    lines.push('', 'Each rejected row is listed in `rejects.csv` with its file and line.', '')
  }

  const emptied = Object.entries(r.formula_cells_emptied).filter(([, c]) => c > 0)
  if (emptied.length > 0) {
    lines.push('## Cells left empty (they would run as a formula)', '', '| field | cells |', '|---|---:|')
    for (const [field, count] of emptied) lines.push(`| ${field} | ${n(count)} |`)
    lines.push('', 'A name or text cell starting with `=`, `+`, `-` or `@` runs as a formula when a CSV is opened in a spreadsheet; it is left empty in every output.', '')
  }

  lines.push('## Who was kept out of each audience', '')
  for (const [file, reasons] of Object.entries(r.excluded)) {
    const entries = Object.entries(reasons).filter(([, c]) => c > 0)
    if (entries.length === 0) {
      lines.push(`- ${file}: nobody`)
      continue
    }
    lines.push(`- ${file}: ${entries.map(([k, c]) => `${n(c)} ${REASON_TEXT[k] ?? k} (${k})`).join('; ')}`)
  }
  lines.push('')

  lines.push('## Consent (people)', '')
  lines.push('| channel | granted | denied | unknown | conflicts |', '|---|---:|---:|---:|---:|')
  for (const ch of CHANNELS) {
    const c = r.consent[ch]
    lines.push(`| ${ch} | ${n(c.granted)} | ${n(c.denied)} | ${n(c.unknown)} | ${n(c.conflicts)} |`)
  }
  lines.push('')
  lines.push(`Ads policy: \`${r.consent.ads_policy}\`. WhatsApp consent read from: ${r.consent.whatsapp_consent_from}.`)
  lines.push(`People whose records disagreed with no time to settle it (denied won): ${n(r.consent.conflicts)}.`)
  lines.push('')

  lines.push('## Matching', '')
  lines.push(`- followers: ${n(r.followers.total)} people, ${n(r.followers.matched_customers)} of them also customers`)
  lines.push(`- customers: ${n(r.customers.total)} people, ${n(r.customers.matched_followers)} of them also followers`)
  lines.push(`- suppression: ${n(r.suppression.entries)} entries, ${n(r.suppression.people)} people suppressed`)
  lines.push('')

  lines.push('## Inputs', '', '| file | role | format | encoding | delimiter | rows |', '|---|---|---|---|---|---:|')
  for (const i of r.inputs) lines.push(`| ${i.file} | ${i.role} | ${i.format} | ${i.encoding} | ${i.delimiter === '\t' ? 'tab' : i.delimiter} | ${n(i.rows)} |`)
  lines.push('')

  if (r.deltas) {
    // before + added − removed = now, each term a file to upload; people already there whose row changed are
    // counted apart (updates/ for ad platforms) and are in neither adds/ nor removes/.
    lines.push(`## Changes since ${r.deltas.previous}`, '', '| audience | before | + added (adds/) | − removed (removes/) | = now | changed, already there |', '|---|---:|---:|---:|---:|---:|')
    for (const d of r.deltas.files) {
      const merged = d.regrouped === 0 ? '' : d.regrouped > 0 ? ` (− ${n(d.regrouped)} merged)` : ` (+ ${n(-d.regrouped)} split)`
      const changed = d.updates ? `${n(d.changed)} (${d.updates})` : n(d.changed)
      lines.push(`| ${d.file} | ${n(d.previous)} | ${n(d.adds)} | ${n(d.removes)}${merged} | ${n(d.current)} | ${changed} |`)
    }
    lines.push('')
  }

  if (r.warnings.length > 0) {
    lines.push('## Warnings', '')
    for (const w of r.warnings) lines.push(`- ${w}`)
    lines.push('')
  }
  return lines.join('\n')
}
