// whatsapp.csv: the broadcast list (targets.md). Never hashed: the number is the address. One row per person
// with WhatsApp consent and a WhatsApp-eligible number; the columns after `phone` are the person's fields
// usable as template variables, then the provenance of the opt-in (consent.md rule 6), so every recipient
// can be traced to the record that opted them in.

import { formatTime } from '../core/time.js'
import { e164Digits } from './normalize.js'
import type { Target } from './types.js'

export const whatsapp: Target = {
  id: 'whatsapp',
  file: 'whatsapp.csv',
  audience: 'whatsapp',
  header: () => ['phone', 'first_name', 'last_name', 'email', 'country', 'consent_source', 'consent_at'],
  rows(p, o) {
    const phone = p.phones.find((ph) => ph.whatsapp)
    if (!phone) return []
    const c = p.consent.whatsapp
    const source = c.source ? `${o.inputNames[c.source.input]}:${c.source.line}` : ''
    return [
      [
        o.phoneStyle === 'digits' ? e164Digits(phone.e164) : phone.e164,
        p.fields.first_name,
        p.fields.last_name,
        p.emails[0] ?? '',
        p.fields.country,
        source,
        formatTime(c.at),
      ],
    ]
  },
}
