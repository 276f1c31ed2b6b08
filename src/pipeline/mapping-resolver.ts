// What happens when a file's mapping is missing or ambiguous (the questions of the one mapping step,
// map-input.ts). Three answers to the same questions: at a terminal, ui/prompts.ts asks; everywhere else (a
// pipe, cron, `--yes`) this module decides without waiting for input, refusing with the exact flag that would
// answer the question when there is no safe default; `inspect` takes the same defaults and notes the refusals.

import { candidatesByContent, type ColumnProfile } from '../core/column-profile.js'
import { readConsentValue } from '../core/consent-value.js'
import { InputError } from '../core/errors.js'
import { maskValue, shown } from '../core/mask.js'
import type { Channel, Role } from '../core/model.js'
import { flagWithPair } from '../core/shell-word.js'
import type { ContentField } from '../sources/by-content.js'
import type { UnmappedConsentColumn } from '../sources/consent-columns.js'
import type { ColumnMapping, SourceFormat } from '../sources/types.js'

export interface MappingQuestion {
  /** The input as messages name it. */
  file: string
  role: Role
  header: readonly string[]
  /** The first rows, for sample values (shown masked) and content hints. */
  sample: readonly (readonly string[])[]
  profiles: readonly ColumnProfile[]
  format: SourceFormat
  mapping: ColumnMapping
}

export interface MappingResolver {
  /** Neither a phone nor an email column was found: the columns to use, or an InputError. */
  identifier(q: MappingQuestion): Promise<{ phone?: string[]; email?: string[] }>
  /** Several columns of a generic file could hold the phone: the ones to read, in order. */
  phoneColumns(q: MappingQuestion, candidates: readonly string[]): Promise<string[]>
  /** A contacts file with no consent column at all: consent columns to read, if any. */
  consentColumns(q: MappingQuestion): Promise<Partial<Record<Channel, string>>>
  /**
   * Columns that look like consent but are mapped to no channel (consent.md: never passed over in silence):
   * the channels they are consent for (a column left out is not consent), or an InputError.
   */
  unmappedConsent(q: MappingQuestion, columns: readonly UnmappedConsentColumn[]): Promise<Partial<Record<Channel, string>>>
  /** Identifier columns found by their values (no header named them): those to read. */
  contentColumns(q: MappingQuestion, found: Partial<Record<ContentField, string>>): Promise<Partial<Record<ContentField, string>>>
  /** True once a person has answered something (the answers can then be offered as a config). */
  readonly asked: boolean
}

function quotedList(names: readonly string[], max = 12): string {
  // A header cell can be any length (a broken export's first line) and hold anything (a JSON file's first
  // line, with phones and addresses): a message shows its start, masked and escaped.
  return names.slice(0, max).map((h) => `"${shown(h)}"`).join(', ') + (names.length > max ? ', …' : '')
}

