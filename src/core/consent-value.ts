// Reading one consent cell into granted / denied / unknown (consent.md, "Reading values"). Anything not in
// these lists is unknown: it never votes, and the report counts it per column so that a typo is visible.

import type { ConsentState } from './model.js'
import { ownCopy } from './strings.js'

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
  // A column holds a handful of spellings (`yes`, `Yes`, `TRUE`...): each is read once, then answered from
  // the memo. By measurement the trim and the lower-casing were most of the time: the cells are mostly
  // two-byte strings, which toLowerCase() converts in the runtime.
  const known = MEMO.get(raw)
  if (known !== undefined) return known
  const state = readValue(raw)
  // Short values only, a bounded memo, and keys of their own (ownCopy): a column of free text must not keep
  // every cell, or the piece of the file each was cut from, alive.
  if (raw.length <= MEMO_VALUE_LENGTH && MEMO.size < MEMO_SIZE) MEMO.set(ownCopy(raw), state)
  return state
}

const MEMO = new Map<string, ConsentState>()
const MEMO_SIZE = 1024
const MEMO_VALUE_LENGTH = 32

function readValue(raw: string): ConsentState {
  const v = raw.trim().toLowerCase()
  if (v === '') return 'unknown'
  if (GRANTED.has(v)) return 'granted'
  if (DENIED.has(v)) return 'denied'
  return 'unknown'
}
