// `prepare`: the whole job in one process. Read every input once, resolve people, then one pass over the
// people decides, counts and writes every audience into a temporary folder; the accounting invariant is
// checked before that folder replaces --out (or, with --dry-run, before nothing is written).

import type { AdsPolicy } from '../core/audience.js'
import { GuardError, InputError, throwIfAborted } from '../core/errors.js'
import { buildManifest } from '../core/manifest.js'
import { nextSteps, nextStepsMarkdown } from '../core/next-steps.js'
import { reportHtml } from '../core/report-html.js'
import { shown } from '../core/mask.js'
import type { RowReject } from '../core/model.js'
import type { PeopleIndex, SuppressionList } from '../core/people.js'
import { accountingError, formulaWarning, Tally, type InputSummary, type Report } from '../core/report.js'
import { reportMarkdown } from '../core/report-markdown.js'
import { noCountryHint, smsConsentHint } from '../core/hints.js'
import { OutputFolder, type CsvFileWriter } from '../io/output-folder.js'
import { checkOutDir } from '../io/output-ownership.js'
import { OutputLock } from '../io/output-lock.js'
import type { TableOptions } from '../io/read-table.js'
import type { MappingOverrides } from '../sources/index.js'
import type { PhoneStyle, Target, TargetOptions, TemplateSpec } from '../targets/index.js'
import { applyValueColumn, targetOptionsFor, targetWarnings, type Skipped } from './audiences.js'
import { PeopleRender } from './render-people.js'
import { openInputs, type InputSpec, type OpenedInput, type OpenInputsOptions } from './ingest.js'
import type { ConsentAudit } from './row-intake.js'
import { timeNoteOf, timeWarnings } from '../core/time.js'
import { byContentMessage } from './mapping-resolver.js'
import { REJECTS_HEADER, rejectRows, rejectsByReason, suppressionWarnings } from './rejects.js'
import { segmentsFor } from './segments.js'
import { numericPhoneWarning, workbookSummary } from './workbook-summary.js'
import { collectSamples, type AudienceSample } from './samples.js'
import { checkPreviousDir, shrinkWarnings, writeDeltas } from './deltas.js'
import { openWithPool, resolvePeople, type Resolved } from './resolve.js'
import { blockTransfer, type BlockResult, type OutputBlock, type OutputInit } from './parallel/render-block.js'
import { InOrder } from './parallel/in-order.js'
import type { WorkerPool } from './parallel/pool.js'
import { DEFAULT_TUNING, type Tuning } from './tuning.js'
import { openAudienceWriters, type AudienceWriter } from './write-targets.js'


/** People a target refused (whatsapp-cloud's MISSING_PARAM), one row each, phones masked. */
export const SKIPPED_FILE = 'skipped.csv'
export const SKIPPED_HEADER = ['file', 'person', 'phone', 'reason', 'detail']

export interface PrepareOptions {
  inputs: InputSpec[]
  out: string
  defaultCountry: string
  targets: Target[]
  plain: boolean
  overrides: MappingOverrides
  table: TableOptions
  adsPolicy: AdsPolicy
  whatsappConsentFromSms: boolean
  dryRun: boolean
  maxRejectRate: number | undefined
  phoneStyle: PhoneStyle
  valueColumn: string | undefined
  /** --extern-id: Meta's extern_id from the external_id field. */
  externId: boolean
  /** --template/--lang/--param, for whatsapp-cloud. */
  template: TemplateSpec | null
  /** Ctrl-C: the run stops between batches, writes nothing, and leaves the previous output as it was. */
  signal?: AbortSignal
  /** Progress of each step (UI: spinner or log lines); while reading a file, its bytes read and its size. */
  progress?(label: string, done: number, at?: { bytes: number; total?: number }): void
  /** The clock and the version, for manifest.json (the only file that holds the run's time). */
  now(): Date
  version: string
  /** What manifest.json records as the run's options. */
  manifestOptions: Record<string, unknown>
  /** `--previous DIR`: an earlier output folder; adds/, removes/ and updates/ are written against it. */
  previous?: string
  /** Worker threads for reading big files (0: none). */
  threads?: number
  /** Config file, prompts: how inputs are opened beyond the flags. */
  open?: OpenInputsOptions
  /** Sizes and thresholds of the worker paths (tests lower them). */
  tuning?: Tuning
}

