// consent.md as a table: each scenario is a person's records (as export rows), optional suppression, and
// the run's policy; it asserts the state per channel, the deciding record (file:line), and who goes into
// which output. Rows go through the real record reader, people index and audience rules.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { adsDecision, whatsappDecision, type AdsPolicy } from '../../src/core/audience.js'
import { IN_CUSTOMERS, IN_FOLLOWERS, type Channel } from '../../src/core/model.js'
import { emailKey, PeopleIndex, SuppressionList, type Person } from '../../src/core/people.js'
import { readRecord, type RowLayout } from '../../src/core/record.js'
import { rowOf } from '../helpers.js'

// Columns of the scenario rows: phone, email, time, whatsapp, sms, email consent, ads consent, sms time.
const LAYOUT: RowLayout = {
  phone: [0],
  email: [1],
  fields: {},
  consent: { whatsapp: 3, sms: 4, email: 5, ads: 6 },
  consentAt: { sms: 7 },
  fixedConsent: {},
  time: 2,
  dateOrder: {},
}

interface Row {
  /** `file:line` the row comes from: input 0 is customers.csv, input 1 leads.csv, input 2 dnc.csv. */
  at: string
  phone?: string
  email?: string
  time?: string
  wa?: string
  sms?: string
  mail?: string
  ads?: string
  smsAt?: string
}

interface Scenario {
  rule: string
  rows: Row[]
  suppress?: { phone?: string; email?: string; at: string }
  whatsappFromSms?: boolean
  policy?: AdsPolicy
  expect: Partial<Record<Channel, [state: string, source: string | null]>> & { whatsappCsv: boolean | string; meta: boolean | string }
}

const FILES = ['customers.csv', 'leads.csv', 'dnc.csv']
const A = '+447911123456'
const B = '07405 263058'
const MAIL = 'jane@example.com'

