// `wa-audience prepare` run as a user runs it: the built binary on the shipped fixtures, compared with
// expected files, plus the error paths (exit code, one sentence naming file and line, nothing written).

import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import crypto from 'node:crypto'
import { expectedFile, fixture, listFiles, ROOT, tempDir } from '../helpers.js'
import { runInProcess } from '../in-process.js'

const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex')

// In-process runs name fixtures relative to the repository, as a user does.
process.chdir(ROOT)
const tmp = tempDir()
after(() => fs.rmSync(tmp, { recursive: true, force: true }))

const FIXTURE_ARGS = [
  'prepare',
  '--customers', fixture('shopify-customers.csv'),
  '--followers', fixture('meta-leads.csv'),
  '--suppress', fixture('suppress.csv'),
  '--country', 'GB',
]

/** Every entry of `dir`'s parent that starts like a temporary sibling of `dir`. */
function leftovers(dir: string): string[] {
  const base = path.basename(dir)
  return fs.readdirSync(path.dirname(dir)).filter((n) => n.startsWith(`.${base}.wa-tmp-`))
}

describe('prepare on the fixtures', async () => {
  const out = path.join(tmp, 'out')
  const r = (await runInProcess([...FIXTURE_ARGS, '--out', out]))

  test('exits 0 and says what it wrote on stderr, nothing on stdout', async () => {
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.stdout, '')
    assert.match(r.stderr, /28 rows read, 3 rejected, 19 people \(6 duplicate records merged\); 2 suppression entries/)
  })

  test('writes exactly the files of product.md', async () => {
    assert.deepEqual(listFiles(out), [
      'manifest.json',
      'meta-custom-audience.csv',
      'rejects.csv',
      'report.html',
      'report.json',
      'report.md',
      'segments/customers-not-followers.csv',
      'segments/followers-without-phone.csv',
      'whatsapp.csv',
    ])
  })

  // manifest.json holds the run's time: checked on its own below, never byte-compared.
  for (const file of listFiles(out).filter((f) => f !== 'manifest.json')) {
    test(`${file} matches the expected file`, async () => {
      const actual = fs.readFileSync(path.join(out, file), 'utf8')
      assert.equal(actual, expectedFile(`prepare-fixtures/${file}`, actual))
    })
  }

  test('output files and folders are private (0600 / 0700)', async () => {
    assert.equal(fs.statSync(out).mode & 0o777, 0o700)
    assert.equal(fs.statSync(path.join(out, 'segments')).mode & 0o777, 0o700)
    for (const f of listFiles(out)) assert.equal(fs.statSync(path.join(out, f)).mode & 0o777, 0o600, f)
  })

  test('segments cut the ads audience: consenting customers not among followers, followers without a phone', async () => {
    const rows = (f: string) => fs.readFileSync(path.join(out, f), 'utf8').trimEnd().split('\n').length - 1
    // Sofia, Rahul, Madison, Chloé, Isla, João, Jack; and Lucas (a lead with only an email).
    assert.equal(rows('segments/customers-not-followers.csv'), 7)
    assert.equal(rows('segments/followers-without-phone.csv'), 1)
  })

  test('whatsapp.csv holds exactly the consenting people with a mobile, each traced to an opt-in', async () => {
    const rows = fs.readFileSync(path.join(out, 'whatsapp.csv'), 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(','))
    assert.deepEqual(rows.map((r) => r[0]), ['+447911123456', '+447405263058', '+919876543210', '+4915123456789', '+2348031234567'])
    for (const r of rows) assert.match(r[5]!, /^fixtures\/meta-leads\.csv:\d+$/)
  })

  test('the report accounts for every row and names each rule that kept people out', async () => {
    const rep = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'))
    assert.equal(rep.rows_in, rep.rows_rejected + rep.records + rep.suppression.entries)
    assert.deepEqual(rep.rejects_by_reason, { EXCEL_MANGLED: 1, NO_IDENTIFIER: 1, TEST_LEAD: 1 })
    assert.deepEqual(rep.excluded['whatsapp.csv'], { CONSENT_DENIED: 1, NOT_MOBILE: 2, NO_CONSENT: 8, NO_PHONE: 2, SUPPRESSED: 1 })
    assert.equal(rep.consent.conflicts, 1)
    assert.equal(rep.inputs[1].encoding, 'utf-16le')
    assert.equal(rep.inputs[1].delimiter, '\t')
  })

  test('the same inputs give byte-identical outputs', async () => {
    const again = path.join(tmp, 'again')
    assert.equal((await runInProcess([...FIXTURE_ARGS, '--out', again])).code, 0)
    assert.deepEqual(listFiles(again), listFiles(out))
    for (const f of listFiles(out).filter((x) => x !== 'manifest.json')) assert.ok(fs.readFileSync(path.join(out, f)).equals(fs.readFileSync(path.join(again, f))), f)
  })

  test('manifest.json lists every input and output with rows and SHA-256, and the options', async () => {
    const m = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'))
    assert.equal(m.tool, 'wa-audience')
    assert.equal(m.command, 'prepare')
    assert.ok(!Number.isNaN(Date.parse(m.created_at)))
    assert.deepEqual(m.options.targets, ['whatsapp', 'meta'])
    assert.equal(m.options.country, 'GB')
    assert.deepEqual(
      m.inputs.map((i: { file: string; rows: number }) => [i.file, i.rows]),
      [['fixtures/shopify-customers.csv', 16], ['fixtures/meta-leads.csv', 12], ['fixtures/suppress.csv', 2]],
    )
    for (const i of m.inputs) assert.equal(i.sha256, sha256(fs.readFileSync(path.join(ROOT, i.file))))
    assert.deepEqual(m.outputs.map((o: { file: string }) => o.file), listFiles(out).filter((f) => f !== 'manifest.json'))
    for (const o of m.outputs) assert.equal(o.sha256, sha256(fs.readFileSync(path.join(out, o.file))), o.file)
    assert.equal(m.outputs.find((o: { file: string }) => o.file === 'whatsapp.csv').rows, 5)
  })

  test('a second run replaces the previous output folder', async () => {
    const r2 = (await runInProcess([...FIXTURE_ARGS, '--out', out, '--targets', 'whatsapp']))
    assert.equal(r2.code, 0, r2.stderr)
    assert.ok(!fs.existsSync(path.join(out, 'meta-custom-audience.csv')))
    assert.deepEqual(leftovers(out), [])
  })
})

