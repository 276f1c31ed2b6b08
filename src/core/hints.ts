// Hints, never silent losses: when a figure is low for a reason a flag would settle, the run says so and names
// the flag, without acting on it (consent is the user's call, a country is never guessed). Pure: built from
// counts and from the names of files and columns (masked), never from a cell.

import { shown } from './mask.js'

const n = (x: number) => x.toLocaleString('en-US')

export interface SmsHintInput {
  /** The file's name, and its SMS consent column (or fixed SMS consent) when it has one. */
  name: string
  smsColumn: string | undefined
  hasWhatsapp: boolean
}

/**
 * No WhatsApp consent column in a file that has SMS consent (a Shopify export): its SMS opt-ins are not WhatsApp
 * opt-ins (consent.md), so whatsapp.csv can be empty while thousands said yes to SMS. `wouldAdd` is the number of
 * people --whatsapp-consent-from sms would add (Tally.smsOnlyWhatsappEligible).
 */
export function smsConsentHint(o: { inputs: readonly SmsHintInput[]; wouldAdd: number; whatsappRows: number; whatsappFile: string; fromSms: boolean }): string | null {
  if (o.fromSms || o.wouldAdd === 0) return null
  const files = o.inputs.filter((i) => !i.hasWhatsapp && i.smsColumn !== undefined)
  if (files.length === 0) return null
  const where = files
    .slice(0, 3)
    .map((i) => `${i.name} (column "${shown(i.smsColumn!, 60)}")`)
    .join(', ')
  const more = files.length > 3 ? ` and ${files.length - 3} more` : ''
  const lead = `${where}${more} ${files.length === 1 ? 'has' : 'have'} SMS consent but no WhatsApp consent column`
  return `${lead}: ${n(o.wouldAdd)} people with an SMS opt-in and a WhatsApp-eligible number and no WhatsApp consent in any file are not in ${o.whatsappFile} (${n(o.whatsappRows)} people), because SMS consent is not WhatsApp consent. If the SMS opt-in's wording covers WhatsApp messages from your business, rerun with --whatsapp-consent-from sms (it was not done for you).`
}

/**
 * Numbers refused NO_COUNTRY in a file: how many, and the country most of the file's numbers written with their
 * own country code have (`countries`, by region), as the --country to try. Null when none was refused.
 */
export function noCountryHint(o: { name: string; refused: number; countries: Readonly<Record<string, number>> }): string | null {
  if (o.refused === 0) return null
  const what = `${o.name}: ${n(o.refused)} number(s) written without a country code were refused (NO_COUNTRY), since neither the row nor --country gives one`
  const ranked = Object.entries(o.countries).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
  const total = ranked.reduce((a, [, c]) => a + c, 0)
  if (ranked.length === 0) return `${what}. Pass --country with the country of its national numbers (or set "country" for this file in the config).`
  const [top, count] = ranked[0]!
  // A suggestion only when most of them agree: a file of many countries is the user's to settle.
  if (2 * count <= total) {
    const list = ranked.slice(0, 4).map(([c, k]) => `${c} ${n(k)}`).join(', ')
    return `${what}. Its ${n(total)} numbers written with a country code are of ${n(ranked.length)} countries (${list}${ranked.length > 4 ? ', …' : ''}): pass --country with the one its national numbers use (or set "country" for this file in the config).`
  }
  return `${what}. ${n(count)} of the file's ${n(total)} numbers written with a country code are ${top}: if its national numbers are too, rerun with --country ${top} (or set "country" for this file in the config).`
}
