// Meta lead-form download (Ads Manager / Business Suite -> Instant Forms -> Download, "CSV"): a fixed block
// `id, created_time, ad_id, …, platform`, then the form's questions as snake_case names, then sometimes
// `inbox_url`, `lead_status` (sources.md). The same header comes back from Google Sheets or Excel copies.
// Consent checkboxes are custom questions: found by name (consent-columns.ts) or given with --consent.

import { findConsentColumns } from './consent-columns.js'
import { findColumns, hasColumns } from './header.js'
import type { SourceFormat } from './types.js'

export const metaLeadForm: SourceFormat = {
  id: 'meta-lead-form',
  label: 'Meta lead-form download',
  role: 'followers',
  detect: (header) => hasColumns(header, ['id', 'created_time', 'form_id']) || hasColumns(header, ['id', 'created_time', 'ad_id', 'platform']),
  mapping(header) {
    const col = (...names: string[]) => findColumns(header, names)
    return {
      fields: {
        // A number given for WhatsApp leads; the generic phone question comes after it.
        phone: col('whatsapp_number', 'phone_number', 'phone', 'mobile_number', 'mobile'),
        email: col('email', 'work_email'),
        first_name: col('first_name'),
        last_name: col('last_name'),
        full_name: col('full_name'),
        city: col('city'),
        state: col('state', 'province'),
        zip: col('zip_code', 'post_code', 'postcode', 'zip'),
        country: col('country'),
        dob: col('date_of_birth'),
        gender: col('gender'),
      },
      consent: findConsentColumns(header),
      consentAt: {},
      fixedConsent: {},
      time: findColumns(header, ['created_time'])[0],
    }
  },
}
