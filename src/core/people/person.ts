// A person: every record that shares a phone key or an email with another, merged (consent.md, product.md
// "Contact columns"). Built one at a time by PeopleIndex, or read back from a dedupe/join output.

import type { ConsentDecision } from '../consent.js'
import { sha256Hex } from '../hash.js'
import type { Channel, ContactRecord, PersonFields, Provenance } from '../model.js'
import type { PhoneResult } from '../phone/types.js'

export interface Person {
  /** Stable id derived from the person's smallest key (a phone key if it has one), not from row order;
   * '' when the run did not ask for ids (only dedupe and join write them). */
  id: string
  /** How many records were merged into this person. */
  recordCount: number
  /** Every distinct usable number; the first WhatsApp-eligible one leads. */
  phones: PhoneResult[]
  /** Every distinct normalized email, most recent record first. */
  emails: string[]
  fields: PersonFields
  consent: Record<Channel, ConsentDecision>
  /** True when some record of this person came from a --customers / --followers input. */
  inCustomers: boolean
  inFollowers: boolean
  /** The suppression entry that names this person, or null. */
  suppressed: Provenance | null
}

export const EMAIL_KEY = 'e:'

/** The key of an email in the identity index (prefixed, so phone keys and emails never meet). */
export function emailKey(email: string): string {
  return EMAIL_KEY + email
}

/** The keys a record is known by: each usable phone's key and each email. */
export function recordKeys(r: Pick<ContactRecord, 'phones' | 'emails'>): string[] {
  return [...r.phones.map((p) => p.key), ...r.emails.map(emailKey)]
}

/** Records with a time, latest first, then records without one in input order (the field-merge rule). */
export function mergeOrder<R extends Pick<ContactRecord, 'time'>>(records: readonly R[]): R[] {
  const timed = records.filter((r) => Number.isFinite(r.time)).sort((a, b) => b.time - a.time)
  return [...timed, ...records.filter((r) => !Number.isFinite(r.time))]
}

export function personId(phones: readonly PhoneResult[], emails: readonly string[]): string {
  let key = ''
  for (const p of phones) if (key === '' || p.key < key) key = p.key
  if (key === '') for (const e of emails) if (key === '' || emailKey(e) < key) key = emailKey(e)
  return 'p' + sha256Hex('wa-person:' + key).slice(0, 15)
}