export interface PrepareResult {
  report: Report
  /** Output files with their row counts, in the order written. */
  files: { file: string; rows: number }[]
  written: boolean
  /** The inputs as opened and mapped (for --save-config). */
  inputs: OpenedInput[]
  /** --dry-run: the first rows of each audience, masked (pipeline/samples.ts). */
  samples?: AudienceSample[]
}

function summarizeInput(i: OpenedInput): InputSummary {
  const m = i.mapping
  return {
    file: i.table.name,
    role: i.role,
    format: i.format.id,
    encoding: i.table.encoding,
    delimiter: i.table.delimiter,
    rows: i.table.stats.rows,
    mapping: {
      fields: Object.fromEntries(Object.entries(m.fields).filter(([, v]) => v && v.length > 0)) as Record<string, string[]>,
      consent: { ...m.consent } as Record<string, string>,
      consent_at: { ...m.consentAt } as Record<string, string>,
      fixed_consent: { ...m.fixedConsent } as Record<string, string>,
      ...(m.time ? { time: m.time } : {}),
    },
    ...workbookSummary(i),
  }
}

function warningsFor(o: PrepareOptions, inputs: readonly OpenedInput[], audit: ConsentAudit, included: Record<string, number>, rejects: readonly RowReject[]): string[] {
  const warnings: string[] = [...suppressionWarnings(inputs, rejects)]
  for (const input of inputs) {
    warnings.push(...input.warnings)
    for (const [field, column] of Object.entries(input.mapping.byContent ?? {})) warnings.push(byContentMessage(input.table.name, field as 'email' | 'phone', column!))
    const numeric = numericPhoneWarning(input)
    if (numeric) warnings.push(numeric)
    if (input.role === 'suppress' || input.contact) continue
    const m = input.mapping
    if (Object.keys(m.consent).length === 0 && Object.keys(m.fixedConsent).length === 0) {
      warnings.push(`${input.table.name} has no consent column: its records do not vote on consent; if a column holds consent, pass --consent CHANNEL=COLUMN.`)
    }
  }
  for (const [key, all] of audit) {
    const values = new Map([...all].filter(([v]) => timeNoteOf(v) === undefined))
    warnings.push(...timeWarnings(key, all))
    if (values.size === 0) continue
    const total = [...values.values()].reduce((a, b) => a + b, 0)
    const examples = [...values.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 3)
      // A mis-mapped column can hold personal data: such values are masked.
      .map(([v, c]) => `"${shown(v, 24)}" (${c})`)
      .join(', ')
    warnings.push(`${key} has ${total} value(s) that read as neither yes nor no, e.g. ${examples}: they count as unknown.`)
  }
  if (o.whatsappConsentFromSms) {
    warnings.push('SMS consent was counted as WhatsApp consent (--whatsapp-consent-from sms): make sure the SMS opt-in wording covers messages on WhatsApp from your business.')
  }
  warnings.push(...targetWarnings(o.targets, included))
  return warnings
}

/** What a flag would change that the run does not do by itself (core/hints.ts). */
function hintsFor(o: PrepareOptions, inputs: readonly OpenedInput[], inputPhones: Resolved['inputPhones'], smsWouldAdd: number, outputs: Readonly<Record<string, number>>): string[] {
  const hints: string[] = []
  // One hint for the WhatsApp audiences (whatsapp.csv, whatsapp-cloud.jsonl admit the same people).
  for (const t of o.targets.filter((t) => t.audience === 'whatsapp').slice(0, 1)) {
    const raw = inputs.filter((i) => i.role !== 'suppress' && !i.contact)
    const hint = smsConsentHint({
      inputs: raw.map((i) => ({
        name: i.table.name,
        smsColumn: i.mapping.consent.sms ?? (i.mapping.fixedConsent.sms !== undefined ? `fixed ${i.mapping.fixedConsent.sms}` : undefined),
        hasWhatsapp: i.mapping.consent.whatsapp !== undefined || i.mapping.fixedConsent.whatsapp !== undefined,
      })),
      wouldAdd: smsWouldAdd,
      whatsappRows: outputs[t.file] ?? 0,
      whatsappFile: t.file,
      fromSms: o.whatsappConsentFromSms,
    })
    if (hint) hints.push(hint)
  }
  for (const input of inputs) {
    const figures = inputPhones[input.index]
    const hint = figures ? noCountryHint({ name: input.table.name, refused: figures.phones.NO_COUNTRY ?? 0, countries: figures.countries }) : null
    if (hint) hints.push(hint)
  }
  return hints
}

