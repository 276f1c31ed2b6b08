// `wa-audience export` run as a user runs it. The contract: from `join`'s output (a person-level contact CSV)
// export writes exactly the bytes prepare writes for the same inputs, target and flags.

import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { stringify } from 'csv-stringify/sync'
import { RECORD_COLUMNS, recordCells, SourceNames } from '../../src/core/contact-csv.js'
import { intakeFor, openInputs } from '../../src/pipeline/ingest.js'
import { noOverrides } from '../../src/sources/index.js'
import { BIN, fixture, ROOT, tempDir } from '../helpers.js'
import { runInProcess } from '../in-process.js'

const tmp = tempDir()
after(() => fs.rmSync(tmp, { recursive: true, force: true }))
// Input names (file:line in consent_source) are the paths as given, relative to the repository root.
process.chdir(ROOT)

const INPUT_ARGS = ['--customers', fixture('shopify-customers.csv'), '--followers', fixture('meta-leads.csv'), '--suppress', fixture('suppress.csv'), '--country', 'GB']
const TEMPLATE_ARGS = ['--template', 'spring_sale', '--lang', 'en_GB', '--param', 'first_name', '--param', 'city']
const TARGET_ARGS = ['--value-column', 'Total Spent', '--extern-id']
/** The flags prepare is run with, for one target (the template flags are refused for other targets). */
const argsFor = (target: string) => (target === 'whatsapp-cloud' ? [...TARGET_ARGS, ...TEMPLATE_ARGS] : TARGET_ARGS)
const ALL = ['whatsapp', 'meta', 'google', 'tiktok', 'whatsapp-cloud', 'meta-api']
const FILES: Record<string, string> = {
  whatsapp: 'whatsapp.csv',
  meta: 'meta-custom-audience.csv',
  google: 'google-customer-match.csv',
  tiktok: 'tiktok.csv',
  'whatsapp-cloud': 'whatsapp-cloud.jsonl',
}

/** The files of a batch folder, concatenated in order: what export writes to stdout for meta-api. */
function batches(dir: string): Buffer {
  return Buffer.concat(fs.readdirSync(dir).sort().map((f) => fs.readFileSync(path.join(dir, f))))
}

/** An in-process run whose stdout is kept as bytes. */
async function runBuffer(args: string[]): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  const r = await runInProcess(args)
  return { code: r.code, stdout: r.stdoutBytes, stderr: r.stderr }
}

describe("export reproduces prepare byte for byte from join's output", () => {
  const out = path.join(tmp, 'prepared')
  const people = path.join(tmp, 'people.csv')
  before(async () => {
    const r = (await runInProcess(['prepare', ...INPUT_ARGS, '--targets', ALL.join(','), ...TARGET_ARGS, ...TEMPLATE_ARGS, '--out', out, '-q']))
    assert.equal(r.code, 0, r.stderr)
    // join takes the value column as a mapping: --value-column is prepare's and export's shorthand for it.
    const j = (await runInProcess(['join', ...INPUT_ARGS, '--map', 'value=Total Spent', '-o', people, '-q']))
    assert.equal(j.code, 0, j.stderr)
  })

  for (const target of ALL) {
    test(`--target ${target} to stdout`, async () => {
      const r = await runBuffer(['export', '--target', target, ...argsFor(target), people])
      assert.equal(r.code, 0, r.stderr)
      const expected = target === 'meta-api' ? batches(path.join(out, 'meta-api')) : fs.readFileSync(path.join(out, FILES[target]!))
      assert.ok(expected.length > 0)
      assert.ok(r.stdout.equals(expected), `${target}: export differs from prepare`)
      assert.match(r.stderr, /rows read \(person\)/)
    })
  }

  test('-o FILE: the same bytes, mode 0600, no temporary file left', async () => {
    const file = path.join(tmp, 'o', 'meta.csv')
    fs.mkdirSync(path.dirname(file))
    const r = (await runInProcess(['export', '--target', 'meta', ...TARGET_ARGS, people, '-o', file, '-q']))
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.stdout, '')
    assert.ok(fs.readFileSync(file).equals(fs.readFileSync(path.join(out, 'meta-custom-audience.csv'))))
    assert.equal(fs.statSync(file).mode & 0o777, 0o600)
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['meta.csv'])
  })

  test('-o DIR for meta-api: the batch files of prepare, and a second run replaces them', async () => {
    const dir = path.join(tmp, 'meta-api-out')
    for (let i = 0; i < 2; i++) {
      const r = (await runInProcess(['export', '--target', 'meta-api', ...TARGET_ARGS, people, '-o', dir, '-q']))
      assert.equal(r.code, 0, r.stderr)
    }
    assert.deepEqual(fs.readdirSync(dir), ['batch-0001.json'])
    assert.ok(fs.readFileSync(path.join(dir, 'batch-0001.json')).equals(fs.readFileSync(path.join(out, 'meta-api', 'batch-0001.json'))))
    assert.equal(fs.statSync(dir).mode & 0o777, 0o700)
  })

  test('stdin: the contact CSV piped in', async () => {
    const r = spawnSync(process.execPath, [BIN, 'export', '--target', 'tiktok', '-q'], { cwd: ROOT, input: fs.readFileSync(people) })
    assert.equal(r.status, 0, r.stderr.toString())
    assert.ok(r.stdout.equals(fs.readFileSync(path.join(out, 'tiktok.csv'))))
  })
})

