// WooCommerce order exports made by order-export plugins (WooCommerce core has none with contact details):
// one row per order or per line item, with the buyer's `billing_first_name, billing_last_name, billing_email,
// billing_phone, billing_city, billing_state, billing_postcode, billing_country` (snake_case, or labels such as
// `Billing Phone`). `billing_country` is an ISO code. The same buyer on several rows becomes one person.

import { findConsentColumns } from './consent-columns.js'
import { findColumn, findColumns } from './header.js'
import type { SourceFormat } from './types.js'

export const woocommerceOrders: SourceFormat = {
  id: 'woocommerce-orders',
  label: 'WooCommerce orders export',
  detect: (header) =>
    findColumn(header, ['billing_phone', 'Billing Phone']) !== undefined &&
    findColumn(header, ['billing_email', 'Billing Email', 'Billing Email Address']) !== undefined,
  mapping(header) {
    const col = (...names: string[]) => findColumns(header, names)
    return {
      fields: {
        phone: col('billing_phone', 'Billing Phone', 'shipping_phone', 'Shipping Phone'),
        email: col('billing_email', 'Billing Email', 'Billing Email Address', 'customer_email').slice(0, 1),
        first_name: col('billing_first_name', 'Billing First Name').slice(0, 1),
        last_name: col('billing_last_name', 'Billing Last Name').slice(0, 1),
        city: col('billing_city', 'Billing City').slice(0, 1),
        state: col('billing_state', 'Billing State', 'Billing State Code').slice(0, 1),
        zip: col('billing_postcode', 'Billing Postcode', 'Billing Zip').slice(0, 1),
        country: col('billing_country', 'Billing Country', 'Billing Country Code').slice(0, 1),
        external_id: col('customer_id', 'Customer ID', 'customer_user').slice(0, 1),
      },
      // Checkout opt-in plugins add their own column (`marketing_opt_in`, `whatsapp_optin`): found by name.
      consent: findConsentColumns(header),
      consentAt: {},
      fixedConsent: {},
      time: col('order_date', 'Order Date', 'date_created', 'Date Created')[0],
    }
  },
}
