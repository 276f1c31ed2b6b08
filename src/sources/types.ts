// How a source format describes an export: which columns hold which contact fields and which consent.
// Mappings name columns (so they can be shown, saved to a config and read back); sources/index.ts turns them
// into column indices once per file so that rows are read by index.

import type { Channel, ConsentState, ContactField } from '../core/model.js'
import type { DateOrder } from '../core/time.js'

export interface ColumnMapping {
  /** Columns per contact field, in priority order (Shopify: `Phone` before `Default Address Phone`). */
  fields: Partial<Record<ContactField, string[]>>
  /** The column holding each channel's consent. */
  consent: Partial<Record<Channel, string>>
  /** The column holding the time of each channel's consent. */
  consentAt: Partial<Record<Channel, string>>
  /** Consent the file itself states for every row (Mailchimp: the file a row comes from is its email state). */
  fixedConsent: Partial<Record<Channel, ConsentState>>
  /**
   * Columns whose yes means the person opted OUT of a channel, and whose no says nothing (HubSpot
   * `Unsubscribed from all email`: `false` there is not an opt-in). A yes denies the channel whatever the
   * consent column says.
   */
  optOut?: Partial<Record<Channel, string>>
  /** The record's own event time (a lead's created_time), used when a channel has no consent time. */
  time?: string
  /** The user's word on ambiguous numeric dates (`--day-first`/`--month-first`, config `day_first`): true reads
   * 03/04/2026 as 3 April. Never a format's guess (consent.md: only a flag or the config settles it). */
  dayFirst?: boolean
  /** Identifier columns no header named, taken by their values (sources/by-content.ts): shown by inspect and the report. */
  byContent?: Partial<Record<'email' | 'phone', string>>
  /** The day/month order each time column's own values settle, by column name (settleDateOrders()). */
  dateOrder?: Record<string, DateOrder>
}

/** What a format may know about a file besides its header. */
export interface SourceContext {
  /** The file's own name (an archive member's name for a ZIP entry): Mailchimp names carry the consent state. */
  fileName: string
}

export interface SourceFormat {
  /** Stable id shown by inspect and written to the report and to configs: `shopify`, `meta-lead-form`, `generic`. */
  id: string
  /** Human name: `Shopify customers export`. */
  label: string
  /** True when the header is this format's. Formats are tried in registry order; `generic` is last. */
  detect(header: readonly string[], context?: SourceContext): boolean
  mapping(header: readonly string[], context?: SourceContext): ColumnMapping
  /** The role rows of this format have when no command line says (lead forms and bot exports are followers). */
  role?: 'customers' | 'followers'
  /** Sentences the report should carry for every file of this format (e.g. WooCommerce customers have no phone). */
  warnings?(header: readonly string[], context?: SourceContext): string[]
}

export function emptyMapping(): ColumnMapping {
  return { fields: {}, consent: {}, consentAt: {}, fixedConsent: {} }
}
