// The vocabulary every stage shares: channels, consent states, contact fields, roles, records.
// Kept free of behaviour so that sources, core and targets can all depend on it without cycles.

import type { PhoneResult } from './phone/types.js'

/** Consent channels of consent.md. Order matters: it is the column order of the wa_consent_* columns. */
export const CHANNELS = ['whatsapp', 'sms', 'email', 'ads'] as const
export type Channel = (typeof CHANNELS)[number]

export type ConsentState = 'granted' | 'denied' | 'unknown'

/** What an input file is to the run (product.md: `--customers`, `--followers`, `--suppress`). */
export type Role = 'customers' | 'followers' | 'suppress'

/** Contact fields a column can be mapped to with `--map FIELD=COLUMN`. */
export const CONTACT_FIELDS = [
  'phone',
  'email',
  'first_name',
  'last_name',
  'full_name',
  'city',
  'state',
  'zip',
  'country',
  'external_id',
  'value',
  'dob',
  'gender',
] as const
export type ContactField = (typeof CONTACT_FIELDS)[number]

/** The single-valued fields a person carries into outputs (phone and email are lists; full_name is split). */
export const PERSON_FIELDS = [
  'first_name',
  'last_name',
  'city',
  'state',
  'zip',
  'country',
  'external_id',
  'value',
  'dob',
  'gender',
] as const
export type PersonField = (typeof PERSON_FIELDS)[number]
export type PersonFields = Record<PersonField, string>

export function emptyPersonFields(): PersonFields {
  return {
    first_name: '',
    last_name: '',
    city: '',
    state: '',
    zip: '',
    country: '',
    external_id: '',
    value: '',
    dob: '',
    gender: '',
  }
}

/** Where something came from: the input's index in the run and the file's own line number. */
export interface Provenance {
  input: number
  line: number
}

/** One record's say on one channel. `at` is milliseconds since the epoch, NaN when the record has no time. */
export interface ConsentVote {
  state: ConsentState
  at: number
  /** The record that decided this vote, when it is not the record itself (a person row of a contact CSV
   * carries each channel's deciding record from an earlier run). */
  source?: Provenance
}

/** Which roles a record stands for: a person row of a `join` output can be both a customer and a follower. */
export type RoleMask = 1 | 2 | 3
export const IN_CUSTOMERS = 1
export const IN_FOLLOWERS = 2
export function roleMask(role: Role): RoleMask {
  return role === 'followers' ? IN_FOLLOWERS : IN_CUSTOMERS
}

/**
 * One usable input row, reduced to what identity, consent and targets need.
 * `input` indexes the run's input list; `line` is the file's own line number where the row starts,
 * so `input:line` is the provenance written into `consent_source` and `rejects.csv`.
 */
export interface ContactRecord {
  input: number
  line: number
  /** Every number found in the row's phone columns that parsed as a valid number (status OK or NOT_MOBILE). */
  phones: PhoneResult[]
  /** Numbers that were present but refused, kept for the report and the wa_ columns. */
  badPhones: PhoneResult[]
  /** Normalized, plausible addresses. */
  emails: string[]
  fields: PersonFields
  consent: Record<Channel, ConsentVote>
  /** The record's own event time (a lead's created_time), NaN when the source has none. */
  time: number
}

/** A row that cannot be used, with a reason code of product.md and a detail that never holds raw personal data. */
export interface RowReject {
  input: number
  line: number
  reason: string
  detail: string
}