describe('prepare --targets with every target', async () => {
  const out = path.join(tmp, 'all-targets')
  const r = (await runInProcess([
    ...FIXTURE_ARGS,
    '--out', out,
    '--targets', 'whatsapp,meta,google,tiktok,whatsapp-cloud,meta-api',
    '--value-column', 'Total Spent',
    '--extern-id',
    '--template', 'spring_sale', '--lang', 'en_GB', '--param', 'first_name', '--param', 'city',
    '--phone-style', 'twilio',
  ]))
  const files = ['whatsapp.csv', 'meta-custom-audience.csv', 'google-customer-match.csv', 'tiktok.csv', 'whatsapp-cloud.jsonl', 'meta-api/batch-0001.json', 'skipped.csv', 'report.json']

  test('exits 0 and lists every file', async () => {
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stderr, /google-customer-match\.csv\s+14\n\s+tiktok\.csv\s+14\n\s+whatsapp-cloud\.jsonl\s+5\n\s+meta-api\/\s+14/)
    assert.match(r.stderr, /meta-api\/ has 14 people; Meta advises at least 100/)
  })

  for (const file of files) {
    test(`${file} matches the expected file`, async () => {
      const actual = fs.readFileSync(path.join(out, file), 'utf8')
      assert.equal(actual, expectedFile(`prepare-all-targets/${file}`, actual))
    })
  }

  test('the batch folder is private too (0700, files 0600)', async () => {
    assert.equal(fs.statSync(path.join(out, 'meta-api')).mode & 0o777, 0o700)
    assert.deepEqual(fs.readdirSync(path.join(out, 'meta-api')), ['batch-0001.json'])
    assert.equal(fs.statSync(path.join(out, 'meta-api', 'batch-0001.json')).mode & 0o777, 0o600)
  })

  test('whatsapp-cloud goes to the same people as whatsapp.csv, each a valid request body', async () => {
    const wa = fs.readFileSync(path.join(out, 'whatsapp.csv'), 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(',')[0])
    const bodies = fs.readFileSync(path.join(out, 'whatsapp-cloud.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l))
    assert.deepEqual(bodies.map((b) => `whatsapp:+${b.to}`), wa)
    for (const b of bodies) assert.equal(b.template.components[0].parameters.length, 2)
  })

  test('Meta API rows: one email and one phone each, 14 people in 15 rows (a person with two emails)', async () => {
    const batch = JSON.parse(fs.readFileSync(path.join(out, 'meta-api', 'batch-0001.json'), 'utf8'))
    assert.deepEqual(batch.schema, ['EMAIL', 'PHONE', 'FN', 'LN', 'CT', 'ST', 'ZIP', 'COUNTRY', 'DOBY', 'GEN', 'EXTERN_ID', 'LOOKALIKE_VALUE'])
    assert.equal(batch.data.length, 15)
    for (const row of batch.data) assert.equal(row.length, batch.schema.length)
  })
})

describe('prepare options', async () => {
  test('--dry-run prints the figures and writes nothing', async () => {
    const out = path.join(tmp, 'dry')
    const r = (await runInProcess([...FIXTURE_ARGS, '--out', out, '--dry-run', '--json']))
    assert.equal(r.code, 0, r.stderr)
    assert.ok(!fs.existsSync(out))
    const summary = JSON.parse(r.stdout)
    assert.equal(summary.schema_version, 1)
    assert.equal(summary.out, null)
    assert.equal(summary.outputs['whatsapp.csv'], 5)
  })

  test('a yes/no column detection cannot place stops the run until --consent names it', async () => {
    const csv = path.join(tmp, 'leads-custom.csv')
    fs.writeFileSync(
      csv,
      'id,created_time,form_id,full_name,email,phone_number,ok_to_message\n' +
        'l:1,2025-09-12T15:05:13+01:00,f:1,Amelia Hartley,amelia@example.co.uk,p:+447911123456,yes\n' +
        'l:2,2025-09-12T16:05:13+01:00,f:1,Oliver Brennan,oliver@example.com,p:07405263058,no\n',
    )
    const without = await runInProcess(['prepare', '--followers', csv, '--country', 'GB', '--out', path.join(tmp, 'c1'), '-q'])
    const withFlag = await runInProcess(['prepare', '--followers', csv, '--country', 'GB', '--consent', 'whatsapp=ok_to_message', '--out', path.join(tmp, 'c2'), '-q'])
    // Its yes/no values make it look like consent: without a channel for it the run stops, never skips it.
    assert.equal(without.code, 1, without.stderr)
    assert.match(without.stderr, /column "ok_to_message" looks like consent .*pass --consent whatsapp=ok_to_message/)
    assert.equal(fs.existsSync(path.join(tmp, 'c1')), false)
    assert.equal(withFlag.code, 0, withFlag.stderr)
    const rows = (dir: string) => fs.readFileSync(path.join(tmp, dir, 'whatsapp.csv'), 'utf8').trimEnd().split('\n').length - 1
    assert.equal(rows('c2'), 1)
  })

  test('--plain writes Meta values normalized but unhashed', async () => {
    const out = path.join(tmp, 'plain')
    assert.equal((await runInProcess([...FIXTURE_ARGS, '--out', out, '--plain', '-q'])).code, 0)
    const meta = fs.readFileSync(path.join(out, 'meta-custom-audience.csv'), 'utf8')
    assert.match(meta, /^amelia\.hartley@example\.co\.uk,,,447911123456,,,amelia,hartley,leeds,lds,ls14ab,gb,,$/m)
  })
})

describe('prepare refuses bad input and writes nothing', async () => {
  const cases: Array<{ name: string; args: string[]; code: number; message: RegExp }> = [
    { name: 'an unclosed quote', args: ['--customers', fixture('bad/unclosed-quote.csv')], code: 1, message: /unclosed-quote\.csv line 3: a quoted field is opened and never closed/ },
    { name: 'no phone or email column', args: ['--customers', fixture('bad/no-identifier.csv')], code: 1, message: /no-identifier\.csv line 1: no phone or email column.*--map phone=COLUMN/ },
    { name: 'a missing file', args: ['--customers', 'fixtures/nope.csv'], code: 1, message: /fixtures\/nope\.csv: no such file/ },
    { name: 'a directory', args: ['--customers', 'fixtures'], code: 1, message: /fixtures is a directory/ },
    { name: 'an unknown country', args: ['--customers', fixture('shopify-customers.csv'), '--country', 'XX'], code: 2, message: /--country XX/ },
    { name: 'an unknown flag', args: ['--customers', fixture('shopify-customers.csv'), '--bogus'], code: 2, message: /unknown option '--bogus'/ },
    { name: 'no input', args: [], code: 2, message: /needs at least one input/ },
    { name: 'a --consent column no input has', args: ['--customers', fixture('shopify-customers.csv'), '--consent', 'whatsapp=nothere'], code: 1, message: /"nothere".*--consent whatsapp=nothere/ },
    { name: 'too many rejects for --max-reject-rate', args: [...FIXTURE_ARGS.slice(1), '--max-reject-rate', '0.05'], code: 3, message: /more than --max-reject-rate 0\.05; nothing was written/ },
  ]
  for (const c of cases) {
    test(`${c.name}: exit ${c.code}`, async () => {
      const out = path.join(tmp, `bad-${c.name.replace(/\W+/g, '-')}`)
      const r = (await runInProcess(['prepare', ...c.args, '--out', out]))
      assert.equal(r.code, c.code, r.stderr)
      assert.match(r.stderr, c.message)
      assert.equal(r.stderr.trim().split('\n').filter((l) => !l.startsWith('(run with')).length, 1, `one sentence: ${r.stderr}`)
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace')
      assert.ok(!fs.existsSync(out), 'nothing written')
      assert.deepEqual(leftovers(out), [])
    })
  }

  test('an --out holding somebody else\'s files is never replaced', async () => {
    const out = path.join(tmp, 'foreign')
    fs.mkdirSync(out)
    fs.writeFileSync(path.join(out, 'thesis.docx'), 'precious')
    const r = (await runInProcess([...FIXTURE_ARGS, '--out', out]))
    assert.equal(r.code, 2)
    assert.match(r.stderr, /already holds files that wa-audience did not write/)
    assert.equal(fs.readFileSync(path.join(out, 'thesis.docx'), 'utf8'), 'precious')
  })

  test('no phone number or email of the fixtures reaches stderr', async () => {
    const r = (await runInProcess([...FIXTURE_ARGS, '--out', path.join(tmp, 'privacy'), '-v']))
    assert.equal(r.code, 0)
    assert.doesNotMatch(r.stderr, /@example\./)
    assert.doesNotMatch(r.stderr, /\d{7}/)
  })
})
