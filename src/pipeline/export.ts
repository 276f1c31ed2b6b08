// `export`: one target's file from one contact CSV or raw export. What `prepare` does for its targets, for
// one target and one input: the same consent decisions (AudienceStep) and the same writers, so that
// `export --target T` on a `join` or `dedupe` output writes exactly the bytes `prepare --targets T` writes.
//
// A person-level CSV (join, dedupe) is streamed: each row is a person already (read by the row-intake step), so nothing is
// held in memory. A record-level CSV (normalize) or a raw export is resolved into people like prepare does
// (openInputs + resolvePeople).

import path from 'node:path'
import type { AdsPolicy } from '../core/audience.js'
import { SourceNames } from '../core/contact-csv.js'
import { throwIfAborted, UsageError } from '../core/errors.js'
import type { RowReject } from '../core/model.js'
import { emailKey, type Person, type SuppressionList } from '../core/people.js'
import { bump, formulaWarning, sortedCounts } from '../core/report.js'
import { OutputFolder } from '../io/output-folder.js'
import { fileStartsWith, type OwnedTest } from '../io/output-ownership.js'
import type { TableOptions } from '../io/read-table.js'
import { openSingleOutput, type SingleOutput } from '../io/single-output.js'
import type { MappingOverrides } from '../sources/index.js'
import type { PhoneStyle, Target, TemplateSpec } from '../targets/index.js'
import { applyValueColumn, targetOptionsFor, targetWarnings, type Skipped } from './audiences.js'
import { PeopleRender } from './render-people.js'
import { intakeFor, openInputs, type InputSpec, type OpenedInput, type OpenInputsOptions } from './ingest.js'
import { suppressionWarnings } from './rejects.js'
import type { WorkerPool } from './parallel/pool.js'
import { openWithPool, resolvePeople, type Resolved } from './resolve.js'
import { openAudienceWriter } from './write-targets.js'
import type { Tuning } from './tuning.js'

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
  /** The --config file: how inputs are opened beyond the flags. */
  open?: OpenInputsOptions
  /** Sizes and thresholds of the worker path (tests lower them). */
  tuning?: Tuning
  /** Where the target's bytes go without -o (process.stdout by default). */
  stdout?: NodeJS.WritableStream
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

/**
 * A batch folder written by export holds nothing but batch files (an uploader reads every file in it, so it has
 * no manifest): such a folder may be replaced. Each must be a regular file named as ours and starting as our
 * payloads do; a folder holding anything else is a user's.
 */
const onlyBatches: OwnedTest = (dir, entries) => entries.every((e) => /^batch-\d{4,}\.json$/.test(e) && fileStartsWith(path.join(dir, e), '{"schema":'))

/** Where the target's bytes go; batch targets write a folder with -o, their payloads one per line to stdout. */
function openPlace(o: ExportOptions): SingleOutput {
  if (o.out !== undefined && o.target.format === 'json-batches') {
    // meta-api with -o: a folder of batch files, replaced atomically like prepare's output folder.
    const folder = OutputFolder.create(o.out, onlyBatches)
    return { place: folder, name: '', closed: false, drain: async () => {}, commit: () => folder.commit(), abort: () => folder.abort() }
  }
  const out = openSingleOutput(o.out, o.stdout)
  // Writers name their file inside the place; stdout and a single file ignore it.
  return Object.assign(out, { name: o.target.file })
}

/** Streams the people of a person-level CSV, read by its intake step, each looked up in the suppression lists. */
async function* personRows(input: OpenedInput, names: SourceNames, suppression: SuppressionList, rejects: RowReject[], emptied: Record<string, number>): AsyncGenerator<Person> {
  const intake = intakeFor(input, { defaultCountry: '', whatsappConsentFromSms: false }, names)
  for await (const { rows, lines } of input.table.batches) {
    for (let i = 0; i < rows.length; i++) {
      const outcome = intake.row(rows[i]!, lines[i]!)
      if (!outcome.ok) {
        rejects.push(outcome.reject)
        continue
      }
      const p = outcome.person!
      if (outcome.emptied) for (const f of outcome.emptied) bump(emptied, f)
      p.suppressed ??= suppression.find([...p.phones.map((ph) => ph.key), ...p.emails.map(emailKey)])
      yield p
    }
  }
}

