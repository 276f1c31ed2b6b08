// Reading one consent cell into granted / denied / unknown (consent.md, "Reading values"). Anything not in
// these lists is unknown: it never votes, and the report counts it per column so that a typo is visible.

import type { ConsentState } from './model.js'

const GRANTED = new Set([
  'yes', 'y', 'true', 't', '1', 'x', '✓', '✔', 'on', 'checked', 'subscribed', 'opted_in', 'opt_in', 'opt-in',
  'optin', 'confirmed', 'accepted', 'consented', 'granted',
  'oui', 'sí', 'si', 'sim', 'ja', 'да',
])

const DENIED = new Set([
  'no', 'n', 'false', 'f', '0', 'off', 'unsubscribed', 'opted_out', 'opt_out', 'opt-out', 'optout',
  'not_subscribed', 'never_subscribed', 'cleaned', 'declined', 'denied', 'revoked', 'withdrawn',
  'non', 'não', 'nao', 'nein', 'нет',
])

export function readConsentValue(raw: string): ConsentState {
  const v = raw.trim().toLowerCase()
  if (v === '') return 'unknown'
  if (GRANTED.has(v)) return 'granted'
  if (DENIED.has(v)) return 'denied'
  return 'unknown'
}
