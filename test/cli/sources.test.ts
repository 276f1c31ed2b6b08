// Every source format read as a user runs the tool: `inspect --json` on each format's fixture proves the
// bytes were decoded, split and mapped right; `prepare` on the same fixture proves the rows reach the right
// audience with the right consent.

import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { ROOT, fixture, tempDir } from '../helpers.js'
import { runInProcess } from '../in-process.js'

// In-process runs name fixtures relative to the repository, as a user does.
process.chdir(ROOT)
const tmp = tempDir()
after(() => fs.rmSync(tmp, { recursive: true, force: true }))

interface Case {
  file: string
  country: string
  tables: Array<{
    format: string
    encoding: string
    delimiter: string
    rows: number
    records: number
    rejects?: Record<string, number>
    fields: Record<string, string[]>
    consent?: Record<string, string>
    optOut?: Record<string, string>
    fixed?: Record<string, string>
    time?: string
    /** Consent values as counted: `value:state:count`. */
    values?: string[]
    warning?: RegExp
  }>
  whatsapp: string[]
  meta: number
}

const CASES: Case[] = [
  {
    file: 'shopify-customers-legacy.csv',
    country: 'GB',
    tables: [{ format: 'shopify-legacy', encoding: 'utf-8', delimiter: 'comma', rows: 4, records: 4, fields: { phone: ['Phone'], email: ['Email'], country: ['Country Code'] }, consent: { email: 'Accepts Marketing' }, values: ['yes:granted:3', 'no:denied:1'] }],
    whatsapp: [],
    meta: 3,
  },
  {
    file: 'meta-leads-sheets.csv',
    country: 'GB',
    tables: [{ format: 'meta-lead-form', encoding: 'utf-8', delimiter: 'comma', rows: 3, records: 3, fields: { phone: ['phone'], email: ['email'] }, consent: { whatsapp: 'whatsapp_opt_in' }, time: 'created_time', values: ['TRUE:granted:2', 'FALSE:denied:1'] }],
    whatsapp: ['+447981223344', '+447400123456'],
    meta: 2,
  },
  {
    file: 'meta-leads-excel.csv',
    country: 'FR',
    tables: [{ format: 'meta-lead-form', encoding: 'windows-1252', delimiter: 'semicolon', rows: 3, records: 3, fields: { phone: ['phone_number'], full_name: ['full_name'], city: ['city'] }, consent: { whatsapp: "acceptez-vous_d'être_contacté_sur_whatsapp_?" }, values: ['oui:granted:2', 'non:denied:1'] }],
    whatsapp: ['+33698765432', '+33612345678'],
    meta: 2,
  },
  {
    file: 'meta-leads-center.csv',
    country: 'GB',
    tables: [{ format: 'meta-leads-center', encoding: 'utf-8', delimiter: 'comma', rows: 3, records: 2, rejects: { NO_IDENTIFIER: 1 }, fields: { phone: ['Phone'], email: ['Email'], full_name: ['Name'] }, time: 'Created', warning: /has no consent column/ }],
    whatsapp: [],
    meta: 0,
  },
  {
    file: 'mailchimp-audience-export.zip',
    country: 'GB',
    tables: [
      { format: 'mailchimp', encoding: 'utf-8', delimiter: 'comma', rows: 2, records: 2, fields: { email: ['Email Address'], phone: ['Phone Number'], country: ['CC'] }, fixed: { email: 'granted' }, time: 'OPTIN_TIME' },
      { format: 'mailchimp', encoding: 'utf-8', delimiter: 'comma', rows: 1, records: 1, fields: { email: ['Email Address'] }, fixed: { email: 'denied' } },
      { format: 'mailchimp', encoding: 'utf-8', delimiter: 'comma', rows: 1, records: 1, fields: { email: ['Email Address'] }, fixed: { email: 'denied' } },
    ],
    whatsapp: [],
    meta: 2,
  },
  {
    file: 'klaviyo-profiles.csv',
    country: 'GB',
    tables: [{ format: 'klaviyo', encoding: 'utf-8', delimiter: 'comma', rows: 3, records: 3, fields: { phone: ['Phone Number'], country: ['Country'] }, consent: { email: 'Email Marketing Consent', sms: 'SMS Marketing Consent' }, values: ['SUBSCRIBED:granted:2', 'NEVER_SUBSCRIBED:denied:1'] }],
    whatsapp: [],
    meta: 2,
  },
  {
    file: 'hubspot-contacts.csv',
    country: 'GB',
    tables: [{ format: 'hubspot', encoding: 'utf-8', delimiter: 'comma', rows: 3, records: 3, fields: { phone: ['Mobile Phone Number', 'Phone Number'], country: ['Country/Region'] }, optOut: { email: 'Unsubscribed from all email' }, time: 'Create Date' }],
    whatsapp: [],
    meta: 0,
  },
  {
    file: 'woocommerce-customers.csv',
    country: 'GB',
    tables: [{ format: 'woocommerce-customers', encoding: 'utf-8', delimiter: 'comma', rows: 2, records: 2, fields: { email: ['Email'], full_name: ['Name'] }, warning: /WooCommerce customer export, which has no phone column/ }],
    whatsapp: [],
    meta: 0,
  },
  {
    file: 'woocommerce-orders.csv',
    country: 'GB',
    tables: [{ format: 'woocommerce-orders', encoding: 'utf-8', delimiter: 'comma', rows: 3, records: 3, fields: { phone: ['billing_phone'], email: ['billing_email'], country: ['billing_country'] }, consent: { whatsapp: 'billing_whatsapp_optin' }, time: 'order_date' }],
    whatsapp: ['+447400654321'],
    meta: 1,
  },
  {
    file: 'manychat-subscribers.csv',
    country: 'GB',
    tables: [{ format: 'manychat', encoding: 'utf-8', delimiter: 'tab', rows: 3, records: 3, fields: { phone: ['Phone'], email: ['Email'] }, consent: { whatsapp: 'optin_whatsapp', sms: 'optin_phone', email: 'optin_email' }, time: 'Subscribed' }],
    whatsapp: ['+447400123456'],
    meta: 2,
  },
  {
    file: 'generic-kontakte-de.csv',
    country: 'DE',
    tables: [{ format: 'generic', encoding: 'windows-1252', delimiter: 'semicolon', rows: 3, records: 3, fields: { phone: ['Handy'], email: ['E-Mail'], first_name: ['Vorname'], last_name: ['Name'], country: ['Land'], city: ['Ort'] }, consent: { whatsapp: 'Einwilligung WhatsApp' }, optOut: { email: 'Newsletter abgemeldet' }, values: ['ja:granted:2', 'nein:denied:1'] }],
    whatsapp: ['+491712345678', '+41791234567'],
    meta: 2,
  },
  {
    file: 'generic-contactos-es.csv',
    country: 'ES',
    tables: [{ format: 'generic', encoding: 'utf-8', delimiter: 'pipe', rows: 3, records: 2, rejects: { MALFORMED_ROW: 1 }, fields: { phone: ['Teléfono móvil'], email: ['Correo electrónico'], first_name: ['Nombre'], last_name: ['Apellidos'], country: ['País'] }, consent: { whatsapp: 'Acepto recibir WhatsApp' } }],
    whatsapp: ['+34612345678'],
    meta: 1,
  },
]