export async function runExport(o: ExportOptions): Promise<ExportResult> {
  const specs: InputSpec[] = [{ path: o.input, role: 'customers', roleFromData: true }, ...o.suppress.map((path) => ({ path, role: 'suppress' as const }))]
  if (specs.filter((s) => s.path === '-').length > 1) throw new UsageError('Only one input can be read from stdin (-); give the others as files.')
  // The worker pool reads a big export: started as the inputs are opened (openWithPool), closed once read.
  const { inputs, pool } = await openWithPool(specs, o.threads ?? 0, o.tuning, () => openInputs(specs, { ...o.table, signal: o.signal }, o.overrides, o.open))
  try {
    return await exportPeople(o, inputs, pool)
  } finally {
    await pool?.close()
  }
}

async function exportPeople(o: ExportOptions, inputs: OpenedInput[], pool: WorkerPool | null): Promise<ExportResult> {
  if (o.valueColumn !== undefined) applyValueColumn(inputs, o.valueColumn)
  const main = inputs[0]!
  const recordOptions = { defaultCountry: o.defaultCountry, whatsappConsentFromSms: o.whatsappConsentFromSms }

  const out = openPlace(o)
  try {
    // Suppression lists are loaded first; the person stream (or the resolved people) is then one pass.
    const emptied: Record<string, number> = {}
    let people: AsyncIterable<Person> | Iterable<Person>
    let names: SourceNames
    let rejects: RowReject[]
    if (main.contact === 'person') {
      const lists = await resolvePeople(inputs.slice(1), recordOptions, { signal: o.signal })
      names = new SourceNames(inputs.map((i) => i.table.name))
      rejects = [...lists.rejects]
      people = personRows(main, names, lists.suppression, rejects, emptied)
    } else {
      let resolved: Resolved
      try {
        resolved = await resolvePeople(inputs, recordOptions, { signal: o.signal, pool, ...(o.tuning ? { tuning: o.tuning } : {}) })
      } finally {
        // The people are rendered here, on the main thread: the workers are done.
        await pool?.close()
      }
      names = resolved.names
      rejects = resolved.rejects
      people = resolved.index.people(resolved.suppression)
      Object.assign(emptied, resolved.emptied)
    }

    const options = targetOptionsFor(o, names.all)
    const skipped: Skipped[] = []
    const writer = openAudienceWriter(out.place, o.target, options, out.name)
    // The per-person output step prepare runs, for one target and no segments.
    const render = new PeopleRender([o.target], options, o.adsPolicy, [], { writers: [writer], segmentWriters: null, onSkipped: (s) => skipped.push(s) })
    let stoppedEarly = false
    let done = 0
    for await (const p of people) {
      if (++done % 8192 === 0) {
        // A person-level CSV yields to the event loop as it reads; resolved people come from a synchronous
        // pass, so it breathes now and then for Ctrl-C to be heard.
        await new Promise<void>((resolve) => setImmediate(resolve))
        throwIfAborted(o.signal)
      }
      render.add(p)
      await out.drain()
      if (out.closed) {
        stoppedEarly = true
        break
      }
    }
    writer.close()
    await out.commit()

    const t = render.tally.result()
    const rejectsByReason: Record<string, number> = {}
    // The figures are the main input's; a suppression list's unusable rows do not change what was exported.
    for (const r of rejects) if (r.input === main.index) bump(rejectsByReason, r.reason)
    const warnings = [...suppressionWarnings(inputs, rejects), ...targetWarnings([o.target], t.included)]
    const formulas = formulaWarning(emptied)
    if (formulas) warnings.push(formulas)
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
