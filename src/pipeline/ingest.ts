// Opening the run's inputs and reading their rows into records, rejects and suppression entries through
// the row-intake step (row-intake.ts): the I/O shell around the pure core (core/record.ts), with each file mapped by the one
// mapping step (map-input.ts). Shared by every command that reads exports. A contact CSV
// (an earlier `normalize`, `dedupe` or `join` output, recognised by its wa_ columns) is read back from its
// wa_ columns, never normalized twice.

import { contactCsvKind, contactLayout, type ContactCsvKind, type ContactLayout, type SourceNames } from '../core/contact-csv.js'
import type { CsvRow } from '../core/csv-row.js'
import { InputError, throwIfAborted } from '../core/errors.js'
import type { ContactRecord, Provenance, Role, RoleMask, RowReject } from '../core/model.js'
import type { RecordOptions, RowLayout } from '../core/record.js'
import type { LoadedConfig } from '../config/config-file.js'
import type { ConfigMatch } from '../config/match-input.js'
import { openTables } from '../io/open-tables.js'
import type { Table, TableOptions } from '../io/read-table.js'
import { checkOverridesUsed, resolveLayout, type MappingOverrides } from '../sources/index.js'
import { emptyMapping, type ColumnMapping, type SourceFormat } from '../sources/types.js'
import { tableOptionsFor } from './input-settings.js'
import { mapInput } from './map-input.js'
import { nonInteractiveResolver, type MappingResolver } from './mapping-resolver.js'
import { intakeSpec, RowIntake } from './row-intake.js'

export interface InputSpec {
  path: string
  role: Role
  /** No command line role (dedupe): a contact CSV's rows say their own role (wa_role, wa_in_*), a raw
   * export gets its format's usual role (lead forms are followers), else `role`. */
  roleFromData?: boolean
}

export interface OpenedInput {
  index: number
  role: Role
  roleFromData: boolean
  table: Table
  format: SourceFormat
  mapping: ColumnMapping
  layout: RowLayout
  /** Set when the file is a contact CSV written by this tool. */
  contact: ContactCsvKind | null
  contactLayout: ContactLayout
  /** The path as given (`archive.zip/member.csv` for a member of a ZIP archive): what a config entry matches. */
  path: string
  /** The config entry that applied, if any. */
  config?: ConfigMatch
  /** The config entry's own country: used for this input instead of the run's default. */
  defaultCountry?: string
  /** Sentences for the report (a WooCommerce customer export has no phone column). */
  warnings: string[]
}

/** The pseudo-format of a file written by normalize/dedupe/join. */
const CONTACT_FORMAT: SourceFormat = {
  id: 'contact-csv',
  label: 'contact CSV written by wa-audience (wa_ columns)',
  detect: (header) => contactCsvKind(header) !== null,
  mapping: () => emptyMapping(),
}

export interface OpenInputsOptions {
  config?: LoadedConfig
  /** Who answers a missing or ambiguous mapping: prompts at a terminal; by default, nobody (refuse or default). */
  resolver?: MappingResolver
  /** True when --country was given: it then wins over a config entry's country. */
  countryFromFlag?: boolean
}

/**
 * Opens every input (sniffing reads only the first bytes; a ZIP archive gives one input per CSV member),
 * detects formats, applies the config and the user's overrides, and settles missing mappings through the
 * resolver.
 */