const SCENARIOS: Scenario[] = [
  {
    rule: 'granted on the lead form: WhatsApp list, traced to the lead',
    rows: [{ at: 'leads.csv:2', phone: A, time: '2025-09-12T15:05:13+01:00', wa: 'yes' }],
    expect: { whatsapp: ['granted', 'leads.csv:2'], whatsappCsv: true, meta: true },
  },
  {
    rule: 'rule 1: a suppression list denies every channel, whatever the records say',
    rows: [{ at: 'leads.csv:2', phone: A, email: MAIL, wa: 'yes', mail: 'yes', ads: 'yes' }],
    suppress: { email: MAIL, at: 'dnc.csv:7' },
    expect: { whatsapp: ['denied', 'dnc.csv:7'], ads: ['denied', 'dnc.csv:7'], email: ['denied', 'dnc.csv:7'], whatsappCsv: 'SUPPRESSED', meta: 'SUPPRESSED' },
  },
  {
    rule: 'rule 1: suppression also wins under not-denied',
    rows: [{ at: 'customers.csv:2', phone: A }],
    suppress: { phone: '07911 123456', at: 'dnc.csv:2' },
    policy: 'not-denied',
    expect: { ads: ['denied', 'dnc.csv:2'], whatsappCsv: 'SUPPRESSED', meta: 'SUPPRESSED' },
  },
  {
    rule: 'rule 2: unknown records do not vote',
    rows: [
      { at: 'customers.csv:2', phone: A, wa: 'pending' },
      { at: 'leads.csv:3', phone: A, wa: 'yes', time: '2025-01-01T00:00:00Z' },
      { at: 'leads.csv:4', phone: A, wa: '' },
    ],
    expect: { whatsapp: ['granted', 'leads.csv:3'], whatsappCsv: true, meta: true },
  },
  {
    rule: 'rule 2: nobody voted: unknown, no source, kept out as NO_CONSENT',
    rows: [{ at: 'customers.csv:2', phone: A, wa: 'maybe' }],
    expect: { whatsapp: ['unknown', null], whatsappCsv: 'NO_CONSENT', meta: 'NO_CONSENT' },
  },
  {
    rule: 'rule 3: agreeing records: the latest confirmation is traced',
    rows: [
      { at: 'leads.csv:2', phone: A, wa: 'yes', time: '2025-01-01T00:00:00Z' },
      { at: 'leads.csv:9', phone: A, wa: 'true', time: '2025-06-01T00:00:00Z' },
    ],
    expect: { whatsapp: ['granted', 'leads.csv:9'], whatsappCsv: true, meta: true },
  },
  {
    rule: 'rule 3: agreeing records without times: the first is traced',
    rows: [
      { at: 'customers.csv:4', phone: A, sms: 'yes' },
      { at: 'customers.csv:9', email: MAIL, phone: A, sms: 'Y' },
    ],
    expect: { sms: ['granted', 'customers.csv:4'], whatsappCsv: 'NO_CONSENT', meta: true },
  },
  {
    rule: 'rule 4: a later withdrawal wins (all voters timed)',
    rows: [
      { at: 'leads.csv:5', phone: A, wa: 'yes', time: '2025-08-01T12:00:00Z' },
      { at: 'leads.csv:6', phone: '07911 123456', email: MAIL, wa: 'no', time: '2025-10-01T12:00:00Z' },
      { at: 'customers.csv:3', email: MAIL, mail: 'yes' },
    ],
    // The WhatsApp withdrawal does not touch the email opt-in: the ads audience (any-marketing) keeps them.
    expect: { whatsapp: ['denied', 'leads.csv:6'], email: ['granted', 'customers.csv:3'], whatsappCsv: 'CONSENT_DENIED', meta: true },
  },
  {
    rule: 'rule 4: a later re-consent wins',
    rows: [
      { at: 'leads.csv:5', phone: A, wa: 'no', time: '2025-08-01T12:00:00Z' },
      { at: 'leads.csv:6', phone: A, wa: 'yes', time: '2025-10-01T12:00:00Z' },
    ],
    expect: { whatsapp: ['granted', 'leads.csv:6'], whatsappCsv: true, meta: true },
  },
  {
    rule: "rule 4: a channel's own consent timestamp beats the record's time",
    rows: [
      { at: 'customers.csv:2', phone: A, sms: 'yes', time: '2025-12-01T00:00:00Z', smsAt: '2024-01-01T00:00:00Z' },
      { at: 'customers.csv:3', phone: A, sms: 'no', time: '2025-01-01T00:00:00Z', smsAt: '2025-01-01T00:00:00Z' },
    ],
    expect: { sms: ['denied', 'customers.csv:3'], whatsappCsv: 'NO_CONSENT', meta: 'CONSENT_DENIED' },
  },
  {
    rule: 'rule 4: a tie at the latest time goes to denied',
    rows: [
      { at: 'leads.csv:2', phone: A, wa: 'yes', time: '2025-05-05T05:05:05Z' },
      { at: 'leads.csv:3', phone: A, wa: 'no', time: '2025-05-05T05:05:05Z' },
    ],
    expect: { whatsapp: ['denied', 'leads.csv:3'], whatsappCsv: 'CONSENT_DENIED', meta: 'CONSENT_DENIED' },
  },
  {
    rule: 'rule 5: a disagreement with an untimed voter: denied wins (conflict)',
    rows: [
      { at: 'customers.csv:7', phone: A, sms: 'yes' },
      { at: 'customers.csv:8', phone: '+44 7911 123456', email: MAIL, sms: 'no' },
    ],
    expect: { sms: ['denied', 'customers.csv:8'], whatsappCsv: 'NO_CONSENT', meta: 'CONSENT_DENIED' },
  },
  {
    rule: 'rule 5: one timed and one untimed voter is still a conflict',
    rows: [
      { at: 'leads.csv:2', phone: A, wa: 'yes', time: '2026-01-01T00:00:00Z' },
      { at: 'customers.csv:2', phone: A, wa: 'no' },
    ],
    expect: { whatsapp: ['denied', 'customers.csv:2'], whatsappCsv: 'CONSENT_DENIED', meta: 'CONSENT_DENIED' },
  },
  {
    rule: 'SMS consent is not WhatsApp consent',
    rows: [{ at: 'customers.csv:2', phone: A, sms: 'yes' }],
    expect: { whatsapp: ['unknown', null], sms: ['granted', 'customers.csv:2'], whatsappCsv: 'NO_CONSENT', meta: true },
  },
  {
    rule: '--whatsapp-consent-from sms: SMS consent counts for WhatsApp where WhatsApp is silent',
    rows: [{ at: 'customers.csv:2', phone: A, sms: 'yes' }],
    whatsappFromSms: true,
    expect: { whatsapp: ['granted', 'customers.csv:2'], whatsappCsv: true, meta: true },
  },
  {
    rule: '--whatsapp-consent-from sms never overrides an explicit WhatsApp answer',
    rows: [{ at: 'customers.csv:2', phone: A, sms: 'yes', wa: 'no' }],
    whatsappFromSms: true,
    expect: { whatsapp: ['denied', 'customers.csv:2'], whatsappCsv: 'CONSENT_DENIED', meta: true },
  },
  {
    rule: 'WhatsApp needs an eligible number: a landline is kept out',
    rows: [{ at: 'leads.csv:2', phone: '020 7946 0958', wa: 'yes' }],
    expect: { whatsapp: ['granted', 'leads.csv:2'], whatsappCsv: 'NOT_MOBILE', meta: true },
  },
  {
    rule: 'WhatsApp needs a number at all',
    rows: [{ at: 'leads.csv:2', email: MAIL, wa: 'yes' }],
    expect: { whatsappCsv: 'NO_PHONE', meta: true },
  },
  {
    rule: 'ads explicit: only an ads grant counts',
    rows: [{ at: 'customers.csv:2', phone: A, mail: 'yes', sms: 'yes' }],
    policy: 'explicit',
    expect: { ads: ['unknown', null], whatsappCsv: 'NO_CONSENT', meta: 'NO_CONSENT' },
  },
  {
    rule: 'ads explicit: an ads grant admits',
    rows: [{ at: 'customers.csv:2', phone: A, ads: 'yes' }],
    policy: 'explicit',
    expect: { ads: ['granted', 'customers.csv:2'], whatsappCsv: 'NO_CONSENT', meta: true },
  },
  {
    rule: 'ads any-marketing: a grant on one channel admits, unless ads is denied',
    rows: [{ at: 'customers.csv:2', phone: A, mail: 'yes', ads: 'no' }],
    expect: { ads: ['denied', 'customers.csv:2'], whatsappCsv: 'NO_CONSENT', meta: 'CONSENT_DENIED' },
  },
  {
    rule: 'ads any-marketing: denials everywhere, nothing granted',
    rows: [{ at: 'customers.csv:2', phone: A, mail: 'no', sms: 'no' }],
    expect: { whatsappCsv: 'NO_CONSENT', meta: 'CONSENT_DENIED' },
  },
  {
    rule: 'ads not-denied: everyone not denied on ads and not suppressed',
    rows: [{ at: 'customers.csv:2', phone: A, mail: 'no' }],
    policy: 'not-denied',
    expect: { ads: ['unknown', null], whatsappCsv: 'NO_CONSENT', meta: true },
  },
  {
    rule: 'records meet on an email written differently, and on a number written differently',
    rows: [
      { at: 'customers.csv:2', phone: B, email: 'Jane@Example.com', mail: 'yes' },
      { at: 'leads.csv:2', email: ' JANE@example.COM', wa: 'yes', time: '2025-02-02T00:00:00Z' },
      { at: 'leads.csv:3', phone: '+447405263058', wa: 'yes', time: '2025-03-03T00:00:00Z' },
    ],
    expect: { whatsapp: ['granted', 'leads.csv:3'], email: ['granted', 'customers.csv:2'], whatsappCsv: true, meta: true },
  },
]

