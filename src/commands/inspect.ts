// `wa-audience inspect FILE`: profile one export (product.md). This file declares the flags and prints; the
// work is pipeline/inspect.ts. A human table on stdout by default (it is the command's output), JSON with --json.

import type { RunContext } from './context.js'
import { Command } from 'commander'
import { UsageError } from '../core/errors.js'
import { escapeLines } from '../core/mask.js'
import { CONTACT_FIELDS } from '../core/model.js'
import { inspectInput, type InputProfile } from '../pipeline/inspect.js'
import { Terminal, type TerminalFlags } from '../ui/terminal.js'
import { addSettingOptions, commandSettings, overridesOf, tableOptionsOf } from './options.js'

interface InspectFlags extends TerminalFlags {
  json?: boolean
  rejects: string
}

const EXAMPLES = `
Examples:
  $ wa-audience inspect leads.csv
  $ wa-audience inspect --country GB --json shop.csv | jq '.inputs[0].phones'
  $ cat export.csv | wa-audience inspect -
  $ wa-audience inspect mailchimp-export.zip       # every CSV inside the archive
`

export function inspectCommand(ctx: RunContext): Command {
  const cmd = new Command('inspect')
    .summary('profile one export: encoding, delimiter, format, mapping, phones, consent values')
    .description(
      'Reads one export (a file, a ZIP archive of CSV files, or - for stdin) the way prepare would, and reports its encoding, delimiter, detected source format, column mapping, row count, phone validity by country and type, the consent values of each consent column (listing those it does not understand), and a few rejected rows with their values masked.',
    )
    .argument('<FILE>', 'the export to profile (- for stdin)')
    .option('--json', 'print the profile as JSON on stdout')
    .option('--rejects <N>', 'rejected rows to list per file', '5')
  addSettingOptions(cmd, 'inspect')
  cmd.addHelpText('before', EXAMPLES.trim() + '\n')

  cmd.action(async (file: string, flags: InspectFlags) => {
    const term = new Terminal(flags)
    const n = Number(flags.rejects)
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`--rejects ${flags.rejects}: give a whole number, e.g. --rejects 10.`)
    const { values: v, config, countryFromFlag } = commandSettings(cmd, 'inspect')
    const profiles = await inspectInput({
      path: file,
      table: tableOptionsOf(v),
      overrides: overridesOf(v),
      config,
      defaultCountry: v.country,
      countryFromFlag,
      rejectSamples: n,
      signal: ctx.signal,
    })
    // Every text of a file in a profile is masked and escaped where it is taken (pipeline/inspect.ts); what is
    // printed is escaped once more, as a last resort: stdout is a terminal as often as a pipe.
    if (flags.json) ctx.stdout.write(jsonWithoutControls(JSON.stringify({ schema_version: 1, inputs: profiles }, null, 2)) + '\n')
    else ctx.stdout.write(escapeLines(profiles.map(renderProfile).join('\n')))
    term.detail(`${profiles.length} table(s) inspected.`)
  })
  return cmd
}

const EVIDENCE: Record<string, string> = {
  bom: 'from its byte-order mark',
  'utf-8 bytes': 'the bytes are valid UTF-8',
  'not utf-8': 'not valid UTF-8: read as Windows-1252, as plain Excel "CSV" writes',
  'nul pattern': 'from its NUL bytes; no byte-order mark',
  '--encoding': 'as given',
}

const num = (x: number) => x.toLocaleString('en-US')

/** JSON.stringify escapes C0 controls but writes DEL, C1 controls (0x9b is a CSI) and direction overrides
 * as they are; the same strings, written as `\u` escapes, are the same JSON. */
function jsonWithoutControls(json: string): string {
  return json.replace(/[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** Aligned columns; counts are right-aligned. */
function rowsOf(cells: string[][], alignNumbers = true): string[] {
  const widths: number[] = []
  for (const r of cells) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)))
  const pad = (c: string, i: number, last: boolean) => {
    const gap = ' '.repeat(widths[i]! - [...c].length)
    if (alignNumbers && /^[\d,]+$/.test(c)) return gap + c
    return last ? c : c + gap
  }
  return cells.map((r) => '  ' + r.map((c, i) => pad(c, i, i === r.length - 1)).join('  ').trimEnd())
}

