// Consent columns found by the same rules in every format (consent.md, "Finding consent columns"): a custom
// consent question in the customer's language is a consent column in a Meta Leads Center export or a lead-form
// download just as in a generic CSV, its channel read from its words; a column that looks like consent but
// names no channel stops an unattended run with its name and the exact --consent line. Never a silent pass.

import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { unmappedConsentColumns } from '../../src/sources/consent-columns.js'
import { detectFormat, mapHeader } from '../../src/sources/index.js'
import { fixture, run, tempDir } from '../helpers.js'
import { runInProcess } from '../in-process.js'
import { HAS_SCRIPT, KEY, runInPty } from '../pty.js'

const tmp = tempDir()
after(() => fs.rmSync(tmp, { recursive: true, force: true }))

const whatsappPhones = (dir: string) =>
  fs
    .readFileSync(path.join(dir, 'whatsapp.csv'), 'utf8')
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[0])
    .sort()

function inspectJson(file: string) {
  const r = run(['inspect', '--json', fixture(file)])
  assert.equal(r.code, 0, r.stderr)
  return JSON.parse(r.stdout).inputs as Array<{ format: { id: string }; mapping: { consent: Record<string, string> }; consent: Array<{ values: Array<{ value: string; state: string; count: number }> }>; warnings: string[] }>
}

describe('a known format\'s consent question in the customer\'s language', () => {
  const cases: Array<{ file: string; format: string; column: string; states: string[] }> = [
    { file: 'meta-leads-center-es.csv', format: 'meta-leads-center', column: '¿Acepta mensajes por WhatsApp?', states: ['Sí:granted:2', 'no:denied:1', 'No:denied:1'] },
    { file: 'meta-leads-center-de.csv', format: 'meta-leads-center', column: 'Einverstanden mit WhatsApp-Nachrichten?', states: ['ja:granted:1', 'nein:denied:1'] },
    { file: 'meta-leads-pt-utf16.csv', format: 'meta-lead-form', column: 'aceita_receber_mensagens_pelo_whatsapp?', states: ['não:denied:1', 'Não:denied:1', 'Sim:granted:1'] },
  ]
  for (const c of cases) {
    test(`${c.file}: ${c.format}, "${c.column}" is WhatsApp consent`, () => {
      const [p] = inspectJson(c.file)
      assert.equal(p!.format.id, c.format)
      assert.deepEqual(p!.mapping.consent, { whatsapp: c.column })
      assert.deepEqual(p!.consent[0]!.values.map((v) => `${v.value}:${v.state}:${v.count}`).sort(), [...c.states].sort())
      assert.deepEqual(p!.warnings.filter((w) => /looks like consent/.test(w)), [])
    })
  }

  test('the repro: people who said No in the Leads Center export do not reach whatsapp.csv through an opt-in elsewhere', async () => {
    const out = path.join(tmp, 'repro')
    const r = await runInProcess(['prepare', '--followers', fixture('meta-leads-center-es.csv'), '--customers', fixture('generic-optin-es.csv'), '--country', 'ES', '--out', out, '-q'])
    assert.equal(r.code, 0, r.stderr)
    // Javier said "No" and Carmen "no" in the Leads Center file: the generic file's yes has no time, so denial wins.
    assert.deepEqual(whatsappPhones(out), ['+34612345678'])
  })

  test('a lead-form download in UTF-16 with a Portuguese question: only the "Sim" reaches whatsapp.csv', async () => {
    const out = path.join(tmp, 'pt')
    const r = await runInProcess(['prepare', '--followers', fixture('meta-leads-pt-utf16.csv'), '--country', 'BR', '--out', out, '-q'])
    assert.equal(r.code, 0, r.stderr)
    assert.deepEqual(whatsappPhones(out), ['+5511987654321'])
  })

  test('the same header rules in a generic CSV and in a Leads Center export', () => {
    const question = '¿Acepta mensajes por WhatsApp?'
    const leads = ['Created', 'Name', 'Email', 'Phone', 'Stage', 'Status', 'Source', 'Form', 'Channel', 'Owner', 'Labels', question]
    const plain = ['Nombre', 'Email', 'Teléfono', question]
    for (const header of [leads, plain]) assert.equal(mapHeader(detectFormat(header), header).consent.whatsapp, question)
  })
})

