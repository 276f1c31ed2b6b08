// `wa-audience inspect` as a user runs it: the human table (compared with an expected file), JSON for
// scripts, stdin, archives, and nothing personal on screen.

import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, test } from 'node:test'
import { expectedFile, fixture, ROOT, run } from '../helpers.js'
import { runInProcess } from '../in-process.js'

// In-process runs name fixtures relative to the repository, as a user does.
process.chdir(ROOT)

describe('inspect', async () => {
  test('the human table for the Meta lead-form download matches the expected file', async () => {
    const r = (await runInProcess(['inspect', '--country', 'GB', fixture('meta-leads.csv')]))
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.stdout, expectedFile('inspect/meta-leads.txt', r.stdout))
  })

  test('a Mailchimp archive is profiled member by member', async () => {
    const r = (await runInProcess(['inspect', fixture('mailchimp-audience-export.zip')]))
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.stdout, expectedFile('inspect/mailchimp-audience-export.txt', r.stdout))
  })

  test('reads stdin with -', async () => {
    const r = run(['inspect', '--json', '-'], { input: fs.readFileSync(fixture('meta-leads.csv')) })
    assert.equal(r.code, 0, r.stderr)
    const p = JSON.parse(r.stdout).inputs[0]
    assert.equal(p.file, 'stdin')
    assert.equal(p.encoding, 'utf-16le')
    assert.equal(p.format.id, 'meta-lead-form')
    assert.equal(p.rows, 12)
  })

  test('--encoding and --delimiter override detection, and a wrong guess shows', async () => {
    const r = (await runInProcess(['inspect', '--json', '--delimiter', 'comma', fixture('manychat-subscribers.csv')]))
    const p = JSON.parse(r.stdout).inputs[0]
    assert.equal(p.delimiter, 'comma')
    assert.equal(p.columns.length, 1)
    assert.ok(p.warnings.some((w: string) => /no phone or email column/.test(w)))
  })

  test('an unknown layout is profiled, not refused, with the flag to pass', async () => {
    const r = (await runInProcess(['inspect', fixture('bad/unknown-layout.csv')]))
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /pass --map 'phone=Reach me on'/)
  })

  test('rejects are listed with masked values, and no phone or email of the file is printed', async () => {
    const r = (await runInProcess(['inspect', fixture('shopify-customers.csv')]))
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /line 6 +EXCEL_MANGLED +phone 2\.3\*+3E\+12: spoiled by Excel/)
    assert.doesNotMatch(r.stdout, /@example\./)
    assert.doesNotMatch(r.stdout, /\d{6}/)
  })

  test('the JSON lists consent values per column, with the ones it does not understand', async () => {
    const r = (await runInProcess(['inspect', '--json', '--country', 'GB', fixture('shopify-customers.csv')]))
    const email = JSON.parse(r.stdout).inputs[0].consent.find((c: { channel: string }) => c.channel === 'email')
    assert.deepEqual(email.not_understood, [{ value: 'pending', count: 1 }])
    assert.deepEqual(
      email.values.map((v: { value: string; state: string; count: number }) => `${v.value}=${v.state}:${v.count}`),
      ['yes=granted:9', 'no=denied:4', 'pending=unknown:1'],
    )
  })

  test('phone validity by country and type', async () => {
    const p = JSON.parse((await runInProcess(['inspect', '--json', '--country', 'GB', fixture('shopify-customers.csv')])).stdout).inputs[0]
    assert.deepEqual(p.phones.refused, { EXCEL_MANGLED: 2 })
    assert.ok(p.phones.by_country_type.some((x: { country: string; type: string; count: number }) => x.country === 'US' && x.type === 'FIXED_LINE_OR_MOBILE' && x.count === 1))
  })

  test('a file whose first line is a contact: the refusal prepare gives, and no column taken by its values', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-inspect-'))
    const file = path.join(dir, 'no-header.csv')
    fs.writeFileSync(file, Array.from({ length: 6 }, (_, i) => `07405 26310${i},p${i}@example.com,P${i},${i % 2 ? 'no' : 'yes'}\n`).join(''))
    try {
      const r = await runInProcess(['inspect', '--json', file])
      assert.equal(r.code, 0, r.stderr)
      const [p] = JSON.parse(r.stdout).inputs
      assert.ok(p.warnings.some((w: string) => /no-header\.csv line 1: the first line holds contact data/.test(w)), p.warnings.join('\n'))
      assert.ok(!p.warnings.some((w: string) => /whose values are mostly|looks like consent/.test(w)), p.warnings.join('\n'))
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
