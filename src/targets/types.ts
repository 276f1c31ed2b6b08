// What a target (one upload format) is: a name, the audience it draws from, the shape of its output and the
// entries of one person. Targets are pure: they receive people and options and return cells, JSON values or
// a refusal; writing bytes is the pipeline's job (pipeline/write-targets.ts), so a target never touches I/O.

import type { Person } from '../core/people.js'

/** `--phone-style` of whatsapp.csv. */
export type PhoneStyle = 'e164' | 'digits' | 'twilio' | 'split'
export const PHONE_STYLES: readonly PhoneStyle[] = ['e164', 'digits', 'twilio', 'split']

/** `--template NAME --lang CODE --param FIELD…` of whatsapp-cloud.jsonl. */
export interface TemplateSpec {
  name: string
  lang: string
  /** Person fields whose values fill the body's {{1}}, {{2}}, … in order. */
  params: readonly string[]
}

export interface TargetOptions {
  /** `--plain`: write ad-platform values normalized but unhashed (for Ads Manager's in-browser hashing). */
  plain: boolean
  /** How each input is named in consent_source (`file:line`), indexed like the run's inputs. */
  inputNames: readonly string[]
  /** `--phone-style` of whatsapp.csv. */
  phoneStyle: PhoneStyle
  /** Write Meta's `value` column from the mapped value field (`--value-column`). */
  withValue: boolean
  /** `--extern-id`: write Meta's `extern_id` from the person's external_id field (e.g. Shopify `Customer ID`). */
  externId?: boolean
  /** whatsapp-cloud only; required by that target (checked by the command). */
  template?: TemplateSpec | null
  /** `--whatsapp-consent-from sms`: SMS consent may have let a person into whatsapp.csv (its consent_channel). */
  whatsappConsentFromSms?: boolean
  /** Per input (indexed like inputNames): true when it has a WhatsApp consent column of its own, false when it
   * has none (its WhatsApp votes can only be SMS ones), absent when unknown (an earlier run's source). */
  whatsappColumnInputs?: readonly (boolean | undefined)[]
}

/** Why a target could not carry a person its audience admitted; counted in the report's `excluded`. */
export interface Refusal {
  refused: 'MISSING_PARAM'
  /** Names what is missing; never holds personal data. */
  detail: string
}

/** One person's entries in a target: rows (possibly none), or a refusal. */
export type PersonEntries<R> = R[] | Refusal

export function isRefusal<R>(e: PersonEntries<R>): e is Refusal {
  return !Array.isArray(e)
}

/** A column of a CSV target; `hashed` columns carry SHA-256 values unless --plain. */
export interface Column {
  name: string
  /** Written through hashedCell()/sharedHashedCell() (targets/normalize.ts): without --plain every cell is
   * '' or a SHA-256 hex digest, which the CSV encoder writes without testing it for quotes. */
  hashed: boolean
}

interface TargetBase {
  /** The name used with --targets / --target. */
  id: string
  /** The file (or, ending in `/`, the folder) written into the output folder. */
  file: string
  /** Which consent decision admits a person: WhatsApp consent, or the --ads-consent policy. */
  audience: 'whatsapp' | 'ads'
  /** One line for --help. */
  summary: string
  /** True when the target can refuse a person its audience admitted (see Refusal). */
  refuses?: boolean
}

/** A CSV file with a header row. */
export interface CsvTarget extends TargetBase {
  format: 'csv'
  columns(o: TargetOptions): Column[]
  rows(p: Person, o: TargetOptions): PersonEntries<string[]>
}

/** One JSON value per line (JSON Lines). */
export interface JsonLinesTarget extends TargetBase {
  format: 'jsonl'
  rows(p: Person, o: TargetOptions): PersonEntries<unknown>
}

/** A folder of `{"schema": [...], "data": [[...], ...]}` files of at most `batchSize` rows each. */
export interface JsonBatchTarget extends TargetBase {
  format: 'json-batches'
  batchSize: number
  /** The name of batch `n` (1-based) inside the folder. */
  batchFile(n: number): string
  schema(o: TargetOptions): string[]
  rows(p: Person, o: TargetOptions): PersonEntries<Array<string | number>>
}

export type Target = CsvTarget | JsonLinesTarget | JsonBatchTarget

/** Per column of a CSV target, whether its cells are '' or SHA-256 digests (hashed, without --plain). */
export function digestColumns(t: CsvTarget, o: TargetOptions): boolean[] | null {
  return o.plain ? null : t.columns(o).map((c) => c.hashed)
}

/** The header row of a CSV target. */
export function header(t: CsvTarget, o: TargetOptions): string[] {
  return t.columns(o).map((c) => c.name)
}
