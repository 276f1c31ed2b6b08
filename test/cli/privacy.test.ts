// No phone number or email of the inputs reaches a person's screen or log except as the data a command was
// asked to write: every command (prepare, normalize, dedupe, join, export, diff, inspect) runs on the fixtures
// with --verbose, and on error paths, and its stderr, its non-data stdout (summaries, --json, inspect's
// table) and the files people read (rejects.csv, report.json, report.md, manifest.json, --rejects) must hold
// none of the fixtures' raw values, only masked forms.

import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { parsePhone } from '../../src/core/phone/index.js'
import { ROOT, fixture, tempDir } from '../helpers.js'
import { runInProcess } from '../in-process.js'

process.chdir(ROOT)
const tmp = tempDir('wa-privacy-')
after(() => fs.rmSync(tmp, { recursive: true, force: true }))

const INPUTS = ['shopify-customers.csv', 'meta-leads.csv', 'suppress.csv', 'manychat-subscribers.csv', 'bad/headerless.csv', 'bad/unclosed-quote.csv']

function fixtureText(name: string): string {
  const b = fs.readFileSync(path.join(ROOT, fixture(name)))
  return b[0] === 0xff && b[1] === 0xfe ? b.subarray(2).toString('utf16le') : b.toString('utf8')
}

