// Every setting of a run, declared once (design.md, "One place for every setting"): its flag and help, how a
// value is checked, its config key and default, which commands take it and what manifest.json calls it. The
// commands register their flags from here (registerSettings), one function applies "a flag given on the
// command line wins over the config, the config over the default" (resolveSettings), and the resolved values
// are what the pipeline receives, what manifest.json records (manifestOptions) and what --save-config writes
// (configSettings). run-config.ts checks a config's keys with the same declarations.
//
// Adding a prepare flag: one entry in SETTINGS (with `commands: ['prepare', ...]`), then its use.
//
// The order of SETTINGS is the order of --help and of manifest.json's options (kept as it was).

import { Command, Option } from 'commander'
import { ADS_POLICIES, type AdsPolicy } from '../core/audience.js'
import { UsageError } from '../core/errors.js'
import { CHANNELS, CONTACT_FIELDS, type Channel, type ContactField } from '../core/model.js'
import { isKnownCountry } from '../core/phone/index.js'
import { delimiterFromName, encodingFromName, ENCODING_CHOICES, type Encoding } from '../io/sniff.js'
import { defaultThreads } from '../pipeline/parallel/pool.js'
import { DEFAULT_TUNING, type Tuning } from '../pipeline/tuning.js'
import { DEFAULT_TARGETS, isParamField, PARAM_FIELDS, parseTargets, PHONE_STYLES, TARGET_IDS, type PhoneStyle, type Target } from '../targets/index.js'

export type CommandName = 'prepare' | 'normalize' | 'dedupe' | 'join' | 'export' | 'inspect'

/** What a flag gives commander: a string, a list (repeatable), true (a switch), or nothing. */
type Raw = string | string[] | boolean | undefined

export interface Setting<T> {
  /** As commander reads it: `-c, --country <ISO2>`, `--plain`. */
  flag: string
  help: string
  /** Commander checks these (and lists them in --help); a config value is checked against them too. */
  choices?: readonly string[]
  /** The flag may be given several times; its values are collected in order. */
  repeatable?: boolean
  /** The flag's value when it is not given (shown in --help); parse() turns it into the setting's value. */
  default?: string
  /** The value from the flag's text (or the default); a bad value is a UsageError that starts with `at`. */
  parse(raw: Raw, at: string): T
  /** Its top-level key in a --config file, when a config may set it. */
  config?: string
  /** Its key in manifest.json's options, and how it is recorded there (default: the value, or null). */
  manifest?: string
  record?(value: T, all: Readonly<Record<string, unknown>>): unknown
  /** The commands that take it. */
  commands: readonly CommandName[]
  /** Left out of --help and completion: a knob for the tests and the bench, not for users. */
  hidden?: boolean
  /** Another setting this one cannot be given with (commander refuses the pair, exit 2). */
  conflicts?: string
}

const setting = <T>(s: Setting<T>): Setting<T> => s

const INPUT_COMMANDS: readonly CommandName[] = ['prepare', 'normalize', 'dedupe', 'join', 'export', 'inspect']
const PEOPLE_COMMANDS: readonly CommandName[] = ['prepare', 'dedupe', 'join', 'export']
const TARGET_COMMANDS: readonly CommandName[] = ['prepare', 'export']

const text = (raw: Raw): string | undefined => (typeof raw === 'string' ? raw : undefined)
const list = (raw: Raw): string[] => (Array.isArray(raw) ? raw : [])

export function parseCountry(value: string | undefined, at = `--country ${value}`): string {
  if (value === undefined || value === '') return ''
  const c = value.trim().toUpperCase() === 'UK' ? 'GB' : value.trim().toUpperCase()
  if (!isKnownCountry(c)) throw new UsageError(`${at}: not a two-letter country code we know; use an ISO 3166 code such as GB, US, IN, BR.`)
  return c
}

/** `0.2`, `20%`: a share between 0 and 1. */
const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 2 ** 10, kb: 2 ** 10, kib: 2 ** 10, m: 2 ** 20, mb: 2 ** 20, mib: 2 ** 20, g: 2 ** 30, gb: 2 ** 30, gib: 2 ** 30, t: 2 ** 40, tb: 2 ** 40, tib: 2 ** 40 }

