// Timestamps as exports write them, to milliseconds since the epoch (NaN when unreadable). Never uses the
// machine's time zone: a time written without a zone is read as UTC (consent.md: Mailchimp's zone-less
// OPTIN_TIME is UTC), so the same file gives the same decisions on every machine.
//
// Numeric dates (consent.md, "Reading times"): `02/05/2025` is 2 May in most WhatsApp markets and 5 February in
// the US. The order is a property of the column, read from its own values (dateOrderOf: one `31/01/2025`
// settles day first), or settled by the user (--day-first / --month-first, `day_first`). A value whose order
// nothing settled gives NaN: it has no time, so it cannot win a conflict, and denial wins instead. A misread
// date could put a person who withdrew on a list; a missing one cannot.
//
// Hand-written rather than a date library, by measurement (1M values, node 20, 2 shared cores, best of 2-3
// rounds; /tmp micro-benchmark, not the bench kit): this module 0.6-0.7 s for ISO with an offset and for
// `dd/MM/yyyy H:mm`; date-fns 4.4 parseISO 6.7 s and parse('dd/MM/yyyy H:mm') 16 s; luxon 3.7 fromISO 16.6 s
// and fromFormat 20.6 s. Both take one format per call (a column of unknown style would cost one try per
// style), and neither has the rules we need (an order per column, no time for an ambiguous date).

/** `day`: 02/05/2025 is 2 May; `month`: it is February 5. */
export type DateOrder = 'day' | 'month'

/** Why a value gave no time, or what the report should say about the time it gave. */
export type TimeNote = 'ambiguous' | 'contradicts' | 'zoneless'

const ZONE = String.raw`(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)`
const CLOCK = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([ap]\.?m\.?)?`

const ISO = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*${ZONE}?$`, 'i')
// 2025/03/07 (year first: the ISO order with slashes, as East Asian and some CRM exports write it)
const YMD = new RegExp(String.raw`^(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?:[T ,]\s*${CLOCK})?\s*${ZONE}?$`, 'i')
// 08/07/2026 12:42am (Meta Leads Center), 4/18/2016 13:51, 18.04.2016 13:51:14 (German exports)
const SLASHED = new RegExp(String.raw`^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}),?(?:[T ]\s*${CLOCK})?\s*${ZONE}?$`, 'i')
// Mar 7, 2025 · March 7th 2025 10:00 AM · Fri, Mar 7, 2025
const NAMED_MDY = new RegExp(String.raw`^(?:[a-z]{3,9},?\s+)?([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:,?\s+(?:at\s+)?${CLOCK})?\s*${ZONE}?$`, 'i')
// 7 Mar 2025 · 7-Mar-2025 (Excel) · Fri, 07 Mar 2025 10:00:00 GMT (RFC 2822)
const NAMED_DMY = new RegExp(String.raw`^(?:[a-z]{3,9},?\s+)?(\d{1,2})(?:st|nd|rd|th)?[\s-]([a-z]{3,9})\.?,?[\s-](\d{4})(?:,?\s+(?:at\s+)?${CLOCK})?\s*${ZONE}?$`, 'i')

const MONTHS: Record<string, number> = {}
;['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'].forEach((m, i) => {
  MONTHS[m] = i + 1
  MONTHS[m.slice(0, 3)] = i + 1
})
MONTHS.sept = 9

/** A zone's offset, memoized by its text: a column writes one or a few (`+0000`, `Z`), and the two expressions
 * below were a third of the time of reading an ISO time. */
function offsetMinutes(zone: string | undefined): number {
  if (!zone) return 0
  let minutes = OFFSETS.get(zone)
  if (minutes === undefined) {
    minutes = readOffset(zone)
    // Bounded: a zone is at most 6 characters, and there are few of them.
    if (OFFSETS.size < 1024) OFFSETS.set(zone, minutes)
  }
  return minutes
}

const OFFSETS = new Map<string, number>()

function readOffset(zone: string): number {
  if (/^(z|utc|gmt)$/i.test(zone)) return 0
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)
  if (!m) return 0
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0)
  return m[1] === '-' ? -minutes : minutes
}

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, zone?: string): number {
  return utcAt(y, mo, d, h, mi, s, ms, offsetMinutes(zone))
}

/**
 * utc() with the zone's offset in minutes: the time Date.UTC(y, mo - 1, d, h, mi, s, ms) gives, less the offset,
 * or NaN for a date that does not exist. Computed here (days from the civil date, H. Hinnant's algorithm for
 * the proleptic Gregorian calendar, which is Date's): Date.UTC is a call into V8's runtime, and with the Date
 * that checked the day it was most of the time of reading a time (every row of a lead form has one).
 * test/core/time.test.ts holds it to Date.UTC and that check on random dates and clocks.
 */