interface RenderSinks {
  writers: AudienceWriter[] | null
  segmentWriters: AudienceWriter[]
  tally: Tally
  segmentRows: number[]
  onSkipped(s: Skipped): void
  write: boolean
}

/**
 * The output pass on the worker threads: each renders blocks of people from the store's shared memory; the
 * blocks are written here in order, so the files are those of a single-threaded run byte for byte. (--plain
 * stays single-threaded: its check for columns mixing digests and clear values spans all people.)
 */
async function renderInWorkers(pool: WorkerPool, index: PeopleIndex, suppression: SuppressionList, o: PrepareOptions, options: TargetOptions, sinks: RenderSinks): Promise<void> {
  const { store, groups } = index.share()
  const init: OutputInit = { kind: 'output-init', store, groups, suppression: suppression.entries(), targets: o.targets.map((t) => t.id), options, adsPolicy: o.adsPolicy, write: sinks.write }
  await pool.broadcast(init)
  // The Buffers of the blocks written so far, handed back with the next block for the workers' encoders to
  // reuse (giveBlocks): the writers here are the output folder's files, which write a Buffer out before
  // writeEncoded() returns and keep no reference to it.
  let spare: ArrayBuffer[] = []
  const apply = (r: BlockResult) => {
    r.targets.forEach((e, i) => sinks.writers?.[i]!.writeEncoded(e))
    r.segments.forEach((e, i) => {
      sinks.segmentRows[i]! += r.segmentRows[i]!
      sinks.segmentWriters[i]?.writeEncoded(e)
    })
    sinks.tally.merge(r.tally)
    for (const s of r.skipped) sinks.onSkipped(s)
    if (sinks.write) for (const b of blockTransfer(r)) spare.push(b)
  }
  // Two blocks a worker in flight, applied in order (InOrder).
  const order = new InOrder<BlockResult>(pool.size * 2)
  const blockPeople = (o.tuning ?? DEFAULT_TUNING).blockPeople
  for (let from = 0; from < groups.count; from += blockPeople) {
    throwIfAborted(o.signal)
    const to = Math.min(groups.count, from + blockPeople)
    const block: OutputBlock = { kind: 'output-block', from, to }
    const result = pool.run<BlockResult>(block, [], spare)
    spare = []
    await order.add(result, (r) => {
      apply(r)
      o.progress?.(sinks.write ? 'writing audiences (people)' : 'deciding (people)', to)
    })
  }
  await order.drain()
}

