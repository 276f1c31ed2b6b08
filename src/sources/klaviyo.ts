// Klaviyo list or segment export (sources.md): `Email, Klaviyo ID, First Name, Last Name, Organization, Phone
// Number, Address, City, State / Region, Country, Zip Code, Source, Email Marketing Consent, Email Marketing
// Consent Timestamp, SMS Marketing Consent, SMS Marketing Consent Timestamp, ..., Email Suppressions`. The
// columns are the user's choice and their spellings drift, so consent columns are found by the words in their
// names. Consent values are `SUBSCRIBED` / `UNSUBSCRIBED` / `NEVER_SUBSCRIBED`, timestamps ISO with `Z`,
// phones E.164; the file may start with a UTF-8 BOM. `Country` holds names (`United States`), read by country.ts.

import type { Channel } from '../core/model.js'
import { findColumn, findColumns, foldHeader } from './header.js'
import type { SourceFormat } from './types.js'

/** The first column whose folded name holds every word of `words` and none of `not`. */
function columnWith(header: readonly string[], words: string[], not: string[] = []): string | undefined {
  return header.find((h) => {
    const f = foldHeader(h)
    return words.every((w) => f.includes(w)) && !not.some((w) => f.includes(w))
  })
}

export const klaviyo: SourceFormat = {
  id: 'klaviyo',
  label: 'Klaviyo profiles export',
  detect: (header) =>
    findColumn(header, ['Klaviyo ID', 'Klaviyo Profile ID']) !== undefined ||
    (findColumn(header, ['Email']) !== undefined && columnWith(header, ['email', 'marketing', 'consent'], ['timestamp']) !== undefined && columnWith(header, ['sms', 'consent']) !== undefined),
  mapping(header) {
    const col = (...names: string[]) => findColumns(header, names)
    const consent: Partial<Record<Channel, string>> = {}
    const consentAt: Partial<Record<Channel, string>> = {}
    for (const [ch, word] of [['email', 'email'], ['sms', 'sms'], ['whatsapp', 'whatsapp']] as const) {
      const c = columnWith(header, [word, 'consent'], ['timestamp', 'date', 'method', 'source'])
      const at = columnWith(header, [word, 'consent', 'timestamp']) ?? columnWith(header, [word, 'consent', 'date'])
      if (c) consent[ch] = c
      if (at) consentAt[ch] = at
    }
    return {
      fields: {
        phone: col('Phone Number', 'Phone', 'SMS Phone Number'),
        email: col('Email', 'Email Address'),
        first_name: col('First Name').slice(0, 1),
        last_name: col('Last Name').slice(0, 1),
        city: col('City').slice(0, 1),
        state: col('State / Region', 'Region', 'State').slice(0, 1),
        zip: col('Zip Code', 'Zip', 'Postal Code').slice(0, 1),
        country: col('Country').slice(0, 1),
        external_id: col('Klaviyo ID', 'Klaviyo Profile ID', 'External ID').slice(0, 1),
      },
      consent,
      consentAt,
      fixedConsent: {},
      time: col('Profile Created On', 'Created', 'Date Added')[0],
    }
  },
}