describe('a consent-looking column that names no channel', () => {
  test('stops an unattended run with its name and the exact --consent line; the line settles it', async () => {
    const file = fixture('meta-leads-center-fr-question.csv')
    const r = await runInProcess(['prepare', '--followers', file, '--country', 'FR', '--out', path.join(tmp, 'fr'), '-q'])
    assert.equal(r.code, 1, r.stderr)
    assert.match(r.stderr, /meta-leads-center-fr-question\.csv line 1: column "Acceptez-vous d'être recontacté \?" looks like consent/)
    const line = "--consent 'whatsapp=Acceptez-vous d'\\''être recontacté ?'"
    assert.ok(r.stderr.includes(line), r.stderr)
    assert.equal(fs.existsSync(path.join(tmp, 'fr')), false, 'nothing written')

    const fixed = await runInProcess(['prepare', '--followers', file, '--country', 'FR', '--consent', "whatsapp=Acceptez-vous d'être recontacté ?", '--out', path.join(tmp, 'fr2'), '-q'])
    assert.equal(fixed.code, 0, fixed.stderr)
    assert.deepEqual(whatsappPhones(path.join(tmp, 'fr2')), ['+33612345678'])
  })

  test('found by its values alone (Sí/No under a header with no consent word)', async () => {
    const csv = path.join(tmp, 'q7.csv')
    fs.writeFileSync(csv, 'nombre,telefono,P7\nAna,+34 612 345 678,Sí\nLuis,+34 623 456 789,No\nEva,+34 634 567 890,no\n')
    const r = await runInProcess(['prepare', '--customers', csv, '--country', 'ES', '--out', path.join(tmp, 'q7'), '-q'])
    assert.equal(r.code, 1, r.stderr)
    assert.match(r.stderr, /column "P7" looks like consent \(its values, e\.g\. "Sí", "No", "no"\).*--consent whatsapp=P7/)
  })

  test('a config entry that names the file\'s consent settles it for cron', async () => {
    const config = path.join(tmp, 'fr.json')
    fs.writeFileSync(config, JSON.stringify({ inputs: [{ file: path.resolve(fixture('meta-leads-center-fr-question.csv')), role: 'followers', consent: {} }] }))
    const r = await runInProcess(['prepare', '--config', config, '--country', 'FR', '--out', path.join(tmp, 'frc'), '-q'])
    assert.equal(r.code, 0, r.stderr)
  })

  test('a header from the file is shown escaped in the refusal', async () => {
    const csv = path.join(tmp, 'esc.csv')
    fs.writeFileSync(csv, 'phone,opt in \x1b[31mnow\n+447911123456,yes\n+447405263058,no\n')
    const r = await runInProcess(['prepare', '--customers', csv, '--country', 'GB', '--out', path.join(tmp, 'esc'), '-q'])
    assert.equal(r.code, 1, r.stderr)
    assert.doesNotMatch(r.stderr, /\x1b\[31m/)
    assert.match(r.stderr, /looks like consent/)
  })

  test('not consent: technical flags, IP columns, Shopify "Tax Exempt", Meta "is_organic"', () => {
    const header = ['phone', 'Active', 'OPTIN_IP', 'Tax Exempt', 'is_organic', 'Marketing Channel']
    const rows = [
      ['+447911123456', 'true', '203.0.113.10', 'no', '0', 'facebook'],
      ['+447405263058', 'false', '203.0.113.11', 'yes', '1', 'instagram'],
      ['+447400123456', 'true', '', 'no', '1', 'facebook'],
    ]
    const m = { fields: { phone: ['phone'] }, consent: {}, consentAt: {}, fixedConsent: {} }
    assert.deepEqual(unmappedConsentColumns(m, header, rows), [])
  })

  test('every known-format fixture runs without a consent question', () => {
    for (const f of ['shopify-customers.csv', 'shopify-customers-legacy.csv', 'klaviyo-profiles.csv', 'hubspot-contacts.csv', 'manychat-subscribers.csv', 'meta-leads.csv', 'meta-leads-center.csv', 'woocommerce-orders.csv', 'mailchimp-audience-export.zip']) {
      for (const p of inspectJson(f)) assert.deepEqual(p.warnings.filter((w) => /looks like (consent|an opt-out)/.test(w)), [], f)
    }
  })
})

describe('at a terminal', { skip: HAS_SCRIPT ? false : 'util-linux script is not installed' }, () => {
  test('the consent-looking column is asked about, first among the choices', async () => {
    const out = path.join(tmp, 'asked')
    const r = await runInPty(
      ['prepare', '--followers', fixture('meta-leads-center-fr-question.csv'), '--country', 'FR', '--out', out],
      [
        { expect: /looks like consent but names no channel\. Which columns say whether the person agreed[\s\S]*Acceptez-vous/, send: KEY.space + KEY.enter },
        { expect: /is consent for which channel\?/, send: KEY.enter },
        { expect: /Save these answers as a config file/, send: 'n' + KEY.enter },
      ],
    )
    assert.equal(r.code, 0, r.screen)
    assert.deepEqual(whatsappPhones(out), ['+33612345678'])
  })

  test('answered "not consent" and saved: the unattended rerun with that config does not stop', async () => {
    const config = path.join(tmp, 'not-consent.json')
    const r = await runInPty(
      ['prepare', '--followers', fixture('meta-leads-center-fr-question.csv'), '--country', 'FR', '--out', path.join(tmp, 'unticked')],
      [
        { expect: /looks like consent but names no channel\. Which columns say whether the person agreed/, send: KEY.enter },
        { expect: /Save these answers as a config file/, send: KEY.enter },
        { expect: /Config file:/, send: config + KEY.enter },
      ],
    )
    assert.equal(r.code, 0, r.screen)
    assert.deepEqual(JSON.parse(fs.readFileSync(config, 'utf8')).inputs[0].consent, {})
    const again = run(['prepare', '--config', config, '--out', path.join(tmp, 'unticked-again')])
    assert.equal(again.code, 0, again.stderr)
  })
})
