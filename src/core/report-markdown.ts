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


const ADS_POLICY_TEXT: Record<string, string> = {
  explicit: 'only people granted on `ads` are admitted',
  'any-marketing': 'a person granted on at least one channel (whatsapp, sms, email or ads) and denied on none of `ads` is admitted',
  'not-denied': 'every person not denied on `ads` and not suppressed is admitted',
}

/** Why the ads row's `granted` is not the size of the ad audiences: the policy, in a sentence, with its count. */
export function adsPolicyNote(r: Report): string {
  const c = r.consent
  const admitted = c.ads_admitted
  const without = c.ads_admitted_without_ads_consent
  const policy = `Ads policy \`${c.ads_policy}\` (--ads-consent): ${ADS_POLICY_TEXT[c.ads_policy] ?? ''}.`
  const tail =
    without > 0
      ? ` It admits ${n(admitted)} people to the ad-platform files, ${n(without)} of them without an \`ads\` consent of their own, so the ads row's granted count (${n(c.ads.granted)}) is not the audience's size${c.ads_policy === 'explicit' ? '' : '; `--ads-consent explicit` admits only people granted on ads'}.`
      : ` It admits ${n(admitted)} people to the ad-platform files.`
  return policy + tail
}

/** Refused numbers, by status: on rejected rows, and on rows kept by their email or another number. */
function phoneFigureLines(r: Report): string[] {
  const kept = r.phones_on_kept_rows
  const refused = Object.entries(r.phones).filter(([k]) => k !== 'OK' && k !== 'NOT_MOBILE')
  if (refused.length === 0) return []
  const out = ['Numbers that could not be used (a row with two numbers counts two):', '', '| status | numbers | on rejected rows | on rows kept by an email or another number | meaning |', '|---|---:|---:|---:|---|']
  for (const [status, count] of refused.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
    const k = kept[status] ?? 0
    out.push(`| ${status} | ${n(count)} | ${n(count - k)} | ${n(k)} | ${PHONE_TEXT[status] ?? ''} |`)
  }
  return out
}

const PHONE_TEXT: Record<string, string> = {
  EXCEL_MANGLED: 'spoiled by Excel (scientific notation): digits lost; export the column as text',
  NO_COUNTRY: 'written without a country code: --country settles it',
  INVALID_COUNTRY: "the row's country could not be read",
  TOO_SHORT: 'too short',
  TOO_LONG: 'too long',
  INVALID: 'not a valid number',
  NOT_A_NUMBER: 'no number in the cell',
}

/** report.md: the same figures for people, funnel first. */
export function reportMarkdown(r: Report): string {
  const lines: string[] = []
  lines.push('# wa-audience report', '')
  lines.push('## Funnel', '')
  // Contact rows only: contact rows read − rejected = usable records. The suppression lists' entries name
  // people to keep out, not contacts: they are a line of their own.
  const rejected = r.contact_rows_rejected
  lines.push('| step | count |', '|---|---:|')
  lines.push(`| rows read (customers and followers) | ${n(r.contact_rows_in)} |`)
  lines.push(`| rows rejected | ${n(rejected)} (${pct(rejected, r.contact_rows_in)}) |`)
  lines.push(`| usable records | ${n(r.records)} |`)
  lines.push(`| people (after merging ${n(r.duplicates_merged)} duplicate records) | ${n(r.people)} |`)
  for (const [file, rows] of Object.entries(r.outputs)) lines.push(`| → ${file} | ${n(rows)} |`)
  if (r.suppression.rows > 0) lines.push(`| suppression list entries (apart: people to keep out) | ${n(r.suppression.rows)}${r.suppression.rejected > 0 ? `, ${n(r.suppression.rejected)} unreadable` : ''} |`)
  lines.push('', '```text', ...funnelText(r), '```', '')

  if (r.rows_rejected > 0) {
    lines.push('## Rejected rows by reason', '', '| reason | rows | meaning |', '|---|---:|---|')
    for (const [reason, count] of Object.entries(r.rejects_by_reason).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
      lines.push(`| ${reason} | ${n(count)} | ${REASON_TEXT[reason] ?? ''} |`)
    }
    lines.push('', 'Each rejected row is listed in `rejects.csv` with its file and line.', '')
  }

  const phoneLines = phoneFigureLines(r)
  if (phoneLines.length > 0) lines.push('## Phone numbers', '', ...phoneLines, '')

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
  lines.push(adsPolicyNote(r))
  lines.push('')
  lines.push(`WhatsApp consent read from: ${r.consent.whatsapp_consent_from}.`)
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

  if (r.hints.length > 0) {
    lines.push('## Hints', '')
    for (const h of r.hints) lines.push(`- ${h}`)
    lines.push('')
  }

  if (r.warnings.length > 0) {
    lines.push('## Warnings', '')
    for (const w of r.warnings) lines.push(`- ${w}`)
    lines.push('')
  }
  return lines.join('\n')
}
