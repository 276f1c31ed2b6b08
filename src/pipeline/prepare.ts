// `prepare`: the whole job in one process. Ingest every input, resolve people, apply consent and the
// audience policies, count everything, check the accounting invariant, and only then write the output
// folder atomically (or, with --dry-run, nothing).

import { adsDecision, whatsappDecision, type AdsPolicy, type Decision } from '../core/audience.js'
import { GuardError, InputError } from '../core/errors.js'
import { maskValue } from '../core/mask.js'
import type { ContactRecord, RowReject } from '../core/model.js'
import { emailKey, PeopleIndex, SuppressionList, type Person } from '../core/people.js'
import type { RecordOptions } from '../core/record.js'
import { accountingError, bump, reportMarkdown, sortedCounts, tallyPeople, type InputSummary, type Report } from '../core/report.js'
import { OutputFolder, checkOutDir } from '../io/output-folder.js'
import type { TableOptions } from '../io/read-table.js'
import { headerName, type MappingOverrides } from '../sources/index.js'
import type { Target, TargetOptions } from '../targets/index.js'
import { ingestContacts, ingestSuppression, openInputs, type ConsentAudit, type InputSpec, type OpenedInput, type OpenInputsOptions } from './ingest.js'

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
  phoneStyle: 'e164' | 'digits'
  valueColumn: string | undefined
  /** Config file, prompts: how inputs are opened beyond the flags. */
  open?: OpenInputsOptions
}

export interface PrepareResult {
  report: Report
  /** Output files with their row counts, in the order written. */
  files: { file: string; rows: number }[]
  written: boolean
  /** The inputs as opened and mapped (for --save-config). */
  inputs: OpenedInput[]
}

/** Meta advises against customer lists under 100 people (targets.md). */
const META_MINIMUM = 100

interface Ingested {
  index: PeopleIndex
  suppression: SuppressionList
  rejects: RowReject[]
  audit: ConsentAudit
  phones: Record<string, number>
  rowsIn: number
  suppressionRows: number
}

async function ingestAll(inputs: readonly OpenedInput[], options: RecordOptions): Promise<Ingested> {
  const index = new PeopleIndex(inputs.map((i) => i.role))
  const suppression = new SuppressionList()
  const rejects: RowReject[] = []
  const audit: ConsentAudit = new Map()
  const phones: Record<string, number> = {}
  let rowsIn = 0
  let suppressionRows = 0
  for (const input of inputs) {
    if (input.role === 'suppress') {
      suppressionRows += await ingestSuppression(
        input,
        options,
        (r) => {
          const where = { input: r.input, line: r.line }
          for (const p of r.phones) suppression.add(p.key, where)
          for (const e of r.emails) suppression.add(emailKey(e), where)
        },
        (r) => rejects.push(r),
      )
    } else {
      const sink = { record: (r: ContactRecord) => index.add(r), reject: (r: RowReject) => rejects.push(r), phone: (status: string) => bump(phones, status) }
      await ingestContacts(input, options, sink, audit)
    }
    rowsIn += input.table.stats.rows
  }
  return { index, suppression, rejects, audit, phones: sortedCounts(phones), rowsIn, suppressionRows }
}

/** `--value-column`: maps the named column (e.g. Shopify `Total Spent`) to the value field of every input that has it. */
function applyValueColumn(inputs: readonly OpenedInput[], column: string): void {
  let found = false
  for (const i of inputs) {
    const name = headerName(i.table.header, column)
    if (name === undefined) continue
    i.mapping.fields.value = [name]
    i.layout.fields.value = i.table.header.indexOf(name)
    found = true
  }
  if (!found) {
    const names = inputs.map((i) => i.table.name).join(', ')
    throw new InputError(`No input has a column named "${column}" (given with --value-column); check the spelling against the headers of ${names}.`, {
      file: inputs[0]?.table.name,
      line: 1,
    })
  }
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
  }
}