/** `500MB`, `4GB`, `1.5G`, `0`: a size in bytes (binary units: 1 MB is 1,024 KB, as `ls -h` counts). */
export function parseSize(at: string, v: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(v)
  const unit = m ? SIZE_UNITS[m[2]!.toLowerCase()] : undefined
  if (!m || unit === undefined) throw new UsageError(`${at}: give a size such as 500MB or 4GB (0 for no limit).`)
  return Math.round(Number(m[1]) * unit)
}

export function parseRate(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined
  const s = v.trim()
  const n = s.endsWith('%') ? Number(s.slice(0, -1)) / 100 : Number(s)
  if (!Number.isFinite(n) || n < 0 || n > 1 || s === '') throw new UsageError(`${flag} ${v}: give a share between 0 and 1 (e.g. 0.2) or a percentage (e.g. 20%).`)
  return n
}

export function parseThreads(v: string | undefined): number {
  if (v === undefined) return defaultThreads()
  const n = Number(v)
  if (!Number.isInteger(n) || n < 0 || n > 64) throw new UsageError(`--threads ${v}: give a whole number from 0 to 64 (0 reads on the main thread only).`)
  return n
}

function splitPair(flag: string, value: string): [string, string] {
  const eq = value.indexOf('=')
  if (eq <= 0 || eq === value.length - 1) throw new UsageError(`${flag} ${value}: expected KEY=COLUMN, e.g. ${flag} ${flag === '--map' ? 'phone=Mobile' : 'whatsapp=whatsapp_opt_in'}.`)
  return [value.slice(0, eq).trim(), value.slice(eq + 1).trim()]
}

function fieldColumns(values: string[]): Partial<Record<ContactField, string>> {
  const out: Partial<Record<ContactField, string>> = {}
  for (const v of values) {
    const [field, col] = splitPair('--map', v)
    if (!(CONTACT_FIELDS as readonly string[]).includes(field)) throw new UsageError(`--map ${v}: unknown field "${field}"; fields are ${CONTACT_FIELDS.join(', ')}.`)
    out[field as ContactField] = col
  }
  return out
}

function channelColumns(flag: string, values: string[]): Partial<Record<Channel, string>> {
  const out: Partial<Record<Channel, string>> = {}
  for (const v of values) {
    const [ch, col] = splitPair(flag, v)
    if (!(CHANNELS as readonly string[]).includes(ch)) throw new UsageError(`${flag} ${v}: unknown channel "${ch}"; channels are ${CHANNELS.join(', ')}.`)
    out[ch as Channel] = col
  }
  return out
}

// WhatsApp Manager names templates in lowercase letters, digits and underscores; language codes are the
// locales it lists (`en`, `en_US`, `pt_BR`, `zh_HK`).
const TEMPLATE_NAME = /^[a-z0-9_]{1,512}$/
const LANGUAGE_CODE = /^[a-z]{2,3}(?:_[A-Za-z]{2,4})?$/

const choice =
  <T extends string>(choices: readonly T[]) =>
  (raw: Raw, at: string): T => {
    const v = text(raw)
    if (v === undefined || !(choices as readonly string[]).includes(v)) throw new UsageError(`${at}: choose one of ${choices.join(', ')}.`)
    return v as T
  }
const optionalText = (raw: Raw): string | undefined => text(raw)
const files = (raw: Raw): string[] => list(raw)
const flagged = (raw: Raw): boolean => raw === true
const recorded = <T>(v: T) => v ?? null

