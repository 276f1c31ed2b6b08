// report.html: the run's figures as one self-contained page a marketer opens by double-clicking it. Pure:
// Report in, string out. Inline CSS and SVG only: no script, no font, no image, no link to anywhere, and a
// Content-Security-Policy of `default-src 'none'` so a browser would not fetch anything even if some text
// tried. Every text is escaped (file names and column headers come from the user's files); the report
// holds counts and masked values only, never a phone or an email.

import { funnel } from './funnel.js'
import { escapeControls } from './mask.js'
import { CHANNELS } from './model.js'
import { nextSteps, type NextStepsContext } from './next-steps.js'
import type { Report } from './report.js'
import { adsPolicyNote, REASON_TEXT } from './report-markdown.js'

const n = (x: number) => x.toLocaleString('en-US')
const pct = (x: number, of: number) => (of === 0 ? '0%' : `${((100 * x) / of).toFixed(1)}%`)

/** Escapes text for an HTML element or a quoted attribute; control characters and direction overrides
 * are written visibly (`\x1b`), as everywhere text from a file is shown. */
export function escapeHtml(s: string): string {
  return escapeControls(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

/** Escaped text with `backtick` spans as <code>. */
function inline(s: string): string {
  return escapeHtml(s).replace(/`([^`]+)`/g, '<code>$1</code>')
}

const COLORS = {
  bar: '#2f6fb0',
  reject: '#c2410c',
  granted: '#15803d',
  denied: '#b91c1c',
  unknown: '#9ca3af',
}

interface Bar {
  label: string
  value: number
  color?: string
}

/** A horizontal bar chart: one row per bar, the label left, the count right of the bar. */
function barChart(id: string, title: string, bars: readonly Bar[], o: { max?: number; of?: number; compact?: boolean } = {}): string {
  const rowH = 26
  const labelW = o.compact ? 190 : 300
  const barW = o.compact ? 180 : 520
  const width = labelW + barW + (o.compact ? 110 : 150)
  const height = bars.length * rowH + 8
  const max = Math.max(1, o.max ?? Math.max(0, ...bars.map((b) => b.value)))
  const rows = bars.map((b, i) => {
    const y = 4 + i * rowH
    const w = b.value <= 0 ? 0 : Math.max(2, Math.round((b.value / max) * barW))
    const share = o.of !== undefined ? ` (${pct(b.value, o.of)})` : ''
    return (
      `<g><text x="${labelW - 10}" y="${y + 17}" text-anchor="end">${escapeHtml(clip(b.label, o.compact ? 24 : 42))}</text>` +
      `<rect x="${labelW}" y="${y + 3}" width="${w}" height="${rowH - 8}" rx="3" fill="${b.color ?? COLORS.bar}"/>` +
      `<text x="${labelW + w + 8}" y="${y + 17}" class="num">${n(b.value)}${share}</text></g>`
    )
  })
  return `<svg id="${id}" class="chart" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet"><title>${escapeHtml(title)}</title>${rows.join('')}</svg>`
}

/** One stacked bar per channel: granted, denied, unknown. */
function consentChart(r: Report): string {
  const rowH = 30
  const labelW = 110
  const barW = 700
  const width = labelW + barW + 20
  const height = CHANNELS.length * rowH + 34
  const rows = CHANNELS.map((ch, i) => {
    const c = r.consent[ch]
    const total = c.granted + c.denied + c.unknown
    const y = 4 + i * rowH
    let x = labelW
    const parts = (['granted', 'denied', 'unknown'] as const).map((k) => {
      const w = total === 0 ? 0 : (c[k] / total) * barW
      const rect = w > 0 ? `<rect x="${x.toFixed(1)}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="${COLORS[k]}"><title>${k}: ${n(c[k])}</title></rect>` : ''
      const label = w > 48 ? `<text x="${(x + w / 2).toFixed(1)}" y="${y + 19}" text-anchor="middle" class="in">${n(c[k])}</text>` : ''
      x += w
      return rect + label
    })
    return `<g><text x="${labelW - 10}" y="${y + 19}" text-anchor="end">${ch}</text>${parts.join('')}</g>`
  })
  const ly = CHANNELS.length * rowH + 20
  const legend = (['granted', 'denied', 'unknown'] as const)
    .map((k, i) => `<rect x="${labelW + i * 130}" y="${ly - 11}" width="14" height="14" fill="${COLORS[k]}"/><text x="${labelW + i * 130 + 20}" y="${ly}">${k}</text>`)
    .join('')
  return `<svg id="consent-chart" class="chart" role="img" aria-label="Consent per channel" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet"><title>Consent per channel</title>${rows.join('')}${legend}</svg>`
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max - 1) + '…'
}

