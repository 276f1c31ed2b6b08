// `export`: one target's file from one contact CSV or raw export. What `prepare` does for its targets, for
// one target and one input: the same consent decisions (AudienceStep) and the same writers, so that
// `export --target T` on a `join` or `dedupe` output writes exactly the bytes `prepare --targets T` writes.
//
// A person-level CSV (join, dedupe) is streamed: each row is a person already (readPersonRow), so nothing is
// held in memory. A record-level CSV (normalize) or a raw export is resolved into people like prepare does
// (openInputs + resolvePeople).

import type { AdsPolicy } from '../core/audience.js'
import { readPersonRow, SourceNames } from '../core/contact-csv.js'
import { throwIfAborted, UsageError } from '../core/errors.js'
import type { RowReject } from '../core/model.js'
import { emailKey, type Person, type SuppressionList } from '../core/people.js'
import { bump, sortedCounts, Tally } from '../core/report.js'
import { OutputFolder } from '../io/output-folder.js'
import type { TableOptions } from '../io/read-table.js'
import { openSingleOutput, type SingleOutput } from '../io/single-output.js'
import type { MappingOverrides } from '../sources/index.js'
import type { PhoneStyle, Target, TemplateSpec } from '../targets/index.js'
import { applyValueColumn, AudienceStep, targetOptionsFor, targetWarnings, type Skipped } from './audiences.js'
import { guardHashedColumns } from './hashed-columns.js'
import { malformed, openInputs, type InputSpec, type OpenedInput } from './ingest.js'
import { suppressionWarnings } from './rejects.js'
import { resolvePeople } from './resolve.js'
import { openAudienceWriter } from './write-targets.js'

export interface ExportOptions {
  /** The contact CSV or export; `-` for stdin. */
  input: string
  suppress: string[]
  target: Target
  /** -o: a file (a folder for a batch target); undefined writes stdout. */
  out: string | undefined
  defaultCountry: string
  overrides: MappingOverrides
  table: TableOptions
  adsPolicy: AdsPolicy
  whatsappConsentFromSms: boolean
  plain: boolean
  phoneStyle: PhoneStyle
  valueColumn: string | undefined
  externId: boolean
  template: TemplateSpec | null
  /** Ctrl-C: the run stops between batches of people; -o leaves the previous file as it was. */
  signal?: AbortSignal
  /** Worker threads for reading big files (0: none). */
  threads?: number
}

export interface ExportResult {
  /** How the input was read: `person` / `record` (a contact CSV) or the detected source format. */
  format: string
  rowsIn: number
  rejectsByReason: Record<string, number>
  people: number
  /** People written to the target. */
  included: number
  /** People kept out, by reason. */
  excluded: Record<string, number>
  /** People the target refused, in order (listed masked by the command). */
  skipped: Skipped[]
  warnings: string[]
  /** The reader closed stdout before the end (`| head`): not an error, but the file is incomplete. */
  stoppedEarly: boolean
}

/** A batch folder written by export holds only batch files: such a folder may be replaced. */
const onlyBatches = (entries: readonly string[]) => entries.every((e) => /^batch-\d{4,}\.json$/.test(e))

/** Where the target's bytes go; batch targets write a folder with -o, their payloads one per line to stdout. */
function openPlace(o: ExportOptions): SingleOutput {
  if (o.out !== undefined && o.target.format === 'json-batches') {
    // meta-api with -o: a folder of batch files, replaced atomically like prepare's output folder.
    const folder = OutputFolder.create(o.out, onlyBatches)
    return { place: folder, name: '', closed: false, drain: async () => {}, commit: () => folder.commit(), abort: () => folder.abort() }
  }
  const out = openSingleOutput(o.out)
  // Writers name their file inside the place; stdout and a single file ignore it.
  return Object.assign(out, { name: o.target.file })
}

