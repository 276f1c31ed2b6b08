// Who goes into which output (consent.md, "Who goes into which output"). Each decision says why a person is
// kept out, so the report can count how many people each rule kept out of each audience.

import type { Person } from './people.js'

export type AdsPolicy = 'explicit' | 'any-marketing' | 'not-denied'
export const ADS_POLICIES: readonly AdsPolicy[] = ['explicit', 'any-marketing', 'not-denied']

/** Why a person is not in an audience. NO_PHONE: no usable number at all; NOT_MOBILE: none WhatsApp-eligible;
 * MISSING_PARAM: admitted, but the target needs a value the person lacks (a template parameter). */
export type Exclusion = 'SUPPRESSED' | 'CONSENT_DENIED' | 'NO_CONSENT' | 'NO_PHONE' | 'NOT_MOBILE' | 'MISSING_PARAM'

export type Decision = { ok: true } | { ok: false; reason: Exclusion }

const OK: Decision = { ok: true }
// One decision object per reason, shared by every person it keeps out (decisions are read, never changed).
const OUT: Readonly<Record<Exclusion, Decision>> = {
  SUPPRESSED: { ok: false, reason: 'SUPPRESSED' },
  CONSENT_DENIED: { ok: false, reason: 'CONSENT_DENIED' },
  NO_CONSENT: { ok: false, reason: 'NO_CONSENT' },
  NO_PHONE: { ok: false, reason: 'NO_PHONE' },
  NOT_MOBILE: { ok: false, reason: 'NOT_MOBILE' },
  MISSING_PARAM: { ok: false, reason: 'MISSING_PARAM' },
}
const out = (reason: Exclusion): Decision => OUT[reason]

/** whatsapp.csv: WhatsApp consent granted and a WhatsApp-eligible number (MOBILE or FIXED_LINE_OR_MOBILE). */
export function whatsappDecision(p: Person): Decision {
  if (p.suppressed) return out('SUPPRESSED')
  if (p.phones.length === 0) return out('NO_PHONE')
  if (!p.phones.some((ph) => ph.whatsapp)) return out('NOT_MOBILE')
  const state = p.consent.whatsapp.state
  if (state === 'denied') return out('CONSENT_DENIED')
  if (state === 'unknown') return out('NO_CONSENT')
  return OK
}

/** Ad-platform files: decided by --ads-consent. */
export function adsDecision(p: Person, policy: AdsPolicy): Decision {
  if (p.suppressed) return out('SUPPRESSED')
  const ads = p.consent.ads.state
  if (ads === 'denied') return out('CONSENT_DENIED')
  switch (policy) {
    case 'explicit':
      return ads === 'granted' ? OK : out('NO_CONSENT')
    case 'not-denied':
      return OK
    case 'any-marketing': {
      // Any channel granted admits; else any denied is a denial (ads itself was checked above).
      const c = p.consent
      if (ads === 'granted' || c.whatsapp.state === 'granted' || c.sms.state === 'granted' || c.email.state === 'granted') return OK
      return c.whatsapp.state === 'denied' || c.sms.state === 'denied' || c.email.state === 'denied' ? out('CONSENT_DENIED') : out('NO_CONSENT')
    }
  }
}
