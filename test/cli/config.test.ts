// --config and prepare --save-config: the JSON shape, strict validation pointing at the bad key, flags over
// config, and the round trip a cron job relies on (save once, rerun with the same result).

import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { fixture, ROOT, run, tempDir } from '../helpers.js'
import { runInProcess } from '../in-process.js'

// In-process runs name fixtures relative to the repository, as a user does.
process.chdir(ROOT)
const tmp = tempDir()
after(() => fs.rmSync(tmp, { recursive: true, force: true }))

function writeConfig(name: string, config: unknown): string {
  const p = path.join(tmp, name)
  fs.writeFileSync(p, typeof config === 'string' ? config : JSON.stringify(config, null, 2))
  return p
}

describe('--config validation points at the bad key (exit 2)', async () => {
  const cases: Array<{ name: string; config: unknown; message: RegExp }> = [
    { name: 'unknown channel', config: { inputs: [{ file: 'a.csv' }, { file: 'b.csv', consent: { whatsap: 'x' } }] }, message: /bad\.json: inputs\[1\]\.consent\.whatsap: unknown channel \(did you mean "whatsapp"\?\); channels are whatsapp, sms, email, ads\./ },
    { name: 'unknown key', config: { inputs: [{ file: 'a.csv', consnet: {} }] }, message: /inputs\[0\]\.consnet: unknown key \(did you mean "consent"\?\)/ },
    { name: 'unknown field', config: { inputs: [{ file: 'a.csv', map: { mobile: 'Mobile' } }] }, message: /inputs\[0\]\.map\.mobile: unknown field; fields are phone, email/ },
    { name: 'bad country', config: { country: 'XX', inputs: [] }, message: /bad\.json: country: "XX": not a two-letter country code/ },
    { name: 'bad format', config: { inputs: [{ file: 'a.csv', format: 'shopfy' }] }, message: /inputs\[0\]\.format: unknown format \(did you mean "shopify"\?\)/ },
    { name: 'missing file', config: { inputs: [{ role: 'customers' }] }, message: /inputs\[0\]\.file: expected the input's path/ },
    { name: 'bad JSON', config: '{\n  "inputs": [\n    {"file": "a.csv",}\n  ]\n}\n', message: /bad\.json: not valid JSON near line 3/ },
    { name: 'bad state', config: { inputs: [{ file: 'a.csv', fixed_consent: { email: 'yes' } }] }, message: /inputs\[0\]\.fixed_consent\.email: expected one of granted, denied, unknown\./ },
  ]
  for (const c of cases) {
    test(c.name, async () => {
      const p = writeConfig('bad.json', c.config)
      const r = (await runInProcess(['prepare', '--customers', fixture('shopify-customers.csv'), '--config', p, '--dry-run']))
      assert.equal(r.code, 2, r.stderr)
      assert.match(r.stderr, c.message)
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr)
    })
  }

  test('a config naming a column the file does not have stops the run (exit 1)', async () => {
    const p = writeConfig('renamed.json', { inputs: [{ file: 'shopify-customers.csv', map: { phone: 'Mobile Phone' } }] })
    const r = (await runInProcess(['prepare', '--customers', fixture('shopify-customers.csv'), '--config', p, '--dry-run']))
    assert.equal(r.code, 1)
    assert.match(r.stderr, /renamed\.json: inputs\[0\]\.map\.phone names the column "Mobile Phone", which fixtures\/shopify-customers\.csv does not have/)
  })

  test('a missing config file', async () => {
    const r = (await runInProcess(['inspect', fixture('shopify-customers.csv'), '--config', path.join(tmp, 'nope.json')]))
    assert.equal(r.code, 2)
    assert.match(r.stderr, /--config .*nope\.json: no such file/)
  })
})

