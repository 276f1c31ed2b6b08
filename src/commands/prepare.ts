// `wa-audience prepare`: the whole job in one run (product.md). This file declares the flags and prints;
// the work is pipeline/prepare.ts.

import path from 'node:path'
import { Command } from 'commander'
import { UsageError } from '../core/errors.js'
import { writeConfigFile } from '../config/config-file.js'
import { configSettings, manifestOptions, tuningOf } from '../config/settings.js'
import { configFromInputs } from '../pipeline/config-from-inputs.js'
import { nonInteractiveResolver } from '../pipeline/mapping-resolver.js'
import { runPrepare, type PrepareResult } from '../pipeline/prepare.js'
import { canPrompt, type InteractiveFlags } from '../ui/interactive.js'
import { printSamples } from '../ui/samples.js'
import { colorLevel, Terminal, type TerminalFlags } from '../ui/terminal.js'
import { createProgress } from '../ui/progress.js'
import { funnel } from '../core/funnel.js'
import type { RunContext } from './context.js'
import { addSettingOptions, commandSettings, overridesOf, runInputs, tableOptionsOf, targetSettings } from './options.js'

const EXAMPLES = `
Examples:
  $ wa-audience prepare --customers shop.csv --followers leads.csv --country GB
  $ wa-audience prepare --customers shop.csv --followers leads.csv --suppress dnc.csv --out audience-out
  $ wa-audience prepare --followers leads.csv --consent whatsapp=whatsapp_opt_in --country GB --dry-run
  $ wa-audience prepare --customers shop.csv --country US --targets whatsapp,meta --plain --json
  $ wa-audience prepare --customers shop.csv --followers leads.csv --country GB --save-config wa-audience.json
  $ wa-audience prepare --config wa-audience.json          # inputs, mapping and policies from the config
  $ wa-audience prepare --config wa-audience.json --out current --previous current   # adds/ and removes/ since last run
  $ wa-audience prepare --customers shop.csv --followers leads.csv --country GB --targets meta,google,tiktok,meta-api --value-column "Total Spent" --extern-id
  $ wa-audience prepare --followers leads.csv --country GB --targets whatsapp-cloud --template spring_sale --lang en_GB --param first_name
`

export function prepareCommand(ctx: RunContext): Command {
  const cmd = new Command('prepare')
    .summary('ingest exports, resolve people, apply consent, write every audience file')
    .description(
      'Reads customer and follower exports (and suppression lists), merges records of the same person, applies consent, and writes upload-ready audience files, rejects.csv and a report into --out. Nothing is written unless every row is accounted for.',
    )
  addSettingOptions(cmd, 'prepare')
  cmd.addHelpText('before', EXAMPLES.trim() + '\n')

  cmd.action(async (flags: TerminalFlags & InteractiveFlags) => {
    const term = new Terminal(flags)
    const { values: v, config, countryFromFlag } = commandSettings(cmd, 'prepare')
    const inputs = runInputs(v, config)
    if (inputs.every((i) => i.role === 'suppress')) throw new UsageError('prepare needs at least one input: give --customers FILE and/or --followers FILE.')
    if (inputs.filter((i) => i.path === '-').length > 1) throw new UsageError('Only one input can be read from stdin (-); give the others as files.')
    // The prompt library is loaded only when someone may be asked: cron runs start faster without it.
    const prompts = canPrompt(flags) ? await import('../ui/prompts.js') : undefined
    const resolver = prompts ? new prompts.PromptResolver() : nonInteractiveResolver
    const targetOptions = targetSettings(v, v.targets, '--targets')

    const progress = await createProgress({ quiet: flags.quiet ?? false, verbose: flags.verbose ?? false, stderr: ctx.stderr, env: ctx.env, color: colorLevel(ctx.stderr, flags, ctx.env) > 0 })
    let result: PrepareResult
    try {
      result = await runPrepare({
        out: v.out,
        defaultCountry: v.country,
        targets: v.targets,
        ...targetOptions,
        overrides: overridesOf(v),
        table: tableOptionsOf(v),
        adsPolicy: v.adsConsent,
        whatsappConsentFromSms: v.whatsappConsentFrom === 'sms',
        dryRun: v.dryRun,
        maxRejectRate: v.maxRejectRate,
        inputs,
        open: { config, resolver, countryFromFlag },
        signal: ctx.signal,
        progress: (label, done, at) => progress.update({ label, done, ...at }),
        now: ctx.now,
        version: ctx.version,
        ...(v.previous !== undefined ? { previous: v.previous } : {}),
        threads: v.threads,
        tuning: tuningOf(v),
        manifestOptions: manifestOptions('prepare', v, inputs.map((i) => ({ file: i.path, role: i.role }))),
      })
    } finally {
      progress.stop()
    }

    const save = (file: string) => writeConfigFile(file, configFromInputs(result.inputs, configSettings('prepare', v), path.dirname(path.resolve(file))))
    let saved = v.saveConfig
    if (saved !== undefined) save(saved)
    else if (prompts && resolver.asked) saved = await prompts.offerToSaveConfig(save)

    if (v.json) ctx.stdout.write(JSON.stringify({ schema_version: 1, out: result.written ? v.out : null, ...result.report }, null, 2) + '\n')
    printSummary(term, result, v.out, ctx.stderr.isTTY === true)
    if (saved !== undefined) term.info(`Settings saved to ${saved}; next time run with --config ${saved}.`)
  })
  return cmd
}

function printSummary(term: Terminal, r: PrepareResult, out: string, chart: boolean): void {
  const rep = r.report
  const n = (x: number) => x.toLocaleString('en-US')
  if (chart) {
    // On a terminal: the funnel as a bar chart people read at a glance.
    const f = funnel(rep)
    const lw = Math.max(...f.lines.map((l) => l.label.length))
    const cw = Math.max(...f.lines.map((l) => n(l.count).length))
    for (const l of f.lines) term.styled((esc) => `${esc(l.label.padEnd(lw))}  ${n(l.count).padStart(cw)}  ${term.c.cyan(l.bar)}`)
    term.styled((esc) => term.c.dim(esc(f.rejects)))
    if (f.suppression) term.styled((esc) => term.c.dim(esc(f.suppression!)))
  } else {
    // Contact rows: read − rejected = usable records; suppression entries are counted apart.
    const suppression = rep.suppression.rows > 0 ? `; ${n(rep.suppression.rows)} suppression entries${rep.suppression.rejected > 0 ? ` (${n(rep.suppression.rejected)} unreadable)` : ''}` : ''
    term.info(`${n(rep.contact_rows_in)} rows read, ${n(rep.contact_rows_rejected)} rejected, ${n(rep.people)} people (${n(rep.duplicates_merged)} duplicate records merged)${suppression}.`)
    for (const f of r.files) term.info(`  ${f.file.padEnd(38)} ${n(f.rows).padStart(10)}`)
  }
  if (r.samples) printSamples(term, r.samples, rep.outputs)
  for (const w of rep.warnings) term.warn(w)
  for (const h of rep.hints) term.info(`hint: ${h}`)
  term.info(r.written ? `Written to ${out}/: open report.html for the figures and the next steps.` : 'Dry run: nothing written.')
}