export async function openInputs(specs: readonly InputSpec[], tableOptions: TableOptions, overrides: MappingOverrides, options: OpenInputsOptions = {}): Promise<OpenedInput[]> {
  const resolver = options.resolver ?? nonInteractiveResolver
  const opened: OpenedInput[] = []
  for (const spec of specs) {
    for (const t of await openTables(spec.path, (p) => tableOptionsFor(tableOptions, options.config, p))) {
      const { table } = t
      const contact = contactCsvKind(table.header)
      if (contact) {
        // A contact CSV is read from its wa_ columns: no mapping, no questions.
        opened.push({
          index: opened.length,
          role: spec.role,
          roleFromData: spec.roleFromData ?? false,
          table,
          format: CONTACT_FORMAT,
          mapping: emptyMapping(),
          layout: resolveLayout(emptyMapping(), table.header),
          contact,
          contactLayout: contactLayout(table.header),
          path: t.path,
          warnings: [],
        })
        continue
      }
      // The one mapping step (map-input.ts), as inspect runs it; prepare refuses a file with no header row.
      const { format, mapping, match, headerless } = await mapInput(t, { role: spec.role, overrides, config: options.config, resolver })
      if (headerless !== null) throw new InputError(headerless, { file: table.name, line: 1 })
      const country = options.countryFromFlag ? undefined : match?.entry.country
      opened.push({
        index: opened.length,
        role: spec.roleFromData ? (format.role ?? spec.role) : spec.role,
        roleFromData: spec.roleFromData ?? false,
        table,
        format,
        mapping,
        layout: resolveLayout(mapping, table.header),
        contact: null,
        contactLayout: new Map(),
        path: t.path,
        ...(match ? { config: match } : {}),
        ...(country ? { defaultCountry: country } : {}),
        warnings: format.warnings?.(table.header, { fileName: table.name }) ?? [],
      })
    }
  }
  checkOverridesUsed(
    overrides,
    opened.filter((o) => !o.contact).map((o) => ({ file: o.table.name, header: o.table.header })),
  )
  return opened
}

/** How a long read is watched and stopped: progress after every batch, and Ctrl-C between batches. */
export interface IngestControl {
  signal?: AbortSignal
  /** Rows read so far from this input. */
  progress?(input: OpenedInput, rows: number): void
}

/** What a contacts input's rows become: records (with their cells when wanted) and rejects. */
export interface IngestSink {
  record(r: ContactRecord, role: RoleMask, row: CsvRow): void
  /** A person row of an earlier run that a suppression list had named: it stays suppressed. */
  suppressed?(r: ContactRecord, entry: Provenance): void
  reject(r: RowReject, row: CsvRow): void
}

/** The row-intake step of an input, as the main thread runs it (a guard's refusal is thrown). */
export function intakeFor(input: OpenedInput, options: RecordOptions, names: SourceNames): RowIntake {
  return new RowIntake(intakeSpec(input, options), { names })
}

/** Reads every row of an opened customers/followers input through its intake step into the sink. */
export async function ingestContacts(input: OpenedInput, intake: RowIntake, sink: IngestSink, control: IngestControl = {}): Promise<void> {
  let done = 0
  for await (const { rows, lines } of input.table.batches) {
    throwIfAborted(control.signal)
    done += rows.length
    control.progress?.(input, done)
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!
      const outcome = intake.row(row, lines[i]!)
      if (outcome.ok) {
        sink.record(outcome.record, outcome.role, row)
        if (outcome.suppressed) sink.suppressed?.(outcome.record, outcome.suppressed)
      } else {
        sink.reject(outcome.reject, row)
      }
    }
  }
}

/** Reads a suppression list: each usable row's phones and emails become suppression keys. Returns the entries. */
export async function ingestSuppression(
  input: OpenedInput,
  intake: RowIntake,
  onEntry: (r: ContactRecord) => void,
  onReject: (r: RowReject) => void,
  control: IngestControl = {},
): Promise<number> {
  let entries = 0
  let done = 0
  for await (const { rows, lines } of input.table.batches) {
    throwIfAborted(control.signal)
    done += rows.length
    control.progress?.(input, done)
    for (let i = 0; i < rows.length; i++) {
      const line = lines[i]!
      const outcome = intake.row(rows[i]!, line)
      if (!outcome.ok) {
        onReject(outcome.reject)
        continue
      }
      // A suppression entry is traced to its own line, whatever file the row says it came from.
      onEntry({ ...outcome.record, input: input.index, line })
      entries++
    }
  }
  return entries
}
