// Finding consent columns by name in exports whose consent columns are user-named (Meta lead-form
// checkboxes such as `whatsapp_opt_in`, bot exports' `optin_phone`, generic CRM files). A column is taken
// as a channel's consent only when its name says both the channel and consent; `whatsapp_number` is not
// consent. Anything found here is shown by inspect and in the report, and `--consent` overrides it.

import type { Channel } from '../core/model.js'
import { foldHeader } from './header.js'

const CONSENT_WORDS = /(optin|optedin|consent|agree|accept|subscri|permission|allow|okto|marketing|contactme|contactyou|canwe|gdpr)/
const TIME_WORDS = /(timestamp|date|time|when|at)$/

const CHANNEL_WORDS: Record<Channel, RegExp> = {
  whatsapp: /(whatsapp|whatsap|wame|wapp)/,
  sms: /(sms|text(message)?s?|mobilemarketing)/,
  email: /(email|newsletter|mail)/,
  ads: /(ads|advertis|personali[sz]edad|retarget|customaudience)/,
}

/** The channel a header's name declares consent for, or undefined. */
export function consentChannelOf(name: string): Channel | undefined {
  const f = foldHeader(name)
  if (!CONSENT_WORDS.test(f) || TIME_WORDS.test(f)) return undefined
  // WhatsApp first: `whatsapp_sms_opt_in` is about WhatsApp before SMS.
  for (const ch of ['whatsapp', 'sms', 'ads', 'email'] as const) if (CHANNEL_WORDS[ch].test(f)) return ch
  return undefined
}

/** For each channel, the first column of `header` that declares consent for it. */
export function findConsentColumns(header: readonly string[]): Partial<Record<Channel, string>> {
  const out: Partial<Record<Channel, string>> = {}
  for (const h of header) {
    const ch = consentChannelOf(h)
    if (ch && out[ch] === undefined) out[ch] = h
  }
  return out
}
