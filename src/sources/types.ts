// How a source format describes an export: which columns hold which contact fields and which consent.
// Mappings name columns (so they can be shown, saved to a config and read back); resolve.ts turns them
// into column indices once per file so that rows are read by index.

import type { Channel, ConsentState, ContactField } from '../core/model.js'

export interface ColumnMapping {
  /** Columns per contact field, in priority order (Shopify: `Phone` before `Default Address Phone`). */
  fields: Partial<Record<ContactField, string[]>>
  /** The column holding each channel's consent. */
  consent: Partial<Record<Channel, string>>
  /** The column holding the time of each channel's consent. */
  consentAt: Partial<Record<Channel, string>>
  /** Consent the file itself states for every row (Mailchimp: the file a row comes from is its email state). */
  fixedConsent: Partial<Record<Channel, ConsentState>>
  /** The record's own event time (a lead's created_time), used when a channel has no consent time. */
  time?: string
  /** Dates in this export are written day first (03/04/2026 = 3 April). */
  dayFirst?: boolean
}

export interface SourceFormat {
  /** Stable id shown by inspect and written to the report: `shopify`, `meta-lead-form`, `generic`. */
  id: string
  /** Human name: `Shopify customers export`. */
  label: string
  /** True when the header is this format's. Formats are tried in registry order; `generic` is last. */
  detect(header: readonly string[]): boolean
  mapping(header: readonly string[]): ColumnMapping
  /** The role rows of this format have when no command line says (lead forms and bot exports are followers). */
  role?: 'customers' | 'followers'
  /** Sentences the report should carry for every file of this format (e.g. WooCommerce has no phone). */
  warnings?(header: readonly string[]): string[]
}

export function emptyMapping(): ColumnMapping {
  return { fields: {}, consent: {}, consentAt: {}, fixedConsent: {} }
}
