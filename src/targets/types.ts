// What a target (one upload format) is: a file name, the audience it draws from, a header and the rows of
// one person. Targets are pure: they receive people and options, and return string cells.

import type { Person } from '../core/people.js'

export interface TargetOptions {
  /** `--plain`: write ad-platform values normalized but unhashed (for Ads Manager's in-browser hashing). */
  plain: boolean
  /** How each input is named in consent_source (`file:line`), indexed like the run's inputs. */
  inputNames: readonly string[]
  /** `--phone-style` of whatsapp.csv. */
  phoneStyle: 'e164' | 'digits'
  /** Write Meta's `value` column from the mapped value field (`--value-column`). */
  withValue: boolean
}

export interface Target {
  /** The name used with --targets: `whatsapp`, `meta`. */
  id: string
  /** The file written into the output folder. */
  file: string
  /** Which consent decision admits a person: WhatsApp consent, or the --ads-consent policy. */
  audience: 'whatsapp' | 'ads'
  header(o: TargetOptions): string[]
  rows(p: Person, o: TargetOptions): string[][]
}
