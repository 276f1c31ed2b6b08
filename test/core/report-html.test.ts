// report.html and the Next steps: the page is one self-contained file (no script, nothing fetched), every
// text from the user's files is escaped, the Next steps name only the files the run wrote, and report.md
// and report.html say the same Next steps (one source).

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { nextSteps, nextStepsMarkdown } from '../../src/core/next-steps.js'
import { escapeHtml, reportHtml } from '../../src/core/report-html.js'
import { emptyChannelFigures, type Report } from '../../src/core/report.js'

const HOSTILE_FILE = 'leads"><script>alert(1)</script><img src=http://evil.example/x.png>.csv'
const HOSTILE_HEADER = '<iframe src="https://evil.example/">phone</iframe>'

function report(over: Partial<Report> = {}): Report {
  return {
    inputs: [
      {
        file: HOSTILE_FILE,
        role: 'followers',
        format: 'generic',
        encoding: 'utf-8',
        delimiter: ',',
        rows: 10,
        mapping: { fields: { phone: [HOSTILE_HEADER] }, consent: { whatsapp: 'opt <in> & "yes"' }, consent_at: {}, fixed_consent: {} },
      },
    ],
    rows_in: 10,
    rows_rejected: 2,
    contact_rows_in: 10,
    contact_rows_rejected: 2,
    rejects_by_reason: { EXCEL_MANGLED: 1, NO_IDENTIFIER: 1 },
    records: 8,
    people: 7,
    duplicates_merged: 1,
    followers: { total: 7, matched_customers: 0 },
    customers: { total: 0, matched_followers: 0 },
    consent: { ...emptyChannelFigures(), conflicts: 0, ads_policy: 'any-marketing', ads_admitted: 6, ads_admitted_without_ads_consent: 6, whatsapp_consent_from: 'whatsapp' },
    suppression: { entries: 0, people: 0, rows: 0, rejected: 0 },
    phones: { OK: 7 },
    phones_on_kept_rows: {},
    hints: [],
    formula_cells_emptied: {},
    outputs: { 'whatsapp.csv': 5, 'meta-custom-audience.csv': 6, 'segments/followers-without-phone.csv': 1, 'rejects.csv': 2 },
    excluded: { 'whatsapp.csv': { NO_CONSENT: 2 }, 'meta-custom-audience.csv': { NO_CONSENT: 1 } },
    people_by: { by_country: { GB: 5, '<b>XX</b>': 2 }, by_phone_type: { MOBILE: 6, 'no phone': 1 } },
    warnings: [`column "${HOSTILE_HEADER}" has 1 value(s) that read as neither yes nor no`],
    ...over,
  }
}

