// The run's figures (report.json; report-markdown.ts renders report.md from them). Pure: the pipeline hands in counts and
// decisions; nothing here reads files or the clock, so the same run gives the same report byte for byte.

import { adsDecision, type AdsPolicy, type Decision } from './audience.js'
import { CHANNELS, type Channel, type Role } from './model.js'
import { CodeCounts, KeyCounts } from './key-counts.js'
import type { Person } from './people.js'
import type { ConsentDecision } from './consent.js'
import { addCoverage, countCoverage, emptyFileCoverage, type Coverage, type FileCoverage } from './coverage.js'
import { breakdownCountry, breakdownPhoneType, emptyBreakdown, sortedBreakdown, type PeopleBreakdown } from './people-breakdown.js'

export interface InputSummary {
  file: string
  role: Role
  format: string
  encoding: string
  delimiter: string
  rows: number
  /** Which column feeds which field and channel, as detected or given. */
  mapping: {
    fields: Record<string, string[]>
    consent: Record<string, string>
    consent_at: Record<string, string>
    fixed_consent: Record<string, string>
    time?: string
  }
  /** An Excel workbook: the sheet read, and how many phone cells held a number (Excel drops a leading 0 or +). */
  sheet?: string
  numeric_phone_cells?: number
}

export interface ChannelFigures {
  granted: number
  denied: number
  unknown: number
  conflicts: number
}

export interface Report {
  inputs: InputSummary[]
  /** Rows of every input, suppression lists included (the accounting's total, and --max-reject-rate's base). */
  rows_in: number
  /** Rows rejected, in every input (suppression lists' unreadable entries included). */
  rows_rejected: number
  rejects_by_reason: Record<string, number>
  /** Rows of the contact inputs (customers and followers): the funnel's "rows read";
   * contact_rows_in − contact_rows_rejected = records. */
  contact_rows_in: number
  contact_rows_rejected: number
  records: number
  people: number
  duplicates_merged: number
  followers: { total: number; matched_customers: number }
  customers: { total: number; matched_followers: number }
  consent: Record<Channel, ChannelFigures> & {
    conflicts: number
    ads_policy: AdsPolicy
    /** People the ads policy admits to the ad-platform files (suppressed people are not), and how many of
     * them without ads consent of their own (admitted through another channel's consent, or not denied). */
    ads_admitted: number
    ads_admitted_without_ads_consent: number
    whatsapp_consent_from: 'whatsapp' | 'sms'
  }
  /** entries: the lists' usable rows (they name people to keep out; they are not contacts); rows: rows read in
   * the lists; rejected: rows that could not be read (the people they name are NOT suppressed). */
  suppression: { entries: number; people: number; rows: number; rejected: number }
  /** Status counts of every number read in the contact inputs (a row with two numbers counts two). */
  phones: Record<string, number>
  /** Of `phones`, the refused numbers on rows kept by another identifier (an email, another number), by
   * status: the rest of each refused status is on rejected rows. */
  phones_on_kept_rows: Record<string, number>
  /** Cells of name or text fields left empty because they would run as a formula in a spreadsheet (core/
   * formula.ts), by field: every output is written from the emptied records, so each file holds none. */
  formula_cells_emptied: Record<string, number>
  outputs: Record<string, number>
  /** A flag or setting that would change a figure the run cannot change on its own (core/hints.ts): text from
   * counts, never a value from a file. */
  hints: string[]
  excluded: Record<string, Record<string, number>>
  warnings: string[]
  /** People by the country and the type of their leading number (core/people-breakdown.ts). */
  people_by?: PeopleBreakdown
  /** Per audience file, its people with a phone, an email, both, a name, a country (core/coverage.ts). */
  coverage?: Coverage
  /** With --previous: per audience file, entries before and now, and how many go to adds/ and removes/. */
  deltas?: {
    previous: string
    files: Array<{ file: string; previous: number; current: number; adds: number; changed: number; updates?: string; removes: number; regrouped: number }>
  }
}

/** Sorts an object's keys so that JSON output does not depend on the order counts were first seen. */
export function sortedCounts(counts: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {}
  for (const k of Object.keys(counts).sort()) out[k] = counts[k]!
  return out
}

export function bump(counts: Record<string, number>, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by
}