for (const c of CASES) {
  describe(`${c.file}`, async () => {
    const insp = (await runInProcess(['inspect', '--json', '--country', c.country, fixture(c.file)]))
    test('inspect reads its encoding, delimiter, format and mapping', async () => {
      assert.equal(insp.code, 0, insp.stderr)
      const { inputs } = JSON.parse(insp.stdout)
      assert.equal(inputs.length, c.tables.length)
      c.tables.forEach((t, i) => {
        const p = inputs[i]
        assert.equal(p.format.id, t.format)
        assert.equal(p.encoding, t.encoding)
        assert.equal(p.delimiter, t.delimiter)
        assert.equal(p.rows, t.rows)
        assert.equal(p.records, t.records)
        assert.deepEqual(p.rejects_by_reason, t.rejects ?? {})
        for (const [field, cols] of Object.entries(t.fields)) assert.deepEqual(p.mapping.fields[field], cols, field)
        assert.deepEqual(p.mapping.consent, t.consent ?? {})
        assert.deepEqual(p.mapping.opt_out, t.optOut ?? {})
        assert.deepEqual(p.mapping.fixed_consent, t.fixed ?? {})
        if (t.time) assert.equal(p.mapping.time, t.time)
        if (t.values) {
          const seen = p.consent.flatMap((col: { values: Array<{ value: string; state: string; count: number }> }) => col.values.map((v) => `${v.value}:${v.state}:${v.count}`))
          for (const v of t.values) assert.ok(seen.includes(v), `${v} in ${seen.join(' ')}`)
        }
        if (t.warning) assert.ok(p.warnings.some((w: string) => t.warning!.test(w)), p.warnings.join('\n'))
        // Nothing the file holds is wrongly decoded: no replacement characters anywhere.
        assert.doesNotMatch(JSON.stringify(p), /\ufffd/)
      })
    })

    test('prepare puts exactly the consenting mobiles into whatsapp.csv', async () => {
      const out = path.join(tmp, c.file)
      // In-process (no start-up per format): the report is read from report.json, which --json would print.
      const r = await runInProcess(['prepare', '--customers', fixture(c.file), '--country', c.country, '--out', out])
      assert.equal(r.code, 0, r.stderr)
      const phones = fs.readFileSync(path.join(out, 'whatsapp.csv'), 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(',')[0])
      assert.deepEqual(phones, c.whatsapp)
      const report = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'))
      assert.equal(report.outputs['meta-custom-audience.csv'], c.meta)
      assert.equal(report.rows_in, c.tables.reduce((a, t) => a + t.rows, 0))
      assert.deepEqual(report.inputs.map((i: { format: string }) => i.format), c.tables.map((t) => t.format))
    })
  })
}

