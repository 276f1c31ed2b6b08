// Meta lead-form download (Ads Manager / Business Suite -> Instant Forms -> Download, "CSV"): a fixed block
// `id, created_time, ad_id, …, platform`, then the form's questions as snake_case names, then sometimes
// `inbox_url`, `lead_status` (sources.md). The same header comes back from Google Sheets or Excel copies
// (UTF-8 or Windows-1252, comma or semicolon, `TRUE/FALSE`, the phone column sometimes renamed `phone`).
// Consent checkboxes are custom questions: found by name (consent-columns.ts) or given with --consent.
// Custom questions keep the form's language (`numero_whatsapp`): when no standard key names a phone or an
// email, the generic synonyms are tried.

import { findConsentColumns, findOptOutColumns } from './consent-columns.js'
import { mapBySynonyms } from './generic.js'
import { findColumns, hasColumns } from './header.js'
import type { SourceFormat } from './types.js'

export const metaLeadForm: SourceFormat = {
  id: 'meta-lead-form',
  label: 'Meta lead-form download',
  role: 'followers',
  detect: (header) => hasColumns(header, ['id', 'created_time', 'form_id']) || hasColumns(header, ['id', 'created_time', 'ad_id', 'platform']),
  mapping(header) {
    const col = (...names: string[]) => findColumns(header, names)
    const consent = findConsentColumns(header)
    const consentColumns = new Set(Object.values(consent))
    const questions = header.filter((h) => !consentColumns.has(h))
    const bySynonyms = mapBySynonyms(questions)
    // A number given for WhatsApp leads; the generic phone question comes after it.
    const phone = col('whatsapp_number', 'phone_number', 'phone', 'mobile_number', 'mobile')
    const email = col('email', 'work_email')
    return {
      fields: {
        phone: phone.length > 0 ? phone : bySynonyms.phone ?? [],
        email: email.length > 0 ? email : bySynonyms.email ?? [],
        first_name: col('first_name'),
        last_name: col('last_name'),
        full_name: col('full_name').length > 0 ? col('full_name') : bySynonyms.full_name ?? [],
        city: col('city'),
        state: col('state', 'province'),
        zip: col('zip_code', 'post_code', 'postcode', 'zip'),
        country: col('country'),
        dob: col('date_of_birth'),
        gender: col('gender'),
      },
      consent,
      consentAt: {},
      fixedConsent: {},
      optOut: findOptOutColumns(header),
      time: findColumns(header, ['created_time'])[0],
    }
  },
}