describe('export from a raw export resolves people like prepare', () => {
  const out = path.join(tmp, 'leads-only')
  before(async () => {
    const r = (await runInProcess(['prepare', '--followers', fixture('meta-leads.csv'), '--suppress', fixture('suppress.csv'), '--country', 'GB', '--targets', 'whatsapp,meta,tiktok', '--out', out, '-q']))
    assert.equal(r.code, 0, r.stderr)
  })
  for (const target of ['whatsapp', 'meta', 'tiktok']) {
    test(`--target ${target}`, async () => {
      const r = await runBuffer(['export', '--target', target, '--country', 'GB', '--suppress', fixture('suppress.csv'), fixture('meta-leads.csv')])
      assert.equal(r.code, 0, r.stderr)
      assert.ok(r.stdout.equals(fs.readFileSync(path.join(out, FILES[target]!))), target)
      assert.match(r.stderr, /12 rows read \(meta-lead-form\), 1 rejected, \d+ people; \d+ written to/)
    })
  }
})

/** The record-level CSV `normalize` writes for one export: its columns, then the wa_ columns of each row. */
async function recordCsv(file: string, role: 'customers' | 'followers'): Promise<string> {
  const [input] = await openInputs([{ path: file, role }], {}, noOverrides())
  const names = new SourceNames([input!.table.name])
  const rows: string[][] = [[...input!.table.header, ...RECORD_COLUMNS]]
  const intake = intakeFor(input!, { defaultCountry: 'GB', whatsappConsentFromSms: false }, names)
  for await (const { rows: batch, lines } of input!.table.batches) {
    batch.forEach((row, i) => {
      const outcome = intake.row(row, lines[i]!)
      if (!outcome.ok && outcome.reject.reason === 'MALFORMED_ROW') return
      rows.push([...row.cells(), ...recordCells(outcome, role, names, 'GB')])
    })
  }
  return stringify(rows)
}

describe('export from a record-level CSV (normalize) resolves its records into people', () => {
  test('the same bytes as prepare on the export it came from', async () => {
    const out = path.join(tmp, 'leads-records')
    const records = path.join(tmp, 'leads-records.csv')
    fs.writeFileSync(records, await recordCsv(fixture('meta-leads.csv'), 'followers'))
    assert.equal((await runInProcess(['prepare', '--followers', fixture('meta-leads.csv'), '--country', 'GB', '--targets', 'whatsapp,google', '--out', out, '-q'])).code, 0)
    for (const [target, file] of [['whatsapp', 'whatsapp.csv'], ['google', 'google-customer-match.csv']]) {
      const r = await runBuffer(['export', '--target', target!, records])
      assert.equal(r.code, 0, r.stderr)
      assert.match(r.stderr, /rows read \(record\)/)
      assert.ok(r.stdout.equals(fs.readFileSync(path.join(out, file!))), target)
    }
  })
})

