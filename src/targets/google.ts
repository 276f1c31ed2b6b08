// google-customer-match.csv: Google Ads Customer Match (targets.md). Headers in English exactly as Google's
// template names them, `Email, Phone, First Name, Last Name, Country, Zip` (support.google.com/google-ads/
// answer/7659867). Email, phone and names are hashed unless --plain; Country and Zip are never hashed
// ("If you upload a hashed data file, don't hash Country and Zip data", answer/7474263).

import { asHash, e164Digits, googleEmail, hashedCell, sharedHashedCell, normCountry, trimLower } from './normalize.js'
import type { CsvTarget } from './types.js'

export const google: CsvTarget = {
  id: 'google',
  file: 'google-customer-match.csv',
  audience: 'ads',
  format: 'csv',
  summary: 'Google Ads Customer Match CSV, hashed (Country and Zip plain)',
  columns: () => [
    { name: 'Email', hashed: true },
    { name: 'Phone', hashed: true },
    { name: 'First Name', hashed: true },
    { name: 'Last Name', hashed: true },
    { name: 'Country', hashed: false },
    { name: 'Zip', hashed: false },
  ],
  rows(p, o) {
    const h = (v: string) => hashedCell(o.plain, v)
    const shared = (v: string) => sharedHashedCell(o.plain, v)
    const email = p.emails.map(googleEmail).find((e) => e !== '') ?? ''
    // Google wants E.164 with its `+` before hashing (the Ads API examples keep the `+`; "+12125650000").
    const phone = p.phones[0] ? `+${e164Digits(p.phones[0].e164)}` : ''
    return [[h(email), h(phone), shared(trimLower(p.fields.first_name)), shared(trimLower(p.fields.last_name)), googleCountry(p.fields.country), googleZip(p.fields.zip)]]
  },
}

/** ISO 3166-1 alpha-2 in capitals, as Google's examples write it (`US`). Google never takes these two hashed,
 * so a digest arriving from the input is left out rather than uploaded where it cannot match. */
function googleCountry(v: string): string {
  const c = normCountry(v)
  return c.length === 2 ? c.toUpperCase() : ''
}

/**
 * Zip as written, trimmed, inner spaces collapsed; never hashed. Unlike Meta, Google accepts the US ZIP+4
 * ("5 digits followed by 4-digit extension are also allowed and may improve your match rate") and postcodes
 * with their space (`WC2H 8LG`), so nothing is cut off.
 */
function googleZip(v: string): string {
  return asHash(v) ? '' : v.trim().replace(/\s+/g, ' ')
}