// The personal values of the inputs: every address, and every phone-like run of 8+ digits in its raw digits and
// in the E.164 form the tool writes.
const EMAILS = new Set<string>()
const PHONES = new Set<string>()
for (const name of INPUTS) {
  const text = fixtureText(name)
  for (const m of text.matchAll(/[\w.+'-]+@[\w-]+(?:\.[\w-]+)+/g)) EMAILS.add(m[0].toLowerCase())
  for (const m of text.matchAll(/\+?\d[\d ().-]{6,}\d/g)) {
    const digits = m[0].replace(/\D/g, '')
    if (digits.length < 8) continue
    PHONES.add(digits)
    const e164 = parsePhone(m[0], 'GB').e164
    if (e164) PHONES.add(e164.slice(1))
  }
}

/** The raw values found in `text`; phones are looked for with separators removed (`+44 7911 123456`). */
function leaks(text: string): string[] {
  const lower = text.toLowerCase()
  const squeezed = text.replace(/[\s().\-/]/g, '')
  return [...[...EMAILS].filter((e) => lower.includes(e)), ...[...PHONES].filter((p) => squeezed.includes(p))]
}

function assertClean(what: string, text: string): void {
  assert.deepEqual(leaks(text), [], `${what} shows personal data:\n${text.slice(0, 2000)}`)
}

const read = (...p: string[]) => fs.readFileSync(path.join(...p), 'utf8')
const ALL = ['--customers', fixture('shopify-customers.csv'), '--followers', fixture('meta-leads.csv'), '--suppress', fixture('suppress.csv'), '-c', 'GB']

describe('no personal data outside data outputs, with --verbose', async () => {
  test('the check itself finds raw values (the fixtures hold some, normalize writes them as data)', async () => {
    assert.ok(EMAILS.size >= 10 && PHONES.size >= 10, `${EMAILS.size} emails, ${PHONES.size} phones`)
    const r = await runInProcess(['normalize', '-v', '-c', 'GB', fixture('shopify-customers.csv'), '-o', path.join(tmp, 'data.csv')])
    assert.equal(r.code, 0, r.stderr)
    assert.ok(leaks(read(tmp, 'data.csv')).length >= 10)
  })

  const first = path.join(tmp, 'first')
  const second = path.join(tmp, 'second')

  test('prepare: --json summary, stderr, rejects.csv, report and manifest', async () => {
    const r = (await runInProcess(['prepare', ...ALL, '--out', first, '--json', '-v']))
    assert.equal(r.code, 0, r.stderr)
    assertClean('stdout', r.stdout)
    assertClean('stderr', r.stderr)
    for (const f of ['rejects.csv', 'report.json', 'report.md', 'report.html', 'manifest.json']) assertClean(f, read(first, f))
    // rejects.csv shows masked values (the Excel-mangled number keeps its shape, not its digits).
    assert.match(read(first, 'rejects.csv'), /phone 2\.\d\*+\dE\+12/)
  })

  test('prepare a second time (for diff), with more inputs', async () => {
    const r = await runInProcess(['prepare', ...ALL, '--followers', fixture('manychat-subscribers.csv'), '--out', second, '-v'])
    assert.equal(r.code, 0, r.stderr)
    assertClean('stderr', r.stderr)
  })

  test('diff: --json summary and stderr', async () => {
    const r = (await runInProcess(['diff', '--previous', first, '--current', second, '--out', path.join(tmp, 'diff'), '--json', '-v']))
    assert.equal(r.code, 0, r.stderr)
    assertClean('stdout', r.stdout)
    assertClean('stderr', r.stderr)
  })

  test('inspect: the table, --json, and their stderr', async () => {
    for (const args of [['-c', 'GB', fixture('meta-leads.csv')], [fixture('bad/headerless.csv')], ['--json', fixture('shopify-customers.csv')]]) {
      const r = (await runInProcess(['inspect', '-v', ...args]))
      assert.equal(r.code, 0, r.stderr)
      assert.ok(r.stdout.length > 200)
      assertClean(`inspect ${args.join(' ')}`, r.stdout + r.stderr)
    }
  })

  const normalized = path.join(tmp, 'normalized.csv')
  const joined = path.join(tmp, 'joined.csv')

  test('normalize, dedupe (with --rejects), join, export: stderr and the rejects file', async () => {
    const steps = [
      ['normalize', '-v', '-c', 'GB', fixture('shopify-customers.csv'), '-o', normalized],
      ['dedupe', '-v', normalized, '--rejects', path.join(tmp, 'dedupe-rejects.csv'), '-o', path.join(tmp, 'deduped.csv')],
      ['join', '-v', '--customers', fixture('shopify-customers.csv'), '--followers', fixture('meta-leads.csv'), '--suppress', fixture('suppress.csv'), '-c', 'GB', '--rejects', path.join(tmp, 'join-rejects.csv'), '-o', joined],
      ['export', '-v', '--target', 'whatsapp', joined, '-o', path.join(tmp, 'wa.csv')],
      ['export', '-v', '--target', 'meta', '--plain', joined, '-o', path.join(tmp, 'meta.csv')],
    ]
    for (const args of steps) {
      const r = await runInProcess(args)
      assert.equal(r.code, 0, `${args[0]}: ${r.stderr}`)
      assertClean(`${args[0]} stderr`, r.stderr)
    }
    assertClean('dedupe --rejects', read(tmp, 'dedupe-rejects.csv'))
    assertClean('join --rejects', read(tmp, 'join-rejects.csv'))
    assert.ok(read(tmp, 'join-rejects.csv').split('\n').length > 2, 'join rejected some rows')
  })

  test('export whatsapp-cloud lists the people it skips on stderr, masked', async () => {
    const leads = path.join(tmp, 'leads.csv')
    fs.writeFileSync(leads, 'phone,email,first_name,whatsapp_opt_in\n07405 263100,amelia@example.com,Amelia,yes\n07405 263101,nameless@example.com,,yes\n')
    EMAILS.add('nameless@example.com').add('amelia@example.com')
    PHONES.add('07405263101').add('447405263101')
    const r = await runInProcess(['export', '-v', '-c', 'GB', '--target', 'whatsapp-cloud', '--template', 'spring_sale', '--lang', 'en_GB', '--param', 'first_name', leads, '-o', path.join(tmp, 'cloud.jsonl')])
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stderr, /MISSING_PARAM/)
    assertClean('stderr', r.stderr)
  })
})

describe('no personal data on error paths, with --verbose', async () => {
  const cases: Array<{ name: string; args: string[]; code: number }> = [
    { name: 'a tripped --max-reject-rate', args: ['prepare', ...ALL, '--max-reject-rate', '0.01', '--out', path.join(tmp, 'guard')], code: 3 },
    { name: 'a file without a header row', args: ['prepare', '--customers', fixture('bad/headerless.csv'), '-c', 'GB', '--out', path.join(tmp, 'headerless')], code: 1 },
    { name: 'an unclosed quote (its cause printed with --verbose)', args: ['prepare', '--customers', fixture('bad/unclosed-quote.csv'), '--out', path.join(tmp, 'quote')], code: 1 },
    { name: 'normalize of a file without a header row', args: ['normalize', '-c', 'GB', fixture('bad/headerless.csv'), '-o', path.join(tmp, 'x.csv')], code: 1 },
    { name: 'a --map column no input has', args: ['join', '--customers', fixture('shopify-customers.csv'), '--followers', fixture('meta-leads.csv'), '--map', 'phone=Mobile Number', '-o', path.join(tmp, 'y.csv')], code: 1 },
  ]
  for (const c of cases) {
    test(`${c.name}: exit ${c.code}`, async () => {
      const r = await runInProcess([...c.args, '-v'])
      assert.equal(r.code, c.code, r.stderr)
      assertClean('stderr', r.stderr)
    })
  }
})
