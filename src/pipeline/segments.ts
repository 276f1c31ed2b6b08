// The segments of product.md: Meta files cut from the ads audience. Customers not found among followers (to
// grow the Page following), followers with no usable phone (to gather mobile numbers). Written whenever the
// meta target is, in its format and under the same --ads-consent policy.

import type { Person } from '../core/people.js'
import type { Target } from '../targets/index.js'

export const SEGMENT_FILES = ['segments/customers-not-followers.csv', 'segments/followers-without-phone.csv'] as const

export interface Segment {
  target: Target
  admits(p: Person): boolean
}

export function segmentsFor(targets: readonly Target[]): Segment[] {
  const meta = targets.find((t) => t.id === 'meta')
  if (!meta) return []
  return [
    { target: { ...meta, file: SEGMENT_FILES[0] }, admits: (p) => p.inCustomers && !p.inFollowers },
    { target: { ...meta, file: SEGMENT_FILES[1] }, admits: (p) => p.inFollowers && p.phones.length === 0 },
  ]
}
