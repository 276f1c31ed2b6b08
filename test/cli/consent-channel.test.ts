// whatsapp.csv's consent_channel (consent.md): which channel's consent let each person in: `whatsapp`, or
// `sms` under --whatsapp-consent-from sms, so a broadcast never passes an SMS opt-in off as a WhatsApp one.

import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, test } from 'node:test'
import { parse } from 'csv-parse/sync'
import { fixture, tempDir } from '../helpers.js'
import { runInProcess } from '../in-process.js'

const tmp = tempDir()
after(() => fs.rmSync(tmp, { recursive: true, force: true }))

const channels = (dir: string) =>
  Object.fromEntries((parse(fs.readFileSync(path.join(dir, 'whatsapp.csv'), 'utf8'), { columns: true }) as Record<string, string>[]).map((r) => [r.phone, r.consent_channel]))

test('WhatsApp opt-ins say whatsapp; under --whatsapp-consent-from sms, a Shopify SMS opt-in says sms', async () => {
  const plain = path.join(tmp, 'plain')
  const r1 = await runInProcess(['prepare', '--followers', fixture('meta-leads.csv'), '--customers', fixture('shopify-customers.csv'), '-c', 'GB', '--out', plain, '-q'])
  assert.equal(r1.code, 0, r1.stderr)
  const before = channels(plain)
  assert.ok(Object.keys(before).length > 0)
  assert.deepEqual(new Set(Object.values(before)), new Set(['whatsapp']))

  const sms = path.join(tmp, 'sms')
  const r2 = await runInProcess(['prepare', '--followers', fixture('meta-leads.csv'), '--customers', fixture('shopify-customers.csv'), '-c', 'GB', '--whatsapp-consent-from', 'sms', '--out', sms, '-q'])
  assert.equal(r2.code, 0, r2.stderr)
  const after = channels(sms)
  // Everyone in before keeps the whatsapp channel; the people SMS consent added say sms.
  for (const [phone, ch] of Object.entries(after)) assert.equal(ch, before[phone] ? 'whatsapp' : 'sms', phone)
  assert.ok(Object.values(after).includes('sms'), JSON.stringify(after))
})
