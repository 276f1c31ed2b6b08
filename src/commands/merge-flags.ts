// What `dedupe` and `join` share: their flags beyond the common ones, and their summary line.

import { Command, Option } from 'commander'
import type { InputSpec } from '../pipeline/ingest.js'
import type { MergePeopleOptions, MergePeopleResult } from '../pipeline/merge-people.js'
import type { RunContext } from './context.js'
import { loadConfig, parseOverrides, parseTableOptions, parseThreads, resolvePolicies, type InputFlags } from './options.js'
import type { Terminal } from '../ui/terminal.js'

export const collect = (value: string, previous: string[] = []) => [...previous, value]

export interface MergeFlags {
  suppress?: string[]
  output?: string
  rejects?: string
  whatsappConsentFrom?: string
  threads?: string
}

export function addMergeOptions(cmd: Command): Command {
  return cmd
    .option('--suppress <FILE>', 'phones and/or emails that must never be contacted (repeatable)', collect)
    .option('-o, --output <FILE>', 'write the CSV to FILE (atomically, mode 0600) instead of stdout')
    .option('--rejects <FILE>', 'write the rows not used, with their reason, to FILE (as rejects.csv)')
    .addOption(new Option('--whatsapp-consent-from <CHANNEL>', 'count SMS consent as WhatsApp consent').choices(['whatsapp', 'sms']).default('whatsapp'))
}

export function printMergeSummary(term: Terminal, r: MergePeopleResult, rejectsFile: string | undefined): void {
  const n = (x: number) => x.toLocaleString('en-US')
  const rejects =
    r.rejected === 0
      ? ''
      : ` (${Object.entries(r.rejectsByReason)
          .map(([k, v]) => `${k} ${n(v)}`)
          .join(', ')}${rejectsFile ? `; listed in ${rejectsFile}` : '; list them with --rejects FILE'})`
  term.info(`${n(r.rowsIn)} rows read, ${n(r.rejected)} rejected${rejects}, ${n(r.people)} people (${n(r.records - r.people)} duplicate records merged).`)
  for (const w of r.warnings) term.warn(w)
}

/** The options of a dedupe or join run, from its flags and inputs. */
export function mergeOptions(cmd: Command, flags: MergeFlags & InputFlags, inputs: InputSpec[], ctx: RunContext): MergePeopleOptions {
  const config = loadConfig(flags)
  const policies = resolvePolicies(cmd, flags, config)
  return {
    inputs: [...inputs, ...(flags.suppress ?? []).map((path) => ({ path, role: 'suppress' as const }))],
    table: parseTableOptions(flags),
    overrides: parseOverrides(flags),
    defaultCountry: policies.defaultCountry,
    whatsappConsentFromSms: policies.whatsappConsentFrom === 'sms',
    output: flags.output,
    rejectsFile: flags.rejects,
    signal: ctx.signal,
    threads: parseThreads(flags.threads),
    open: { config, countryFromFlag: flags.country !== undefined },
  }
}
