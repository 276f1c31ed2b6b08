// `dedupe` and `join` run as a user runs them: on the fixtures, through stdin and pipes.

import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { parse } from 'csv-parse/sync'
import { BIN, expectedFile, fixture, ROOT, run, tempDir } from '../helpers.js'
import { runInProcess } from '../in-process.js'

// In-process runs name fixtures relative to the repository, as a user does.
process.chdir(ROOT)
const tmp = tempDir()
after(() => fs.rmSync(tmp, { recursive: true, force: true }))

const JOIN = ['join', '--customers', fixture('shopify-customers.csv'), '--followers', fixture('meta-leads.csv'), '--suppress', fixture('suppress.csv'), '--country', 'GB']
const rowsOf = (csv: string): Record<string, string>[] => parse(csv, { columns: true, relax_column_count: false })

describe('join', async () => {
  const r = (await runInProcess(JOIN))

  test('exits 0 with one row per person, as prepare counts them', async () => {
    assert.equal(r.code, 0, r.stderr)
    assert.equal(rowsOf(r.stdout).length, 19)
    assert.match(r.stderr, /30 rows read, 3 rejected .*, 19 people \(6 duplicate records merged\)/)
  })

  test('the output matches the expected file', async () => {
    assert.equal(r.stdout, expectedFile('join-fixtures.csv', r.stdout))
  })

  test('keeps both inputs\' columns, merged, and says where each person was found', async () => {
    const rows = rowsOf(r.stdout)
    const amelia = rows.find((x) => x.wa_phone === '+447911123456')!
    assert.equal(amelia['Customer ID'], "'7100000000001")
    assert.equal(amelia.id, 'l:1200000000000011')
    assert.equal(amelia.wa_in_customers, 'true')
    assert.equal(amelia.wa_in_followers, 'true')
    assert.equal(amelia.wa_consent_whatsapp, 'granted')
    assert.equal(amelia.wa_consent_source, 'fixtures/meta-leads.csv:2')
    assert.equal(amelia.wa_records, '2')
    const daniel = rows.find((x) => x.wa_phone === '+447555018273')!
    assert.equal(daniel.wa_suppressed, 'fixtures/suppress.csv:2')
    assert.equal(daniel.wa_consent_whatsapp, 'denied')
    const lucas = rows.find((x) => x.wa_email === 'lucas.martin@example.fr')!
    assert.deepEqual([lucas.wa_in_customers, lucas.wa_in_followers, lucas.wa_phone], ['false', 'true', ''])
  })

  test('person ids are stable across runs and unique', async () => {
    const ids = rowsOf(r.stdout).map((x) => x.wa_person!)
    assert.equal(new Set(ids).size, ids.length)
    assert.deepEqual(rowsOf((await runInProcess(JOIN)).stdout).map((x) => x.wa_person), ids)
  })

  test('dedupe of its own output changes nobody', async () => {
    const joined = path.join(tmp, 'joined.csv')
    fs.writeFileSync(joined, r.stdout)
    const again = (await runInProcess(['dedupe', joined]))
    assert.equal(again.code, 0, again.stderr)
    const a = rowsOf(r.stdout)
    const b = rowsOf(again.stdout)
    assert.deepEqual(b.map((x) => x.wa_person), a.map((x) => x.wa_person))
    for (const col of ['wa_phones', 'wa_emails', 'wa_consent_whatsapp', 'wa_consent_source', 'wa_consent_ads', 'wa_in_customers', 'wa_in_followers', 'wa_suppressed']) {
      assert.deepEqual(b.map((x) => x[col]), a.map((x) => x[col]), col)
    }
  })

  test('needs both sides', async () => {
    const bad = (await runInProcess(['join', '--customers', fixture('shopify-customers.csv')]))
    assert.equal(bad.code, 2)
    assert.match(bad.stderr, /join needs both --customers FILE and --followers FILE/)
  })
})

describe('dedupe', async () => {
  test('reads stdin, lists rejects on request, and keeps the file\'s own columns', async () => {
    const rejects = path.join(tmp, 'rejects.csv')
    const r = run(['dedupe', '--country', 'GB', '--rejects', rejects], { input: fs.readFileSync(path.join(ROOT, fixture('meta-leads.csv'))) })
    assert.equal(r.code, 0, r.stderr)
    const rows = rowsOf(r.stdout)
    assert.equal(rows.length, 10)
    assert.ok('can_we_contact_you_on_whatsapp?' in rows[0]!)
    // A lead file's rows are followers even without --followers.
    assert.ok(rows.every((x) => x.wa_in_followers === 'true' && x.wa_in_customers === 'false'))
    assert.equal(fs.readFileSync(rejects, 'utf8'), 'source,row,reason,detail\nstdin,4,TEST_LEAD,Meta test lead (Ads Manager\'s lead-form testing tool)\n')
    assert.equal(fs.statSync(rejects).mode & 0o777, 0o600)
  })

  test('-o writes the file privately and atomically', async () => {
    const out = path.join(tmp, 'people.csv')
    const r = (await runInProcess(['dedupe', fixture('shopify-customers.csv'), '-o', out, '-q']))
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.stdout, '')
    assert.equal(r.stderr, '')
    assert.equal(rowsOf(fs.readFileSync(out, 'utf8')).length, 13)
    assert.equal(fs.statSync(out).mode & 0o777, 0o600)
    assert.deepEqual(fs.readdirSync(tmp).filter((f) => f.includes('wa-tmp')), [])
  })

  test('a reader that goes away (| head) is not an error', async () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" join --customers ${fixture('shopify-customers.csv')} --followers ${fixture('meta-leads.csv')} -c GB -q | head -c 10`], { cwd: ROOT, encoding: 'utf8' })
    assert.equal(r.status, 0)
    assert.equal(r.stdout.length, 10)
    assert.equal(r.stderr, '')
  })
})