export function emptyChannelFigures(): Record<Channel, ChannelFigures> {
  const out = {} as Record<Channel, ChannelFigures>
  for (const ch of CHANNELS) out[ch] = { granted: 0, denied: 0, unknown: 0, conflicts: 0 }
  return out
}

export interface PeopleTally {
  recordsInPeople: number
  people: number
  consent: Record<Channel, ChannelFigures>
  /** People with at least one channel decided by rule 5 (disagreement without times). */
  conflicts: number
  /** People the ads policy admits, and of them those not granted on ads. */
  adsAdmitted: number
  adsAdmittedWithoutAds: number
  /** People --whatsapp-consent-from sms would add to whatsapp.csv: not suppressed, a WhatsApp-eligible number,
   * no WhatsApp consent from any record, SMS consent granted (the hint of core/hints.ts). */
  smsOnlyWhatsappEligible: number
  followers: { total: number; matched_customers: number }
  customers: { total: number; matched_followers: number }
  suppressedPeople: number
  /** People admitted per output file. */
  included: Record<string, number>
  /** People kept out per output file, by reason. */
  excluded: Record<string, Record<string, number>>
  breakdown: PeopleBreakdown
  coverage: Coverage
}

/** Counts everything the report says about people, one person at a time (people are never all in memory). */
export class Tally {
  private readonly t: PeopleTally
  // The per-file and per-key figures as counters by index and Maps while counting (add() runs for every
  // person: a keyed property per channel, state and file was a twentieth of the output pass); result() gives
  // them the report's shape.
  private readonly included: number[]
  private readonly excluded: KeyCounts[]
  private readonly coverage: FileCoverage[]
  /** People by country code, a slot per two-letter code (CodeCounts). */
  private readonly byCountry = new CodeCounts()
  private readonly byPhoneType = new KeyCounts()

  constructor(
    private readonly files: readonly string[],
    private readonly adsPolicy: AdsPolicy,
  ) {
    this.t = {
      recordsInPeople: 0,
      people: 0,
      consent: emptyChannelFigures(),
      conflicts: 0,
      adsAdmitted: 0,
      adsAdmittedWithoutAds: 0,
      smsOnlyWhatsappEligible: 0,
      followers: { total: 0, matched_customers: 0 },
      customers: { total: 0, matched_followers: 0 },
      suppressedPeople: 0,
      included: {},
      excluded: {},
      breakdown: emptyBreakdown(),
      coverage: {},
    }
    this.included = files.map(() => 0)
    this.excluded = files.map(() => new KeyCounts())
    this.coverage = files.map(() => emptyFileCoverage())
  }

  /** `decisions[i]` is the person's decision for `files[i]`. */
  add(p: Person, decisions: readonly Decision[]): void {
    const t = this.t
    t.people++
    t.recordsInPeople += p.recordCount
    const c = p.consent
    const figures = t.consent
    // The channels by name (CHANNELS order), not a loop of loads by computed key.
    const conflicted = countDecision(figures.whatsapp, c.whatsapp) | countDecision(figures.sms, c.sms) | countDecision(figures.email, c.email) | countDecision(figures.ads, c.ads)
    if (conflicted) t.conflicts++
    // Counted whatever the targets: the consent table says what the ads policy admits (report-markdown.ts).
    if (adsDecision(p, this.adsPolicy).ok) {
      t.adsAdmitted++
      if (c.ads.state !== 'granted') t.adsAdmittedWithoutAds++
    }
    // With every record's WhatsApp state unknown, --whatsapp-consent-from sms gives each record its SMS state,
    // so the person's WhatsApp decision would be their SMS one: exactly these people would be added.
    if (!p.suppressed && c.whatsapp.state === 'unknown' && c.sms.state === 'granted' && hasWhatsappPhone(p)) t.smsOnlyWhatsappEligible++
    if (p.inFollowers) {
      t.followers.total++
      if (p.inCustomers) t.followers.matched_customers++
    }
    if (p.inCustomers) {
      t.customers.total++
      if (p.inFollowers) t.customers.matched_followers++
    }
    if (p.suppressed) t.suppressedPeople++
    this.byCountry.add(breakdownCountry(p), 1)
    this.byPhoneType.add(breakdownPhoneType(p), 1)
    for (let i = 0; i < decisions.length; i++) {
      const d = decisions[i]!
      if (d.ok) {
        this.included[i]!++
        countCoverage(this.coverage[i]!, p)
      } else this.excluded[i]!.add(d.reason, 1)
    }
  }

