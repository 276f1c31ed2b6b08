// Prompts, driven in a real pseudo-terminal: the binary asks only when stdin and stderr are terminals, shows
// sample values masked, and offers to save the answers as a config that a later, unattended run reuses.
// And the other side: without a terminal, or with --yes, it never waits for input.

import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { fixture, run, tempDir } from '../helpers.js'
import { HAS_SCRIPT, KEY, runInPty } from '../pty.js'

const tmp = tempDir()
after(() => fs.rmSync(tmp, { recursive: true, force: true }))

describe('prompts at a terminal', { skip: HAS_SCRIPT ? false : 'util-linux script is not installed' }, () => {
  test('no phone column recognised: choose it, choose consent, save the answers; the saved config reruns unattended', async () => {
    const out = path.join(tmp, 'asked')
    const config = path.join(tmp, 'answers.json')
    const r = await runInPty(
      ['prepare', '--followers', fixture('bad/unknown-layout.csv'), '--country', 'GB', '--out', out],
      [
        // The column holding phone numbers is offered first, with masked samples.
        { expect: /Which column holds the phone number\?[\s\S]*Reach me on/, send: KEY.enter },
        // The column holding yes/no answers is offered first among consent candidates.
        { expect: /Which columns say whether the person agreed[\s\S]*OK to message/, send: KEY.space + KEY.enter },
        { expect: /Column "OK to message" is consent for which channel\?/, send: KEY.enter },
        { expect: /Save these answers as a config file/, send: KEY.enter },
        { expect: /Config file:/, send: config + KEY.enter },
      ],
    )
    assert.equal(r.code, 0, r.screen)
    assert.match(r.screen, /\+44 \*\*\*\* \*\*\*456/, 'samples are masked')
    assert.doesNotMatch(r.screen, /7911 123456|263058|43210/, 'no whole number on screen')
    assert.match(r.screen, /Settings saved to .*answers\.json; next time run with --config/)
    const rows = fs.readFileSync(path.join(out, 'whatsapp.csv'), 'utf8').trimEnd().split('\n').slice(1)
    assert.deepEqual(rows.map((l) => l.split(',')[0]), ['+447911123456', '+919876543210'])

    const saved = JSON.parse(fs.readFileSync(config, 'utf8'))
    assert.deepEqual(saved.inputs[0].map.phone, ['Reach me on'])
    assert.deepEqual(saved.inputs[0].consent, { whatsapp: 'OK to message' })

    // The cron run: no terminal, the config answers every question.
    const again = run(['prepare', '--config', config, '--out', path.join(tmp, 'again')])
    assert.equal(again.code, 0, again.stderr)
    assert.equal(fs.readFileSync(path.join(tmp, 'again', 'whatsapp.csv'), 'utf8'), fs.readFileSync(path.join(out, 'whatsapp.csv'), 'utf8'))
  })

  test('several phone columns in a generic file: tick the ones to read', async () => {
    const csv = path.join(tmp, 'two-phones.csv')
    fs.writeFileSync(csv, 'Name,Phone,Mobile,WhatsApp opt-in\nAmelia Hartley,020 7946 0958,07911 123456,yes\n')
    const r = await runInPty(
      ['prepare', '--customers', csv, '--country', 'GB', '--dry-run', '--json'],
      [
        { expect: /several columns could hold the phone number/, send: KEY.down + KEY.space + KEY.enter },
        { expect: /Save these answers/, send: 'n' + KEY.enter },
      ],
    )
    assert.equal(r.code, 0, r.screen)
    const report = JSON.parse(r.screen.slice(r.screen.indexOf('{'), r.screen.lastIndexOf('}') + 1))
    // Mobile comes first (a mobile leads over a generic phone); unticking the second leaves only it.
    assert.deepEqual(report.inputs[0].mapping.fields.phone, ['Mobile'])
  })

  test('with --yes at a terminal nothing is asked: the same refusal as in a pipe', async () => {
    const r = await runInPty(['prepare', '--followers', fixture('bad/unknown-layout.csv'), '--country', 'GB', '--dry-run', '--yes'], [])
    assert.equal(r.code, 1)
    assert.match(r.screen, /pass --map 'phone=Reach me on'/)
    assert.doesNotMatch(r.screen, /Which column/)
  })

  test('Ctrl-C at a prompt is an interruption (exit 130), and nothing is written', async () => {
    const out = path.join(tmp, 'interrupted')
    const r = await runInPty(['prepare', '--followers', fixture('bad/unknown-layout.csv'), '--country', 'GB', '--out', out], [{ expect: /Which column holds the phone number\?/, send: '\u0003' }])
    assert.equal(r.code, 130, r.screen)
    assert.ok(!fs.existsSync(out))
  })
})

describe('no terminal: never waits for input', () => {
  test('stdin open but not a terminal: fails at once with the flag to pass', () => {
    const started = Date.now()
    // stdin is a pipe that stays open with data in it: a prompt would block on it.
    const r = run(['prepare', '--followers', fixture('bad/unknown-layout.csv'), '--country', 'GB', '--dry-run'], { input: '\r\r\r\r' })
    assert.equal(r.code, 1)
    // Generous bound for a loaded machine: the point is that it returns at all, without an answer.
    assert.ok(Date.now() - started < 20000)
    assert.match(r.stderr, /--map 'phone=Reach me on'/)
  })
})