/** Yields to the event loop now and then in long synchronous passes, so Ctrl-C is heard. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve))

export async function runPrepare(o: PrepareOptions): Promise<PrepareResult> {
  if (o.previous !== undefined) checkPreviousDir(o.previous, '--previous')
  if (o.dryRun) return prepare(o, null)
  checkOutDir(o.out)
  const lock = OutputLock.acquire(o.out, o.now())
  try {
    return await prepare(o, lock)
  } finally {
    lock.release()
  }
}

async function prepare(o: PrepareOptions, lock: OutputLock | null): Promise<PrepareResult> {
  // One pool of worker threads reads the big inputs and then renders the audiences (started as the inputs are
  // opened: openWithPool).
  const { inputs, pool } = await openWithPool(o.inputs, o.threads ?? 0, o.tuning, () => openInputs(o.inputs, { ...o.table, signal: o.signal }, o.overrides, o.open))
  try {
    if (o.valueColumn !== undefined) applyValueColumn(inputs, o.valueColumn)
    return await prepareWith(o, lock, inputs, pool)
  } finally {
    await pool?.close()
  }
}

async function prepareWith(o: PrepareOptions, lock: OutputLock | null, inputs: OpenedInput[], pool: WorkerPool | null): Promise<PrepareResult> {
  const resolved = await resolvePeople(
    inputs,
    { defaultCountry: o.defaultCountry, whatsappConsentFromSms: o.whatsappConsentFromSms },
    { signal: o.signal, progress: (input, rows) => o.progress?.(`reading ${input.table.name}`, rows, { bytes: input.table.stats.bytes, ...(input.table.size !== undefined ? { total: input.table.size } : {}) }), pool, ...(o.tuning ? { tuning: o.tuning } : {}) },
  )
  const { index, rejects, rowsIn, suppressionRows, names } = resolved

  const rejectRate = rowsIn === 0 ? 0 : rejects.length / rowsIn
  if (o.maxRejectRate !== undefined && rejectRate > o.maxRejectRate) {
    throw new GuardError(
      `${(rejectRate * 100).toFixed(1)}% of input rows were rejected, more than --max-reject-rate ${o.maxRejectRate}; nothing was written. Look at the figures with --dry-run: a renamed column is the usual cause.`,
    )
  }

  // Which raw inputs have a WhatsApp consent column of their own (whatsapp.csv's consent_channel).
  const ownWhatsapp: (boolean | undefined)[] = []
  for (const input of resolved.inputs) if (!input.contact) ownWhatsapp[input.index] = input.mapping.consent.whatsapp !== undefined || input.mapping.fixedConsent.whatsapp !== undefined
  const targetOptions = targetOptionsFor(o, names.all, ownWhatsapp)
  const tally = new Tally(o.targets.map((t) => t.file), o.adsPolicy)
  const segments = segmentsFor(o.targets)
  const segmentRows = segments.map(() => 0)
  const folder = lock ? OutputFolder.create(o.out) : null
  try {
    // Only a run with a target that can refuse people lists them; the others' folders stay as they were.
    const listsSkipped = o.targets.some((t) => t.refuses)
    const skippedCsv: CsvFileWriter | null = folder && listsSkipped ? folder.csv(SKIPPED_FILE, SKIPPED_HEADER) : null
    let skipped = 0
    const onSkipped = (s: Skipped) => {
      skipped++
      skippedCsv?.write([s.file, s.person, s.phone, s.reason, s.detail])
    }
    const writers = folder ? openAudienceWriters(folder, o.targets, targetOptions) : null
    const segmentWriters = folder ? openAudienceWriters(folder, segments.map((s) => s.target), targetOptions) : []
    if (pool && !o.plain && index.recordCount >= (o.tuning ?? DEFAULT_TUNING).parallelMinPeople) {
      await renderInWorkers(pool, index, resolved.suppression, o, targetOptions, { writers, segmentWriters, tally, segmentRows, onSkipped, write: folder !== null })
    } else {
      const render = new PeopleRender(o.targets, targetOptions, o.adsPolicy, segments, { writers, segmentWriters: folder ? segmentWriters : null, onSkipped })
      let done = 0
      for (const p of index.people(resolved.suppression)) {
        if (++done % 8192 === 0) {
          o.progress?.(folder ? 'writing audiences (people)' : 'deciding (people)', done)
          await breathe()
          throwIfAborted(o.signal)
        }
        render.add(p)
      }
      tally.merge(render.tally.result())
      render.segmentRows.forEach((n, i) => (segmentRows[i]! += n))
    }
    for (const w of [...(writers ?? []), ...segmentWriters]) w.close()
    if (skippedCsv) folder!.closeCsv(skippedCsv)
    const t = tally.result()

    const mismatch = accountingError({ rowsIn, rejected: rejects.length, recordsInPeople: t.recordsInPeople, suppressionRows })
    if (mismatch) throw new InputError(mismatch)

    // Deltas are read back from the files just written, against the previous run's (which stays in place
    // until the swap, even when --previous is --out itself).
    const deltas = folder && o.previous !== undefined ? await writeDeltas(o.previous, folder.tmp, folder, { signal: o.signal }) : null

    const outputs: Record<string, number> = { ...t.included }
    segments.forEach((s, i) => (outputs[s.target.file] = segmentRows[i]!))
    outputs['rejects.csv'] = rejects.length
    if (listsSkipped) outputs[SKIPPED_FILE] = skipped
    const suppressionInputs = new Set(inputs.filter((i) => i.role === 'suppress').map((i) => i.index))
    const suppressionRejected = rejects.reduce((a, r) => a + (suppressionInputs.has(r.input) ? 1 : 0), 0)
    const report: Report = {
      inputs: inputs.map(summarizeInput),
      rows_in: rowsIn,
      rows_rejected: rejects.length,
      rejects_by_reason: rejectsByReason(rejects),
      contact_rows_in: resolved.contactRows,
      contact_rows_rejected: rejects.length - suppressionRejected,
      records: index.recordCount,
      people: t.people,
      duplicates_merged: index.recordCount - t.people,
      followers: t.followers,
      customers: t.customers,
      consent: {
        ...t.consent,
        conflicts: t.conflicts,
        ads_policy: o.adsPolicy,
        ads_admitted: t.adsAdmitted,
        ads_admitted_without_ads_consent: t.adsAdmittedWithoutAds,
        whatsapp_consent_from: o.whatsappConsentFromSms ? 'sms' : 'whatsapp',
      },
      suppression: { entries: suppressionRows, people: t.suppressedPeople, rows: resolved.suppressionRowsIn, rejected: suppressionRejected },
      phones: resolved.phones,
      phones_on_kept_rows: resolved.keptBadPhones,
      formula_cells_emptied: resolved.emptied,
      outputs,
      excluded: t.excluded,
      people_by: t.breakdown,
      coverage: t.coverage,
      warnings: warningsFor(o, inputs, resolved.audit, t.included, rejects),
      hints: hintsFor(o, inputs, resolved.inputPhones, t.smsOnlyWhatsappEligible, outputs),
      ...(deltas ? { deltas: { previous: o.previous!, files: deltas } } : {}),
    }
    const formulas = formulaWarning(resolved.emptied)
    if (formulas) report.warnings.push(formulas)
    if (deltas) report.warnings.push(...shrinkWarnings(deltas, o.previous!))
    if (!folder && o.previous !== undefined) report.warnings.push('--previous is not compared in a --dry-run: the deltas are computed from the files a run writes.')
    const files = Object.entries(outputs).map(([file, rows]) => ({ file, rows }))
    if (!folder) return { report, files, written: false, inputs, samples: collectSamples(index, resolved.suppression, o.targets, segments, targetOptions, o.adsPolicy) }

    const rw = folder.csv('rejects.csv', REJECTS_HEADER)
    for (const row of rejectRows(rejects, names)) rw.write(row)
    folder.closeCsv(rw)
    folder.text('report.json', JSON.stringify(report, null, 2) + '\n')
    const steps = { hashed: !o.plain }
    folder.text('report.md', reportMarkdown(report) + '\n' + nextStepsMarkdown(nextSteps(report, steps)))
    folder.text('report.html', reportHtml(report, steps))
    // The manifest is written last: it lists every other file with its SHA-256.
    const manifest = buildManifest({
      version: o.version,
      command: 'prepare',
      created_at: o.now().toISOString(),
      options: o.manifestOptions,
      inputs: inputs.map((i) => ({ file: i.table.name, role: i.role, format: i.format.id, bytes: i.table.stats.bytes, rows: i.table.stats.rows, sha256: i.table.stats.sha256 })),
      outputs: folder.written.map((f) => ({ file: f.file, rows: f.rows, bytes: f.bytes, sha256: f.sha256 })),
    })
    folder.text('manifest.json', JSON.stringify(manifest, null, 2) + '\n')
    throwIfAborted(o.signal)
    await folder.commit()
    return { report, files, written: true, inputs }
  } catch (e) {
    await folder?.abort()
    throw e
  }
}
