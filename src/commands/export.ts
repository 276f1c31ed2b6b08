// `wa-audience export --target T [FILE]`: one target's upload-ready file from a contact CSV (join, dedupe,
// normalize) or a raw export (product.md). This file declares the flags and prints; the work is
// pipeline/export.ts. Data goes to stdout (or -o); everything said to people goes to stderr.

import { Command, Option } from 'commander'
import { UsageError } from '../core/errors.js'
import { runExport, type ExportResult } from '../pipeline/export.js'
import { TARGET_IDS, TARGETS, targetById } from '../targets/index.js'
import { Terminal, type TerminalFlags } from '../ui/terminal.js'
import { tuningOf } from '../config/settings.js'
import type { RunContext } from './context.js'
import { addSettingOptions, commandSettings, overridesOf, tableOptionsOf, targetSettings } from './options.js'

interface ExportFlags extends TerminalFlags {
  target: string
  output?: string
}

const TARGET_LIST = `
Targets:
${TARGETS.map((t) => `  ${t.id.padEnd(16)} ${t.file.padEnd(28)} ${t.summary}`).join('\n')}
`

const EXAMPLES = `
Examples:
  $ wa-audience export --target whatsapp joined.csv > whatsapp.csv
  $ wa-audience normalize --country GB leads.csv | wa-audience dedupe | wa-audience export --target meta -o meta-custom-audience.csv
  $ wa-audience export --target google --country US --suppress dnc.csv shop-customers.csv -o google-customer-match.csv
  $ wa-audience export --target whatsapp-cloud --template spring_sale --lang en_GB --param first_name joined.csv > messages.jsonl
  $ wa-audience export --target meta-api --extern-id joined.csv -o meta-api/
`

/** How many refused people are listed without --verbose. */
const SKIPPED_SHOWN = 10

export function exportCommand(ctx: RunContext): Command {
  const cmd = new Command('export')
    .summary("write one target's upload-ready file from a contact CSV or an export")
    .description(
      "Turns a contact CSV (from join, dedupe or normalize) or a raw export into the upload-ready file of one target, applying the same consent policy as prepare. Writes stdout, or -o FILE atomically with mode 0600 (for meta-api a folder of batch files; on stdout its payloads come one per line). From a join output it writes exactly the bytes prepare writes for the same target.",
    )
    .argument('[FILE]', 'the contact CSV or export to read (- or nothing: stdin)', '-')
    .addOption(new Option('--target <TARGET>', 'the upload format to write').choices(TARGET_IDS as string[]).makeOptionMandatory())
    .option('-o, --output <FILE>', 'write this file (for meta-api: this folder) instead of stdout (-), atomically, mode 0600')
  addSettingOptions(cmd, 'export')
  cmd.addHelpText('before', EXAMPLES.trim() + '\n')
  cmd.addHelpText('after', TARGET_LIST)

  cmd.action(async (file: string, flags: ExportFlags) => {
    const term = new Terminal(flags)
    const target = targetById(flags.target)!
    const { values: v, config, countryFromFlag } = commandSettings(cmd, 'export')
    const settings = targetSettings(v, [target], '--target')
    if (file === '-' && ctx.stdinIsTTY) {
      throw new UsageError('export reads a contact CSV or export: give FILE, or pipe one in, e.g. wa-audience dedupe leads.csv | wa-audience export --target meta.')
    }
    const result = await runExport({
      input: file,
      suppress: v.suppress,
      target,
      out: flags.output === '-' ? undefined : flags.output,
      defaultCountry: v.country,
      overrides: overridesOf(v),
      table: tableOptionsOf(v),
      adsPolicy: v.adsConsent,
      whatsappConsentFromSms: v.whatsappConsentFrom === 'sms',
      ...settings,
      signal: ctx.signal,
      threads: v.threads,
      tuning: tuningOf(v),
      stdout: ctx.stdout,
      open: { config, countryFromFlag },
    })
    printSummary(term, result, target.file, flags.output === '-' ? undefined : flags.output)
  })
  return cmd
}

function printSummary(term: Terminal, r: ExportResult, file: string, out: string | undefined): void {
  const n = (x: number) => x.toLocaleString('en-US')
  const rejected = Object.values(r.rejectsByReason).reduce((a, b) => a + b, 0)
  const where = out === undefined ? 'stdout' : out
  term.info(`${n(r.rowsIn)} rows read (${r.format}), ${n(rejected)} rejected, ${n(r.people)} people; ${n(r.included)} written to ${file} (${where}).`)
  const kept = Object.entries(r.excluded)
  if (kept.length > 0) term.info(`  kept out: ${kept.map(([reason, c]) => `${reason} ${n(c)}`).join(', ')}`)
  if (r.skipped.length > 0) {
    term.warn(`${n(r.skipped.length)} people left out of ${file} because the target cannot carry them:`)
    const shown = term.flags.verbose ? r.skipped : r.skipped.slice(0, SKIPPED_SHOWN)
    for (const s of shown) term.info(`  ${s.person} ${s.phone}: ${s.reason}, ${s.detail}`)
    if (shown.length < r.skipped.length) term.info(`  … and ${n(r.skipped.length - shown.length)} more (run with -v to list them all)`)
  }
  for (const w of r.warnings) term.warn(w)
  if (r.stoppedEarly) term.info('The reader closed stdout before the end: what it read is incomplete.')
}
