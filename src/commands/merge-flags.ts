// What `dedupe` and `join` share: their flags beyond the common ones, and their summary line.

import { Command } from 'commander'
import type { LoadedConfig } from '../config/config-file.js'
import { tuningOf, type SettingValues } from '../config/settings.js'
import type { InputSpec } from '../pipeline/ingest.js'
import type { MergePeopleOptions, MergePeopleResult } from '../pipeline/merge-people.js'
import type { RunContext } from './context.js'
import { addSettingOptions, commandSettings, overridesOf, tableOptionsOf } from './options.js'
import type { Terminal } from '../ui/terminal.js'

export interface MergeFlags {
  output?: string
  rejects?: string
}

/** dedupe's and join's own flags, then their settings (config/settings.ts) and the terminal flags. */
export function addMergeOptions(cmd: Command, command: 'dedupe' | 'join'): Command {
  cmd
    .option('-o, --output <FILE>', 'write the CSV to FILE (atomically, mode 0600) instead of stdout')
    .option('--rejects <FILE>', 'write the rows not used, with their reason, to FILE (as rejects.csv)')
  return addSettingOptions(cmd, command)
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
export function mergeOptions(cmd: Command, command: 'dedupe' | 'join', flags: MergeFlags, inputs: (v: SettingValues, config: LoadedConfig | undefined) => InputSpec[], ctx: RunContext): MergePeopleOptions {
  const { values: v, config, countryFromFlag } = commandSettings(cmd, command)
  return {
    inputs: inputs(v, config),
    table: tableOptionsOf(v),
    overrides: overridesOf(v),
    defaultCountry: v.country,
    whatsappConsentFromSms: v.whatsappConsentFrom === 'sms',
    output: flags.output,
    rejectsFile: flags.rejects,
    signal: ctx.signal,
    threads: v.threads,
    tuning: tuningOf(v),
    stdout: ctx.stdout,
    open: { config, countryFromFlag },
  }
}
