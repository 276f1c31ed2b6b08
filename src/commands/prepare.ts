// `wa-audience prepare`: the whole job in one run (product.md). This file declares the flags and prints;
// the work is pipeline/prepare.ts.

import path from 'node:path'
import { Command } from 'commander'
import { UsageError } from '../core/errors.js'
import type { LoadedConfig } from '../config/config-file.js'
import { writeConfigFile } from '../config/config-file.js'
import { configFromInputs } from '../pipeline/config-from-inputs.js'
import type { InputSpec } from '../pipeline/ingest.js'
import { nonInteractiveResolver } from '../pipeline/mapping-resolver.js'
import { runPrepare, type PrepareResult } from '../pipeline/prepare.js'
import { DEFAULT_TARGETS, parseTargets, TARGET_IDS } from '../targets/index.js'
import { canPrompt, type InteractiveFlags } from '../ui/interactive.js'
import { printSamples } from '../ui/samples.js'
import { colorLevel, Terminal, type TerminalFlags } from '../ui/terminal.js'
import { createProgress } from '../ui/progress.js'
import { funnel } from '../core/funnel.js'
import type { RunContext } from './context.js'
import {
  addInputOptions,
  addPolicyOptions,
  addTargetOptions,
  addTerminalOptions,
  addThreadsOption,
  loadConfig,
  parseThreads,
  parseAdsPolicy,
  parseCountry,
  parseOverrides,
  parseRate,
  parseTableOptions,
  parseTargetSettings,
  type InputFlags,
  type PolicyFlags,
  type TargetFlags,
} from './options.js'

const collect = (value: string, previous: string[] = []) => [...previous, value]

interface PrepareFlags extends InputFlags, PolicyFlags, TargetFlags, TerminalFlags, InteractiveFlags {
  customers?: string[]
  followers?: string[]
  suppress?: string[]
  out: string
  targets: string
  dryRun?: boolean
  maxRejectRate?: string
  json?: boolean
  saveConfig?: string
  previous?: string
  threads?: string
}

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
    .option('--customers <FILE>', 'a shop or CRM customer export (repeatable; - for stdin)', collect)
    .option('--followers <FILE>', 'a Facebook lead-form or bot export (repeatable; - for stdin)', collect)
    .option('--suppress <FILE>', 'phones and/or emails that must never be contacted (repeatable)', collect)
    .option('-o, --out <DIR>', 'output folder (replaced atomically)', './audience-out')
    .option('--targets <LIST>', `comma-separated targets: ${TARGET_IDS.join(', ')}`, DEFAULT_TARGETS)
    .option('--max-reject-rate <R>', 'fail with exit 3, writing nothing, when more than this share of rows is rejected (e.g. 0.2)')
    .option('--previous <DIR>', "an earlier run's output folder: also write adds/ and removes/ for each audience (may be --out itself)")
    .option('--dry-run', 'compute and print the report, write nothing')
    .option('--json', 'print a machine-readable summary on stdout')
    .option('--save-config <FILE>', 'write the mapping and settings this run used to a JSON config, for the next run\'s --config')

  addPolicyOptions(cmd)
  addTargetOptions(cmd)
  addInputOptions(cmd)
  addThreadsOption(cmd)
  addTerminalOptions(cmd)
  cmd.addHelpText('before', EXAMPLES.trim() + '\n')

  cmd.action(async (flags: PrepareFlags) => {
    const term = new Terminal(flags)
    const config = loadConfig(flags)
    const inputs = inputSpecs(flags, config)
    if (inputs.every((i) => i.role === 'suppress')) throw new UsageError('prepare needs at least one input: give --customers FILE and/or --followers FILE.')
    if (inputs.filter((i) => i.path === '-').length > 1) throw new UsageError('Only one input can be read from stdin (-); give the others as files.')

    // Flags win over the config; commander's defaults must not.
    const given = (name: string) => cmd.getOptionValueSource(name) === 'cli'
    const country = flags.country !== undefined ? parseCountry(flags.country) : config?.config.country ?? ''
    const adsPolicy = parseAdsPolicy(given('adsConsent') ? flags.adsConsent : config?.config.ads_consent ?? flags.adsConsent)
    const whatsappFrom = given('whatsappConsentFrom') ? flags.whatsappConsentFrom : config?.config.whatsapp_consent_from ?? flags.whatsappConsentFrom
    // The prompt library is loaded only when someone may be asked: cron runs start faster without it.
    const prompts = canPrompt(flags) ? await import('../ui/prompts.js') : undefined
    const resolver = prompts ? new prompts.PromptResolver() : nonInteractiveResolver

    const targets = parseTargets(flags.targets)
    const settings = parseTargetSettings(flags, targets, '--targets')
    const options = {
      out: flags.out,
      defaultCountry: country,
      targets,
      ...settings,
      overrides: parseOverrides(flags),
      table: parseTableOptions(flags),
      adsPolicy,
      whatsappConsentFromSms: whatsappFrom === 'sms',
      dryRun: flags.dryRun ?? false,
      maxRejectRate: parseRate('--max-reject-rate', flags.maxRejectRate),
    }
    const progress = await createProgress({ quiet: flags.quiet ?? false, verbose: flags.verbose ?? false, stderr: ctx.stderr, env: ctx.env, color: colorLevel(ctx.stderr, flags, ctx.env) > 0 })
    let result: PrepareResult
    try {
      result = await runPrepare({
        ...options,
        inputs,
        open: { config, resolver, countryFromFlag: flags.country !== undefined },
        signal: ctx.signal,
        progress: (label, done, at) => progress.update({ label, done, ...at }),
        now: ctx.now,
        version: ctx.version,
        ...(flags.previous !== undefined ? { previous: flags.previous } : {}),
        threads: parseThreads(flags.threads),
        manifestOptions: {
          inputs: inputs.map((i) => ({ file: i.path, role: i.role })),
          config: flags.config ?? null,
          out: flags.out,
          country: options.defaultCountry,
          targets: options.targets.map((t) => t.id),
          plain: options.plain,
          ads_consent: options.adsPolicy,
          whatsapp_consent_from: whatsappFrom,
          phone_style: options.phoneStyle,
          value_column: options.valueColumn ?? null,
          extern_id: options.externId,
          template: options.template,
          max_reject_rate: options.maxRejectRate ?? null,
          previous: flags.previous ?? null,
          map: options.overrides.map,
          consent: options.overrides.consent,
          consent_at: options.overrides.consentAt,
          encoding: options.table.encoding ?? null,
          delimiter: options.table.delimiter ?? null,
        },
      })
    } finally {
      progress.stop()
    }

    const policies = { ...(country ? { country } : {}), ads_consent: adsPolicy, whatsapp_consent_from: whatsappFrom === 'sms' ? ('sms' as const) : ('whatsapp' as const) }
    const save = (file: string) => writeConfigFile(file, configFromInputs(result.inputs, policies, path.dirname(path.resolve(file))))
    let saved = flags.saveConfig
    if (saved !== undefined) save(saved)
    else if (prompts && resolver.asked) saved = await prompts.offerToSaveConfig(save)

    if (flags.json) process.stdout.write(JSON.stringify({ schema_version: 1, out: result.written ? flags.out : null, ...result.report }, null, 2) + '\n')
    printSummary(term, result, flags.out, ctx.stderr.isTTY === true)
    if (saved !== undefined) term.info(`Settings saved to ${saved}; next time run with --config ${saved}.`)
  })
  return cmd
}

