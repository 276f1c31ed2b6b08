// `wa-audience normalize` run as a user runs it: the built binary on the fixtures, from a file and from stdin,
// to stdout and to -o, passed through when already normalized, and cut short by `| head`.

import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { parse } from 'csv-parse/sync'
import { RECORD_COLUMNS } from '../../src/core/contact-csv.js'
import { BIN, ROOT, expectedFile, fixture, run, tempDir, type RunResult } from '../helpers.js'
import { runInProcess } from '../in-process.js'

// In-process runs name fixtures relative to the repository, as a user does.
process.chdir(ROOT)
const tmp = tempDir()
after(() => fs.rmSync(tmp, { recursive: true, force: true }))

// Runs with the same arguments are made once, in-process.
const runs = new Map<string, RunResult>()
async function once(args: string[]): Promise<RunResult> {
  const key = JSON.stringify(args)
  let r = runs.get(key)
  if (!r) runs.set(key, (r = await runInProcess(args)))
  return r
}

const rowsOf = (csv: string): string[][] => parse(csv, { relax_column_count: true })
const column = (rows: string[][], name: string): string[] => {
  const i = rows[0]!.indexOf(name)
  assert.ok(i >= 0, `no column ${name}`)
  return rows.slice(1).map((r) => r[i]!)
}

describe('normalize on the fixtures', async () => {
  for (const [name, role] of [
    ['meta-leads.csv', 'followers'],
    ['shopify-customers.csv', 'customers'],
  ] as const) {
    const r = (await once(['normalize', '--country', 'GB', fixture(name)]))

    test(`${name}: exits 0, CSV on stdout, one line on stderr`, async () => {
      assert.equal(r.code, 0, r.stderr)
      assert.match(r.stderr, new RegExp(`^normalize: \\d+ rows from fixtures/${name.replace('.', '\\.')} \\(\\S+, ${role}\\)`))
      assert.equal(r.stderr.trim().split('\n').length, 1)
    })

    test(`${name}: matches the expected file`, async () => {
      assert.equal(r.stdout, expectedFile(`normalize/${name}`, r.stdout))
    })

    test(`${name}: every row, with every original column, then the wa_ columns`, async () => {
      const out = rowsOf(r.stdout)
      const header = out[0]!
      assert.deepEqual(header.slice(header.length - RECORD_COLUMNS.length), [...RECORD_COLUMNS])
      const originalWidth = header.length - RECORD_COLUMNS.length
      assert.ok(originalWidth > 5)
      assert.ok(out.slice(1).every((row) => row.length === header.length))
      assert.ok(column(out, 'wa_role').every((v) => v === role))
      // Each row is traced to the line it starts on (a quoted note can span lines).
      const lines = column(out, 'wa_source').map((v) => Number(v.replace(`fixtures/${name}:`, '')))
      assert.equal(lines[0], 2)
      assert.ok(lines.every((l, i) => i === 0 || l > lines[i - 1]!), lines.join(' '))
    })
  }

  test('rejected rows are written too, with their reason', async () => {
    const out = rowsOf((await once(['normalize', '--country', 'GB', fixture('shopify-customers.csv')])).stdout)
    const status = column(out, 'wa_status')
    assert.ok(status.includes('EXCEL_MANGLED'))
    assert.ok(status.includes('NO_IDENTIFIER'))
    assert.ok(status.filter((s) => s === 'OK').length > 10)
    const mangled = status.indexOf('EXCEL_MANGLED')
    assert.equal(column(out, 'wa_phone')[mangled], '')
    assert.equal(column(out, 'wa_phone_status')[mangled], 'EXCEL_MANGLED')
  })

  test('the phone columns hold E.164, its type and status', async () => {
    const out = rowsOf((await once(['normalize', '--country', 'GB', fixture('meta-leads.csv')])).stdout)
    const phones = column(out, 'wa_phone')
    const i = phones.indexOf('+447405263058') // written `p:07405263058` in the file
    assert.ok(i >= 0)
    assert.equal(column(out, 'wa_phone_type')[i], 'MOBILE')
    assert.equal(column(out, 'wa_phone_status')[i], 'OK')
    assert.equal(column(out, 'wa_country')[i], 'GB')
  })

  test('without --country a national number is refused NO_COUNTRY, the row kept', async () => {
    const out = rowsOf((await once(['normalize', fixture('meta-leads.csv')])).stdout)
    assert.ok(column(out, 'wa_phone_status').includes('NO_COUNTRY'))
    assert.equal(out.length, rowsOf((await once(['normalize', '--country', 'GB', fixture('meta-leads.csv')])).stdout).length)
  })
})

