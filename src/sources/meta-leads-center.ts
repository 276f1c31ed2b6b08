// Meta Leads Center export (Business Suite -> Leads Center -> Download), a CRM-style UTF-8 CSV:
// `Created, Name, Email, Phone, Stage, Status, Source, Form, Channel, Owner, Labels` (sources.md; header
// spellings unconfirmed, so matched loosely). `Created` is written `08/07/2026 12:42am`: US-style month first in
// English accounts, but the order is not confirmed for others, so the column's own values settle it (core/time.ts). Messenger leads often have neither phone nor email: those rows are NO_IDENTIFIER.
// Consent is a custom question the user named (`¿Acepta mensajes por WhatsApp?`): found by the header rules
// every file is searched with (sources/consent-columns.ts), or given with --consent.

import { findColumn, findColumns } from './header.js'
import type { SourceFormat } from './types.js'

export const metaLeadsCenter: SourceFormat = {
  id: 'meta-leads-center',
  label: 'Meta Leads Center export',
  role: 'followers',
  detect(header) {
    const has = (...names: string[]) => findColumn(header, names) !== undefined
    return has('Created', 'Created time', 'Date created') && has('Stage', 'Lead stage') && has('Name', 'Full name') && (has('Form', 'Form name') || has('Owner', 'Assigned to') || has('Labels'))
  },
  mapping(header) {
    const col = (...names: string[]) => findColumns(header, names)
    return {
      fields: {
        phone: col('Phone', 'Phone number', 'WhatsApp number'),
        email: col('Email', 'Email address'),
        full_name: col('Name', 'Full name').slice(0, 1),
        city: col('City').slice(0, 1),
      },
      consent: {},
      consentAt: {},
      fixedConsent: {},
      time: col('Created', 'Created time', 'Date created')[0],
    }
  },
}