/** Streams the people of a person-level CSV, each looked up in the suppression lists. */
async function* personRows(input: OpenedInput, names: SourceNames, suppression: SuppressionList, rejects: RowReject[]): AsyncGenerator<Person> {
  const header = input.table.header
  for await (const { rows, lines } of input.table.batches) {
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!
      const line = lines[i]!
      const bad = malformed(row, header, input.index, line)
      if (bad) {
        rejects.push(bad)
        continue
      }
      const p = readPersonRow(row, input.contactLayout, names)
      if (p.phones.length === 0 && p.emails.length === 0) {
        rejects.push({ input: input.index, line, reason: 'NO_IDENTIFIER', detail: 'person row without wa_phones or wa_emails' })
        continue
      }
      p.suppressed ??= suppression.find([...p.phones.map((ph) => ph.key), ...p.emails.map(emailKey)])
      yield p
    }
  }
}

export async function runExport(o: ExportOptions): Promise<ExportResult> {
  const specs: InputSpec[] = [{ path: o.input, role: 'customers', roleFromData: true }, ...o.suppress.map((path) => ({ path, role: 'suppress' as const }))]
  if (specs.filter((s) => s.path === '-').length > 1) throw new UsageError('Only one input can be read from stdin (-); give the others as files.')
  const inputs = await openInputs(specs, { ...o.table, signal: o.signal }, o.overrides)
  if (o.valueColumn !== undefined) applyValueColumn(inputs, o.valueColumn)
  guardHashedColumns(inputs)
  const main = inputs[0]!
  const recordOptions = { defaultCountry: o.defaultCountry, whatsappConsentFromSms: o.whatsappConsentFromSms }

  const out = openPlace(o)
  try {
    // Suppression lists are loaded first; the person stream (or the resolved people) is then one pass.
    let people: AsyncIterable<Person> | Iterable<Person>
    let names: SourceNames
    let rejects: RowReject[]
    if (main.contact === 'person') {
      const lists = await resolvePeople(inputs.slice(1), recordOptions, { signal: o.signal })
      names = new SourceNames(inputs.map((i) => i.table.name))
      rejects = [...lists.rejects]
      people = personRows(main, names, lists.suppression, rejects)
    } else {
      const resolved = await resolvePeople(inputs, recordOptions, { signal: o.signal, threads: o.threads ?? 0 })
      names = resolved.names
      rejects = resolved.rejects
      people = resolved.index.people(resolved.suppression)
    }

    const options = targetOptionsFor(o, names.all)
    const skipped: Skipped[] = []
    const step = new AudienceStep([o.target], options, o.adsPolicy, [openAudienceWriter(out.place, o.target, options, out.name)], (s) => skipped.push(s))
    const tally = new Tally([o.target.file])
    let stoppedEarly = false
    let done = 0
    for await (const p of people) {
      if (++done % 8192 === 0) {
        // A person-level CSV yields to the event loop as it reads; resolved people come from a synchronous
        // pass, so it breathes now and then for Ctrl-C to be heard.
        await new Promise<void>((resolve) => setImmediate(resolve))
        throwIfAborted(o.signal)
      }
      tally.add(p, step.add(p))
      await out.drain()
      if (out.closed) {
        stoppedEarly = true
        break
      }
    }
    step.close()
    await out.commit()

    const t = tally.result()
    const rejectsByReason: Record<string, number> = {}
    // The figures are the main input's; a suppression list's unusable rows do not change what was exported.
    for (const r of rejects) if (r.input === main.index) bump(rejectsByReason, r.reason)
    const warnings = [...suppressionWarnings(inputs, rejects), ...targetWarnings([o.target], t.included)]
    if (o.whatsappConsentFromSms) {
      warnings.push('SMS consent was counted as WhatsApp consent (--whatsapp-consent-from sms): make sure the SMS opt-in wording covers messages on WhatsApp from your business.')
    }
    return {
      format: main.contact ?? main.format.id,
      rowsIn: main.table.stats.rows,
      rejectsByReason: sortedCounts(rejectsByReason),
      people: t.people,
      included: t.included[o.target.file] ?? 0,
      excluded: t.excluded[o.target.file] ?? {},
      skipped,
      warnings,
      stoppedEarly,
    }
  } catch (e) {
    await out.abort()
    throw e
  }
}
