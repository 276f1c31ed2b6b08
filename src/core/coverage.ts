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

export function emptyCoverage(files: readonly string[]): Coverage {
  return Object.fromEntries(files.map((f) => [f, { people: 0, phone: 0, email: 0, both: 0, name: 0, country: 0 }]))
}

export function countCoverage(c: Coverage, file: string, p: Person): void {
  const f = c[file]
  if (!f) return
  const phone = p.phones.length > 0
  const email = p.emails.length > 0
  f.people++
  if (phone) f.phone++
  if (email) f.email++
  if (phone && email) f.both++
  if (p.fields.first_name !== '' || p.fields.last_name !== '') f.name++
  if (p.fields.country !== '' || (p.phones[0]?.country ?? '') !== '') f.country++
}

export function mergeCoverage(into: Coverage, from: Coverage | undefined): void {
  if (!from) return
  for (const [file, f] of Object.entries(from)) {
    const t = into[file]
    if (!t) continue
    for (const k of ['people', 'phone', 'email', 'both', 'name', 'country'] as const) t[k] += f[k]
  }
}