describe('report.html', () => {
  const html = reportHtml(report())

  test('is one HTML document with the funnel chart, the breakdowns and the Next steps', () => {
    assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/)
    assert.match(html, /<\/html>\n$/)
    assert.match(html, /<svg id="funnel-chart"[^>]*>/)
    for (const id of ['country-chart', 'type-chart', 'rejects-chart', 'consent-chart']) assert.match(html, new RegExp(`<svg id="${id}"`), id)
    assert.match(html, /<h2>Next steps<\/h2>/)
    assert.match(html, /Ads Manager → Audiences → Custom audience → Customer list/)
    assert.match(html, /256 contacts/)
    assert.equal((html.match(/<section /g) ?? []).length, (html.match(/<\/section>/g) ?? []).length)
  })

  test('has no script, no external resource and a policy that forbids fetching anything', () => {
    assert.doesNotMatch(html, /<script/i)
    // The hostile names hold URLs as text (escaped); no tag may carry one, and a plain report holds none.
    assert.doesNotMatch(html, /<[^>]*https?:\/\//i)
    const clean = reportHtml(report({ inputs: [], warnings: [], people_by: { by_country: { GB: 7 }, by_phone_type: { MOBILE: 7 } } }))
    assert.doesNotMatch(clean, /https?:\/\//i)
    assert.doesNotMatch(html, /<[^>]*\b(src|href)\s*=/i)
    assert.doesNotMatch(html, /@import|url\(|@font-face/i)
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">/)
  })

  test('escapes a hostile file name, header and country', () => {
    assert.ok(html.includes(escapeHtml(HOSTILE_FILE)))
    assert.ok(html.includes(escapeHtml(HOSTILE_HEADER)))
    assert.ok(html.includes('&lt;b&gt;XX&lt;/b&gt;'))
    assert.ok(html.includes('opt &lt;in&gt; &amp; &quot;yes&quot;'))
    assert.doesNotMatch(html, /<iframe|<img|<b>XX/)
  })

  test('shows the deltas when --previous was given, and not otherwise', () => {
    assert.doesNotMatch(html, /id="deltas"/)
    const d = reportHtml(report({ deltas: { previous: 'out/<old>', files: [{ file: 'whatsapp.csv', previous: 4, current: 5, adds: 2, changed: 0, removes: 1, regrouped: 0 }] } }))
    assert.match(d, /<h2>Changes since out\/&lt;old&gt;<\/h2>/)
    assert.match(d, /<td><code>whatsapp.csv<\/code><\/td><td class="num">4<\/td><td class="num">2<\/td><td class="num">1<\/td><td class="num">5<\/td><td class="num">0<\/td>/)
    assert.match(d, /<code>removes\/<\/code>: removes\/: people who must leave/)
  })

  test('counts contact rows apart from suppression entries, explains the ads policy and shows the hints', () => {
    const h = reportHtml(
      report({
        rows_in: 12,
        suppression: { entries: 2, people: 1, rows: 2, rejected: 0 },
        hints: ['whatsapp.csv is small: 3 people gave SMS consent; `--whatsapp-consent-from sms` would add them (not done).'],
      }),
    )
    assert.match(h, /10 contact rows read, and 2 suppression list entries/)
    assert.match(h, /<b>10<\/b><span>rows read<\/span>/)
    assert.match(h, /It admits 6 people to the ad-platform files, 6 of them without an <code>ads<\/code> consent of their own/)
    assert.match(h, /<section id="hints"><h2>Hints<\/h2><ul>\s*<li>whatsapp.csv is small: .*<code>--whatsapp-consent-from sms<\/code>/)
    assert.doesNotMatch(reportHtml(report()), /id="hints"/)
  })
})

describe('coverage', () => {
  test('a table of what each ad file carries, without the WhatsApp file', () => {
    const c = { people: 4, phone: 3, email: 2, both: 1, name: 4, country: 0 }
    const html = reportHtml(report({ coverage: { 'whatsapp.csv': c, 'meta-custom-audience.csv': c } }))
    assert.match(html, /<h2>What each ad file carries<\/h2>/)
    assert.match(html, /<td><code>meta-custom-audience.csv<\/code><\/td><td class="num">4<\/td><td class="num">3 <span class="pct">75.0%<\/span><\/td><td class="num">2 <span class="pct">50.0%<\/span><\/td><td class="num">1 <span class="pct">25.0%<\/span><\/td>/)
    assert.doesNotMatch(html, /<td><code>whatsapp.csv<\/code><\/td><td class="num">4<\/td><td class="num">3 /)
    assert.doesNotMatch(reportHtml(report()), /id="coverage"/)
  })
})

describe('Next steps', () => {
  test('name only the files the run wrote', () => {
    const files = nextSteps(report()).map((s) => s.file)
    assert.deepEqual(files, ['whatsapp.csv', 'meta-custom-audience.csv', 'segments/followers-without-phone.csv', 'rejects.csv', ''])
    const md = nextStepsMarkdown(nextSteps(report()))
    for (const absent of ['google-customer-match.csv', 'tiktok.csv', 'customers-not-followers', 'removes/whatsapp.csv']) assert.ok(!md.includes(absent), absent)
  })

  test('say what the hashes are, or that --plain files are in the clear', () => {
    const hashed = nextSteps(report()).find((s) => s.file === 'meta-custom-audience.csv')!.text.join(' ')
    assert.match(hashed, /SHA-256/)
    const plain = nextSteps(report(), { hashed: false }).find((s) => s.file === 'meta-custom-audience.csv')!.text.join(' ')
    assert.match(plain, /in the clear/)
  })

  test('with --previous, say that removes/ must be uploaded as a removal', () => {
    const steps = nextSteps(report({ deltas: { previous: 'old', files: [{ file: 'meta-custom-audience.csv', previous: 6, current: 6, adds: 1, changed: 0, removes: 1, regrouped: 0 }] } }))
    const removes = steps.find((s) => s.file === 'removes/')!
    assert.match(removes.text.join(' '), /Remove customers/)
    assert.match(removes.text.join(' '), /removes nobody/)
    assert.ok(steps.some((s) => s.file === 'adds/'))
    assert.ok(!steps.some((s) => s.title.startsWith('Next time')))
  })

  test('report.md and report.html carry the same steps', () => {
    const steps = nextSteps(report())
    const md = nextStepsMarkdown(steps)
    const html = reportHtml(report())
    for (const s of steps) {
      assert.ok(md.includes(s.title), s.title)
      assert.ok(html.includes(escapeHtml(s.title).replace(/`([^`]+)`/g, '<code>$1</code>')), s.title)
    }
  })
})
