// Audience deltas (prepare --previous, diff): a withdrawal or a suppression since the previous run reaches the
// live audiences through removes/, a new or re-consenting person through adds/, in every target's format.

import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { parse } from 'csv-parse/sync'
import { ROOT, listFiles, tempDir } from '../helpers.js'
import { runInProcess } from '../in-process.js'

// In-process runs name fixtures relative to the repository, as a user does.
process.chdir(ROOT)
const tmp = tempDir()
after(() => fs.rmSync(tmp, { recursive: true, force: true }))

const HEADER = 'id,created_time,form_id,full_name,email,phone_number,whatsapp_opt_in\n'
const lead = (id: number, time: string, name: string, email: string, phone: string, optIn: string) => `l:${id},${time},f:1,${name},${email},${phone},${optIn}\n`

// Run 1: Amelia, Oliver and Priya opted in, Mia said no.
const RUN1 =
  HEADER +
  lead(1, '2025-09-01T10:00:00Z', 'Amelia Hartley', 'amelia@example.co.uk', 'p:+447911123456', 'yes') +
  lead(2, '2025-09-01T10:00:00Z', 'Oliver Brennan', 'oliver@example.com', 'p:+447405263058', 'yes') +
  lead(3, '2025-09-01T10:00:00Z', 'Priya Nair', 'priya@example.in', 'p:+919876543210', 'yes') +
  lead(4, '2025-09-01T10:00:00Z', 'Mia Schneider', 'mia@example.de', 'p:+4915123456789', 'no')
// Run 2: Oliver withdraws, Mia re-consents, Noor is new; Priya is on the suppression list.
const RUN2 =
  RUN1 +
  lead(5, '2025-10-01T10:00:00Z', 'Oliver Brennan', 'oliver@example.com', 'p:07405263058', 'no') +
  lead(6, '2025-10-01T10:00:00Z', 'Mia Schneider', 'mia@example.de', 'p:+4915123456789', 'yes') +
  lead(7, '2025-10-01T10:00:00Z', 'Noor Haddad', 'noor@example.ae', 'p:+971501234567', 'yes')
const SUPPRESS = 'phone\n+91 98765 43210\n'

const leads1 = path.join(tmp, 'leads1.csv')
const leads2 = path.join(tmp, 'leads2.csv')
const dnc = path.join(tmp, 'dnc.csv')
const out = path.join(tmp, 'current')
const TARGETS = ['--targets', 'whatsapp,meta,meta-api,whatsapp-cloud,tiktok', '--template', 'spring_sale', '--lang', 'en_GB', '--param', 'first_name']

