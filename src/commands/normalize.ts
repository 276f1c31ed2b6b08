// `wa-audience normalize [FILE]`: one export in, the same rows out with the `wa_` columns appended
// (product.md, "Contact columns"). This file declares the flags and prints; the work is pipeline/normalize.ts.

import { Command, Option } from 'commander'
import { formulaWarning } from '../core/report.js'
import type { Role } from '../core/model.js'
import { openSingleOutput } from '../io/single-output.js'
import { runNormalize, type NormalizeResult } from '../pipeline/normalize.js'
import { nonInteractiveResolver } from '../pipeline/mapping-resolver.js'
import { canPrompt, type InteractiveFlags } from '../ui/interactive.js'
import { Terminal, type TerminalFlags } from '../ui/terminal.js'
import type { SettingValues } from '../config/settings.js'
import type { RunContext } from './context.js'
import { addSettingOptions, commandSettings, overridesOf, tableOptionsOf } from './options.js'

interface NormalizeFlags extends TerminalFlags, InteractiveFlags {
  output?: string
  role?: Role
}

const EXAMPLES = `
Examples:
  $ wa-audience normalize --country GB leads.csv > leads.normalized.csv
  $ wa-audience normalize --country GB leads.csv -o leads.normalized.csv
  $ cat shop.csv | wa-audience normalize --country US --role customers
  $ wa-audience normalize --country GB leads.csv | wa-audience dedupe | wa-audience export --target whatsapp > wa.csv
`

const ROLES = `
The rows' role (wa_role) is "followers" for lead-form, Leads Center and bot exports and "customers" for
every other export, unless --role says otherwise. A CSV that already has the wa_ columns is written out
unchanged.
`

export function normalizeCommand(ctx: RunContext): Command {
  const cmd = new Command('normalize')
    .summary('add normalized wa_ columns (phone, email, country, consent, status) to every row')
    .description(
      'Reads one export (a file, or stdin when FILE is omitted or -) and writes every row with its original columns and the wa_ columns appended: the phone in E.164 with its type and status, the email, the country used, consent per channel, and the row\'s status (OK or the reason it cannot be used). Writes CSV to stdout, or to -o FILE (replaced atomically, mode 0600).',
    )
    .argument('[FILE]', 'the export to read; - or nothing for stdin', '-')
    .option('-o, --output <FILE>', 'write to FILE instead of stdout (replaced only once complete, mode 0600)')
    .addOption(new Option('--role <ROLE>', 'what the rows are (default: followers for lead-form downloads, else customers)').choices(['customers', 'followers']))
  addSettingOptions(cmd, 'normalize')
  cmd.addHelpText('before', EXAMPLES.trim() + '\n')
  cmd.addHelpText('after', ROLES)

  cmd.action(async (file: string, flags: NormalizeFlags) => {
    const term = new Terminal(flags)
    const { values: v, config, countryFromFlag } = commandSettings(cmd, 'normalize')
    // The prompt library is loaded only when someone may be asked; normalize's stdin may be its data.
    const prompts = canPrompt(flags) && file !== '-' ? await import('../ui/prompts.js') : undefined
    const options = {
      input: file,
      table: tableOptionsOf(v),
      overrides: overridesOf(v),
      record: {
        defaultCountry: v.country,
        whatsappConsentFromSms: v.whatsappConsentFrom === 'sms',
      },
      role: flags.role,
      open: { config, resolver: prompts ? new prompts.PromptResolver() : nonInteractiveResolver, countryFromFlag },
      signal: ctx.signal,
    }
    const out = openSingleOutput(flags.output, ctx.stdout)
    let result: NormalizeResult
    try {
      result = await runNormalize(options, out)
    } catch (e) {
      await out.abort()
      throw e
    }
    printSummary(term, result, out.name, flags, v)
  })
  return cmd
}

function printSummary(term: Terminal, r: NormalizeResult, output: string, flags: NormalizeFlags, v: SettingValues): void {
  const n = (x: number) => x.toLocaleString('en-US')
  if (r.stoppedEarly) {
    term.detail(`${output} was closed by its reader after ${n(r.rows)} rows; stopped reading ${r.input}.`)
    return
  }
  if (r.passedThrough) {
    const ignored = v.country !== '' || Object.keys(v.map).length > 0 || Object.keys(v.consent).length > 0 || flags.role !== undefined
    const line = `${r.input} already has the wa_ columns (written by wa-audience): ${n(r.rows)} rows passed through unchanged.`
    if (ignored) term.info(`${line} Its options (--country, --map, --consent, --role) were not applied.`)
    else term.detail(line)
    return
  }
  const rejected = Object.entries(r.statuses)
    .filter(([s]) => s !== 'OK')
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
  const total = rejected.reduce((a, [, c]) => a + c, 0)
  const detail = rejected.length > 0 ? ` (${rejected.map(([s, c]) => `${s} ${n(c)}`).join(', ')})` : ''
  term.info(`normalize: ${n(r.rows)} rows from ${r.input} (${r.format}, ${r.role}) to ${output}, ${n(total)} unusable${detail}.`)
  const formulas = formulaWarning(r.emptied)
  if (formulas) term.warn(formulas)
}