// A header cell that is a phone number or an address: the file has no header row, and its first contact
// was taken for column names. Such names must not be echoed (they are personal data) nor offered to --map.
const DATA_LIKE = /^\s*(?:[^\s@]+@[^\s@]+\.[^\s@]+|[+(]?\d[\d\s().\-/]{6,})\s*$/

/**
 * The sentence refusing a file whose first line is a contact, not column names (a phone number or an address
 * as a column name), or null. Checked before any column is looked for by its values: the rows under such a
 * "header" would be mapped by content, and its cells taken for consent questions.
 */
export function headerDataMessage(file: string, header: readonly string[]): string | null {
  const data = header.filter((h) => h.length <= 254 && DATA_LIKE.test(h))
  if (data.length === 0) return null
  return `${file} line 1: the first line holds contact data (${data.slice(0, 2).map((h) => `"${maskValue(h)}"`).join(', ')}), not column names; add a header row naming the columns (e.g. phone,email,first_name) and run again.`
}

/** The sentence refusing a file with no identifier column, naming the flags that fix it. */
export function noIdentifierMessage(q: MappingQuestion): string {
  const data = headerDataMessage(q.file, q.header)
  if (data !== null) return data
  const start = `${q.file} line 1: no phone or email column found among ${quotedList(q.header)}`
  const phones = candidatesByContent(q.profiles, 'phone').map((p) => p.column)
  const emails = candidatesByContent(q.profiles, 'email').map((p) => p.column)
  const hints: string[] = []
  if (phones.length > 0) hints.push(`${phones.length > 1 ? `columns ${quotedList(phones, 3)} hold` : `column "${shown(phones[0]!)}" holds`} phone numbers: pass ${flagWithPair('--map', 'phone', shown(phones[0]!, 200))}`)
  if (emails.length > 0) hints.push(`${emails.length > 1 ? `columns ${quotedList(emails, 3)} hold` : `column "${shown(emails[0]!)}" holds`} email addresses: pass ${flagWithPair('--map', 'email', shown(emails[0]!, 200))}`)
  if (hints.length === 0) return `${start}; pass --map phone=COLUMN or --map email=COLUMN.`
  return `${start}; ${hints.join(', and ')} (or give the mapping in a --config file).`
}

/** Sample values of a column that read as granted/denied, for a message (the consent vocabulary is not personal data). */
function answersIn(q: MappingQuestion, column: string): string[] {
  const i = q.header.indexOf(column)
  const seen: string[] = []
  for (const row of q.sample) {
    const v = (row[i] ?? '').trim()
    if (v !== '' && readConsentValue(v) !== 'unknown' && !seen.includes(v)) seen.push(v)
    if (seen.length === 3) break
  }
  return seen
}

/** The sentence refusing a consent-looking column that no channel was given for, with the line that settles it. */
export function unmappedConsentMessage(q: MappingQuestion, columns: readonly UnmappedConsentColumn[]): string {
  const parts = columns.slice(0, 3).map((c) => {
    const values = answersIn(q, c.column)
    const why = c.evidence === 'header' ? 'its name' : 'its values'
    const eg = values.length > 0 ? `, e.g. ${values.map((v) => `"${shown(v, 24)}"`).join(', ')}` : ''
    if (c.kind === 'opt_out') {
      return `column "${shown(c.column)}" looks like an opt-out (${why}${eg}) but names no channel: add "opt_out": {"email": "${shown(c.column, 200)}"} (or sms, whatsapp, ads) to this file's entry in a --config file`
    }
    return `column "${shown(c.column)}" looks like consent (${why}${eg}) but names no channel: pass ${flagWithPair('--consent', 'whatsapp', shown(c.column, 200))} if it is WhatsApp consent (or sms, email, ads in place of whatsapp)`
  })
  const more = columns.length > 3 ? ` (and ${columns.length - 3} more)` : ''
  return `${q.file} line 1: ${parts.join('; ')}${more}. A column that looks like consent is never skipped silently; if it is not consent, a --config entry for this file whose "consent" names the file's consent columns (or is {}) settles it.`
}

/** The report's and inspect's sentence for a column mapped by its values. */
export function byContentMessage(file: string, field: ContentField, column: string): string {
  const what = field === 'email' ? 'email addresses' : 'phone numbers'
  return `${file}: no header names ${field === 'email' ? 'an email' : 'a phone'} column, so column "${shown(column)}", whose values are mostly ${what}, was read as the ${field}; pass ${flagWithPair('--map', field, shown(column, 200))} to confirm it, or --map ${field}=COLUMN to choose another.`
}

/** Never asks: refuses what has no safe default, takes the safe default otherwise. */
export const nonInteractiveResolver: MappingResolver = {
  asked: false,
  async identifier(q) {
    throw new InputError(noIdentifierMessage(q), { file: q.file, line: 1 })
  },
  // Reading every candidate is safe: the first WhatsApp-eligible number of a row leads (record.ts).
  async phoneColumns(_q, candidates) {
    return [...candidates]
  },
  // No consent column is not an error: the records do not vote, and the report warns about it.
  async consentColumns() {
    return {}
  },
  // Mapped, and said in the report (byContentMessage): --map FIELD=COLUMN confirms or corrects it.
  async contentColumns(_q, found) {
    return found
  },
  async unmappedConsent(q, columns) {
    throw new InputError(unmappedConsentMessage(q, columns), { file: q.file, line: 1 })
  },
}

/**
 * inspect's answerer: never asks and never refuses. It takes the answers prepare would take without a
 * person (nonInteractiveResolver's defaults) and writes down, in `notes`, each sentence with which prepare
 * would refuse the file or report a column taken by its values, so inspect shows what prepare would do.
 */
export function notingResolver(notes: string[]): MappingResolver {
  return {
    asked: false,
    async identifier(q) {
      notes.push(noIdentifierMessage(q))
      return {}
    },
    phoneColumns: nonInteractiveResolver.phoneColumns,
    consentColumns: nonInteractiveResolver.consentColumns,
    async contentColumns(q, found) {
      for (const [field, column] of Object.entries(found)) notes.push(byContentMessage(q.file, field as ContentField, column!))
      return found
    },
    async unmappedConsent(q, columns) {
      notes.push(unmappedConsentMessage(q, columns))
      return {}
    },
  }
}
