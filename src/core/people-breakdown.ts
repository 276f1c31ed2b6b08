// People by country and by number type, for the report's breakdowns (report.json `people_by`, report.html).
// Counted one person at a time by the report's Tally, so the figures are the same on one thread or many.
//
// A person's country is that of their leading number (libphonenumber's region: where the number is from),
// else the country column of their records, else "unknown". Their number type is the leading number's
// (MOBILE, FIXED_LINE, ...), or "no phone" for people known by an email alone.

import type { Person } from './people.js'

export interface PeopleBreakdown {
  by_country: Record<string, number>
  by_phone_type: Record<string, number>
}

export const UNKNOWN_COUNTRY = 'unknown'
export const NO_PHONE_TYPE = 'no phone'

export function emptyBreakdown(): PeopleBreakdown {
  return { by_country: {}, by_phone_type: {} }
}

const add = (counts: Record<string, number>, key: string, by: number) => {
  counts[key] = (counts[key] ?? 0) + by
}

/** /^[A-Z]{2}$/ without the regex (once per person). */
function isUpperPair(s: string): boolean {
  if (s.length !== 2) return false
  const a = s.charCodeAt(0)
  const b = s.charCodeAt(1)
  return a >= 65 && a <= 90 && b >= 65 && b <= 90
}

export function countPerson(b: PeopleBreakdown, p: Person): void {
  const lead = p.phones[0]
  const country = lead?.country || p.fields.country.toUpperCase() || UNKNOWN_COUNTRY
  add(b.by_country, isUpperPair(country) ? country : UNKNOWN_COUNTRY, 1)
  add(b.by_phone_type, lead ? lead.type || 'UNKNOWN' : NO_PHONE_TYPE, 1)
}

export function mergeBreakdown(into: PeopleBreakdown, from: PeopleBreakdown | undefined): void {
  if (!from) return
  for (const [k, v] of Object.entries(from.by_country)) add(into.by_country, k, v)
  for (const [k, v] of Object.entries(from.by_phone_type)) add(into.by_phone_type, k, v)
}

/** Largest first, then by name, so the file does not depend on the order people came in. */
export function sortedBreakdown(b: PeopleBreakdown): PeopleBreakdown {
  const sort = (c: Record<string, number>) => Object.fromEntries(Object.entries(c).sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])))
  return { by_country: sort(b.by_country), by_phone_type: sort(b.by_phone_type) }
}
