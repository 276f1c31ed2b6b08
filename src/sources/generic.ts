// The fallback for any export no known format claims: columns are mapped by header synonyms, compared
// folded (case, accents, spaces and punctuation ignored). A file where neither a phone nor an email column
// is found is refused with the flags that fix it (--map phone=COLUMN / --map email=COLUMN).

import type { ContactField } from '../core/model.js'
import { findConsentColumns } from './consent-columns.js'
import { findColumns } from './header.js'
import type { SourceFormat } from './types.js'

/** Synonyms per field, most specific first. Order matters: a WhatsApp number leads over a generic phone. */
export const FIELD_SYNONYMS: Partial<Record<ContactField, string[]>> = {
  phone: [
    'whatsapp', 'whatsapp number', 'whatsapp phone', 'mobile', 'mobile phone', 'mobile number', 'mobile phone number',
    'cell', 'cell phone', 'cellphone', 'phone', 'phone number', 'phone_number', 'telephone', 'tel', 'msisdn',
    'billing phone', 'billing_phone', 'shipping phone', 'sms phone', 'contact number', 'phone 1', 'phone 2',
  ],
  email: ['email', 'e-mail', 'email address', 'e-mail address', 'mail', 'email_address', 'work email', 'billing email'],
  first_name: ['first name', 'firstname', 'given name', 'fname', 'first', 'billing first name'],
  last_name: ['last name', 'lastname', 'surname', 'family name', 'lname', 'last', 'billing last name'],
  full_name: ['full name', 'name', 'fullname', 'contact name', 'customer name', 'display name'],
  city: ['city', 'town', 'billing city'],
  state: ['state', 'province', 'region', 'state / region', 'province code', 'billing state'],
  zip: ['zip', 'zip code', 'postal code', 'postcode', 'post code', 'billing postcode'],
  country: ['country code', 'country', 'billing country'],
  external_id: ['customer id', 'external id', 'contact id', 'record id', 'id'],
  dob: ['date of birth', 'dob', 'birthday', 'birth date'],
  gender: ['gender', 'sex'],
}

export function mapBySynonyms(header: readonly string[]) {
  const fields: Partial<Record<ContactField, string[]>> = {}
  for (const [field, names] of Object.entries(FIELD_SYNONYMS) as [ContactField, string[]][]) {
    const cols = findColumns(header, names)
    if (cols.length === 0) continue
    // Several phone or email columns are all read; other fields take their best match.
    fields[field] = field === 'phone' || field === 'email' ? cols : cols.slice(0, 1)
  }
  return fields
}

export const generic: SourceFormat = {
  id: 'generic',
  label: 'generic CSV (columns mapped by name)',
  detect: () => true,
  mapping(header) {
    return { fields: mapBySynonyms(header), consent: findConsentColumns(header), consentAt: {}, fixedConsent: {} }
  },
}