describe('normalize input and output', async () => {
  const fromFile = (await once(['normalize', '--country', 'GB', fixture('shopify-customers.csv')])).stdout

  test('reads stdin when FILE is -', async () => {
    const r = run(['normalize', '--country', 'GB', '-'], { input: fs.readFileSync(path.join(ROOT, fixture('shopify-customers.csv'))) })
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.stdout, fromFile.replaceAll('fixtures/shopify-customers.csv:', 'stdin:'))
  })

  test('reads stdin when FILE is omitted, a UTF-16 lead-form download too', async () => {
    const r = run(['normalize', '--country', 'GB'], { input: fs.readFileSync(path.join(ROOT, fixture('meta-leads.csv'))) })
    assert.equal(r.code, 0, r.stderr)
    const leads = (await once(['normalize', '--country', 'GB', fixture('meta-leads.csv')])).stdout
    assert.equal(r.stdout, leads.replaceAll('fixtures/meta-leads.csv:', 'stdin:'))
  })

  test('-o FILE writes the same CSV, mode 0600, nothing on stdout, no temporary left', async () => {
    const file = path.join(tmp, 'out', 'customers.csv')
    fs.mkdirSync(path.dirname(file))
    const r = (await runInProcess(['normalize', '--country', 'GB', fixture('shopify-customers.csv'), '-o', file]))
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.stdout, '')
    assert.equal(fs.readFileSync(file, 'utf8'), fromFile)
    assert.equal(fs.statSync(file).mode & 0o777, 0o600)
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['customers.csv'])
  })

  test('-o may name the input file: it is replaced only once read', async () => {
    const file = path.join(tmp, 'in-place.csv')
    fs.copyFileSync(path.join(ROOT, fixture('shopify-customers.csv')), file)
    const r = (await runInProcess(['normalize', '--country', 'GB', file, '-o', file]))
    assert.equal(r.code, 0, r.stderr)
    assert.equal(fs.readFileSync(file, 'utf8'), fromFile.replaceAll('fixtures/shopify-customers.csv:', `${file}:`))
  })

  test('a failed run leaves an existing -o file as it was', async () => {
    const file = path.join(tmp, 'keep.csv')
    fs.writeFileSync(file, 'precious\n')
    const r = (await runInProcess(['normalize', fixture('bad/unclosed-quote.csv'), '-o', file]))
    assert.equal(r.code, 1)
    assert.equal(fs.readFileSync(file, 'utf8'), 'precious\n')
    assert.deepEqual(fs.readdirSync(tmp).filter((n) => n.includes('wa-tmp')), [])
  })

  test('--role overrides the role read from the format', async () => {
    const out = rowsOf((await runInProcess(['normalize', '--country', 'GB', '--role', 'customers', fixture('meta-leads.csv')])).stdout)
    assert.ok(column(out, 'wa_role').every((v) => v === 'customers'))
  })
})

describe('normalize composes', async () => {
  const leads = (await once(['normalize', '--country', 'GB', fixture('meta-leads.csv')])).stdout

  test('a normalized CSV is passed through unchanged (never normalized twice)', async () => {
    const twice = run(['normalize'], { input: leads })
    assert.equal(twice.code, 0, twice.stderr)
    assert.equal(twice.stdout, leads)
    assert.equal(twice.stderr, '')
  })

  test('normalize --country GB leads.csv | normalize, through a real pipe', async () => {
    const r = spawnSync('bash', ['-c', `set -o pipefail; node ${BIN} normalize --country GB -q ${fixture('meta-leads.csv')} | node ${BIN} normalize`], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
    assert.equal(r.status, 0, r.stderr)
    assert.equal(r.stdout, leads)
  })

  test('options given for a passed-through file are reported as not applied', async () => {
    const r = run(['normalize', '--country', 'FR'], { input: leads })
    assert.equal(r.stdout, leads)
    assert.match(r.stderr, /already has the wa_ columns.*were not applied/)
  })

  test('writing into a closed pipe (| head) is not an error: exit 0, no message', async () => {
    const big = path.join(tmp, 'big.csv')
    const lines = ['phone,email']
    for (let i = 0; i < 40000; i++) lines.push(`+4479${String(11000000 + i).padStart(8, '0')},person${i}@example.com`)
    fs.writeFileSync(big, lines.join('\n') + '\n')
    const r = spawnSync('bash', ['-c', `node ${BIN} normalize --country GB ${big} | head -n 3; echo "exit=\${PIPESTATUS[0]}"`], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
    const out = r.stdout.trimEnd().split('\n')
    assert.equal(out.length, 4, r.stdout)
    assert.match(out[0]!, /^phone,email,wa_phone,/)
    assert.equal(out[3], 'exit=0')
    assert.equal(r.stderr, '')
  })
})

describe('normalize refuses bad input with one sentence', async () => {
  const cases: Array<{ name: string; args: string[]; input?: string; code: number; message: RegExp }> = [
    { name: 'a missing file', args: ['fixtures/nope.csv'], code: 1, message: /fixtures\/nope\.csv: no such file/ },
    { name: 'no phone or email column', args: [fixture('bad/no-identifier.csv')], code: 1, message: /no-identifier\.csv line 1: no phone or email column.*--map phone=COLUMN/ },
    { name: 'an unknown role', args: ['--role', 'friends', fixture('meta-leads.csv')], code: 2, message: /--role/ },
    { name: 'an unknown country', args: ['--country', 'XX', fixture('meta-leads.csv')], code: 2, message: /--country XX/ },
    { name: '-o naming a folder', args: [fixture('meta-leads.csv'), '-o', 'fixtures'], code: 2, message: /-o fixtures is a folder/ },
    { name: 'some wa_ columns but not all', args: [], input: 'phone,wa_phone\n+447911123456,x\n', code: 1, message: /stdin line 1: column\(s\) "wa_phone" are named like the columns normalize adds/ },
  ]
  for (const c of cases) {
    test(`${c.name}: exit ${c.code}`, async () => {
      // Without input to feed, in-process; a case that pipes data in spawns the binary.
      const r = c.input === undefined ? await runInProcess(['normalize', ...c.args]) : run(['normalize', ...c.args], { input: c.input })
      assert.equal(r.code, c.code, r.stderr)
      assert.match(r.stderr, c.message)
      assert.equal(r.stderr.trim().split('\n').filter((l) => !l.startsWith('(run with')).length, 1, `one sentence: ${r.stderr}`)
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace')
      assert.equal(r.stdout, '')
    })
  }

  test('no phone number or email of the fixtures reaches stderr', async () => {
    (await once(['normalize', '--country', 'GB', '-v', fixture('shopify-customers.csv')]))
    for (const r of runs.values()) {
      assert.doesNotMatch(r.stderr, /@example\./)
      assert.doesNotMatch(r.stderr, /\d{7}/)
    }
  })
})