  /** Adds the counts of a tally made elsewhere (a block of people counted in a worker thread). */
  merge(o: PeopleTally): void {
    const t = this.t
    t.recordsInPeople += o.recordsInPeople
    t.people += o.people
    for (const ch of CHANNELS) {
      for (const k of ['granted', 'denied', 'unknown', 'conflicts'] as const) t.consent[ch][k] += o.consent[ch][k]
    }
    t.conflicts += o.conflicts
    t.adsAdmitted += o.adsAdmitted
    t.adsAdmittedWithoutAds += o.adsAdmittedWithoutAds
    t.smsOnlyWhatsappEligible += o.smsOnlyWhatsappEligible
    t.followers.total += o.followers.total
    t.followers.matched_customers += o.followers.matched_customers
    t.customers.total += o.customers.total
    t.customers.matched_followers += o.customers.matched_followers
    t.suppressedPeople += o.suppressedPeople
    this.byCountry.addAll(o.breakdown.by_country)
    this.byPhoneType.addAll(o.breakdown.by_phone_type)
    this.files.forEach((f, i) => {
      this.included[i]! += o.included[f] ?? 0
      this.excluded[i]!.addAll(o.excluded[f] ?? {})
      const from = o.coverage[f]
      if (from) addCoverage(this.coverage[i]!, from)
    })
  }

  result(): PeopleTally {
    const included: Record<string, number> = {}
    const excluded: Record<string, Record<string, number>> = {}
    const coverage: Coverage = {}
    this.files.forEach((f, i) => {
      included[f] = this.included[i]!
      excluded[f] = sortedCounts(this.excluded[i]!.counts())
      coverage[f] = { ...this.coverage[i]! }
    })
    // sortedBreakdown orders the keys by count and name, so where a key was counted does not show.
    const breakdown = sortedBreakdown({ by_country: this.byCountry.counts(), by_phone_type: this.byPhoneType.counts() })
    return { ...this.t, included, excluded, breakdown, coverage }
  }
}

/** Counts one channel's decision into its figures; 1 when it was a conflict (rule 5), else 0. */
function countDecision(f: ChannelFigures, d: ConsentDecision): number {
  const s = d.state
  if (s === 'granted') f.granted++
  else if (s === 'denied') f.denied++
  else f.unknown++
  if (d.rule !== 'conflict') return 0
  f.conflicts++
  return 1
}

function hasWhatsappPhone(p: Person): boolean {
  for (let i = 0; i < p.phones.length; i++) if (p.phones[i]!.whatsapp) return true
  return false
}

/**
 * The accounting invariant of product.md, checked before anything is written: every input row is either
 * rejected exactly once, or belongs to exactly one person, or is an entry of a suppression list.
 * Returns the sentence describing the mismatch, or null.
 */
export function accountingError(a: { rowsIn: number; rejected: number; recordsInPeople: number; suppressionRows: number }): string | null {
  const accounted = a.rejected + a.recordsInPeople + a.suppressionRows
  if (accounted === a.rowsIn) return null
  return `Accounting mismatch: ${a.rowsIn} input rows, but ${a.rejected} rejected + ${a.recordsInPeople} in people + ${a.suppressionRows} suppression entries = ${accounted}; nothing was written. This is a bug in wa-audience: please report it with the command you ran.`
}

const n = (x: number) => x.toLocaleString('en-US')

/** The warning a run gives when it emptied formula cells (report.json counts them), or null. */
export function formulaWarning(emptied: Readonly<Record<string, number>>): string | null {
  const entries = Object.entries(emptied).filter(([, c]) => c > 0)
  const total = entries.reduce((a, [, c]) => a + c, 0)
  if (total === 0) return null
  const list = entries.map(([f, c]) => `${f} ${n(c)}`).join(', ')
  return `${n(total)} cell(s) starting with =, +, - or @ (${list}) would run as a formula in a spreadsheet: they were left empty in every output.`
}
