// Shopify customers export (Customers -> Export -> CSV), current header (2023 on). sources.md: `Phone` is
// the marketing/SMS phone and wins over `Default Address Phone`, which is kept as a second number; the
// row's country is `Default Address Country Code`; consent is `yes`/`no` per channel.

import { findColumn, findColumns, hasColumns } from './header.js'
import type { SourceFormat } from './types.js'

export const shopify: SourceFormat = {
  id: 'shopify',
  label: 'Shopify customers export',
  detect: (header) =>
    hasColumns(header, ['Customer ID', 'First Name', 'Email', 'Accepts Email Marketing']) &&
    findColumn(header, ['Default Address Country Code', 'Accepts SMS Marketing']) !== undefined,
  mapping(header) {
    const col = (name: string) => findColumns(header, [name])
    return {
      fields: {
        phone: findColumns(header, ['Phone', 'Default Address Phone']),
        email: col('Email'),
        first_name: col('First Name'),
        last_name: col('Last Name'),
        city: col('Default Address City'),
        state: col('Default Address Province Code'),
        zip: col('Default Address Zip'),
        country: col('Default Address Country Code'),
        external_id: col('Customer ID'),
      },
      consent: {
        email: findColumn(header, ['Accepts Email Marketing']),
        sms: findColumn(header, ['Accepts SMS Marketing']),
      },
      consentAt: {},
      fixedConsent: {},
    }
  },
}
