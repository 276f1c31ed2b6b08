// HubSpot contacts export (Contacts -> Export). Headers are the view's property labels: `Record ID, First Name,
// Last Name, Email, Phone Number, Mobile Phone Number, Contact owner, Lead Status, Marketing contact status,
// Create Date, ...`; phones are free text in any format (sources.md). Consent (consent.md):
// `Unsubscribed from all email` is an email OPT-OUT (`true` denies; `false` grants nothing), and
// `Marketing contact status` is HubSpot billing, never consent, so it is deliberately not mapped.

import type { Channel } from '../core/model.js'
import { findConsentColumns, findOptOutColumns } from './consent-columns.js'
import { findColumn, findColumns, foldHeader } from './header.js'
import type { SourceFormat } from './types.js'

const BILLING = foldHeader('Marketing contact status')

export const hubspot: SourceFormat = {
  id: 'hubspot',
  label: 'HubSpot contacts export',
  detect: (header) =>
    findColumn(header, ['Record ID', 'Contact ID']) !== undefined &&
    findColumn(header, ['Contact owner', 'Marketing contact status', 'Lead Status', 'Create Date', 'Lifecycle Stage', 'Unsubscribed from all email']) !== undefined,
  mapping(header) {
    const col = (...names: string[]) => findColumns(header, names)
    const named = header.filter((h) => foldHeader(h) !== BILLING)
    const optOut: Partial<Record<Channel, string>> = { ...findOptOutColumns(named) }
    const unsubscribedAll = findColumn(header, ['Unsubscribed from all email'])
    if (unsubscribedAll) optOut.email = unsubscribedAll
    return {
      fields: {
        // Mobile first: the first WhatsApp-eligible number of a row leads anyway, and a mobile usually is.
        phone: col('WhatsApp Phone Number', 'Mobile Phone Number', 'Phone Number'),
        email: col('Email', 'Additional email addresses').slice(0, 1),
        first_name: col('First Name').slice(0, 1),
        last_name: col('Last Name').slice(0, 1),
        city: col('City').slice(0, 1),
        state: col('State/Region', 'State / Region', 'State').slice(0, 1),
        zip: col('Postal Code', 'Zip').slice(0, 1),
        country: col('Country/Region', 'Country / Region', 'Country').slice(0, 1),
        external_id: col('Record ID', 'Contact ID').slice(0, 1),
      },
      consent: findConsentColumns(named),
      consentAt: {},
      fixedConsent: {},
      optOut,
      time: col('Create Date', 'Created Date', 'Became a Lead Date')[0],
      // HubSpot writes `2024-03-05 10:22` or the portal's locale (`03/05/2024 10:22 AM` in a US portal, day
      // first elsewhere): the column's own values settle the order (core/time.ts), or --day-first/--month-first.
    }
  },
}