function table(head: readonly string[], rows: readonly (readonly string[])[], numeric: readonly number[] = []): string {
  const cell = (tag: string, v: string, i: number) => `<${tag}${numeric.includes(i) ? ' class="num"' : ''}>${v}</${tag}>`
  return `<table><thead><tr>${head.map((h, i) => cell('th', escapeHtml(h), i)).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((v, i) => cell('td', v, i)).join('')}</tr>`)
    .join('')}</tbody></table>`
}

/** The biggest entries, the rest summed as "other". */
function top(counts: Readonly<Record<string, number>>, k: number): Bar[] {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
  const bars = entries.slice(0, k).map(([label, value]) => ({ label, value }))
  const rest = entries.slice(k).reduce((a, [, v]) => a + v, 0)
  if (rest > 0) bars.push({ label: `other (${entries.length - k})`, value: rest })
  return bars
}

const CSS = `
:root{color-scheme:light}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1f2937;background:#f3f4f6;margin:0}
main{max-width:1000px;margin:0 auto;padding:24px 32px 48px;background:#fff}
h1{font-size:28px;margin:8px 0 4px}
h2{font-size:21px;margin:36px 0 10px;padding-bottom:4px;border-bottom:2px solid #e5e7eb}
h3{font-size:17px;margin:22px 0 6px}
.lead{color:#4b5563;margin:0 0 12px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:12px;margin:16px 0}
.card{border:1px solid #e5e7eb;border-radius:8px;padding:10px 14px;background:#f9fafb}
.card b{display:block;font-size:26px;color:#111827}
.card span{color:#4b5563;font-size:14px;overflow-wrap:anywhere}
svg.chart{display:block;max-width:100%;height:auto;margin:6px 0 10px;font:14px system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;fill:#1f2937}
svg.chart text.num{fill:#374151}
svg.chart text.in{fill:#fff;font-weight:600}
table{border-collapse:collapse;margin:8px 0 12px;width:100%;font-size:15px}
th,td{border-bottom:1px solid #e5e7eb;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f9fafb}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
code{font:14px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f3f4f6;padding:1px 4px;border-radius:4px;overflow-wrap:anywhere}
.cols{display:flex;flex-wrap:wrap;gap:24px}
.cols>div{flex:1 1 400px;min-width:0}
.step{border-left:4px solid #2f6fb0;padding:2px 0 2px 14px;margin:14px 0}
.step p{margin:6px 0}
.warn li{margin:4px 0}
.pct{color:#6b7280;font-size:13px}
footer{color:#6b7280;font-size:13px;margin-top:36px}
@media print{body{background:#fff}main{padding:0}}
`

/** report.html: the whole page. */
/** Text written for report.md (with `code` spans) as HTML: escaped, its code spans as <code>. */
function codeSpans(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>')
}

export function reportHtml(r: Report, ctx: NextStepsContext = { hashed: true }): string {
  const out: string[] = []
  const f = funnel(r)
  const audiences = Object.entries(r.outputs).filter(([file]) => file !== 'rejects.csv' && file !== 'skipped.csv')

  out.push('<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">')
  out.push(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`)
  out.push('<meta name="viewport" content="width=device-width, initial-scale=1">', '<title>wa-audience report</title>', `<style>${CSS}</style>`, '</head>', '<body>', '<main>')

  out.push('<h1>wa-audience report</h1>')
  const suppressionEntries = r.suppression.rows > 0 ? `, and ${n(r.suppression.rows)} suppression list entries` : ''
  out.push(`<p class="lead">${n(r.inputs.length)} input file(s), ${n(r.contact_rows_in)} contact rows read${suppressionEntries}. Counts only: this page holds no phone number or email address.</p>`)
  out.push('<div class="cards">')
  const card = (value: number, label: string) => out.push(`<div class="card"><b>${n(value)}</b><span>${escapeHtml(label)}</span></div>`)
  // Contact rows, as the funnel counts them: read − rejected = usable records (suppression entries apart).
  card(r.contact_rows_in, 'rows read')
  card(r.contact_rows_rejected, `rows rejected (${pct(r.contact_rows_rejected, r.contact_rows_in)})`)
  card(r.people, 'people')
  for (const [file, rows] of audiences.slice(0, 2)) card(rows, `in ${file}`)
  out.push('</div>')

  out.push('<section id="funnel"><h2>Funnel</h2>')
  out.push(`<p>Rows read, the records that had a usable phone or email, the people they make once duplicates are merged (${n(r.duplicates_merged)} records merged), and how many people each file holds.</p>`)
  out.push(barChart('funnel-chart', 'Funnel', f.lines.map((l, i) => ({ label: l.label, value: l.count, color: i < 3 ? COLORS.bar : '#0f766e' }))))
  if (f.suppression) out.push(`<p>${escapeHtml(f.suppression)}.</p>`)
  out.push('</section>')

  out.push('<section id="people"><h2>People</h2><div class="cols">')
  const by = r.people_by
  if (by) {
    out.push(`<div><h3>By country</h3>${barChart('country-chart', 'People by country', top(by.by_country, 12), { of: r.people, compact: true })}</div>`)
    out.push(`<div><h3>By number type</h3>${barChart('type-chart', 'People by number type', top(by.by_phone_type, 12), { of: r.people, compact: true })}</div>`)
  }
  out.push('</div>')
  out.push(
    `<p>Followers: ${n(r.followers.total)} people, ${n(r.followers.matched_customers)} of them also customers. Customers: ${n(r.customers.total)} people, ${n(r.customers.matched_followers)} of them also followers. Suppression: ${n(r.suppression.entries)} entries, ${n(r.suppression.people)} people suppressed.</p>`,
  )
  out.push('<p>A person\'s country is that of their number (else their country column); only MOBILE and FIXED_LINE_OR_MOBILE numbers can receive WhatsApp.</p>')
  out.push('</section>')

  out.push('<section id="rejects"><h2>Rejected rows</h2>')
  const reasons = Object.entries(r.rejects_by_reason).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
  if (reasons.length === 0) out.push('<p>No row was rejected.</p>')
  else {
    out.push(barChart('rejects-chart', 'Rejected rows by reason', reasons.map(([k, v]) => ({ label: k, value: v, color: COLORS.reject })), { of: r.rows_in }))
    out.push(table(['reason', 'rows', 'meaning'], reasons.map(([k, v]) => [`<code>${escapeHtml(k)}</code>`, n(v), escapeHtml(REASON_TEXT[k] ?? '')]), [1]))
    out.push('<p>Each rejected row is listed in <code>rejects.csv</code> with its file and line.</p>')
  }
  out.push('</section>')

  out.push('<section id="consent"><h2>Consent per channel</h2>', consentChart(r))
  out.push(table(['channel', 'granted', 'denied', 'unknown', 'conflicts'], CHANNELS.map((ch) => [ch, n(r.consent[ch].granted), n(r.consent[ch].denied), n(r.consent[ch].unknown), n(r.consent[ch].conflicts)]), [1, 2, 3, 4]))
  out.push(`<p>${codeSpans(adsPolicyNote(r))} WhatsApp consent read from: ${escapeHtml(r.consent.whatsapp_consent_from)}. People whose records disagreed with no time to settle it (denied won): ${n(r.consent.conflicts)}.</p>`)
  out.push('</section>')

  out.push('<section id="excluded"><h2>Who was kept out of each audience</h2>')
  out.push(
    table(
      ['file', 'kept out'],
      Object.entries(r.excluded).map(([file, reasons]) => {
        const e = Object.entries(reasons).filter(([, c]) => c > 0)
        return [`<code>${escapeHtml(file)}</code>`, e.length === 0 ? 'nobody' : e.map(([k, c]) => `${n(c)} ${escapeHtml(REASON_TEXT[k] ?? k)} (<code>${escapeHtml(k)}</code>)`).join('<br>')]
      }),
    ),
  )
  out.push('</section>')

  const coverage = Object.entries(r.coverage ?? {}).filter(([file]) => file !== 'whatsapp.csv' && file !== 'whatsapp-cloud.jsonl')
  if (coverage.length > 0) {
    out.push('<section id="coverage"><h2>What each ad file carries</h2>')
    out.push('<p>Ad platforms find your people by their phone, email, name and country: the more of these a person has, the likelier a match. A file of emails alone usually matches far fewer people.</p>')
    const cell = (x: number, of: number) => `${n(x)} <span class="pct">${pct(x, of)}</span>`
    out.push(
      table(
        ['file', 'people', 'with a phone', 'with an email', 'with both', 'with a name', 'with a country'],
        coverage.map(([file, c]) => [`<code>${escapeHtml(file)}</code>`, n(c.people), cell(c.phone, c.people), cell(c.email, c.people), cell(c.both, c.people), cell(c.name, c.people), cell(c.country, c.people)]),
        [1, 2, 3, 4, 5, 6],
      ),
    )
    out.push('</section>')
  }

  if (r.deltas) {
    out.push(`<section id="deltas"><h2>Changes since ${escapeHtml(r.deltas.previous)}</h2>`)
    // before + added − removed = now, as report.md reads it; people already there whose row changed are counted
    // apart (updates/ for ad platforms).
    out.push(
      table(
        ['audience', 'before', '+ added (adds/)', '− removed (removes/)', '= now', 'changed, already there'],
        r.deltas.files.map((d) => {
          const regrouped = d.regrouped === 0 ? '' : d.regrouped > 0 ? ` (− ${n(d.regrouped)} merged)` : ` (+ ${n(-d.regrouped)} split)`
          const changed = d.updates ? `${n(d.changed)} (<code>${escapeHtml(d.updates)}</code>)` : n(d.changed)
          return [`<code>${escapeHtml(d.file)}</code>`, n(d.previous), n(d.adds), n(d.removes) + regrouped, n(d.current), changed]
        }),
        [1, 2, 3, 4, 5],
      ),
    )
    out.push('</section>')
  }

  if (r.hints.length > 0) {
    out.push('<section id="hints"><h2>Hints</h2><ul>', ...r.hints.map((h) => `<li>${codeSpans(h)}</li>`), '</ul></section>')
  }
  if (r.warnings.length > 0) {
    out.push('<section id="warnings"><h2>Warnings</h2><ul class="warn">', ...r.warnings.map((w) => `<li>${escapeHtml(w)}</li>`), '</ul></section>')
  }

  out.push('<section id="next-steps"><h2>Next steps</h2>')
  for (const s of nextSteps(r, ctx)) {
    out.push(`<div class="step"><h3>${s.file !== '' ? `<code>${escapeHtml(s.file)}</code>: ` : ''}${inline(s.title)}</h3>`, ...s.text.map((p) => `<p>${inline(p)}</p>`), '</div>')
  }
  out.push('</section>')

  out.push('<section id="inputs"><h2>Inputs</h2>')
  out.push(
    table(
      ['file', 'role', 'format', 'encoding', 'delimiter', 'rows', 'columns used'],
      r.inputs.map((i) => [
        `<code>${escapeHtml(i.file)}</code>`,
        escapeHtml(i.role),
        escapeHtml(i.format),
        escapeHtml(i.encoding),
        escapeHtml(i.delimiter === '\t' ? 'tab' : i.delimiter),
        n(i.rows),
        [
          ...Object.entries(i.mapping.fields).map(([field, cols]) => `${escapeHtml(field)}: ${cols.map((c) => `“${escapeHtml(c)}”`).join(', ')}`),
          ...Object.entries(i.mapping.consent).map(([ch, col]) => `consent ${escapeHtml(ch)}: “${escapeHtml(col)}”`),
        ].join('<br>'),
      ]),
      [5],
    ),
  )
  out.push('</section>')
  out.push('<footer>Written by wa-audience. The same figures are in report.json and report.md.</footer>')
  out.push('</main>', '</body>', '</html>', '')
  return out.join('\n')
}