export const SETTINGS = {
  customers: setting({ flag: '--customers <FILE>', help: 'a shop or CRM customer export, or a normalize output (repeatable; - for stdin)', repeatable: true, parse: files, commands: ['prepare', 'join'] }),
  followers: setting({ flag: '--followers <FILE>', help: 'a Facebook lead-form or bot export, or a normalize output (repeatable; - for stdin)', repeatable: true, parse: files, commands: ['prepare', 'join'] }),
  suppress: setting({ flag: '--suppress <FILE>', help: 'phones and/or emails that must never be contacted (repeatable)', repeatable: true, parse: files, commands: PEOPLE_COMMANDS }),
  config: setting({
    flag: '--config <FILE>',
    help: 'JSON settings per input file (mapping, consent, country, encoding, delimiter, format); flags override it',
    parse: optionalText,
    manifest: 'config',
    commands: INPUT_COMMANDS,
  }),
  out: setting({ flag: '-o, --out <DIR>', help: 'output folder (replaced atomically)', default: './audience-out', parse: (raw) => text(raw) ?? './audience-out', manifest: 'out', commands: ['prepare'] }),
  country: setting({
    flag: '-c, --country <ISO2>',
    help: "default country for numbers written without a country code (a row's own country column wins)",
    parse: (raw, at) => parseCountry(text(raw), at),
    config: 'country',
    manifest: 'country',
    commands: INPUT_COMMANDS,
  }),
  targets: setting<Target[]>({
    flag: '--targets <LIST>',
    help: `comma-separated targets: ${TARGET_IDS.join(', ')}`,
    default: DEFAULT_TARGETS,
    parse: (raw) => parseTargets(text(raw) ?? DEFAULT_TARGETS),
    manifest: 'targets',
    record: (v) => v.map((t) => t.id),
    commands: ['prepare'],
  }),
  plain: setting({ flag: '--plain', help: 'write ad-platform files normalized but unhashed (Meta, Google, TikTok CSVs)', parse: flagged, manifest: 'plain', commands: TARGET_COMMANDS }),
  adsConsent: setting<AdsPolicy>({
    flag: '--ads-consent <POLICY>',
    help: 'who may enter ad audiences',
    choices: ADS_POLICIES,
    default: 'any-marketing',
    parse: choice(ADS_POLICIES),
    config: 'ads_consent',
    manifest: 'ads_consent',
    commands: TARGET_COMMANDS,
  }),
  whatsappConsentFrom: setting<'whatsapp' | 'sms'>({
    flag: '--whatsapp-consent-from <CHANNEL>',
    help: 'count SMS consent as WhatsApp consent where a record says nothing about WhatsApp (prepare and export then warn)',
    choices: ['whatsapp', 'sms'],
    default: 'whatsapp',
    parse: choice(['whatsapp', 'sms'] as const),
    config: 'whatsapp_consent_from',
    manifest: 'whatsapp_consent_from',
    commands: ['prepare', 'normalize', 'dedupe', 'join', 'export'],
  }),
  phoneStyle: setting<PhoneStyle>({
    flag: '--phone-style <STYLE>',
    help: 'phone format in whatsapp.csv: +E.164, digits, whatsapp:+E.164, or country code and national number',
    choices: PHONE_STYLES,
    default: 'e164',
    parse: choice(PHONE_STYLES),
    manifest: 'phone_style',
    commands: TARGET_COMMANDS,
  }),
  valueColumn: setting({ flag: '--value-column <COLUMN>', help: 'customer value for Meta\'s value-based lookalikes (e.g. "Total Spent")', parse: optionalText, manifest: 'value_column', commands: TARGET_COMMANDS }),
  externId: setting({
    flag: '--extern-id',
    help: "add Meta's extern_id from the external_id field (e.g. Shopify Customer ID; --map external_id=COLUMN)",
    parse: flagged,
    manifest: 'extern_id',
    commands: TARGET_COMMANDS,
  }),
  template: setting({
    flag: '--template <NAME>',
    help: 'whatsapp-cloud: the approved template to send',
    parse: (raw, at) => {
      const v = text(raw)
      if (v !== undefined && !TEMPLATE_NAME.test(v)) throw new UsageError(`${at}: template names are lowercase letters, digits and underscores, as WhatsApp Manager shows them (e.g. spring_sale).`)
      return v
    },
    // Recorded as the whole template (name, language, parameters), null without whatsapp-cloud.
    manifest: 'template',
    record: (_, all) => all.templateSpec ?? null,
    commands: TARGET_COMMANDS,
  }),
  lang: setting({
    flag: '--lang <CODE>',
    help: "whatsapp-cloud: the template's language code (e.g. en_US)",
    parse: (raw, at) => {
      const v = text(raw)
      if (v !== undefined && !LANGUAGE_CODE.test(v)) throw new UsageError(`${at}: give the template's language code as WhatsApp Manager shows it, e.g. en, en_US, pt_BR.`)
      return v
    },
    commands: TARGET_COMMANDS,
  }),
  param: setting({
    flag: '--param <FIELD>',
    help: `whatsapp-cloud: a person field for the template's next {{n}} (${PARAM_FIELDS.join(', ')}); repeatable, in order`,
    repeatable: true,
    parse: (raw) => {
      const v = list(raw)
      for (const p of v) if (!isParamField(p)) throw new UsageError(`--param ${p}: not a field we fill templates from; use one of ${PARAM_FIELDS.join(', ')}.`)
      return v
    },
    commands: TARGET_COMMANDS,
  }),
  maxRejectRate: setting({
    flag: '--max-reject-rate <R>',
    help: 'fail with exit 3, writing nothing, when more than this share of rows is rejected (e.g. 0.2)',
    parse: (raw) => parseRate('--max-reject-rate', text(raw)),
    manifest: 'max_reject_rate',
    commands: ['prepare'],
  }),
  previous: setting({
    flag: '--previous <DIR>',
    help: "an earlier run's output folder: also write adds/, removes/ and (ad audiences) updates/ for each audience (may be --out itself)",
    parse: optionalText,
    manifest: 'previous',
    commands: ['prepare'],
  }),
  map: setting({ flag: '--map <FIELD=COLUMN>', help: `use COLUMN for a contact field (${CONTACT_FIELDS.join(', ')}); repeatable`, repeatable: true, parse: (raw) => fieldColumns(list(raw)), manifest: 'map', commands: INPUT_COMMANDS }),
  consent: setting({
    flag: '--consent <CHANNEL=COLUMN>',
    help: `read consent for a channel (${CHANNELS.join(', ')}) from COLUMN; repeatable`,
    repeatable: true,
    parse: (raw) => channelColumns('--consent', list(raw)),
    manifest: 'consent',
    commands: INPUT_COMMANDS,
  }),
  consentAt: setting({
    flag: '--consent-at <CHANNEL=COLUMN>',
    help: "read the time of a channel's consent from COLUMN; repeatable",
    repeatable: true,
    parse: (raw) => channelColumns('--consent-at', list(raw)),
    manifest: 'consent_at',
    commands: INPUT_COMMANDS,
  }),
  encoding: setting<Encoding | undefined>({
    flag: '--encoding <E>',
    help: `file encoding: ${ENCODING_CHOICES} (default: detected)`,
    parse: (raw, at) => {
      const v = text(raw)
      if (v === undefined) return undefined
      const e = encodingFromName(v)
      if (!e) throw new UsageError(`${at}: not an encoding we read; use one of ${ENCODING_CHOICES}.`)
      return e
    },
    manifest: 'encoding',
    commands: INPUT_COMMANDS,
  }),
  delimiter: setting({
    flag: '--delimiter <C>',
    help: 'field delimiter: a character, or tab, comma, semicolon, pipe (default: detected)',
    parse: (raw) => {
      const v = text(raw)
      if (v === undefined) return undefined
      const d = delimiterFromName(v)
      if (!d) throw new UsageError(`--delimiter ${JSON.stringify(v)}: give one character, or tab, comma, semicolon or pipe.`)
      return d
    },
    manifest: 'delimiter',
    commands: INPUT_COMMANDS,
  }),
  // Both at once is a contradiction, refused (exit 2). Neither: a date the column's own values cannot settle
  // gives no time (consent.md, "Reading times").
  dayFirst: setting({
    flag: '--day-first',
    help: "read numeric dates such as 03/04/2025 as day first (3 April) where a column's own dates do not settle the order (config: \"day_first\": true)",
    parse: flagged,
    conflicts: 'monthFirst',
    manifest: 'day_first',
    record: (v, all) => (v ? true : all.monthFirst ? false : null),
    commands: INPUT_COMMANDS,
  }),
  monthFirst: setting({
    flag: '--month-first',
    help: 'read them month first (March 4), as US exports write them (config: "day_first": false)',
    parse: flagged,
    conflicts: 'dayFirst',
    commands: INPUT_COMMANDS,
  }),
  sheet: setting({
    flag: '--sheet <NAME|N>',
    help: 'the sheet of an Excel workbook (.xlsx) to read, by name or position (default: the first sheet with a header row)',
    parse: optionalText,
    commands: INPUT_COMMANDS,
  }),
  maxUnzippedSize: setting({
    flag: '--max-unzipped-size <SIZE>',
    help: "most a ZIP archive's CSV files may expand to, in all (e.g. 500MB, 4GB; 0: no limit); a larger archive is refused as a possible ZIP bomb (default: 1GB)",
    parse: (raw, at) => {
      const v = text(raw)
      return v === undefined ? undefined : parseSize(at, v)
    },
    commands: INPUT_COMMANDS,
  }),
  dryRun: setting({ flag: '--dry-run', help: 'compute and print the report, write nothing', parse: flagged, commands: ['prepare'] }),
  json: setting({ flag: '--json', help: 'print a machine-readable summary on stdout', parse: flagged, commands: ['prepare'] }),
  saveConfig: setting({ flag: '--save-config <FILE>', help: "write the mapping and settings this run used to a JSON config, for the next run's --config", parse: optionalText, commands: ['prepare'] }),
  threads: setting({
    flag: '--threads <N>',
    help: 'worker threads for reading big files (default: one per core, at most 4; 0: none)',
    parse: (raw) => parseThreads(text(raw)),
    commands: PEOPLE_COMMANDS,
  }),
  // The worker paths' sizes and thresholds (pipeline/tuning.ts), hidden: the tests lower them to send the
  // fixtures through the workers, in-process.
  parallelMinBytes: tuningKnob('--parallel-min-bytes <N>', 'read files of at least N bytes on the worker threads', 'parallelMinBytes', 0, PEOPLE_COMMANDS),
  chunkBytes: tuningKnob('--chunk-bytes <N>', 'the least bytes per chunk read by a worker', 'chunkBytes', 1, PEOPLE_COMMANDS),
  parallelMinPeople: tuningKnob('--parallel-min-people <N>', 'render the audiences on the worker threads from N records', 'parallelMinPeople', 0, ['prepare']),
  blockPeople: tuningKnob('--block-people <N>', 'people per block of the parallel output pass', 'blockPeople', 1, ['prepare']),
}

