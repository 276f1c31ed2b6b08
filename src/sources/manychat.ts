// ManyChat-style bot exports (Messenger / Instagram / WhatsApp bots; sources.md, unconfirmed): `Subscriber ID,
// First Name, Last Name, Phone, Email, Subscribed, Last Interaction, Tags` plus opt-in flags `optin_phone`
// (the SMS opt-in: ManyChat's phone channel is SMS), `optin_email` and, for WhatsApp bots, `optin_whatsapp`.
// Tab- or comma-separated. `Subscribed` is the date the person subscribed to the bot, not a consent flag.

import type { Channel } from '../core/model.js'
import { findConsentColumns } from './consent-columns.js'
import { findColumn, findColumns } from './header.js'
import type { SourceFormat } from './types.js'

const OPTINS: Record<Exclude<Channel, 'ads'>, string[]> = {
  whatsapp: ['optin_whatsapp', 'whatsapp_optin', 'WhatsApp Opt-in', 'Opted in WhatsApp'],
  sms: ['optin_phone', 'optin_sms', 'sms_optin', 'SMS Opt-in', 'Opted in SMS'],
  email: ['optin_email', 'email_optin', 'Email Opt-in', 'Opted in Email'],
}

export const manychat: SourceFormat = {
  id: 'manychat',
  label: 'ManyChat-style bot export',
  role: 'followers',
  detect: (header) =>
    findColumn(header, ['Subscriber ID', 'subscriber_id', 'Contact ID', 'User ID', 'psid']) !== undefined &&
    findColumn(header, [...OPTINS.sms, ...OPTINS.email, ...OPTINS.whatsapp, 'Last Interaction', 'last_interaction']) !== undefined,
  mapping(header) {
    const col = (...names: string[]) => findColumns(header, names)
    const consent: Partial<Record<Channel, string>> = { ...findConsentColumns(header) }
    for (const [ch, names] of Object.entries(OPTINS) as [Channel, string[]][]) {
      const c = findColumn(header, names)
      if (c) consent[ch] = c
    }
    return {
      fields: {
        phone: col('WhatsApp Phone', 'whatsapp_phone', 'Phone', 'phone'),
        email: col('Email', 'email'),
        first_name: col('First Name', 'first_name').slice(0, 1),
        last_name: col('Last Name', 'last_name').slice(0, 1),
        full_name: col('Full Name', 'Name').slice(0, 1),
        gender: col('Gender').slice(0, 1),
        external_id: col('Subscriber ID', 'subscriber_id', 'Contact ID', 'User ID').slice(0, 1),
      },
      consent,
      consentAt: {},
      fixedConsent: {},
      time: col('Subscribed', 'Subscribed At', 'subscribed_at', 'Opted In', 'Last Interaction')[0],
    }
  },
}
