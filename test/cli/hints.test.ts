// Hints, never silent losses (issue 16): a Shopify-only run (SMS consent, no WhatsApp column) says how many
// people --whatsapp-consent-from sms would add, without adding them; numbers refused NO_COUNTRY are counted
// with the --country most of the file's international numbers suggest. On stderr, in report.json and report.md,
// from counts only (no number or address from the file), the same when workers read the file.

import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { fixture, ROOT, tempDir } from '../helpers.js'
import { runInProcess } from '../in-process.js'

process.chdir(ROOT)
const tmp = tempDir()
after(() => fs.rmSync(tmp, { recursive: true, force: true }))

const read = (dir: string) => ({
  json: JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')),
  md: fs.readFileSync(path.join(dir, 'report.md'), 'utf8'),
})

describe('a Shopify-only run', async () => {
  const out = path.join(tmp, 'shop')
  const r = await runInProcess(['prepare', '--customers', fixture('shopify-customers.csv'), '--country', 'GB', '--out', out])
  const { json, md } = read(out)

  test('whatsapp.csv is empty, and stderr and the report name --whatsapp-consent-from sms', () => {
    assert.equal(r.code, 0, r.stderr)
    assert.equal(json.outputs['whatsapp.csv'], 0)
    assert.equal(json.consent.whatsapp_consent_from, 'whatsapp')
    const hint = /fixtures\/shopify-customers\.csv \(column "Accepts SMS Marketing"\) has SMS consent but no WhatsApp consent column: 6 people with an SMS opt-in .* not in whatsapp\.csv \(0 people\).*--whatsapp-consent-from sms \(it was not done for you\)/
    assert.match(r.stderr, new RegExp(`hint: ${hint.source}`))
    assert.equal(json.hints.filter((h: string) => hint.test(h)).length, 1)
    assert.match(md, /## Hints\n\n- fixtures\/shopify-customers\.csv \(column "Accepts SMS Marketing"\)/)
  })

  test('the count is what the flag adds', async () => {
    const flagged = path.join(tmp, 'shop-sms')
    const f = await runInProcess(['prepare', '--customers', fixture('shopify-customers.csv'), '--country', 'GB', '--out', flagged, '--whatsapp-consent-from', 'sms'])
    assert.equal(f.code, 0, f.stderr)
    const after = read(flagged).json
    assert.equal(after.outputs['whatsapp.csv'], 6)
    assert.doesNotMatch(f.stderr, /hint: .*whatsapp-consent-from/)
    assert.equal(after.hints.length, 0)
  })

  test('with a WhatsApp file beside it, the hint counts only the people the flag would add', async () => {
    const mixed = path.join(tmp, 'mixed')
    const m = await runInProcess(['prepare', '--customers', fixture('shopify-customers.csv'), '--followers', fixture('meta-leads.csv'), '--country', 'GB', '--out', mixed])
    assert.match(m.stderr, /hint: .* 3 people with an SMS opt-in .* not in whatsapp\.csv \(6 people\)/)
    const flagged = path.join(tmp, 'mixed-sms')
    await runInProcess(['prepare', '--customers', fixture('shopify-customers.csv'), '--followers', fixture('meta-leads.csv'), '--country', 'GB', '--out', flagged, '--whatsapp-consent-from', 'sms'])
    assert.equal(read(flagged).json.outputs['whatsapp.csv'], 9)
  })
})

describe('numbers refused NO_COUNTRY', async () => {
  // Mostly German numbers written with +49, and national ones without a country column or --country.
  const lines = ['name,phone,email,whatsapp_opt_in']
  for (let i = 0; i < 12; i++) lines.push(`Intl ${i},+49 151 2345${String(6700 + i)},intl${i}@example.de,yes`)
  lines.push('Aus,+43 664 1234567,,yes')
  for (let i = 0; i < 5; i++) lines.push(`Nat ${i},0151 2345${String(6800 + i)},${i < 2 ? `nat${i}@example.de` : ''},yes`)
  const file = path.join(tmp, 'kontakte.csv')
  fs.writeFileSync(file, lines.join('\n') + '\n')

  for (const threads of ['0', '2']) {
    test(`how many, and --country DE suggested (--threads ${threads})`, async () => {
      const out = path.join(tmp, `nc-${threads}`)
      const force = threads === '0' ? [] : ['--parallel-min-bytes', '0', '--chunk-bytes', '200']
      const r = await runInProcess(['prepare', '--followers', file, '--out', out, '--threads', threads, ...force])
      assert.equal(r.code, 0, r.stderr)
      const { json, md } = read(out)
      assert.equal(json.phones.NO_COUNTRY, 5)
      assert.equal(json.rejects_by_reason.NO_COUNTRY, 3)
      const hint = `${file}: 5 number(s) written without a country code were refused (NO_COUNTRY), since neither the row nor --country gives one. 12 of the file's 13 numbers written with a country code are DE: if its national numbers are too, rerun with --country DE (or set "country" for this file in the config).`
      assert.ok(json.hints.includes(hint), json.hints.join('\n'))
      assert.ok(r.stderr.includes(`hint: ${hint}`), r.stderr)
      assert.ok(md.includes(`- ${hint}`))
      // Text from counts: no number or address of the file.
      for (const h of json.hints) assert.doesNotMatch(h, /2345|@example|Nat |Intl /)
    })
  }

  test('no hint once --country settles it', async () => {
    const out = path.join(tmp, 'nc-de')
    const r = await runInProcess(['prepare', '--followers', file, '--out', out, '--country', 'DE'])
    assert.equal(r.code, 0, r.stderr)
    assert.equal(read(out).json.phones.NO_COUNTRY, undefined)
    assert.doesNotMatch(r.stderr, /NO_COUNTRY/)
  })
})
