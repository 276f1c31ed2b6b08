// Finding consent columns by name in exports whose consent columns are user-named (Meta lead-form
// checkboxes such as `whatsapp_opt_in`, bot exports' `optin_phone`, generic CRM files). A column is taken
// as a channel's consent only when its name says both the channel and consent; `whatsapp_number` is not
// consent. Anything found here is shown by inspect and in the report, and `--consent` overrides it.
// Names that say the opposite (`Unsubscribed from all email`, `email_opt_out`) are opt-out columns: their yes
// is a denial, and reading them as consent would turn every opt-out into an opt-in.

import { readConsentValue } from '../core/consent-value.js'
import type { Channel } from '../core/model.js'
import { foldHeader } from './header.js'
import type { ColumnMapping } from './types.js'

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

// ---------------------------------------------------------------------------------------------------------
// The same rules for every file (consent.md, "Finding consent columns"): a known format maps the columns it
// knows; a user-named consent question (`¿Acepta mensajes por WhatsApp?` in a Leads Center export, `Aceita
// contato WhatsApp` in a lead form) is then found by the header rules above, whatever the format. A column
// that looks like consent but says no channel is returned by unmappedConsentColumns(), for the resolver to
// ask about or refuse: never passed over in silence.

/** The columns a mapping reads for anything at all. */
export function mappedColumns(m: ColumnMapping): Set<string> {
  const used = new Set<string>()
  for (const cols of Object.values(m.fields)) for (const c of cols ?? []) used.add(c)
  for (const r of [m.consent, m.consentAt, m.optOut ?? {}]) for (const c of Object.values(r)) if (c !== undefined) used.add(c)
  if (m.time !== undefined) used.add(m.time)
  return used
}

/**
 * Adds, for each channel the format left unmapped, the first column whose name declares consent for it (and
 * opt-out columns likewise), skipping columns the mapping already reads. Changes `m`.
 */
export function addNamedConsentColumns(m: ColumnMapping, header: readonly string[]): void {
  const used = mappedColumns(m)
  const free = header.filter((h) => !used.has(h))
  for (const [ch, col] of Object.entries(findConsentColumns(free)) as [Channel, string][]) {
    if (m.consent[ch] !== undefined || m.fixedConsent[ch] !== undefined) continue
    m.consent[ch] = col
    used.add(col)
  }
  const stillFree = free.filter((h) => !used.has(h))
  for (const [ch, col] of Object.entries(findOptOutColumns(stillFree)) as [Channel, string][]) {
    if (m.optOut?.[ch] !== undefined) continue
    m.optOut = { ...m.optOut, [ch]: col }
  }
}

// Columns of known formats whose yes/no is not consent: Shopify `Tax Exempt`, Meta's `is_organic`, HubSpot's
// billing `Marketing contact status`, verification flags.
const NOT_CONSENT = new Set(
  ['Tax Exempt', 'is_organic', 'Marketing contact status', 'Verified Email', 'email_verified', 'is_test', 'test', 'Gender'].map(foldHeader),
)
// Yes/no words (and subscription states) as a person answers a question: a column of only `true`/`false`
// or `0`/`1` is as often a technical flag as a consent, so values alone make a column consent-looking only
// when they are words.
const ANSWER_WORDS = new Set([
  'yes', 'y', 'no', 'n', 'oui', 'non', 'sí', 'si', 'sim', 'não', 'nao', 'ja', 'nein', 'да', 'нет',
  'subscribed', 'unsubscribed', 'opted_in', 'opted_out', 'opt_in', 'opt_out', 'opt-in', 'opt-out', 'optin', 'optout',
  'not_subscribed', 'never_subscribed', 'declined', 'accepted', 'consented', 'granted', 'denied', 'revoked', 'withdrawn',
])

export interface UnmappedConsentColumn {
  column: string
  /** `opt_out`: its name says opt-out (its yes would deny), so it is settled with an `opt_out` config entry. */
  kind: 'consent' | 'opt_out'
  /** What made it look like consent. */
  evidence: 'header' | 'values'
}

/**
 * Columns that look like consent (their header's words, or sample values that read as granted/denied) and
 * that the mapping reads for nothing. `sample` holds the first rows (as strings, by header index).
 */
export function unmappedConsentColumns(m: ColumnMapping, header: readonly string[], sample: readonly (readonly string[])[]): UnmappedConsentColumn[] {
  const used = mappedColumns(m)
  const out: UnmappedConsentColumn[] = []
  header.forEach((column, index) => {
    if (used.has(column)) return
    const f = foldHeader(column)
    if (f === '' || NOT_CONSENT.has(f) || TIME_WORDS.test(f)) return
    let filled = 0
    let readable = 0
    let words = 0
    for (const row of sample) {
      const v = (row[index] ?? '').trim()
      if (v === '') continue
      filled++
      if (readConsentValue(v) !== 'unknown') readable++
      if (ANSWER_WORDS.has(v.toLowerCase())) words++
    }
    const optOut = OPT_OUT_WORDS.test(f)
    const named = optOut || CONSENT_WORDS.test(f)
    const kind = optOut ? 'opt_out' : 'consent'
    if (named && filled > 0 && readable / filled >= 0.6) out.push({ column, kind, evidence: 'header' })
    else if (filled >= 2 && readable / filled >= 0.8 && words > 0) out.push({ column, kind, evidence: 'values' })
  })
  return out
}
