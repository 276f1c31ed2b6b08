// Coverage: how many people of each audience file carry each identifier an ad platform matches on (a
// phone, an email, both, a name, a country), so a user can see why a match rate will be low (a list of
// emails alone matches far fewer people than one with phones and names). Counted per person admitted to a
// file, by the report's Tally, on one thread or many alike.

import type { Person } from './people.js'

export interface FileCoverage {
  people: number
  phone: number
  email: number
  both: number
  name: number
  country: number
}

export type Coverage = Record<string, FileCoverage>

export function emptyFileCoverage(): FileCoverage {
  return { people: 0, phone: 0, email: 0, both: 0, name: 0, country: 0 }
}

/** Counts person `p`, admitted to the file, into that file's figures. */
export function countCoverage(f: FileCoverage, p: Person): void {
  const phone = p.phones.length > 0
  const email = p.emails.length > 0
  f.people++
  if (phone) f.phone++
  if (email) f.email++
  if (phone && email) f.both++
  if (p.fields.first_name !== '' || p.fields.last_name !== '') f.name++
  if (p.fields.country !== '' || (p.phones[0]?.country ?? '') !== '') f.country++
}

export function addCoverage(into: FileCoverage, from: FileCoverage): void {
  for (const k of ['people', 'phone', 'email', 'both', 'name', 'country'] as const) into[k] += from[k]
}