function tuningKnob(flag: string, help: string, knob: keyof Tuning, least: number, commands: readonly CommandName[]): Setting<number> {
  return {
    flag,
    help,
    hidden: true,
    parse: (raw, at) => {
      const v = text(raw)
      if (v === undefined) return DEFAULT_TUNING[knob]
      const n = Number(v)
      if (!Number.isSafeInteger(n) || n < least) throw new UsageError(`${at}: give a whole number of at least ${least}.`)
      return n
    },
    commands,
  }
}

/** The tuning knobs from the resolved settings. */
export function tuningOf(v: SettingValues): Tuning {
  return { parallelMinBytes: v.parallelMinBytes, chunkBytes: v.chunkBytes, parallelMinPeople: v.parallelMinPeople ?? DEFAULT_TUNING.parallelMinPeople, blockPeople: v.blockPeople ?? DEFAULT_TUNING.blockPeople }
}

type Settings = typeof SETTINGS
export type SettingName = keyof Settings
/** The resolved value of every setting, by name; `templateSpec` is the checked whatsapp-cloud template. */
export type SettingValues = { [K in SettingName]: Settings[K] extends Setting<infer T> ? T : never } & { templateSpec?: unknown }

/** The settings a command takes, in declaration order. */
export function settingsOf(command: CommandName): SettingName[] {
  return (Object.keys(SETTINGS) as SettingName[]).filter((k) => (SETTINGS[k] as Setting<unknown>).commands.includes(command))
}