function where(s: string): { input: number; line: number } {
  const [file, line] = s.split(':')
  return { input: FILES.indexOf(file!), line: Number(line) }
}

function run(s: Scenario): Person[] {
  const idx = new PeopleIndex()
  for (const r of s.rows) {
    const w = where(r.at)
    const cells = [r.phone ?? '', r.email ?? '', r.time ?? '', r.wa ?? '', r.sms ?? '', r.mail ?? '', r.ads ?? '', r.smsAt ?? '']
    const o = readRecord(rowOf(cells), LAYOUT, w.input, w.line, { defaultCountry: 'GB', whatsappConsentFromSms: s.whatsappFromSms ?? false })
    assert.ok(o.ok, `${r.at} should be usable`)
    idx.add(o.record, w.input === 0 ? IN_CUSTOMERS : IN_FOLLOWERS)
  }
  const sup = new SuppressionList()
  if (s.suppress) {
    const w = where(s.suppress.at)
    const o = readRecord(rowOf([s.suppress.phone ?? '', s.suppress.email ?? '', '', '', '', '', '', '']), LAYOUT, w.input, w.line, { defaultCountry: 'GB', whatsappConsentFromSms: false })
    assert.ok(o.ok)
    for (const p of o.record.phones) sup.add(p.key, w)
    for (const e of o.record.emails) sup.add(emailKey(e), w)
  }
  return [...idx.people(sup)]
}

const label = (p: { input: number; line: number } | null) => (p ? `${FILES[p.input]}:${p.line}` : null)

describe('consent scenarios (consent.md)', () => {
  for (const s of SCENARIOS) {
    test(s.rule, () => {
      const people = run(s)
      assert.equal(people.length, 1, 'the rows are one person')
      const p = people[0]!
      for (const ch of ['whatsapp', 'sms', 'email', 'ads'] as const) {
        const want = s.expect[ch]
        if (!want) continue
        assert.equal(p.consent[ch].state, want[0], `${ch} state`)
        assert.equal(label(p.consent[ch].source), want[1], `${ch} deciding record`)
      }
      const wa = whatsappDecision(p)
      const meta = adsDecision(p, s.policy ?? 'any-marketing')
      assert.equal(wa.ok ? true : wa.reason, s.expect.whatsappCsv, 'whatsapp.csv')
      assert.equal(meta.ok ? true : meta.reason, s.expect.meta, 'meta-custom-audience.csv')
    })
  }
})
