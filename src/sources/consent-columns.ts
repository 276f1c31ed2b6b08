// Finding consent columns by name in exports whose consent columns are user-named (Meta lead-form
// checkboxes such as `whatsapp_opt_in`, bot exports' `optin_phone`, generic CRM files). A column is taken
// as a channel's consent only when its name says both the channel and consent; `whatsapp_number` is not
// consent. Anything found here is shown by inspect and in the report, and `--consent` overrides it.
// Names that say the opposite (`Unsubscribed from all email`, `email_opt_out`) are opt-out columns: their yes
// is a denial, and reading them as consent would turn every opt-out into an opt-in.

import type { Channel } from '../core/model.js'
import { foldHeader } from './header.js'

// Consent words in English, French, Spanish, Portuguese, German, Italian and Dutch (folded, so `accepté`
// is `accepte`): consent/consentement/consentimiento/consenso, agree, accept/acepto/aceito/acconsento,
// autorise/autorizo/autorizzo, einwilligung/zustimmung/einverstanden, toestemming/akkoord.
const CONSENT_WORDS =
  /(optin|optedin|consent|consens|agree|accept|acept|aceit|acconsent|autori|subscri|inscri|permission|allow|okto|marketing|contactme|contactyou|canwe|gdpr|rgpd|dsgvo|einwillig|zustimm|einverstanden|toestemming|akkoord)/
const OPT_OUT_WORDS =
  /(unsubscri|optout|optedout|donotcontact|donotemail|donotcall|donotsms|donotmessage|dontcontact|desinscri|desabonn|desuscri|descadastr|abgemeldet|abmeld|afgemeld|disiscri|cancellat)/
// `Email Marketing Consent Timestamp`, `consent_date`, `opt_in_at`: the time of a consent, not the consent.
const TIME_WORDS = /(timestamp|date|time|when|at|datum|fecha|data|heure)$/

const CHANNEL_WORDS: Record<Channel, RegExp> = {
  whatsapp: /(whatsapp|whatsap|wame|wapp)/,
  sms: /(sms|text(message)?s?|mobilemarketing)/,
  email: /(email|newsletter|mail|correo|courriel)/,
  ads: /(ads|advertis|personali[sz]edad|retarget|customaudience|publicidad|publicite|publicidade|werbung|pubblicita|reclame)/,
}

function channelIn(folded: string): Channel | undefined {
  // WhatsApp first: `whatsapp_sms_opt_in` is about WhatsApp before SMS.
  for (const ch of ['whatsapp', 'sms', 'ads', 'email'] as const) if (CHANNEL_WORDS[ch].test(folded)) return ch
  return undefined
}

/** The channel a header's name declares consent for, or undefined. */
export function consentChannelOf(name: string): Channel | undefined {
  const f = foldHeader(name)
  if (!CONSENT_WORDS.test(f) || OPT_OUT_WORDS.test(f) || TIME_WORDS.test(f)) return undefined
  return channelIn(f)
}

/** The channel a header's name declares an opt-out for (`Unsubscribed from all email`), or undefined. */
export function optOutChannelOf(name: string): Channel | undefined {
  const f = foldHeader(name)
  if (!OPT_OUT_WORDS.test(f) || TIME_WORDS.test(f)) return undefined
  return channelIn(f)
}

function firstPerChannel(header: readonly string[], of: (h: string) => Channel | undefined): Partial<Record<Channel, string>> {
  const out: Partial<Record<Channel, string>> = {}
  for (const h of header) {
    const ch = of(h)
    if (ch && out[ch] === undefined) out[ch] = h
  }
  return out
}

/** For each channel, the first column of `header` that declares consent for it. */
export function findConsentColumns(header: readonly string[]): Partial<Record<Channel, string>> {
  return firstPerChannel(header, consentChannelOf)
}

/** For each channel, the first column of `header` that declares an opt-out from it. */
export function findOptOutColumns(header: readonly string[]): Partial<Record<Channel, string>> {
  return firstPerChannel(header, optOutChannelOf)
}