describe('--config settings', async () => {
  test('per input: encoding, delimiter, mapping, consent and country; matched by file name with *', async () => {
    const p = writeConfig('leads.json', {
      _comment: 'notes are allowed',
      inputs: [{ file: 'unknown-*.csv', country: 'GB', map: { phone: 'Reach me on', full_name: 'Who' }, consent: { whatsapp: 'OK to message' }, delimiter: 'comma', encoding: 'utf-8' }],
    })
    const r = (await runInProcess(['inspect', '--json', fixture('bad/unknown-layout.csv'), '--config', p]))
    assert.equal(r.code, 0, r.stderr)
    const i = JSON.parse(r.stdout).inputs[0]
    assert.equal(i.config_entry, `${p}: inputs[0]`)
    assert.deepEqual(i.mapping.fields.phone, ['Reach me on'])
    assert.deepEqual(i.mapping.consent, { whatsapp: 'OK to message' })
    assert.equal(i.encoding_evidence, '--encoding')
    // The entry's country read the national number.
    assert.equal(i.phones.valid, 3)
  })

  test('flags override the config', async () => {
    const p = writeConfig('override.json', { ads_consent: 'explicit', inputs: [{ file: 'shopify-customers.csv', consent: { sms: null } }] })
    const withConfig = JSON.parse((await runInProcess(['prepare', '--customers', fixture('shopify-customers.csv'), '--config', p, '--country', 'GB', '--dry-run', '--json'])).stdout)
    assert.equal(withConfig.consent.ads_policy, 'explicit')
    assert.deepEqual(withConfig.inputs[0].mapping.consent, { email: 'Accepts Email Marketing' })
    const withFlags = JSON.parse((await runInProcess(['prepare', '--customers', fixture('shopify-customers.csv'), '--config', p, '--country', 'GB', '--dry-run', '--json', '--ads-consent', 'not-denied', '--consent', 'sms=Accepts SMS Marketing'])).stdout)
    assert.equal(withFlags.consent.ads_policy, 'not-denied')
    assert.deepEqual(withFlags.inputs[0].mapping.consent, { email: 'Accepts Email Marketing', sms: 'Accepts SMS Marketing' })
  })
})

describe('prepare --save-config', async () => {
  const config = path.join(tmp, 'saved.json')
  const first = path.join(tmp, 'first')
  const args = ['--customers', fixture('shopify-customers.csv'), '--followers', fixture('meta-leads.csv'), '--customers', fixture('mailchimp-audience-export.zip'), '--suppress', fixture('suppress.csv')]
  const r = (await runInProcess(['prepare', ...args, '--country', 'GB', '--ads-consent', 'explicit', '--out', first, '--save-config', config]))

  test('writes the mapping each input was read with, paths relative to the config', async () => {
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stderr, /Settings saved to .*saved\.json; next time run with --config/)
    const saved = JSON.parse(fs.readFileSync(config, 'utf8'))
    assert.equal(saved.version, 1)
    assert.equal(saved.country, 'GB')
    assert.equal(saved.ads_consent, 'explicit')
    const rel = path.relative(tmp, ROOT)
    assert.deepEqual(
      saved.inputs.map((i: { file: string; role: string; format: string }) => [i.file, i.role, i.format]),
      [
        [`${rel}/fixtures/shopify-customers.csv`, 'customers', 'shopify'],
        [`${rel}/fixtures/mailchimp-audience-export.zip/subscribed_members_export_4f2a9c1e7b.csv`, 'customers', 'mailchimp'],
        [`${rel}/fixtures/mailchimp-audience-export.zip/unsubscribed_members_export_4f2a9c1e7b.csv`, 'customers', 'mailchimp'],
        [`${rel}/fixtures/mailchimp-audience-export.zip/cleaned_members_export_4f2a9c1e7b.csv`, 'customers', 'mailchimp'],
        [`${rel}/fixtures/meta-leads.csv`, 'followers', 'meta-lead-form'],
        [`${rel}/fixtures/suppress.csv`, 'suppress', 'generic'],
      ].sort((a, b) => ['customers', 'followers', 'suppress'].indexOf(a[1]!) - ['customers', 'followers', 'suppress'].indexOf(b[1]!)),
    )
    const meta = saved.inputs.find((i: { format: string }) => i.format === 'meta-lead-form')
    assert.deepEqual(meta.consent, { whatsapp: 'can_we_contact_you_on_whatsapp?' })
    assert.equal(meta.time, 'created_time')
    assert.equal(meta.encoding, undefined, 'an encoding read from a byte-order mark is not pinned')
    assert.equal(meta.delimiter, 'tab')
    assert.deepEqual(saved.inputs[2].fixed_consent, { email: 'denied' })
  })

  test('the saved config alone reruns the job with byte-identical outputs', async () => {
    const second = path.join(tmp, 'second')
    const again = (await runInProcess(['prepare', '--config', config, '--out', second]))
    assert.equal(again.code, 0, again.stderr)
    for (const f of ['whatsapp.csv', 'meta-custom-audience.csv', 'rejects.csv', 'report.json']) assert.equal(fs.readFileSync(path.join(second, f), 'utf8'), fs.readFileSync(path.join(first, f), 'utf8'), f)
  })

  test('and from another folder (paths in a config are relative to the config file)', async () => {
    const third = path.join(tmp, 'third')
    const again = run(['prepare', '--config', config, '--out', third], { cwd: tmp })
    assert.equal(again.code, 0, again.stderr)
    const phones = (dir: string) => fs.readFileSync(path.join(dir, 'whatsapp.csv'), 'utf8').split('\n').map((l) => l.split(',')[0])
    assert.deepEqual(phones(third), phones(first))
  })
})
