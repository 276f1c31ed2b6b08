// Timestamps as exports write them, to milliseconds since the epoch (NaN when unreadable). Never uses the
// machine's time zone: a time written without a zone is read as UTC (consent.md: Mailchimp's zone-less
// OPTIN_TIME is UTC), so the same file gives the same decisions on every machine.

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i

// 08/07/2026 12:42am (Meta Leads Center), 4/18/2016 13:51, 18.04.2016 13:51:14 (German exports)
const SLASHED =
  /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}),?(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i

function offsetMinutes(zone: string | undefined): number {
  if (!zone || /^(z|utc|gmt)$/i.test(zone)) return 0
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)
  if (!m) return 0
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0)
  return m[1] === '-' ? -minutes : minutes
}

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, zone?: string): number {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return NaN
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms)
  // Date.UTC rolls 31 February into March: refuse dates that do not exist (only days 29-31 can roll).
  if (d > 28) {
    const check = new Date(t)
    if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return NaN
  }
  return t - offsetMinutes(zone) * 60_000
}

export interface TimeOptions {
  /** Read `03/04/2026` as 3 April (day first) instead of March 4 (the US order Meta and HubSpot use). */
  dayFirst?: boolean
}

export function parseTime(raw: string, options: TimeOptions = {}): number {
  const s = raw.trim()
  if (s === '') return NaN
  let m = ISO.exec(s)
  if (m) {
    const frac = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0
    return utc(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), frac, m[8])
  }
  m = SLASHED.exec(s)
  if (m) {
    let a = +m[1]!
    let b = +m[3]!
    // A first number above 12 can only be a day; otherwise the separator and the option decide.
    const dayFirst = a > 12 || (b <= 12 && (options.dayFirst ?? m[2] === '.'))
    const [day, month] = dayFirst ? [a, b] : [b, a]
    let hour = +(m[5] ?? 0)
    const meridiem = m[8]?.replace(/\./g, '').toLowerCase()
    if (meridiem) {
      if (hour < 1 || hour > 12) return NaN
      if (meridiem === 'am' && hour === 12) hour = 0
      if (meridiem === 'pm' && hour !== 12) hour += 12
    }
    return utc(+m[4]!, month, day, hour, +(m[6] ?? 0), +(m[7] ?? 0), 0, m[9])
  }
  // Unix time: 10 digits are seconds, 13 are milliseconds (some CRM exports and APIs write these).
  if (/^\d{10}$/.test(s)) return Number(s) * 1000
  if (/^\d{13}$/.test(s)) return Number(s)
  return NaN
}

/** ISO 8601 in UTC with seconds, as written to consent_at: `2025-09-12T09:35:13Z`; '' for NaN. */
export function formatTime(ms: number): string {
  if (!Number.isFinite(ms)) return ''
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z')
}