/** Inputs from the flags; with none given, the config's inputs that name a role and a single file. */
function inputSpecs(flags: PrepareFlags, config: LoadedConfig | undefined): InputSpec[] {
  const fromFlags: InputSpec[] = [
    ...(flags.customers ?? []).map((path) => ({ path, role: 'customers' as const })),
    ...(flags.followers ?? []).map((path) => ({ path, role: 'followers' as const })),
    ...(flags.suppress ?? []).map((path) => ({ path, role: 'suppress' as const })),
  ]
  if (fromFlags.length > 0 || !config) return fromFlags
  const specs: InputSpec[] = []
  for (const entry of config.config.inputs) {
    if (!entry.role || entry.file.includes('*') || entry.file === '-') continue
    // A member of an archive (`x.zip/member.csv`) is read by giving the archive, once.
    const file = entry.file.replace(/(\.zip)\/.*$/i, '$1')
    const p = path.relative(process.cwd(), path.resolve(config.dir, file)) || '.'
    if (!specs.some((s) => s.path === p)) specs.push({ path: p, role: entry.role })
  }
  return specs
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
  } else {
    term.info(`${n(rep.rows_in)} rows read, ${n(rep.rows_rejected)} rejected, ${n(rep.people)} people (${n(rep.duplicates_merged)} duplicate records merged).`)
    for (const f of r.files) term.info(`  ${f.file.padEnd(38)} ${n(f.rows).padStart(10)}`)
  }
  if (r.samples) printSamples(term, r.samples, rep.outputs)
  for (const w of rep.warnings) term.warn(w)
  term.info(r.written ? `Written to ${out}/: open report.html for the figures and the next steps.` : 'Dry run: nothing written.')
}