function utcAt(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, offset: number): number {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return NaN
  // Date.UTC's reading of a two-digit year.
  if (y >= 0 && y <= 99) y += 1900
  // A day past its month's end does not exist (Date.UTC would roll 31 February into March). Days 29-31 were
  // checked as the day of the computed time, so the leap second 23:59:60, which rolls into the next day,
  // is refused on those days (and only those): kept, so that no time reads otherwise than before.
  if (d > 28 && (d > monthDays(y, mo) || (h === 23 && mi === 59 && s === 60))) return NaN
  const yy = mo <= 2 ? y - 1 : y
  const era = Math.floor(yy / 400)
  const yoe = yy - era * 400
  const doy = Math.floor((153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  const t = (era * 146_097 + doe - 719_468) * 86_400_000 + h * 3_600_000 + mi * 60_000 + s * 1000 + ms
  // Date's range (±100,000,000 days) and NaN inputs: NaN, as Date.UTC gives.
  if (!(Math.abs(t) <= 8.64e15)) return NaN
  return t - offset * 60_000
}

/** The days of month `mo` (1-12) of year `y`, in the Gregorian calendar. */
function monthDays(y: number, mo: number): number {
  if (mo === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28
  return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31
}

/** 12-hour clock to 24; NaN for `13:00 pm`. */
function hour24(hour: number, meridiem: string | undefined): number {
  if (!meridiem) return hour
  const m = meridiem.replace(/\./g, '').toLowerCase()
  if (hour < 1 || hour > 12) return NaN
  if (m === 'am') return hour === 12 ? 0 : hour
  return hour === 12 ? 12 : hour + 12
}

const fraction = (f: string | undefined) => (f ? Number(f.slice(0, 3).padEnd(3, '0')) : 0)

/** A clock captured at `m[at..at+4]` (hour, minute, second, fraction, meridiem) and a zone at `m[at+5]`. */
function withClock(m: RegExpExecArray, at: number, y: number, mo: number, d: number): number {
  return utc(y, mo, d, hour24(+(m[at] ?? 0), m[at + 4]), +(m[at + 1] ?? 0), +(m[at + 2] ?? 0), fraction(m[at + 3]), m[at + 5])
}

function zoneless(note: { note?: TimeNote } | undefined, m: RegExpExecArray, zoneAt: number, t: number): number {
  if (note && !m[zoneAt] && !Number.isNaN(t)) note.note = 'zoneless'
  return t
}

export interface TimeOptions {
  /** The order of this value's column, when something settled it; without it an ambiguous `03/04/2026` is NaN. */
  order?: DateOrder
}

/** What one value says about its column's order: `day` (`31/01/2025`, or a dotted German date), `month`
 * (`01/31/2025`), `ambiguous` (both parts 12 or less and different), or undefined (no numeric day/month). */
export function orderEvidence(raw: string): DateOrder | 'ambiguous' | undefined {
  const m = SLASHED.exec(raw.trim())
  return m ? evidenceOf(+m[1]!, +m[3]!, m[2]!) : undefined
}

function evidenceOf(a: number, b: number, separator: string): DateOrder | 'ambiguous' | undefined {
  if (a > 12 && b <= 12) return 'day'
  if (b > 12 && a <= 12) return 'month'
  if (a > 12 || b > 12) return undefined
  // Nobody writes month.day.year: a dotted date is day first (18.04.2016, 03.04.2026).
  if (separator === '.') return 'day'
  return a === b ? undefined : 'ambiguous'
}

export interface ColumnDateOrder {
  /** The order the values settle, when they do and do not contradict each other. */
  order?: DateOrder
  /** Values that only an order could read (`03/04/2026`). */
  ambiguous: number
  /** True when some values are day first and others month first: nothing but the user can settle it. */
  mixed: boolean
}

/** A column's day/month order from its own values (consent.md: one value with a day over 12 settles it). */
export function dateOrderOf(values: Iterable<string>): ColumnDateOrder {
  let day = false
  let month = false
  let ambiguous = 0
  for (const v of values) {
    const e = orderEvidence(v)
    if (e === 'day') day = true
    else if (e === 'month') month = true
    else if (e === 'ambiguous') ambiguous++
  }
  if (day && month) return { ambiguous, mixed: true }
  return { ...(day ? { order: 'day' as const } : month ? { order: 'month' as const } : {}), ambiguous, mixed: false }
}

/**
 * Reads one time. `note`, when given, receives why a value gave no time (`ambiguous`: no order settled;
 * `contradicts`: its parts are impossible in its column's order) or that it was read as UTC for want of a
 * zone (`zoneless`). Unreadable values are NaN without a note.
 */
export function readTime(raw: string, options: TimeOptions = {}, note?: { note?: TimeNote }): number {
  const s = raw.trim()
  if (s === '') return NaN
  const plain = plainIso(s, note)
  if (plain !== undefined) return plain
  let m = ISO.exec(s)
  if (m) return zoneless(note, m, 8, utc(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), fraction(m[7]), m[8]))
  m = SLASHED.exec(s)
  if (m) {
    const a = +m[1]!
    const b = +m[3]!
    const evidence = evidenceOf(a, b, m[2]!)
    let order: DateOrder | undefined
    if (evidence === 'day' || evidence === 'month') {
      order = evidence
      // A value impossible in its column's settled order: the column is not what it was taken for.
      if (options.order !== undefined && options.order !== evidence && m[2] !== '.') {
        if (note) note.note = 'contradicts'
        return NaN
      }
    } else if (evidence === 'ambiguous') {
      order = options.order
      if (order === undefined) {
        if (note) note.note = 'ambiguous'
        return NaN
      }
    } else order = 'day' // a === b: either order reads the same date (or the date is impossible)
    const [day, month] = order === 'day' ? [a, b] : [b, a]
    return zoneless(note, m, 10, withClock(m, 5, +m[4]!, month, day))
  }
  m = YMD.exec(s)
  if (m) return zoneless(note, m, 9, withClock(m, 4, +m[1]!, +m[2]!, +m[3]!))
  m = NAMED_MDY.exec(s)
  if (m) {
    const mo = MONTHS[m[1]!.toLowerCase()]
    if (mo !== undefined) return zoneless(note, m, 9, withClock(m, 4, +m[3]!, mo, +m[2]!))
  }
  m = NAMED_DMY.exec(s)
  if (m) {
    const mo = MONTHS[m[2]!.toLowerCase()]
    if (mo !== undefined) return zoneless(note, m, 9, withClock(m, 4, +m[3]!, mo, +m[1]!))
  }
  // Unix time: 10 digits are seconds (optionally with a fraction), 13 are milliseconds (CRM exports, APIs).
  if (/^\d{10}(?:\.\d{1,6})?$/.test(s)) return Math.round(Number(s) * 1000)
  if (/^\d{13}$/.test(s)) return Number(s)
  return NaN
}

/**
 * The ISO shape nearly every export writes (`2025-01-01T00:00:31+0000`: a two-digit hour, seconds, an optional
 * fraction, and no zone, `Z` or an offset `+hh`, `+hhmm`, `+hh:mm` right after the time) read by hand, or
 * undefined for any other text, which ISO and the other expressions read. Every text of this shape is one
 * ISO matches, and the time is the one ISO's groups give (the same utc(), the same fraction and offset), so
 * it is not a second reading of a time but the first expression's, without its match and its eight
 * captured strings (by measurement most of the time of reading a time). Exported for its test.
 */
export function plainIso(s: string, note: { note?: TimeNote } | undefined): number | undefined {
  const n = s.length
  if (n < 19) return undefined
  const sep = s.charCodeAt(10)
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || (sep !== 84 && sep !== 116 && sep !== 32) || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return undefined
  const y = digitsAt(s, 0, 4)
  const mo = digitsAt(s, 5, 7)
  const d = digitsAt(s, 8, 10)
  const h = digitsAt(s, 11, 13)
  const mi = digitsAt(s, 14, 16)
  const sec = digitsAt(s, 17, 19)
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0) return undefined
  let i = 19
  let ms = 0
  const f = s.charCodeAt(i)
  if (f === 46 || f === 44) {
    // A fraction of 1-9 digits, its first three the milliseconds (fraction()).
    let j = i + 1
    while (j < n && isDigit(s.charCodeAt(j))) j++
    const count = j - i - 1
    if (count < 1 || count > 9) return undefined
    ms = digitsAt(s, i + 1, i + 1 + Math.min(3, count))
    for (let k = count; k < 3; k++) ms *= 10
    i = j
  }
  let offset = 0
  if (i < n) {
    const z = s.charCodeAt(i)
    const rest = n - i - 1
    if (z === 90 || z === 122) {
      if (rest !== 0) return undefined
    } else if (z === 43 || z === 45) {
      // +hh, +hhmm or +hh:mm, as readOffset() reads them (-00:00 is -0 minutes there too).
      const hh = digitsAt(s, i + 1, i + 3)
      const mm = rest === 2 ? 0 : rest === 4 ? digitsAt(s, i + 3, i + 5) : rest === 5 && s.charCodeAt(i + 3) === 58 ? digitsAt(s, i + 4, i + 6) : -1
      if (hh < 0 || mm < 0 || (rest !== 2 && rest !== 4 && rest !== 5)) return undefined
      const minutes = hh * 60 + mm
      offset = z === 45 ? -minutes : minutes
    } else return undefined
  }
  const t = utcAt(y, mo, d, h, mi, sec, ms, offset)
  // zoneless(): a time read as UTC for want of a zone.
  if (note && i === n && !Number.isNaN(t)) note.note = 'zoneless'
  return t
}

/** The number the digits s[from, to) write, or -1 when one is not a digit. */
function digitsAt(s: string, from: number, to: number): number {
  let v = 0
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48
    if (!(c >= 0 && c <= 9)) return -1 // NaN past the end too
    v = v * 10 + c
  }
  return v
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57

/** readTime() without notes. */
export function parseTime(raw: string, options: TimeOptions = {}): number {
  return readTime(raw, options)
}

/** A time note as a key of the run's per-column audit of cells (pipeline/ingest.ts, beside unread consent
 * values). A NUL never comes from a file's cell (the reader refuses it), so the keys cannot collide. */
export const timeNoteKey = (note: TimeNote): string => `\u0000time:${note}`
export function timeNoteOf(key: string): TimeNote | undefined {
  return key.startsWith('\u0000time:') ? (key.slice(6) as TimeNote) : undefined
}

/** What the report says about a column's times (consent.md, "Reading times"). */
export function timeWarnings(key: string, values: ReadonlyMap<string, number>): string[] {
  const out: string[] = []
  const n = (note: TimeNote) => values.get(timeNoteKey(note)) ?? 0
  if (n('ambiguous') > 0) {
    out.push(`${key}: ${n('ambiguous')} date(s) such as 03/04/2025 read as either day or month first, and neither the column's other dates nor a flag settle the order: they give no time, so a conflict they take part in goes to denial. If you know the order, pass --day-first or --month-first (or "day_first" in the config).`)
  }
  if (n('contradicts') > 0) {
    out.push(`${key}: ${n('contradicts')} date(s) cannot be read in the order the column's other dates (or the flag) give: they give no time.`)
  }
  if (n('zoneless') > 0) out.push(`${key}: ${n('zoneless')} time(s) written without a time zone were read as UTC.`)
  return out
}

/** ISO 8601 in UTC with seconds, as written to consent_at: `2025-09-12T09:35:13Z`; '' for NaN. */
export function formatTime(ms: number): string {
  if (!Number.isFinite(ms)) return ''
  // Whole milliseconds from 1970 to 9999 (every time a file gives) by arithmetic: Date#toISOString formats in
  // the engine's runtime, about 9,000 instructions a call, once per whatsapp.csv row. Other times (before
  // 1970, six-digit years, fractions) are Date's; a test holds the two to the same text.
  if (Number.isInteger(ms) && ms >= 0 && ms < YEAR_10000) return isoUtc(ms)
  const iso = new Date(ms).toISOString()
  // Whole seconds (most times) drop their `.000`; a replace() by expression cost more than the date itself.
  return iso.endsWith('.000Z') ? iso.slice(0, -5) + 'Z' : iso
}

const DAY_MS = 86_400_000
/** 10000-01-01T00:00:00Z. */
const YEAR_10000 = 253_402_300_800_000

const pad2 = (n: number): string => (n < 10 ? '0' + n : '' + n)

/**
 * formatTime's text for whole milliseconds in [0, YEAR_10000): the civil date of the day count (H. Hinnant's
 * days-to-civil, proleptic Gregorian, as Date has it), then the time of day; `.mmm` only when not 0.
 */
function isoUtc(ms: number): string {
  const days = Math.floor(ms / DAY_MS)
  let t = ms - days * DAY_MS
  const z = days + 719_468
  const era = Math.floor(z / 146_097)
  const doe = z - era * 146_097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0)
  const milli = t % 1000
  t = (t - milli) / 1000
  const second = t % 60
  t = (t - second) / 60
  const minute = t % 60
  const hour = (t - minute) / 60
  const y = year < 1000 ? ('000' + year).slice(-4) : '' + year
  const frac = milli === 0 ? '' : '.' + ('00' + milli).slice(-3)
  return y + '-' + pad2(month) + '-' + pad2(day) + 'T' + pad2(hour) + ':' + pad2(minute) + ':' + pad2(second) + frac + 'Z'
}
