// Columns found by their values (issue 16): when no header names an email (or phone) column, a column whose
// sample values are mostly email addresses (phone numbers) is read as one, shown by inspect and in the report,
// and asked about at a terminal. The repro: `Name,Handy,Kontakt` with addresses under `Kontakt`, where an
// email-only person used to be rejected NO_IDENTIFIER.

import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { fixture, run, tempDir } from '../helpers.js'
import { runInProcess } from '../in-process.js'
import { HAS_SCRIPT, KEY, runInPty } from '../pty.js'

const tmp = tempDir()
after(() => fs.rmSync(tmp, { recursive: true, force: true }))

const FILE = fixture('generic-kontakt-de.csv')

describe('an email column no header names', () => {
  test('the repro: the email-only person is read, not rejected NO_IDENTIFIER, and the report says how the column was found', async () => {
    const out = path.join(tmp, 'kontakt')
    const r = await runInProcess(['prepare', '--customers', FILE, '--country', 'DE', '--out', out, '-q'])
    assert.equal(r.code, 0, r.stderr)
    const report = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'))
    assert.equal(report.rows_rejected, 0, JSON.stringify(report.rejects_by_reason))
    assert.ok(report.warnings.some((w: string) => /no header names an email column, so column "Kontakt", whose values are mostly email addresses, was read as the email; pass --map email=Kontakt/.test(w)), report.warnings.join('\n'))
    // Sören has no phone: his email puts him in the Meta audience.
    const meta = fs.readFileSync(path.join(out, 'meta-custom-audience.csv'), 'utf8').trimEnd().split('\n')
    assert.equal(meta.length - 1, 2, meta.join('\n'))
  })

  test('inspect shows the column and how it was found', () => {
    const r = run(['inspect', '--json', FILE, '-c', 'DE'])
    assert.equal(r.code, 0, r.stderr)
    const p = JSON.parse(r.stdout).inputs[0]
    assert.deepEqual(p.mapping.fields.email, ['Kontakt'])
    assert.deepEqual(p.mapping.by_content, { email: 'Kontakt' })
    assert.equal(p.rows_rejected, 0)
    const human = run(['inspect', FILE, '-c', 'DE'])
    assert.match(human.stdout, /email +Kontakt \(found by its values\)/)
  })

  test('--map email=Kontakt confirms it: no warning', () => {
    const r = run(['inspect', '--json', FILE, '-c', 'DE', '--map', 'email=Kontakt'])
    const p = JSON.parse(r.stdout).inputs[0]
    assert.equal(p.mapping.by_content, undefined)
    assert.deepEqual(p.warnings.filter((w: string) => /found|no header names/.test(w)), [])
  })

  test('a phone column beside a named email column', () => {
    const csv = path.join(tmp, 'phones.csv')
    fs.writeFileSync(csv, 'Name,Email,Erreichbar unter\nA B,a@example.de,0171 2345678\nC D,c@example.de,0160 5556677\n')
    const r = run(['inspect', '--json', csv, '-c', 'DE'])
    const p = JSON.parse(r.stdout).inputs[0]
    assert.deepEqual(p.mapping.by_content, { phone: 'Erreichbar unter' })
    assert.equal(p.phones.valid, 2)
  })
})

describe('at a terminal', { skip: HAS_SCRIPT ? false : 'util-linux script is not installed' }, () => {
  test('the column found by its values is offered first, and confirmed', async () => {
    const out = path.join(tmp, 'asked')
    const r = await runInPty(
      ['prepare', '--customers', FILE, '--country', 'DE', '--out', out],
      [
        { expect: /no header names an email column, but column "Kontakt" holds email addresses\. Which column holds the email address\?[\s\S]*Kontakt/, send: KEY.enter },
        { expect: /Save these answers as a config file/, send: 'n' + KEY.enter },
      ],
    )
    assert.equal(r.code, 0, r.screen)
    assert.ok(fs.existsSync(path.join(out, 'whatsapp.csv')))
  })
})
