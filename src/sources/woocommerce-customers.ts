// WooCommerce's own customer report download (WooCommerce -> Customers -> Download): `Name, Username, Last
// active, Date registered, Email, Orders, Total spend, AOV, Country / Region, City, Region, Postal code`.
// It has no phone and no consent column (sources.md): its people can reach email-matched ad audiences, never
// whatsapp.csv, and the report says so instead of producing an empty WhatsApp audience in silence.

import { findColumn, findColumns } from './header.js'
import type { SourceFormat } from './types.js'

const PHONE = ['Phone', 'Billing Phone', 'billing_phone', 'Phone number']

export const woocommerceCustomers: SourceFormat = {
  id: 'woocommerce-customers',
  label: 'WooCommerce customers export',
  detect: (header) =>
    findColumn(header, ['Username']) !== undefined &&
    findColumn(header, ['Last active', 'Date registered']) !== undefined &&
    findColumn(header, ['Total spend', 'AOV', 'Orders']) !== undefined,
  mapping(header) {
    const col = (...names: string[]) => findColumns(header, names)
    return {
      fields: {
        phone: col(...PHONE),
        email: col('Email'),
        full_name: col('Name').slice(0, 1),
        city: col('City').slice(0, 1),
        state: col('Region').slice(0, 1),
        zip: col('Postal code').slice(0, 1),
        country: col('Country / Region', 'Country').slice(0, 1),
      },
      consent: {},
      consentAt: {},
      fixedConsent: {},
      time: col('Date registered')[0],
    }
  },
  warnings(header, context) {
    if (findColumn(header, PHONE) !== undefined) return []
    const name = context?.fileName ?? 'this file'
    return [
      `${name} is a WooCommerce customer export, which has no phone column: none of its customers can be in whatsapp.csv; export your orders with an order-export plugin (they carry billing_phone) and give that file too.`,
    ]
  },
}