/** The human form of one profile: sections with aligned columns, nothing wider than the data needs. */
export function renderProfile(p: InputProfile): string {
  const lines: string[] = [p.file]
  const about: string[][] = [
    ['format', `${p.format.label} (${p.format.id})`],
    ...(p.workbook
      ? [['workbook', `Excel, sheet "${p.workbook.sheet}" read; sheets: ${p.workbook.sheets.map((s) => `"${s}"`).join(', ')} (choose with --sheet)`]]
      : [
          ['encoding', `${p.encoding} (${EVIDENCE[p.encoding_evidence] ?? p.encoding_evidence})`],
          ['delimiter', p.delimiter],
        ]),
    ['rows', `${num(p.rows)}: ${num(p.records)} usable, ${num(p.rows_rejected)} rejected`],
    ['columns', String(p.columns.length)],
  ]
  if (p.config_entry) about.push(['config', p.config_entry])
  lines.push(...rowsOf(about, false), '')

  lines.push('Column mapping')
  const byContent = p.mapping.by_content ?? {}
  const map: string[][] = CONTACT_FIELDS.filter((f) => p.mapping.fields[f]).map((f) => [f, p.mapping.fields[f]!.join(', ') + (byContent[f] ? ' (found by its values)' : '')])
  for (const [ch, col] of Object.entries(p.mapping.consent)) map.push([`consent ${ch}`, col + (p.mapping.consent_at[ch] ? ` (time: ${p.mapping.consent_at[ch]})` : '')])
  for (const [ch, col] of Object.entries(p.mapping.opt_out)) map.push([`opt-out ${ch}`, `${col} (a yes there denies ${ch})`])
  for (const [ch, state] of Object.entries(p.mapping.fixed_consent)) {
    map.push([`consent ${ch}`, `${state} for every row, said by the file itself` + (p.mapping.consent_at[ch] ? ` (time: ${p.mapping.consent_at[ch]})` : '')])
  }
  const order = (col: string) => {
    const o = p.mapping.date_order?.[col]
    return o === 'day' ? ' (day first)' : o === 'month' ? ' (month first)' : o === 'mixed' ? ' (day and month first mixed: ambiguous dates give no time)' : o === 'unsettled' ? ' (day/month order unsettled: ambiguous dates give no time)' : ''
  }
  if (p.mapping.time) map.push(['record time', p.mapping.time + order(p.mapping.time)])
  lines.push(...(map.length > 0 ? rowsOf(map) : ['  (nothing mapped)']), '')

  const ph = p.phones
  lines.push(`Phones: ${num(ph.total)} number(s), ${num(ph.valid)} valid, ${num(ph.whatsapp_eligible)} WhatsApp-eligible; ${num(p.emails.valid)} valid email(s)`)
  const phoneRows: string[][] = ph.by_country_type.map((r) => [r.country || '??', r.type, num(r.count)])
  for (const [status, count] of Object.entries(ph.refused)) phoneRows.push(['refused', status, num(count)])
  if (phoneRows.length > 0) lines.push(...rowsOf([['country', 'type', 'numbers'], ...phoneRows]))
  lines.push('')

  lines.push('Consent values')
  if (p.consent.length === 0) lines.push(Object.keys(p.mapping.fixed_consent).length > 0 ? '  (from the file itself, see the mapping)' : '  (no consent column)')
  for (const c of p.consent) {
    lines.push(`  ${c.kind === 'opt_out' ? 'opt-out' : 'consent'} ${c.channel}: "${c.column}"`)
    lines.push(
      ...rowsOf(
        c.values.map((v) => {
          const meaning = c.kind === 'opt_out' ? (v.state === 'granted' ? 'denied (opted out)' : 'says nothing') : v.value !== '' && v.state === 'unknown' ? 'unknown (not understood)' : v.state
          return ['  ' + (v.value === '' ? '(empty)' : v.value), num(v.count), meaning]
        }),
      ),
    )
  }
  lines.push('')

  if (p.rows_rejected > 0) {
    lines.push(`Rejected rows: ${Object.entries(p.rejects_by_reason).map(([r, c]) => `${r} ${num(c)}`).join(', ')}`)
    lines.push(...rowsOf(p.rejects.map((r) => [`line ${r.line}`, r.reason, r.detail])), '')
  }
  if (p.warnings.length > 0) {
    lines.push('Warnings')
    for (const w of p.warnings) lines.push(`  - ${w}`)
    lines.push('')
  }
  return lines.join('\n')
}