function warningsFor(o: PrepareOptions, inputs: readonly OpenedInput[], audit: ConsentAudit, included: Record<string, number>): string[] {
  const warnings: string[] = []
  for (const input of inputs) {
    warnings.push(...input.warnings)
    if (input.role === 'suppress') continue
    const m = input.mapping
    if (Object.keys(m.consent).length === 0 && Object.keys(m.fixedConsent).length === 0) {
      warnings.push(`${input.table.name} has no consent column: its records do not vote on consent; if a column holds consent, pass --consent CHANNEL=COLUMN.`)
    }
  }
  for (const [key, values] of audit) {
    const total = [...values.values()].reduce((a, b) => a + b, 0)
    const examples = [...values.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 3)
      // A mis-mapped column can hold personal data: such values are masked.
      .map(([v, c]) => `"${/@|\d{5}/.test(v) ? maskValue(v) : v.slice(0, 24)}" (${c})`)
      .join(', ')
    warnings.push(`${key} has ${total} value(s) that read as neither yes nor no, e.g. ${examples}: they count as unknown.`)
  }
  if (o.whatsappConsentFromSms) {
    warnings.push('SMS consent was counted as WhatsApp consent (--whatsapp-consent-from sms): make sure the SMS opt-in wording covers messages on WhatsApp from your business.')
  }
  for (const t of o.targets) {
    if (t.id === 'meta' && included[t.file]! < META_MINIMUM) {
      warnings.push(`${t.file} has ${included[t.file]} people; Meta advises at least ${META_MINIMUM} for a custom audience to be usable.`)
    }
  }
  return warnings
}

export async function runPrepare(o: PrepareOptions): Promise<PrepareResult> {
  if (!o.dryRun) checkOutDir(o.out)
  const inputs = await openInputs(o.inputs, o.table, o.overrides, o.open)
  if (o.valueColumn !== undefined) applyValueColumn(inputs, o.valueColumn)
  const names = inputs.map((i) => i.table.name)

  const ingested = await ingestAll(inputs, { defaultCountry: o.defaultCountry, whatsappConsentFromSms: o.whatsappConsentFromSms })
  const { index, rejects, rowsIn, suppressionRows } = ingested
  const people = index.people(ingested.suppression)

  const decide = (t: Target, p: Person): Decision => (t.audience === 'whatsapp' ? whatsappDecision(p) : adsDecision(p, o.adsPolicy))
  const tally = tallyPeople(
    people,
    o.targets.map((t) => ({ file: t.file, decide: (p: Person) => decide(t, p) })),
  )

  const mismatch = accountingError({ rowsIn, rejected: rejects.length, recordsInPeople: tally.recordsInPeople, suppressionRows })
  if (mismatch) throw new InputError(mismatch)

  const rejectsByReason: Record<string, number> = {}
  for (const r of rejects) bump(rejectsByReason, r.reason)
  const outputs: Record<string, number> = { ...tally.included, 'rejects.csv': rejects.length }

  const report: Report = {
    inputs: inputs.map(summarizeInput),
    rows_in: rowsIn,
    rows_rejected: rejects.length,
    rejects_by_reason: sortedCounts(rejectsByReason),
    records: index.recordCount,
    people: people.length,
    duplicates_merged: index.recordCount - people.length,
    followers: tally.followers,
    customers: tally.customers,
    consent: { ...tally.consent, conflicts: tally.conflicts, ads_policy: o.adsPolicy, whatsapp_consent_from: o.whatsappConsentFromSms ? 'sms' : 'whatsapp' },
    suppression: { entries: suppressionRows, people: tally.suppressedPeople },
    phones: ingested.phones,
    outputs,
    excluded: tally.excluded,
    warnings: warningsFor(o, inputs, ingested.audit, tally.included),
  }

  const rejectRate = rowsIn === 0 ? 0 : rejects.length / rowsIn
  if (o.maxRejectRate !== undefined && rejectRate > o.maxRejectRate) {
    throw new GuardError(
      `${(rejectRate * 100).toFixed(1)}% of input rows were rejected, more than --max-reject-rate ${o.maxRejectRate}; nothing was written. Look at the figures with --dry-run: a renamed column is the usual cause.`,
    )
  }

  const files = Object.entries(outputs).map(([file, rows]) => ({ file, rows }))
  if (o.dryRun) return { report, files, written: false, inputs }

  const targetOptions: TargetOptions = { plain: o.plain, inputNames: names, phoneStyle: o.phoneStyle, withValue: o.valueColumn !== undefined }
  const folder = OutputFolder.create(o.out)
  try {
    for (const t of o.targets) {
      const w = folder.csv(t.file, t.header(targetOptions))
      for (const p of people) if (decide(t, p).ok) for (const row of t.rows(p, targetOptions)) w.write(row)
      folder.closeCsv(w)
    }
    const rw = folder.csv('rejects.csv', ['source', 'row', 'reason', 'detail'])
    for (const r of [...rejects].sort((a, b) => a.input - b.input || a.line - b.line)) rw.write([names[r.input]!, String(r.line), r.reason, r.detail])
    folder.closeCsv(rw)
    folder.text('report.json', JSON.stringify(report, null, 2) + '\n')
    folder.text('report.md', reportMarkdown(report))
    await folder.commit()
  } catch (e) {
    await folder.abort()
    throw e
  }
  return { report, files, written: true, inputs }
}
