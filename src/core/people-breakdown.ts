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

/** /^[A-Z]{2}$/ without the regex (once per person). */
function isUpperPair(s: string): boolean {
  if (s.length !== 2) return false
  const a = s.charCodeAt(0)
  const b = s.charCodeAt(1)
  return a >= 65 && a <= 90 && b >= 65 && b <= 90
}

/** The country a person is counted under: their leading number's region, else their country field, else unknown. */
export function breakdownCountry(p: Person): string {
  const lead = p.phones[0]
  const country = lead?.country || p.fields.country.toUpperCase() || UNKNOWN_COUNTRY
  return isUpperPair(country) ? country : UNKNOWN_COUNTRY
}

/** The number type a person is counted under: their leading number's, or "no phone". */
export function breakdownPhoneType(p: Person): string {
  const lead = p.phones[0]
  return lead ? lead.type || 'UNKNOWN' : NO_PHONE_TYPE
}

/** Largest first, then by name, so the file does not depend on the order people came in. */
export function sortedBreakdown(b: PeopleBreakdown): PeopleBreakdown {
  const sort = (c: Record<string, number>) => Object.fromEntries(Object.entries(c).sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])))
  return { by_country: sort(b.by_country), by_phone_type: sort(b.by_phone_type) }
}
