// The report's arithmetic adds up for a marketer (issue 16): contact rows read − rejected = usable records,
// the suppression lists' entries on a line of their own, the ads policy explained beside the consent table,
// and a row kept by its email whose number Excel spoiled counted with the spoiled numbers. Also through the
// worker threads, which count the same figures in the one intake step.

import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { fixture, ROOT, tempDir } from '../helpers.js'
import { runInProcess } from '../in-process.js'

process.chdir(ROOT)
const tmp = tempDir()
after(() => fs.rmSync(tmp, { recursive: true, force: true }))

const ARGS = ['prepare', '--customers', fixture('shopify-customers.csv'), '--followers', fixture('meta-leads.csv'), '--suppress', fixture('suppress.csv'), '--country', 'GB']
const FORCE = ['--parallel-min-bytes', '0', '--chunk-bytes', '200']

describe('report arithmetic on the fixtures', async () => {
  const out = path.join(tmp, 'one')
  const r = await runInProcess([...ARGS, '--out', out])
  const report = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'))
  const md = fs.readFileSync(path.join(out, 'report.md'), 'utf8')

  test('contact rows read − rejected = usable records; suppression entries apart', () => {
    assert.equal(r.code, 0, r.stderr)
    assert.equal(report.contact_rows_in, 28)
    assert.equal(report.contact_rows_rejected, 3)
    assert.equal(report.contact_rows_in - report.contact_rows_rejected, report.records)
    assert.equal(report.suppression.rows, 2)
    assert.equal(report.suppression.rejected, 0)
    // rows_in keeps its meaning: every input row, the accounting's total.
    assert.equal(report.rows_in, report.contact_rows_in + report.suppression.rows)
    assert.equal(report.rows_rejected, report.contact_rows_rejected + report.suppression.rejected)
    assert.match(md, /\| rows read \(customers and followers\) \| 28 \|/)
    assert.match(md, /\| rows rejected \| 3 \(10\.7%\) \|/)
    assert.match(md, /\| usable records \| 25 \|/)
    assert.match(md, /\| suppression list entries \(apart: people to keep out\) \| 2 \|/)
    assert.match(md, /^rows read +28 /m)
    assert.match(md, /^suppression lists: 2 entries \(apart\), 1 people suppressed$/m)
    assert.match(r.stderr, /28 rows read, 3 rejected, 19 people \(6 duplicate records merged\); 2 suppression entries\./)
  })

  test('the consent table says why ads granted 0 sits beside 14 people in the Meta file', () => {
    assert.equal(report.consent.ads.granted, 0)
    assert.equal(report.outputs['meta-custom-audience.csv'], 14)
    assert.equal(report.consent.ads_admitted, 14)
    assert.equal(report.consent.ads_admitted_without_ads_consent, 14)
    const table = md.slice(md.indexOf('## Consent (people)'), md.indexOf('## Matching'))
    assert.match(table, /Ads policy `any-marketing` \(--ads-consent\): a person granted on at least one channel/)
    assert.match(table, /admits 14 people to the ad-platform files, 14 of them without an `ads` consent of their own/)
    assert.match(table, /--ads-consent explicit/)
  })

  test('a row kept by its email whose phone Excel spoiled is counted with the spoiled numbers', () => {
    // Two spoiled numbers: one on a row rejected EXCEL_MANGLED (no email), one on a row kept by its email.
    assert.equal(report.rejects_by_reason.EXCEL_MANGLED, 1)
    assert.equal(report.phones.EXCEL_MANGLED, 2)
    assert.deepEqual(report.phones_on_kept_rows, { EXCEL_MANGLED: 1 })
    assert.match(md, /\| EXCEL_MANGLED \| 2 \| 1 \| 1 \| spoiled by Excel/)
  })

  test('the same figures when workers read the inputs', async () => {
    const many = path.join(tmp, 'many')
    const w = await runInProcess([...ARGS, '--out', many, '--threads', '2', ...FORCE])
    assert.equal(w.code, 0, w.stderr)
    const wr = JSON.parse(fs.readFileSync(path.join(many, 'report.json'), 'utf8'))
    for (const k of ['contact_rows_in', 'contact_rows_rejected', 'records', 'suppression', 'phones', 'phones_on_kept_rows', 'consent']) assert.deepEqual(wr[k], report[k], k)
  })
})

describe('the ads note under each policy', async () => {
  for (const [policy, text] of [
    ['explicit', /only people granted on `ads` are admitted\. It admits 0 people/],
    ['not-denied', /every person not denied on `ads` and not suppressed is admitted\. It admits 18 people to the ad-platform files, 18 of them/],
  ] as const) {
    test(policy, async () => {
      const out = path.join(tmp, policy)
      const r = await runInProcess([...ARGS, '--out', out, '--ads-consent', policy])
      assert.equal(r.code, 0, r.stderr)
      const report = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'))
      assert.equal(report.consent.ads_admitted, report.outputs['meta-custom-audience.csv'])
      assert.match(fs.readFileSync(path.join(out, 'report.md'), 'utf8'), text)
    })
  }
})

describe('an unreadable suppression entry', async () => {
  test('is counted on the suppression line, not among the contact rows', async () => {
    const dnc = path.join(tmp, 'dnc.csv')
    fs.writeFileSync(dnc, 'phone,email\n07555 018273,\n4.47712E+11,\n')
    const out = path.join(tmp, 'dnc')
    const r = await runInProcess(['prepare', '--customers', fixture('shopify-customers.csv'), '--suppress', dnc, '--country', 'GB', '--out', out])
    assert.equal(r.code, 0, r.stderr)
    const report = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'))
    assert.equal(report.suppression.rows, 2)
    assert.equal(report.suppression.rejected, 1)
    assert.equal(report.suppression.entries, 1)
    assert.equal(report.contact_rows_in - report.contact_rows_rejected, report.records)
    assert.equal(report.rows_in, report.contact_rows_in + report.suppression.rows)
    assert.match(fs.readFileSync(path.join(out, 'report.md'), 'utf8'), /\| suppression list entries \(apart: people to keep out\) \| 2, 1 unreadable \|/)
    assert.match(r.stderr, /; 2 suppression entries \(1 unreadable\)\./)
  })
})
