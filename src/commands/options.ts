// What the commands share beyond the run's settings (config/settings.ts declares those): the flags about the
// terminal, the --config file, and the checks that span several settings (a template needs whatsapp-cloud).

import path from 'node:path'
import { Command, Option } from 'commander'
import { UsageError } from '../core/errors.js'
import { readConfigFile, type LoadedConfig } from '../config/config-file.js'
import { registerSettings, resolveSettings, type CommandName, type SettingValues } from '../config/settings.js'
import type { TableOptions } from '../io/read-table.js'
import type { InputSpec } from '../pipeline/ingest.js'
import type { MappingOverrides } from '../sources/index.js'
import type { PhoneStyle, Target, TemplateSpec } from '../targets/index.js'

/** The options every command takes about its own output to the terminal. */
export function addTerminalOptions(cmd: Command): Command {
  return cmd
    // Quiet and verbose at once is a contradiction, not a silent choice of one: commander refuses it (exit 2).
    .addOption(new Option('-q, --quiet', 'print nothing but errors').conflicts('verbose'))
    .option('-v, --verbose', 'print more detail (and stack traces of internal errors)')
    .option('--no-color', 'no colours (NO_COLOR is honoured too)')
    .option('-y, --yes', 'never prompt; fail with a message naming the flag that would answer the question')
    .addOption(new Option('--no-interactive', 'same as --yes').hideHelp())
}

/** A command's settings, then its terminal flags. */
export function addSettingOptions(cmd: Command, command: CommandName): Command {
  return addTerminalOptions(registerSettings(cmd, command))
}

export interface CommandSettings {
  values: SettingValues
  config: LoadedConfig | undefined
  /** --country was given: it wins over a config entry's own country. */
  countryFromFlag: boolean
}

/** The --config file (read and validated: a bad key is a UsageError naming it), then the command's settings resolved against it. */
export function commandSettings(cmd: Command, command: CommandName): CommandSettings {
  const file = cmd.getOptionValue('config') as string | undefined
  const config = file === undefined ? undefined : readConfigFile(file)
  const { values, given } = resolveSettings(cmd, command, config?.config as Record<string, unknown> | undefined)
  return { values, config, countryFromFlag: given.has('country') }
}

export function overridesOf(v: SettingValues): MappingOverrides {
  const o: MappingOverrides = { map: { ...v.map }, consent: { ...v.consent }, consentAt: { ...v.consentAt } }
  if (v.dayFirst) o.dayFirst = true
  if (v.monthFirst) o.dayFirst = false
  return o
}

export function tableOptionsOf(v: SettingValues): TableOptions {
  const t: TableOptions = {}
  if (v.encoding !== undefined) t.encoding = v.encoding
  if (v.delimiter !== undefined) t.delimiter = v.delimiter
  if (v.maxUnzippedSize !== undefined) t.maxUnzippedBytes = v.maxUnzippedSize
  if (v.sheet !== undefined) t.sheet = v.sheet
  return t
}

export interface TargetSettings {
  plain: boolean
  phoneStyle: PhoneStyle
  valueColumn: string | undefined
  externId: boolean
  template: TemplateSpec | null
}

/** The target settings checked against the targets asked for (`asked` is how the user named them); sets values.templateSpec. */
export function targetSettings(v: SettingValues, targets: readonly Target[], asked: string): TargetSettings {
  const cloud = targets.some((t) => t.id === 'whatsapp-cloud')
  const templateFlags = v.template !== undefined || v.lang !== undefined || v.param.length > 0
  let template: TemplateSpec | null = null
  if (cloud) {
    if (v.template === undefined || v.lang === undefined) {
      throw new UsageError(
        `${asked} whatsapp-cloud needs --template NAME and --lang CODE, the name and language of a template approved in WhatsApp Manager, e.g. --template spring_sale --lang en_US.`,
      )
    }
    template = { name: v.template, lang: v.lang, params: [...v.param] }
  } else if (templateFlags) {
    throw new UsageError(`--template, --lang and --param are for the whatsapp-cloud target; add whatsapp-cloud to ${asked} or leave them out.`)
  }
  v.templateSpec = template
  return { plain: v.plain, phoneStyle: v.phoneStyle, valueColumn: v.valueColumn, externId: v.externId, template }
}

/** The run's inputs from --customers, --followers and --suppress; with none given, the config's inputs that name
 * a role and a single file (prepare and join). */
export function runInputs(v: SettingValues, config: LoadedConfig | undefined): InputSpec[] {
  const fromFlags: InputSpec[] = [
    ...v.customers.map((path) => ({ path, role: 'customers' as const })),
    ...v.followers.map((path) => ({ path, role: 'followers' as const })),
    ...v.suppress.map((path) => ({ path, role: 'suppress' as const })),
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
