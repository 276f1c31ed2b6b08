// Issue 14 (6): no text of a file reaches a screen raw. A JSON file named `.csv` has contacts for headers, and
// its refusal used to quote them; a header holding ESC, OSC, BEL or CSI bytes was echoed as it is to stderr
// and to `inspect`'s stdout, where a terminal runs it (retitles the window, recolours or hides text). Every
// message, log line and inspect output masks personal data and escapes control characters (core/mask.ts).

import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { escapeControls, maskPhone, maskText, shown } from '../../src/core/mask.js'
import { ROOT, run, tempDir } from '../helpers.js'
import { runInProcess } from '../in-process.js'

process.chdir(ROOT)
const tmp = tempDir('wa-leaks-')
after(() => fs.rmSync(tmp, { recursive: true, force: true }))

function file(name: string, text: string): string {
  const p = path.join(tmp, name)
  fs.writeFileSync(p, text)
  return p
}

const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/

/** What a refusal may hold: one line, no stack, no run of 7+ digits, no address, no control byte. */
function assertCleanRefusal(stderr: string): void {
  assert.equal(stderr.split('\n').filter((l) => l !== '').length, 1, stderr)
  assert.match(stderr, /^wa-audience: .+\n$/)
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack')
  assert.doesNotMatch(stderr, /\d{7}/, stderr)
  assert.doesNotMatch(stderr, /[\w.+-]+@[\w-]+\.[a-z]{2,}/i, stderr)
  assert.doesNotMatch(stderr, CONTROL, JSON.stringify(stderr))
}

function assertNoControls(text: string): void {
  assert.doesNotMatch(text.replace(/\n/g, ''), CONTROL, JSON.stringify(text.slice(0, 400)))
}

const ESC_HEADERS = 'phone,\x1b]0;pwned\x07,\x1b[31mred,\u009b2Jwipe,\u202eevil\n'

describe('a JSON file named .csv is refused without quoting its phones and emails', () => {
  for (const [name, json] of [
    ['compact', '[{"phone":"+447700900123","email":"ana@example.com"}]'],
    ['spaced', '[{"phone": "+447700900123", "email": "ana@example.com"}]'],
    ['phone only', '[{"phone":"+447700900123"}]'],
    ['two objects', '[{"phone":"+447700900123","email":"ana@example.com"},{"phone":"+447700900124","email":"bob@example.com"}]'],
  ] as const) {
    test(name, async () => {
      const r = await runInProcess(['prepare', '--customers', file(`customers-${name.replace(' ', '-')}.csv`, json + '\n'), '--country', 'GB', '--out', path.join(tmp, `out-${name}`)])
      assert.equal(r.code, 1, r.stderr)
      assertCleanRefusal(r.stderr)
      assert.doesNotMatch(r.stderr, /ana@|7700900123/)
    })
  }

  test('inspect lists its columns and warnings masked', () => {
    const r = run(['inspect', '--json', file('customers-inspect.csv', '[{"phone": "+447700900123", "email": "ana@example.com"}]\n')])
    assert.equal(r.code, 0, r.stderr)
    assert.doesNotMatch(r.stdout, /\d{7}|ana@example/)
    const t = run(['inspect', path.join(tmp, 'customers-inspect.csv')])
    assert.doesNotMatch(t.stdout + t.stderr, /\d{7}|ana@example/)
  })
})

