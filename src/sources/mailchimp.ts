// Mailchimp audience export (Audience -> Export audience): a ZIP holding `subscribed_members_export_<hex>.csv`,
// `unsubscribed_members_export_<hex>.csv` and `cleaned_members_export_<hex>.csv` (sources.md). Merge fields
// first (`Email Address`, `First Name`, `Last Name`, `Address`, `Phone Number`, ...), then Mailchimp's own
// columns (`MEMBER_RATING, OPTIN_TIME, ..., LEID, EUID, NOTES, TAGS`). The file a row comes from IS its email
// consent (consent.md): subscribed = granted, unsubscribed and cleaned = denied. The unsubscribed file adds
// `UNSUB_TIME`, the cleaned file `CLEAN_TIME`. Times are UTC without a zone; `CC` is the country.

import type { ConsentState } from '../core/model.js'
import { findConsentColumns } from './consent-columns.js'
import { findColumn, findColumns, hasColumns } from './header.js'
import type { ColumnMapping, SourceContext, SourceFormat } from './types.js'

export type MailchimpFile = 'subscribed' | 'unsubscribed' | 'cleaned'

/**
 * Which of the three files this is. A denial from either the columns or the file name wins: a renamed
 * unsubscribed file must never be read as subscribers, and the subscribed file is the only one that adds no
 * column of its own, so a file saying neither is the subscribed one.
 */
export function mailchimpFileKind(header: readonly string[], context?: SourceContext): MailchimpFile {
  const name = (context?.fileName ?? '').toLowerCase().replace(/^.*[/\\]/, '')
  if (findColumn(header, ['CLEAN_TIME', 'CLEAN_CAMPAIGN_TITLE']) !== undefined || /^cleaned/.test(name)) return 'cleaned'
  if (findColumn(header, ['UNSUB_TIME', 'UNSUB_CAMPAIGN_TITLE', 'UNSUB_REASON']) !== undefined || /^unsubscribed/.test(name)) return 'unsubscribed'
  return 'subscribed'
}

const STATE: Record<MailchimpFile, ConsentState> = { subscribed: 'granted', unsubscribed: 'denied', cleaned: 'denied' }

export const mailchimp: SourceFormat = {
  id: 'mailchimp',
  label: 'Mailchimp audience export',
  detect: (header) => hasColumns(header, ['Email Address']) && findColumn(header, ['LEID', 'EUID', 'MEMBER_RATING']) !== undefined && findColumn(header, ['OPTIN_TIME', 'LAST_CHANGED']) !== undefined,
  mapping(header, context): ColumnMapping {
    const kind = mailchimpFileKind(header, context)
    const col = (...names: string[]) => findColumns(header, names)
    // Merge fields are user-defined: an SMS or WhatsApp consent merge field is found by its name.
    const { email: _ignored, ...otherConsent } = findConsentColumns(header)
    const timeOf: Record<MailchimpFile, string | undefined> = {
      subscribed: findColumn(header, ['CONFIRM_TIME']),
      unsubscribed: findColumn(header, ['UNSUB_TIME']),
      cleaned: findColumn(header, ['CLEAN_TIME']),
    }
    return {
      fields: {
        phone: col('Phone Number', 'Phone', 'Mobile Phone', 'SMS Phone Number'),
        email: col('Email Address'),
        first_name: col('First Name').slice(0, 1),
        last_name: col('Last Name').slice(0, 1),
        // CC is the member's country code as Mailchimp located it; a merge field `Country` is what they typed.
        country: col('Country', 'CC').slice(0, 1),
        zip: col('Zip', 'Zip Code', 'Postal Code').slice(0, 1),
        dob: col('Birthday').slice(0, 1),
      },
      consent: otherConsent,
      consentAt: timeOf[kind] ? { email: timeOf[kind] } : {},
      fixedConsent: { email: STATE[kind] },
      // A single opt-in list leaves CONFIRM_TIME empty: the opt-in time then stands for the consent's time.
      time: col('OPTIN_TIME', 'LAST_CHANGED')[0],
    }
  },
}