describe('sources: details the table above does not show', async () => {
  test('Mailchimp files given one by one are told apart by name and by their columns', async () => {
    const r = (await runInProcess(['prepare', '--customers', fixture('mailchimp/subscribed_members_export_4f2a9c1e7b.csv'), '--customers', fixture('mailchimp/unsubscribed_members_export_4f2a9c1e7b.csv'), '--country', 'GB', '--dry-run', '--json']))
    assert.equal(r.code, 0, r.stderr)
    const rep = JSON.parse(r.stdout)
    assert.deepEqual(rep.inputs.map((i: { mapping: { fixed_consent: object } }) => i.mapping.fixed_consent), [{ email: 'granted' }, { email: 'denied' }])
    assert.equal(rep.consent.email.granted, 2)
    assert.equal(rep.consent.email.denied, 1)
  })

  test('a renamed unsubscribed Mailchimp file is still unsubscribed (its UNSUB_TIME column says so)', async () => {
    const renamed = path.join(tmp, 'members.csv')
    fs.copyFileSync(fixture('mailchimp/unsubscribed_members_export_4f2a9c1e7b.csv'), renamed)
    const r = (await runInProcess(['inspect', '--json', renamed]))
    assert.deepEqual(JSON.parse(r.stdout).inputs[0].mapping.fixed_consent, { email: 'denied' })
  })

  test('HubSpot: "Unsubscribed from all email" true denies email; Marketing contact status is not consent', async () => {
    const r = (await runInProcess(['prepare', '--customers', fixture('hubspot-contacts.csv'), '--country', 'GB', '--dry-run', '--json']))
    const rep = JSON.parse(r.stdout)
    assert.equal(rep.consent.email.denied, 1)
    assert.equal(rep.consent.email.granted, 0)
    assert.ok(!JSON.stringify(rep.inputs[0].mapping).includes('Marketing contact status'))
  })

  test('Klaviyo consent times come from the Timestamp columns, country names are read (Deutschland, España)', async () => {
    const r = (await runInProcess(['inspect', '--json', fixture('klaviyo-profiles.csv')]))
    const p = JSON.parse(r.stdout).inputs[0]
    assert.deepEqual(p.mapping.consent_at, { email: 'Email Marketing Consent Timestamp', sms: 'SMS Marketing Consent Timestamp' })
    // No --country: the national numbers of Mia (Deutschland) and Javier (España) are read with their row's country.
    assert.deepEqual(Object.fromEntries(p.phones.by_country_type.map((x: { country: string; count: number }) => [x.country, x.count])), { DE: 1, ES: 1, US: 1 })
    assert.deepEqual(p.phones.refused, {})
  })

  test('a WooCommerce customer export says in the report that it has no phone column', async () => {
    const r = (await runInProcess(['prepare', '--customers', fixture('woocommerce-customers.csv'), '--dry-run', '--json']))
    assert.equal(r.code, 0, r.stderr)
    assert.ok(JSON.parse(r.stdout).warnings.some((w: string) => /no phone column: none of its customers can be in whatsapp\.csv/.test(w)))
    assert.match(r.stderr, /warning: .*WooCommerce customer export/)
  })

  test('a file in an unknown layout is refused with the exact flag to pass, at once and without a prompt', async () => {
    const started = Date.now()
    const r = (await runInProcess(['prepare', '--followers', fixture('bad/unknown-layout.csv'), '--country', 'GB', '--dry-run']))
    assert.ok(Date.now() - started < 5000)
    assert.equal(r.code, 1)
    assert.match(r.stderr, /unknown-layout\.csv line 1: no phone or email column found among "Ref", "Who", "Reach me on".*column "Reach me on" holds phone numbers: pass --map 'phone=Reach me on'/)
    assert.doesNotMatch(r.stderr, /\d{6}/)
    const fixed = (await runInProcess(['prepare', '--followers', fixture('bad/unknown-layout.csv'), '--country', 'GB', '--dry-run', '--json', '--map', 'phone=Reach me on', '--consent', 'whatsapp=OK to message']))
    assert.equal(fixed.code, 0, fixed.stderr)
    assert.equal(JSON.parse(fixed.stdout).outputs['whatsapp.csv'], 2)
  })
})