const csvRows = (file: string) => parse(fs.readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[]

describe('prepare --previous', async () => {
  let first = ''
  before(async () => {
    fs.writeFileSync(leads1, RUN1)
    fs.writeFileSync(leads2, RUN2)
    fs.writeFileSync(dnc, SUPPRESS)
    const r1 = (await runInProcess(['prepare', '--followers', leads1, '-c', 'GB', '--out', out, ...TARGETS, '-q']))
    assert.equal(r1.code, 0, r1.stderr)
    first = path.join(tmp, 'first')
    fs.cpSync(out, first, { recursive: true })
    // The second run compares with --out itself: the previous output stays in place until the swap.
    const r2 = (await runInProcess(['prepare', '--followers', leads2, '--suppress', dnc, '-c', 'GB', '--out', out, '--previous', out, ...TARGETS, '-q']))
    assert.equal(r2.code, 0, r2.stderr)
  })

  test('whatsapp.csv: the withdrawal and the suppressed person are removed, the re-consent and the newcomer added', async () => {
    assert.deepEqual(csvRows(path.join(out, 'removes/whatsapp.csv')).map((r) => r.first_name).sort(), ['Oliver', 'Priya'])
    assert.deepEqual(csvRows(path.join(out, 'adds/whatsapp.csv')).map((r) => r.first_name).sort(), ['Mia', 'Noor'])
    // Amelia is unchanged: neither added nor removed, although her consent_source's file name changed.
    assert.ok(!fs.readFileSync(path.join(out, 'adds/whatsapp.csv'), 'utf8').includes('Amelia'))
  })

  test('whatsapp-cloud.jsonl: removes hold the previous request bodies', async () => {
    const removed = fs
      .readFileSync(path.join(out, 'removes/whatsapp-cloud.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).to)
      .sort()
    assert.deepEqual(removed, ['447405263058', '919876543210'])
  })

  test('meta-api: removal batches in the {schema, data} form, hashed like the audience', async () => {
    const [batch] = listFiles(path.join(out, 'removes/meta-api'))
    const payload = JSON.parse(fs.readFileSync(path.join(out, 'removes/meta-api', batch!), 'utf8'))
    assert.equal(payload.schema[0], 'EMAIL')
    assert.equal(payload.data.length, 2)
    for (const row of payload.data) assert.match(row[0], /^[0-9a-f]{64}$/)
  })

  test('the hashed CSVs (Meta, TikTok) remove by hashed identifiers too', async () => {
    assert.equal(csvRows(path.join(out, 'removes/tiktok.csv')).length, 2)
    assert.equal(csvRows(path.join(out, 'removes/meta-custom-audience.csv')).length, 2)
    assert.equal(csvRows(path.join(out, 'adds/tiktok.csv')).length, 2)
  })

  test('the report gives the figures; the files are listed in the manifest', async () => {
    const rep = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'))
    const wa = rep.deltas.files.find((f: { file: string }) => f.file === 'whatsapp.csv')
    assert.deepEqual(wa, { file: 'whatsapp.csv', previous: 3, current: 3, adds: 2, changed: 0, removes: 2, regrouped: 0 })
    const m = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'))
    assert.ok(m.outputs.some((o: { file: string }) => o.file === 'removes/whatsapp.csv'))
  })

  test('diff of the same two folders writes the same adds and removes', async () => {
    const changes = path.join(tmp, 'changes')
    const r = (await runInProcess(['diff', '--previous', first, '--current', out, '--out', changes, '--json']))
    assert.equal(r.code, 0, r.stderr)
    for (const f of listFiles(path.join(out, 'adds')).map((x) => `adds/${x}`).concat(listFiles(path.join(out, 'removes')).map((x) => `removes/${x}`))) {
      assert.equal(fs.readFileSync(path.join(changes, f), 'utf8'), fs.readFileSync(path.join(out, f), 'utf8'), f)
    }
    assert.equal(JSON.parse(r.stdout).files.find((f: { file: string }) => f.file === 'whatsapp.csv').removes, 2)
  })

  test('an audience that shrinks by more than half is a warning', async () => {
    const few = path.join(tmp, 'few.csv')
    fs.writeFileSync(few, HEADER + lead(1, '2025-09-01T10:00:00Z', 'Amelia Hartley', 'amelia@example.co.uk', 'p:+447911123456', 'yes'))
    const o = path.join(tmp, 'shrink')
    fs.cpSync(first, o, { recursive: true })
    const r = (await runInProcess(['prepare', '--followers', few, '-c', 'GB', '--out', o, '--previous', o]))
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stderr, /whatsapp\.csv shrank by more than half since .* \(3 -> 1 entries\); check the inputs before uploading removes\/whatsapp\.csv/)
  })

  test('--previous and diff refuse a folder wa-audience did not write', async () => {
    const foreign = path.join(tmp, 'foreign')
    fs.mkdirSync(foreign)
    const a = (await runInProcess(['prepare', '--followers', leads1, '-c', 'GB', '--out', path.join(tmp, 'x'), '--previous', foreign]))
    assert.equal(a.code, 2)
    assert.match(a.stderr, /--previous .*foreign: not an output folder of wa-audience/)
    const b = (await runInProcess(['diff', '--previous', first, '--current', path.join(tmp, 'nope'), '--out', path.join(tmp, 'y')]))
    assert.equal(b.code, 2)
    assert.match(b.stderr, /--current .*nope: no such folder/)
  })
})
