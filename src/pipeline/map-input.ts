// The mapping step: how one opened export's columns come to mean phone, email, consent and time. Written once
// and run by every command that reads exports (prepare, normalize, dedupe, join through openInputs in
// ingest.ts) and by `inspect`, which must show the mapping prepare would use. The steps, in this order:
// the format (the config's, else detected) and its mapping with the config entry and the flags applied; a
// generic file's phone columns checked by their values; a first line that is a contact (no header) found
// before anything is read by its values; identifier columns no header named, taken by their values; a file
// with no identifier; consent columns (consent.md, "Finding consent columns"); each time column's day/month
// order from its own values. Who answers a question is the resolver's business: a person at a terminal
// (ui/prompts.ts), a refusal naming the flag (cron, pipes), or inspect's notes (never refuses).

import { profileColumns } from '../core/column-profile.js'
import type { Role } from '../core/model.js'
import type { LoadedConfig } from '../config/config-file.js'
import type { ConfigMatch } from '../config/match-input.js'
import type { OpenedTable } from '../io/open-tables.js'
import { peekRows } from '../io/peek-rows.js'
import { applyOverrides, hasIdentifier, settleDateOrders, timeColumns, type MappingOverrides } from '../sources/index.js'
import { applyByContent, columnsByContent } from '../sources/by-content.js'
import { unmappedConsentColumns } from '../sources/consent-columns.js'
import { refineByContent } from '../sources/generic.js'
import type { ColumnDateOrder } from '../core/time.js'
import type { ColumnMapping, SourceFormat } from '../sources/types.js'
import { mapWithConfig } from './input-settings.js'
import { headerDataMessage, type MappingQuestion, type MappingResolver } from './mapping-resolver.js'

/** Rows looked at for sample values and content hints. */
export const SAMPLE_ROWS = 50
/** Rows whose time cells settle a column's day/month order: one `31/01/2025` among them is enough. */
export const DATE_SAMPLE_ROWS = 5000

export interface MapInputContext {
  role: Role
  overrides: MappingOverrides
  config: LoadedConfig | undefined
  resolver: MappingResolver
}

export interface InputMapping {
  format: SourceFormat
  mapping: ColumnMapping
  match: ConfigMatch | undefined
  /**
   * Set when the first line holds contact data, not column names: the sentence that says so. The mapping
   * then stops there (nothing is taken by its values from a file whose columns have no names); prepare
   * refuses the file with it, inspect shows it.
   */
  headerless: string | null
  /** The day/month order found for each numeric time column (inspect shows it). */
  dates: Array<{ column: string } & ColumnDateOrder>
  /** The question as the resolver saw it (sample rows and column profiles), read once when first needed. */
  question(): Promise<MappingQuestion>
}

export async function mapInput(t: OpenedTable, ctx: MapInputContext): Promise<InputMapping> {
  const { table } = t
  const { overrides, resolver } = ctx
  const { format, mapping: configured, match } = mapWithConfig(table.header, { fileName: t.fileName }, table.name, ctx.config, t.path)
  const mapping = applyOverrides(configured, table.header, overrides)
  // Sample rows are read only when a question needs them, and once.
  let asked: MappingQuestion | undefined
  const question = async (): Promise<MappingQuestion> => {
    if (asked) return asked
    const sample = await peekRows(table, SAMPLE_ROWS)
    return (asked = { file: table.name, role: ctx.role, header: table.header, sample, profiles: profileColumns(table.header, sample), format, mapping })
  }
  const dates = async () => (timeColumns(mapping).length > 0 ? settleDateOrders(mapping, table.header, await peekRows(table, DATE_SAMPLE_ROWS)) : [])

  // Only the generic mapping guesses its phone columns from names alone; known formats know theirs.
  const userGavePhone = overrides.map.phone !== undefined || match?.entry.map?.phone !== undefined
  if (format.id === 'generic' && !userGavePhone && (mapping.fields.phone?.length ?? 0) > 0) refineByContent(mapping, (await question()).profiles)
  if (format.id === 'generic' && !userGavePhone && (mapping.fields.phone?.length ?? 0) > 1) {
    mapping.fields.phone = await resolver.phoneColumns(await question(), mapping.fields.phone!)
  }
  // A first line that is a contact, not a header, is found before anything is read by its values.
  const headerless = hasIdentifier(mapping) ? null : headerDataMessage(table.name, table.header)
  if (headerless !== null) return { format, mapping, match, headerless, dates: await dates(), question }

  // Identifier columns no header named, found by their values (sources/by-content.ts).
  const userGaveEmail = overrides.map.email !== undefined || match?.entry.map?.email !== undefined
  if (!(userGavePhone && userGaveEmail)) {
    const q = await question()
    const found = columnsByContent(mapping, q.profiles)
    if (userGavePhone) delete found.phone
    if (userGaveEmail) delete found.email
    if (Object.keys(found).length > 0) applyByContent(mapping, await resolver.contentColumns(q, found))
  }
  if (!hasIdentifier(mapping)) {
    const chosen = await resolver.identifier(await question())
    if (chosen.phone?.length) mapping.fields.phone = chosen.phone
    if (chosen.email?.length) mapping.fields.email = chosen.email
  }
  if (ctx.role !== 'suppress') await settleConsentColumns(mapping, table.header, match, resolver, question)
  // Each time column's day/month order from its own values (consent.md, "Reading times").
  return { format, mapping, match, headerless, dates: await dates(), question }
}

/**
 * Consent columns (consent.md, "Finding consent columns"): a column that looks like consent but is mapped to
 * no channel is asked about or refused (never skipped); a file with no consent column at all is asked about
 * at a terminal. A config entry that names this file's consent (`"consent": {...}`, even `{}`) has answered both.
 */
async function settleConsentColumns(mapping: ColumnMapping, header: readonly string[], match: ConfigMatch | undefined, resolver: MappingResolver, question: () => Promise<MappingQuestion>): Promise<void> {
  if (match?.entry.consent !== undefined) return
  const q = await question()
  const unmapped = unmappedConsentColumns(mapping, header, q.sample)
  if (unmapped.length > 0) {
    Object.assign(mapping.consent, await resolver.unmappedConsent(q, unmapped))
    return
  }
  const noConsent = Object.keys(mapping.consent).length === 0 && Object.keys(mapping.fixedConsent).length === 0 && Object.keys(mapping.optOut ?? {}).length === 0
  if (noConsent && !match) Object.assign(mapping.consent, await resolver.consentColumns(q))
}