describe('control characters of a header never reach a terminal', () => {
  test('a refusal quoting the headers escapes ESC, OSC, BEL, CSI and direction overrides', async () => {
    const r = await runInProcess(['prepare', '--followers', file('esc-noid.csv', 'name,\x1b]0;pwned\x07,\x1b[31mred,\u009b2J\nAna,x,y,z\n'), '--out', path.join(tmp, 'esc-noid')])
    assert.equal(r.code, 1)
    assertCleanRefusal(r.stderr)
    assert.match(r.stderr, /\\x1b\]0;pwned\\x07/, 'shown escaped, so the user can still tell which column it is')
  })

  test('a column named on the command line with control characters is escaped in the refusal', async () => {
    const r = await runInProcess(['prepare', '--followers', file('esc-map.csv', ESC_HEADERS + '07700 900123,a,b,c,d\n'), '--country', 'GB', '--map', 'email=\x1b[31mnope\x07', '--out', path.join(tmp, 'esc-map')])
    assert.equal(r.code, 1)
    assertCleanRefusal(r.stderr)
  })

  test('an unknown option holding control characters (commander prints it) is escaped', async () => {
    const r = await runInProcess(['prepare', '--followers', 'x.csv', '--\x1b]0;pwned\x07'])
    assert.equal(r.code, 2)
    assertNoControls(r.stderr)
  })

  test('warnings about consent values escape and mask the values and the column', async () => {
    const p = file('esc-consent.csv', 'phone,\x1b[31mopt\x07\n07405 263100,\x1b]0;pwned\x07\n07405 263101,ana@example.com\n07405 263102,+44 7700 900126\n')
    const out = path.join(tmp, 'esc-consent')
    const r = await runInProcess(['prepare', '--followers', p, '--country', 'GB', '--consent', 'whatsapp=\x1b[31mopt\x07', '--out', out, '--verbose'])
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stderr, /neither yes nor no/)
    assertNoControls(r.stderr)
    assert.doesNotMatch(r.stderr, /ana@example|7700900126|7700 900126/)
    for (const report of ['report.md', 'report.html']) {
      const md = fs.readFileSync(path.join(out, report), 'utf8')
      assertNoControls(md)
      assert.doesNotMatch(md, /ana@example|7700 900126/)
    }
  })

  test("inspect's table and --json escape every header, mapped or not", () => {
    const p = file('esc-inspect.csv', 'tel\x1b]0;pwned\x07,opt\u009b31m,\x1b[31mred\n07700 900123,yes,x\n')
    const args = ['inspect', p, '--country', 'GB', '--map', 'phone=tel\x1b]0;pwned\x07', '--consent', 'whatsapp=opt\u009b31m']
    const table = run(args)
    assert.equal(table.code, 0, table.stderr)
    assert.match(table.stdout, /tel\\x1b\]0;pwned\\x07/)
    assertNoControls(table.stdout)
    assertNoControls(table.stderr)
    const json = run([...args, '--json'])
    assert.equal(json.code, 0, json.stderr)
    assertNoControls(json.stdout)
    const profile = JSON.parse(json.stdout).inputs[0]
    assert.deepEqual(profile.columns, ['tel\\x1b]0;pwned\\x07', 'opt\\x9b31m', '\\x1b[31mred'])
    assert.deepEqual(profile.mapping.fields.phone, ['tel\\x1b]0;pwned\\x07'])
    assert.equal(profile.consent[0].column, 'opt\\x9b31m')
  })

  test('a file name given on the command line is escaped, not masked', async () => {
    const r = await runInProcess(['prepare', '--followers', path.join(tmp, 'missing-\x1b]0;x\x07-20240115123.csv'), '--out', path.join(tmp, 'esc-name')])
    assert.equal(r.code, 1)
    assertNoControls(r.stderr)
    assert.match(r.stderr, /missing-\\x1b\]0;x\\x07-20240115123\.csv/)
  })
})

describe('shown(): the one form of a file text in a message', () => {
  test('column names read as they are; addresses and digit runs inside a text are masked', () => {
    assert.equal(shown('Phone Number'), 'Phone Number')
    assert.equal(shown('whatsapp_opt_in'), 'whatsapp_opt_in')
    assert.equal(shown('[{"phone":"+447700900123"'), '[{"phone":"+44*******123"')
    assert.equal(shown('"email":"ana@example.com"}]'), '"email":"a***@e***.com"}]')
    assert.equal(shown('Tel +44 7700 900123'), 'Tel +44 **** ***123')
  })

  test('control characters are escaped, the length is bounded', () => {
    assert.equal(shown('\x1b]0;pwned\x07'), '\\x1b]0;pwned\\x07')
    assert.equal(escapeControls('a\u009bb\u202ec\td\n'), 'a\\x9bb\\u202ec\\x09d\\x0a')
    assert.equal([...shown('x'.repeat(10_000_000))].length, 40)
    assert.ok(!/\d{4}/.test(shown('1'.repeat(1000), 60)))
  })

  test('masked forms never carry a control character either', () => {
    assert.equal(maskText('\x1b[31m'), '\\x1b***')
    assert.doesNotMatch(maskPhone('\x1b]0;x\x07+44 7700 900123'), CONTROL)
  })
})
