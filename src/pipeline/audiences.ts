// The one step `prepare` and `export` share for every person: decide each target's audience (consent.md, "Who
// goes into which output"), ask the target for the person's entries, write them, and say why a person was
// kept out. Sharing this step (and its set-up: --value-column, the target warnings) is what makes
// `export --target T` write exactly the bytes `prepare --targets T` writes.

import { adsDecision, whatsappDecision, type AdsPolicy, type Decision } from '../core/audience.js'
import { InputError } from '../core/errors.js'
import { HashMixTracker } from '../core/hashed-values.js'
import { maskPhone, shown } from '../core/mask.js'
import { personId, type Person } from '../core/people.js'
import { headerName } from '../sources/index.js'
import { isRefusal, type Column, type Refusal, type Target, type TargetOptions } from '../targets/index.js'
import type { OpenedInput } from './ingest.js'
import type { AudienceWriter } from './write-targets.js'

/** Meta advises against customer lists under 100 people (targets.md). */
export const META_MINIMUM = 100

/** A person a target refused (whatsapp-cloud's MISSING_PARAM), as listed for the user: never raw data. */
export interface Skipped {
  file: string
  person: string
  /** The person's WhatsApp number, masked. */
  phone: string
  reason: Refusal['refused']
  detail: string
}

/** Decides, asks and writes; `writers` is null for a dry run (refusals are still found and counted). */
export class AudienceStep {
  private readonly mix = new HashMixTracker()
  /** Per target, the CSV columns --plain checks (null when it does not apply). */
  private readonly plainColumns: ReadonlyArray<readonly Column[] | null>
  private people = 0
  /** The entries each target got for the last person (null where it was kept out): segments reuse them. */
  readonly last: Array<readonly unknown[] | null>

  constructor(
    private readonly targets: readonly Target[],
    private readonly options: TargetOptions,
    private readonly adsPolicy: AdsPolicy,
    private readonly writers: readonly AudienceWriter[] | null,
    private readonly onSkipped: (s: Skipped) => void = () => {},
  ) {
    this.last = targets.map(() => null)
    this.plainColumns = targets.map((t) => (options.plain && t.format === 'csv' ? t.columns(options) : null))
  }

  /** The person's decision for each target, in the targets' order (what the report's Tally counts). */
  add(p: Person): Decision[] {
    this.people++
    // Sized once (an array grown by push from empty is reallocated as it grows, once a person per target).
    const n = this.targets.length
    const decisions = new Array<Decision>(n)
    for (let i = 0; i < n; i++) decisions[i] = this.addTo(i, p)
    return decisions
  }

  /**
   * The person's audience decision for target `t`. A method, not a closure made per step: the output pass makes
   * a step per block of people, and each new closure was a new call target in addTo's optimized code (V8 threw
   * it away at each worker's second block: --trace-deopt, "wrong call target").
   */
  private decide(t: Target, p: Person): Decision {
    return t.audience === 'whatsapp' ? whatsappDecision(p) : adsDecision(p, this.adsPolicy)
  }

  private addTo(i: number, p: Person): Decision {
    const t = this.targets[i]!
    this.last[i] = null
    const d = this.decide(t, p)
    if (!d.ok) return d
    const entries = t.rows(p, this.options)
    if (isRefusal(entries)) {
      const phone = p.phones.find((ph) => ph.whatsapp) ?? p.phones[0]
      // prepare does not compute person ids (a SHA-256 each); a refused person's is computed here, the same
      // id dedupe and join write, so the list can be matched against their outputs.
      this.onSkipped({ file: t.file, person: p.id || personId(p.phones, p.emails), phone: phone ? maskPhone(phone.e164) : '', reason: entries.refused, detail: entries.detail })
      return { ok: false, reason: entries.refused }
    }
    const columns = this.plainColumns[i]
    if (columns) this.checkPlain(t.file, columns, entries as string[][])
    this.writers?.[i]!.write(entries)
    this.last[i] = entries
    return d
  }

  /**
   * With --plain, a hashed column that would hold clear values beside digests passed through from the input
   * is refused: Ads Manager hashes the clear ones and not the digests only if the column is all one or the
   * other. (Without --plain every value of such a column is a digest, which is consistent.)
   */
  private checkPlain(file: string, columns: readonly Column[], rows: readonly string[][]): void {
    for (const row of rows) {
      columns.forEach((c, i) => {
        if (!c.hashed) return
        if (this.mix.see(`${file}\u0000${i}`, row[i] ?? '', this.people)) {
          throw new InputError(
            `${file} column "${c.name}": some values arrive already SHA-256 hashed from the input while others would be written in clear with --plain, and a platform cannot match such a column; drop --plain (the hashed file is consistent) or give unhashed inputs.`,
            { file },
          )
        }
      })
    }
  }

  close(): void {
    for (const w of this.writers ?? []) w.close()
  }
}

/**
 * `--value-column`: maps the named column (e.g. Shopify `Total Spent`) to the value field of every raw input
 * that has it. A contact CSV carries the value in wa_value already (from the command that wrote it).
 */
export function applyValueColumn(inputs: readonly OpenedInput[], column: string): void {
  let found = false
  for (const i of inputs) {
    const name = headerName(i.table.header, column)
    if (name === undefined || i.contact) continue
    i.mapping.fields.value = [name]
    i.layout.fields.value = i.table.header.indexOf(name)
    found = true
  }
  if (!found && !inputs.some((i) => i.contact)) {
    const names = inputs.map((i) => i.table.name).join(', ')
    throw new InputError(`No input has a column named "${shown(column)}" (given with --value-column); check the spelling against the headers of ${names}.`, {
      file: inputs[0]?.table.name,
      line: 1,
    })
  }
}

/** Warnings about the audiences themselves, given how many people each admitted. */
export function targetWarnings(targets: readonly Target[], included: Readonly<Record<string, number>>): string[] {
  const warnings: string[] = []
  for (const t of targets) {
    const n = included[t.file] ?? 0
    if ((t.id === 'meta' || t.id === 'meta-api') && n < META_MINIMUM) {
      warnings.push(`${t.file} has ${n} people; Meta advises at least ${META_MINIMUM} for a custom audience to be usable.`)
    }
  }
  return warnings
}

/** The target options of a run: the same settings give prepare and export the same bytes. */
export function targetOptionsFor(
  o: { plain: boolean; phoneStyle: TargetOptions['phoneStyle']; valueColumn: string | undefined; externId: boolean; template: TargetOptions['template']; whatsappConsentFromSms?: boolean },
  inputNames: readonly string[],
  whatsappColumnInputs?: readonly (boolean | undefined)[],
): TargetOptions {
  return {
    plain: o.plain,
    inputNames,
    phoneStyle: o.phoneStyle,
    withValue: o.valueColumn !== undefined,
    externId: o.externId,
    template: o.template,
    ...(o.whatsappConsentFromSms ? { whatsappConsentFromSms: true } : {}),
    ...(whatsappColumnInputs ? { whatsappColumnInputs } : {}),
  }
}
