// Shopify customers export as written before 2023 (sources.md): no `Customer ID`, the address columns without
// the `Default Address` prefix, and one `Accepts Marketing` column, which was the email-marketing consent
// (SMS consent came with the current header). Consent is `yes`/`no`; the row's country is `Country Code`.

import { findColumn, findColumns, hasColumns } from './header.js'
import type { SourceFormat } from './types.js'

export const shopifyLegacy: SourceFormat = {
  id: 'shopify-legacy',
  label: 'Shopify customers export (legacy header, before 2023)',
  detect: (header) => hasColumns(header, ['First Name', 'Last Name', 'Email', 'Accepts Marketing', 'Total Spent']) && findColumn(header, ['Province Code', 'Country Code', 'Address1']) !== undefined,
  mapping(header) {
    const col = (name: string) => findColumns(header, [name])
    return {
      fields: {
        phone: col('Phone'),
        email: col('Email'),
        first_name: col('First Name'),
        last_name: col('Last Name'),
        city: col('City'),
        state: findColumns(header, ['Province Code', 'Province']).slice(0, 1),
        zip: col('Zip'),
        country: findColumns(header, ['Country Code', 'Country']).slice(0, 1),
      },
      consent: { email: findColumn(header, ['Accepts Marketing']) },
      consentAt: {},
      fixedConsent: {},
    }
  },
}