describe('export refuses wrong usage (exit 2) and writes nothing', () => {
  const cases: Array<{ name: string; args: string[]; message: RegExp }> = [
    { name: 'no --target', args: [fixture('meta-leads.csv')], message: /required option '--target <TARGET>'/ },
    { name: 'an unknown target', args: ['--target', 'myspace', fixture('meta-leads.csv')], message: /Allowed choices are whatsapp, meta, google, tiktok, whatsapp-cloud, meta-api/ },
    { name: 'whatsapp-cloud without --template', args: ['--target', 'whatsapp-cloud', '--lang', 'en_GB', fixture('meta-leads.csv')], message: /--target whatsapp-cloud needs --template NAME and --lang CODE/ },
    { name: 'a template for another target', args: ['--target', 'meta', '--template', 'spring_sale', fixture('meta-leads.csv')], message: /--template, --lang and --param are for the whatsapp-cloud target/ },
    { name: 'an unknown --param field', args: ['--target', 'whatsapp-cloud', '--template', 'spring_sale', '--lang', 'en_GB', '--param', 'shoe_size', fixture('meta-leads.csv')], message: /--param shoe_size: not a field/ },
    { name: 'a bad template name', args: ['--target', 'whatsapp-cloud', '--template', 'Spring Sale', '--lang', 'en_GB', fixture('meta-leads.csv')], message: /--template Spring Sale: template names are lowercase/ },
    { name: 'an unknown --phone-style', args: ['--target', 'whatsapp', '--phone-style', 'fax', fixture('meta-leads.csv')], message: /Allowed choices are e164, digits, twilio, split/ },
  ]
  for (const c of cases) {
    test(c.name, async () => {
      const file = path.join(tmp, `usage-${c.name.replace(/\W+/g, '-')}.csv`)
      const r = (await runInProcess(['export', ...c.args, '-o', file]))
      assert.equal(r.code, 2, r.stderr)
      assert.match(r.stderr, c.message)
      assert.ok(!fs.existsSync(file))
    })
  }

  test('prepare --targets whatsapp-cloud without --lang is the same usage error', async () => {
    const r = (await runInProcess(['prepare', ...INPUT_ARGS, '--targets', 'whatsapp,whatsapp-cloud', '--template', 'spring_sale', '--out', path.join(tmp, 'nolang')]))
    assert.equal(r.code, 2)
    assert.match(r.stderr, /--targets whatsapp-cloud needs --template NAME and --lang CODE/)
    assert.ok(!fs.existsSync(path.join(tmp, 'nolang')))
  })
})

describe('a person lacking a template parameter is refused, counted and listed masked', () => {
  // The leads carry no zip; only the people who are also Shopify customers have one.
  const args = ['--template', 'spring_sale', '--lang', 'en_GB', '--param', 'first_name', '--param', 'zip']

  test('export: nothing written for them, stderr lists them with masked numbers', async () => {
    const r = await runBuffer(['export', '--target', 'whatsapp-cloud', ...args, '--country', 'GB', fixture('meta-leads.csv')])
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.stdout.length, 0)
    assert.match(r.stderr, /kept out: .*MISSING_PARAM 6/)
    assert.match(r.stderr, /6 people left out of whatsapp-cloud\.jsonl/)
    assert.match(r.stderr, /  p[0-9a-f]{15} \+44\*+456: /)
    assert.match(r.stderr, /MISSING_PARAM, no zip for --param zip \(\{\{2\}\}\)/)
    assert.doesNotMatch(r.stderr, /\+\d{5}/, 'no phone number in clear')
  })

  test('prepare: excluded.MISSING_PARAM in the report and skipped.csv', async () => {
    const out = path.join(tmp, 'skipped')
    const r = (await runInProcess(['prepare', ...INPUT_ARGS, '--targets', 'whatsapp,whatsapp-cloud', ...args, '--out', out, '-q']))
    assert.equal(r.code, 0, r.stderr)
    const rep = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'))
    const missing = rep.excluded['whatsapp-cloud.jsonl'].MISSING_PARAM
    assert.ok(missing > 0)
    // Same audience as whatsapp.csv: everyone admitted is either sent a message or refused.
    assert.equal(missing + rep.outputs['whatsapp-cloud.jsonl'], rep.outputs['whatsapp.csv'])
    assert.equal(rep.outputs['skipped.csv'], missing)
    const skipped = fs.readFileSync(path.join(out, 'skipped.csv'), 'utf8').trimEnd().split('\n')
    assert.equal(skipped[0], 'file,person,phone,reason,detail')
    assert.equal(skipped.length - 1, missing)
    assert.match(skipped[1]!, /^whatsapp-cloud\.jsonl,p[0-9a-f]{15},\+\d\d\*+\d{3},MISSING_PARAM,no zip for --param zip \(\{\{2\}\}\)$/)
    assert.doesNotMatch(skipped.join('\n'), /\+\d{5}/)
    assert.match(fs.readFileSync(path.join(out, 'report.md'), 'utf8'), /MISSING_PARAM/)
  })
})

