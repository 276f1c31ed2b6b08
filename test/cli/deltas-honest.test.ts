// Honest deltas (consent.md: adds/ holds only people who were not in the previous run's file): a person whose
// email was learnt since the last run is not in adds/whatsapp.csv again; for ad platforms the changed row goes to
// updates/; and previous + adds − removes = now for every target, in report.json and report.md.

import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { parse } from 'csv-parse/sync'
import { checkDelta, deltaSum, type FileDelta } from '../../src/pipeline/deltas.js'
import { tempDir } from '../helpers.js'
import { runInProcess } from '../in-process.js'

const tmp = tempDir()
after(() => fs.rmSync(tmp, { recursive: true, force: true }))

const HEADER = 'id,created_time,form_id,full_name,email,phone_number,whatsapp_opt_in\n'
const lead = (id: number, name: string, email: string, phone: string, optIn: string) => `l:${id},2025-09-0${id}T10:00:00Z,f:1,${name},${email},${phone},${optIn}\n`

// Run 1: Amelia (no email yet), Oliver, Priya opted in.
const RUN1 = HEADER + lead(1, 'Amelia Hartley', '', 'p:+447911123456', 'yes') + lead(2, 'Oliver Brennan', 'oliver@example.com', 'p:+447405263058', 'yes') + lead(3, 'Priya Nair', 'priya@example.in', 'p:+919876543210', 'yes')
// Run 2: Amelia's email is learnt, Oliver withdraws, Noor is new.
const RUN2 = RUN1 + lead(4, 'Amelia Hartley', 'amelia@example.co.uk', 'p:+447911123456', 'yes') + lead(5, 'Oliver Brennan', 'oliver@example.com', 'p:+447405263058', 'no') + lead(6, 'Noor Haddad', 'noor@example.ae', 'p:+971501234567', 'yes')

const out = path.join(tmp, 'current')
const rows = (f: string) => parse(fs.readFileSync(path.join(out, f), 'utf8'), { columns: true }) as Record<string, string>[]

describe('prepare --previous after an email was learnt', () => {
  before(async () => {
    const l1 = path.join(tmp, 'l1.csv')
    const l2 = path.join(tmp, 'l2.csv')
    fs.writeFileSync(l1, RUN1)
    fs.writeFileSync(l2, RUN2)
    const r1 = await runInProcess(['prepare', '--followers', l1, '-c', 'GB', '--out', out, '--targets', 'whatsapp,meta,tiktok', '-q'])
    assert.equal(r1.code, 0, r1.stderr)
    const r2 = await runInProcess(['prepare', '--followers', l2, '-c', 'GB', '--out', out, '--previous', out, '--targets', 'whatsapp,meta,tiktok', '-q'])
    assert.equal(r2.code, 0, r2.stderr)
  })

  test('the repro: Amelia is not in adds/whatsapp.csv again; only Noor is', () => {
    assert.deepEqual(rows('adds/whatsapp.csv').map((r) => r.phone), ['+971501234567'])
    assert.deepEqual(rows('removes/whatsapp.csv').map((r) => r.phone), ['+447405263058'])
    assert.equal(fs.existsSync(path.join(out, 'updates/whatsapp.csv')), false, 'a WhatsApp list has nothing to update')
  })

  test('ad platforms: the changed row goes to updates/, not adds/', () => {
    const adds = rows('adds/meta-custom-audience.csv')
    const updates = rows('updates/meta-custom-audience.csv')
    assert.equal(adds.length, 1)
    assert.equal(updates.length, 1)
    assert.equal(rows('updates/tiktok.csv').length, 1)
  })

  test('previous + adds − removes = now for every target, in report.json and report.md', () => {
    const rep = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'))
    for (const d of rep.deltas.files as FileDelta[]) assert.equal(d.previous + d.adds - d.removes - d.regrouped, d.current, d.file)
    const wa = rep.deltas.files.find((f: FileDelta) => f.file === 'whatsapp.csv')
    assert.deepEqual(wa, { file: 'whatsapp.csv', previous: 3, current: 3, adds: 1, changed: 1, removes: 1, regrouped: 0 })
    const md = fs.readFileSync(path.join(out, 'report.md'), 'utf8')
    assert.match(md, /\| whatsapp\.csv \| 3 \| 1 \| 1 \| 3 \| 1 \|/)
    assert.match(md, /\| meta-custom-audience\.csv \| 3 \| 1 \| 1 \| 3 \| 1 \(updates\/meta-custom-audience\.csv\) \|/)
  })
})

test('the arithmetic check refuses counts that do not add up', () => {
  const d: FileDelta = { file: 'whatsapp.csv', previous: 9, current: 13, adds: 8, changed: 1, removes: 4, regrouped: 0 }
  assert.equal(deltaSum(d), '9 before + 8 added − 4 removed = 13 now')
  checkDelta(d, { kept: 5, unchanged: 4 })
  // The sum the issue saw: "9 before + 9 added − 4 removed = 13".
  assert.throws(() => checkDelta({ ...d, adds: 9, changed: 0 }, { kept: 5, unchanged: 4 }), /does not add up/)
  assert.equal(deltaSum({ ...d, previous: 10, regrouped: 1 }), '10 before + 8 added − 4 removed − 1 merged = 13 now')
})