const collect = (value: string, previous: string[] = []) => [...previous, value]

/** Adds the command's settings to it as flags, so that --help is what is parsed. */
export function registerSettings(cmd: Command, command: CommandName): Command {
  for (const name of settingsOf(command)) {
    const s = SETTINGS[name] as Setting<unknown>
    const o = new Option(s.flag, s.help)
    // The setting's name is the key commander stores its value under: they cannot drift.
    if (o.attributeName() !== name) throw new Error(`setting ${name}: its flag ${s.flag} is stored as ${o.attributeName()}`)
    if (s.choices) o.choices(s.choices as string[])
    if (s.repeatable) o.argParser(collect)
    if (s.default !== undefined) o.default(s.default)
    if (s.hidden) o.hideHelp()
    if (s.conflicts) o.conflicts(s.conflicts)
    cmd.addOption(o)
  }
  return cmd
}

/** The top-level keys of a config file that hold settings, in declaration order. */
export const CONFIG_SETTINGS: readonly { key: string; name: SettingName }[] = (Object.keys(SETTINGS) as SettingName[])
  .filter((k) => (SETTINGS[k] as Setting<unknown>).config !== undefined)
  .map((name) => ({ key: (SETTINGS[name] as Setting<unknown>).config!, name }))

/** A config file's value for a setting, checked as its flag is (a bad value names the file and the key). */
export function configSettingValue(key: string, value: unknown, label: string): unknown {
  const entry = CONFIG_SETTINGS.find((c) => c.key === key)!
  const s = SETTINGS[entry.name] as Setting<unknown>
  if (s.choices && (typeof value !== 'string' || !s.choices.includes(value))) throw new UsageError(`${label}: ${key}: expected one of ${s.choices.join(', ')}.`)
  if (typeof value !== 'string') throw new UsageError(`${label}: ${key}: expected a string.`)
  return s.parse(value, `${label}: ${key}: ${JSON.stringify(value)}`)
}

