// whatsapp.csv: the broadcast list (targets.md). Never hashed: the number is the address. One row per person
// with WhatsApp consent and a WhatsApp-eligible number; the columns after the number are the person's fields
// usable as template variables, then the provenance of the opt-in (consent.md rule 6), so every recipient
// can be traced to the record that opted them in.

import type { Person } from '../core/people.js'
import type { PhoneResult } from '../core/phone/types.js'
import { formatTime } from '../core/time.js'
import { e164Digits, splitE164 } from './normalize.js'
import type { CsvTarget, PhoneStyle, TargetOptions } from './types.js'

/** The person's number WhatsApp can reach: the first MOBILE or FIXED_LINE_OR_MOBILE one (it leads). */
export function whatsappPhone(p: Person): PhoneResult | undefined {
  return p.phones.find((ph) => ph.whatsapp)
}

const DETAIL_COLUMNS = ['first_name', 'last_name', 'email', 'country', 'consent_source', 'consent_at', 'consent_channel']

/**
 * Which channel's consent let the person in (consent.md): `whatsapp`, or `sms` under --whatsapp-consent-from sms
 * when the deciding record's WhatsApp vote was its SMS one. A record's vote does not carry where it came from,
 * so the rule leans the honest way: the deciding record's file has no WhatsApp column, or the same record
 * decided the SMS consent too (its WhatsApp cell may have been empty) -> `sms`.
 */
export function consentChannel(p: Person, o: Pick<TargetOptions, 'whatsappConsentFromSms' | 'whatsappColumnInputs'>): 'whatsapp' | 'sms' {
  if (!o.whatsappConsentFromSms) return 'whatsapp'
  const w = p.consent.whatsapp.source
  const s = p.consent.sms.source
  if (!w) return 'sms'
  if (o.whatsappColumnInputs?.[w.input] === false) return 'sms'
  if (s && s.input === w.input && s.line === w.line && p.consent.sms.state === 'granted') return 'sms'
  return 'whatsapp'
}

/**
 * The number as broadcast tools import it: `e164` `+447911123456`; `digits` `447911123456`; `twilio`
 * `whatsapp:+447911123456` (Twilio's address form for the WhatsApp channel); `split` two cells, the country
 * calling code and the national number (`44`, `7911123456`), for tools with a country-code column.
 */
function phoneCells(e164: string, style: PhoneStyle): string[] {
  switch (style) {
    case 'e164':
      return [e164]
    case 'digits':
      return [e164Digits(e164)]
    case 'twilio':
      return [`whatsapp:${e164}`]
    case 'split': {
      const { countryCode, national } = splitE164(e164)
      return [countryCode, national]
    }
  }
}

export const whatsapp: CsvTarget = {
  id: 'whatsapp',
  file: 'whatsapp.csv',
  audience: 'whatsapp',
  format: 'csv',
  summary: 'WhatsApp broadcast list CSV (numbers in clear, with the opt-in behind each)',
  columns: (o) => [
    ...(o.phoneStyle === 'split' ? ['country_code', 'national_number'] : ['phone']),
    ...DETAIL_COLUMNS,
  ].map((name) => ({ name, hashed: false })),
  rows(p, o) {
    const phone = whatsappPhone(p)
    if (!phone) return []
    const c = p.consent.whatsapp
    const source = c.source ? `${o.inputNames[c.source.input]}:${c.source.line}` : ''
    const f = p.fields
    const at = formatTime(c.at)
    const channel = consentChannel(p, o)
    // phoneCells() gives a fresh array: the detail cells go on it (no spread into another one). One row
    // layout for every phone style: a literal for the default style alone saved ~500 instructions a row (the
    // generic push builtin) but wrote DETAIL_COLUMNS' order a second time.
    const row = phoneCells(phone.e164, o.phoneStyle)
    row.push(f.first_name, f.last_name, p.emails[0] ?? '', f.country, source, at, channel)
    return [row]
  },
}
