// tiktok.csv: TikTok Ads Manager customer file (targets.md; ads.tiktok.com/help "List of supported IDs and
// formats for a customer file"). Hashed files name their columns `Email_SHA256` and `Phone_SHA256`, plain
// ones `Email` and `Phone`. Email: trim, lowercase (no gmail rule: that is Google's alone). Phone: E.164
// digits without the `+`, TikTok's current guidance (its older page asked for the `+`; `(657)777-0000` in
// the US -> `16577770000`), derived from the parsed number, never from the raw text.

import { e164Digits, hashedCell, normEmail } from './normalize.js'
import type { CsvTarget } from './types.js'

export const tiktok: CsvTarget = {
  id: 'tiktok',
  file: 'tiktok.csv',
  audience: 'ads',
  format: 'csv',
  summary: 'TikTok customer-file CSV, hashed (Email_SHA256, Phone_SHA256)',
  columns: (o) => [
    { name: o.plain ? 'Email' : 'Email_SHA256', hashed: true },
    { name: o.plain ? 'Phone' : 'Phone_SHA256', hashed: true },
  ],
  rows(p, o) {
    const email = p.emails.map(normEmail).find((e) => e !== '') ?? ''
    const phone = p.phones[0] ? e164Digits(p.phones[0].e164) : ''
    return [[hashedCell(o.plain, email), hashedCell(o.plain, phone)]]
  },
}