export interface ResolvedSettings {
  values: SettingValues
  /** The settings given on the command line (a config's country yields to --country; a flag's column is checked). */
  given: ReadonlySet<SettingName>
}

/**
 * The one precedence rule: a flag given on the command line, else the config's value (checked when the config
 * was read), else the default. Commander's defaults never count as given.
 */
export function resolveSettings(cmd: Command, command: CommandName, config: Readonly<Record<string, unknown>> | undefined): ResolvedSettings {
  const raw = cmd.opts() as Record<string, Raw>
  const values: Record<string, unknown> = {}
  const given = new Set<SettingName>()
  for (const name of settingsOf(command)) {
    const s = SETTINGS[name] as Setting<unknown>
    const fromCli = cmd.getOptionValueSource(name) === 'cli'
    if (fromCli) given.add(name)
    const flagName = s.flag.replace(/^-\w, /, '').replace(/ .*$/, '')
    if (!fromCli && s.config !== undefined && config?.[s.config] !== undefined) values[name] = config[s.config]
    else values[name] = s.parse(fromCli ? raw[name] : (raw[name] ?? s.default), `${flagName} ${String(raw[name])}`)
  }
  return { values: values as SettingValues, given }
}

/** manifest.json's options: the run's inputs, then every recorded setting, in declaration order. */
export function manifestOptions(command: CommandName, values: SettingValues, inputs: readonly { file: string; role: string }[]): Record<string, unknown> {
  const out: Record<string, unknown> = { inputs: inputs.map((i) => ({ file: i.file, role: i.role })) }
  for (const name of settingsOf(command)) {
    const s = SETTINGS[name] as Setting<unknown>
    if (s.manifest === undefined) continue
    out[s.manifest] = s.record ? s.record(values[name], values as unknown as Record<string, unknown>) : recorded(values[name])
  }
  return out
}

/** What --save-config writes besides the inputs: each setting a config may hold (an empty country is left out). */
export function configSettings(command: CommandName, values: SettingValues): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const { key, name } of CONFIG_SETTINGS) {
    if (!settingsOf(command).includes(name)) continue
    const v = values[name]
    if (v !== undefined && v !== '') out[key] = v
  }
  return out
}