describe('hashed and clear values', () => {
  const digest = 'a'.repeat(64)

  test('an email column mixing SHA-256 hashes with addresses is refused, naming file, line and column', async () => {
    const csv = path.join(tmp, 'mixed.csv')
    fs.writeFileSync(csv, `email,phone\n${digest},\njane@example.com,\n`)
    const r = (await runInProcess(['export', '--target', 'meta', csv]))
    assert.equal(r.code, 1)
    assert.match(r.stderr, /mixed\.csv line 3: column "email" mixes SHA-256 hashes \(first on line 2\) with unhashed values \(first on line 3\); give the column all hashed or all unhashed/)
    assert.doesNotMatch(r.stderr, /jane@/)
  })

  test('an email column all hashed passes through, hashed once', async () => {
    const csv = path.join(tmp, 'hashed.csv')
    const h = 'b'.repeat(64)
    fs.writeFileSync(csv, `email,ads_consent\n${h.toUpperCase()},yes\n`)
    const r = (await runInProcess(['export', '--target', 'tiktok', '--consent', 'ads=ads_consent', csv]))
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.stdout, `Email_SHA256,Phone_SHA256\n${h},\n`)
  })

  test('a phone column holding hashes is refused', async () => {
    const csv = path.join(tmp, 'hashed-phone.csv')
    fs.writeFileSync(csv, `phone\n${'c'.repeat(64)}\n`)
    const r = (await runInProcess(['export', '--target', 'meta', csv]))
    assert.equal(r.code, 1)
    assert.match(r.stderr, /hashed-phone\.csv line 2: column "phone" holds a SHA-256 hash where a phone number is expected/)
  })

  test('--plain refuses an output column that would mix digests with clear values', async () => {
    const a = path.join(tmp, 'names-hashed.csv')
    const b = path.join(tmp, 'names-clear.csv')
    fs.writeFileSync(a, `email,first_name,ads\njane@example.com,${'d'.repeat(64)},yes\n`)
    fs.writeFileSync(b, `email,first_name,ads\nmary@example.com,Mary,yes\n`)
    const base = ['prepare', '--customers', a, '--customers', b, '--consent', 'ads=ads', '--targets', 'meta']
    assert.equal((await runInProcess([...base, '--out', path.join(tmp, 'hashed-ok'), '-q'])).code, 0)
    const r = (await runInProcess([...base, '--plain', '--out', path.join(tmp, 'plain-mixed')]))
    assert.equal(r.code, 1)
    assert.match(r.stderr, /meta-custom-audience\.csv column "fn": some values arrive already SHA-256 hashed .* drop --plain/)
    assert.ok(!fs.existsSync(path.join(tmp, 'plain-mixed')))
  })
})

describe('export into a closed pipe', () => {
  test('`| head -n 1` is not an error', async () => {
    const csv = path.join(tmp, 'big.csv')
    const lines = ['phone,whatsapp_opt_in']
    for (let i = 0; i < 20_000; i++) lines.push(`+4479110${String(i).padStart(5, '0')},yes`)
    fs.writeFileSync(csv, lines.join('\n') + '\n')
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" export --target whatsapp "${csv}" | head -n 1`], { cwd: ROOT, encoding: 'utf8' })
    assert.equal(r.status, 0, r.stderr)
    assert.equal(r.stdout, 'phone,first_name,last_name,email,country,consent_source,consent_at,consent_channel\n')
    assert.doesNotMatch(r.stderr, /EPIPE|internal error/)
  })
})
