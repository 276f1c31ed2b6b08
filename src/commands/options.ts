// Options shared by several commands, declared once with commander (so --help never drifts from what is
// parsed) and turned into typed settings here. Bad values are UsageErrors (exit 2) that name the flag.

import { Command, Option } from 'commander'
import { ADS_POLICIES, type AdsPolicy } from '../core/audience.js'
import { UsageError } from '../core/errors.js'
import { defaultThreads } from '../pipeline/parallel/pool.js'
import { CHANNELS, CONTACT_FIELDS, type Channel, type ContactField } from '../core/model.js'
import { isKnownCountry } from '../core/phone/index.js'
import { delimiterFromName, encodingFromName, ENCODING_CHOICES } from '../io/sniff.js'
import type { TableOptions } from '../io/read-table.js'
import { readConfigFile, type LoadedConfig } from '../config/config-file.js'
import type { MappingOverrides } from '../sources/index.js'
import { isParamField, PARAM_FIELDS, PHONE_STYLES, type PhoneStyle, type Target, type TemplateSpec } from '../targets/index.js'

const collect = (value: string, previous: string[] = []) => [...previous, value]

/** The options every command that reads an export takes. */
export function addInputOptions(cmd: Command): Command {
  return cmd
    .option('-c, --country <ISO2>', 'default country for numbers written without a country code (a row\'s own country column wins)')
    .option('--map <FIELD=COLUMN>', `use COLUMN for a contact field (${CONTACT_FIELDS.join(', ')}); repeatable`, collect)
    .option('--consent <CHANNEL=COLUMN>', `read consent for a channel (${CHANNELS.join(', ')}) from COLUMN; repeatable`, collect)
    .option('--consent-at <CHANNEL=COLUMN>', 'read the time of a channel\'s consent from COLUMN; repeatable', collect)
    .option('--delimiter <C>', 'field delimiter: a character, or tab, comma, semicolon, pipe (default: detected)')
    .option('--encoding <E>', `file encoding: ${ENCODING_CHOICES} (default: detected)`)
    .option('--sheet <NAME|N>', 'the sheet of an Excel workbook (.xlsx) to read, by name or position (default: the first sheet with a header row)')
    .option('--config <FILE>', 'JSON settings per input file (mapping, consent, country, encoding, delimiter, format); flags override it')
    .option('--max-unzipped-size <SIZE>', 'most a ZIP archive\'s CSV files may expand to, in all (e.g. 500MB, 4GB; 0: no limit); a larger archive is refused as a possible ZIP bomb (default: 1GB)')
}

/** The options every command takes about its own output to the terminal. */
export function addTerminalOptions(cmd: Command): Command {
  return cmd
    // Both at once is a contradiction, refused (exit 2) rather than one silently winning.
    .addOption(new Option('-q, --quiet', 'print nothing but errors').conflicts('verbose'))
    .option('-v, --verbose', 'print more detail (and stack traces of internal errors)')
    .option('--no-color', 'no colours (NO_COLOR is honoured too)')
    .option('-y, --yes', 'never prompt; fail with a message naming the flag that would answer the question')
    .addOption(new Option('--no-interactive', 'same as --yes').hideHelp())
}

export interface InputFlags {
  country?: string
  map?: string[]
  consent?: string[]
  consentAt?: string[]
  delimiter?: string
  encoding?: string
  sheet?: string
  config?: string
  maxUnzippedSize?: string
}

/** The --config file, read and validated (a bad key is a UsageError naming it), or undefined. */
export function loadConfig(f: InputFlags): LoadedConfig | undefined {
  return f.config === undefined ? undefined : readConfigFile(f.config)
}

function splitPair(flag: string, value: string): [string, string] {
  const eq = value.indexOf('=')
  if (eq <= 0 || eq === value.length - 1) throw new UsageError(`${flag} ${value}: expected KEY=COLUMN, e.g. ${flag} ${flag === '--map' ? 'phone=Mobile' : 'whatsapp=whatsapp_opt_in'}.`)
  return [value.slice(0, eq).trim(), value.slice(eq + 1).trim()]
}

export function parseCountry(value: string | undefined): string {
  if (value === undefined || value === '') return ''
  const c = value.trim().toUpperCase() === 'UK' ? 'GB' : value.trim().toUpperCase()
  if (!isKnownCountry(c)) throw new UsageError(`--country ${value}: not a two-letter country code we know; use an ISO 3166 code such as GB, US, IN, BR.`)
  return c
}

export function parseOverrides(f: InputFlags): MappingOverrides {
  const o: MappingOverrides = { map: {}, consent: {}, consentAt: {} }
  for (const v of f.map ?? []) {
    const [field, col] = splitPair('--map', v)
    if (!(CONTACT_FIELDS as readonly string[]).includes(field)) throw new UsageError(`--map ${v}: unknown field "${field}"; fields are ${CONTACT_FIELDS.join(', ')}.`)
    o.map[field as ContactField] = col
  }
  for (const [flag, list, into] of [
    ['--consent', f.consent, o.consent],
    ['--consent-at', f.consentAt, o.consentAt],
  ] as const) {
    for (const v of list ?? []) {
      const [ch, col] = splitPair(flag, v)
      if (!(CHANNELS as readonly string[]).includes(ch)) throw new UsageError(`${flag} ${v}: unknown channel "${ch}"; channels are ${CHANNELS.join(', ')}.`)
      into[ch as Channel] = col
    }
  }
  return o
}

export function parseTableOptions(f: InputFlags): TableOptions {
  const t: TableOptions = {}
  if (f.encoding !== undefined) {
    const e = encodingFromName(f.encoding)
    if (!e) throw new UsageError(`--encoding ${f.encoding}: not an encoding we read; use one of ${ENCODING_CHOICES}.`)
    t.encoding = e
  }
  if (f.delimiter !== undefined) {
    const d = delimiterFromName(f.delimiter)
    if (!d) throw new UsageError(`--delimiter ${JSON.stringify(f.delimiter)}: give one character, or tab, comma, semicolon or pipe.`)
    t.delimiter = d
  }
  if (f.sheet !== undefined) t.sheet = f.sheet
  if (f.maxUnzippedSize !== undefined) t.maxUnzippedBytes = parseSize('--max-unzipped-size', f.maxUnzippedSize)
  return t
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 2 ** 10, kb: 2 ** 10, kib: 2 ** 10, m: 2 ** 20, mb: 2 ** 20, mib: 2 ** 20, g: 2 ** 30, gb: 2 ** 30, gib: 2 ** 30, t: 2 ** 40, tb: 2 ** 40, tib: 2 ** 40 }

/** `500MB`, `4GB`, `1.5G`, `0`: a size in bytes (binary units: 1 MB is 1,024 KB, as `ls -h` counts). */
export function parseSize(flag: string, v: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(v)
  const unit = m ? SIZE_UNITS[m[2]!.toLowerCase()] : undefined
  if (!m || unit === undefined) throw new UsageError(`${flag} ${v}: give a size such as 500MB or 4GB (0 for no limit).`)
  return Math.round(Number(m[1]) * unit)
}

export function parseAdsPolicy(v: string | undefined): AdsPolicy {
  const p = (v ?? 'any-marketing') as AdsPolicy
  if (!ADS_POLICIES.includes(p)) throw new UsageError(`--ads-consent ${v}: choose one of ${ADS_POLICIES.join(', ')}.`)
  return p
}

/** `0.2`, `20%`: a share between 0 and 1. */
export function parseRate(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined
  const s = v.trim()
  const n = s.endsWith('%') ? Number(s.slice(0, -1)) / 100 : Number(s)
  if (!Number.isFinite(n) || n < 0 || n > 1 || s === '') throw new UsageError(`${flag} ${v}: give a share between 0 and 1 (e.g. 0.2) or a percentage (e.g. 20%).`)
  return n
}

/** Who may enter which audience (consent.md): the same flags for prepare and export, so both decide alike. */
export function addPolicyOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--ads-consent <POLICY>', 'who may enter ad audiences').choices(ADS_POLICIES as string[]).default('any-marketing'))
    .addOption(
      new Option('--whatsapp-consent-from <CHANNEL>', 'count SMS consent as WhatsApp consent (adds a warning)').choices(['whatsapp', 'sms']).default('whatsapp'),
    )
}

/** How the target files are written: the same flags for prepare and export, so both write the same bytes. */
export function addTargetOptions(cmd: Command): Command {
  return cmd
    .option('--plain', 'write ad-platform files normalized but unhashed (Meta, Google, TikTok CSVs)')
    .addOption(new Option('--phone-style <STYLE>', 'phone format in whatsapp.csv: +E.164, digits, whatsapp:+E.164, or country code and national number').choices(PHONE_STYLES as string[]).default('e164'))
    .option('--value-column <COLUMN>', "customer value for Meta's value-based lookalikes (e.g. \"Total Spent\")")
    .option('--extern-id', "add Meta's extern_id from the external_id field (e.g. Shopify Customer ID; --map external_id=COLUMN)")
    .option('--template <NAME>', 'whatsapp-cloud: the approved template to send')
    .option('--lang <CODE>', 'whatsapp-cloud: the template\'s language code (e.g. en_US)')
    .option('--param <FIELD>', `whatsapp-cloud: a person field for the template's next {{n}} (${PARAM_FIELDS.join(', ')}); repeatable, in order`, collect)
}

export interface PolicyFlags {
  adsConsent?: string
  whatsappConsentFrom?: string
}

export interface TargetFlags {
  plain?: boolean
  phoneStyle?: string
  valueColumn?: string
  externId?: boolean
  template?: string
  lang?: string
  param?: string[]
}

export interface TargetSettings {
  plain: boolean
  phoneStyle: PhoneStyle
  valueColumn: string | undefined
  externId: boolean
  template: TemplateSpec | null
}

// WhatsApp Manager names templates in lowercase letters, digits and underscores; language codes are the
// locales it lists (`en`, `en_US`, `pt_BR`, `zh_HK`).
const TEMPLATE_NAME = /^[a-z0-9_]{1,512}$/
const LANGUAGE_CODE = /^[a-z]{2,3}(?:_[A-Za-z]{2,4})?$/

/** Checks the target flags against the targets asked for; `asked` is how the user named them. */
export function parseTargetSettings(f: TargetFlags, targets: readonly Target[], asked: string): TargetSettings {
  const style = (f.phoneStyle ?? 'e164') as PhoneStyle
  if (!PHONE_STYLES.includes(style)) throw new UsageError(`--phone-style ${f.phoneStyle}: choose one of ${PHONE_STYLES.join(', ')}.`)
  const cloud = targets.some((t) => t.id === 'whatsapp-cloud')
  const templateFlags = f.template !== undefined || f.lang !== undefined || (f.param ?? []).length > 0
  let template: TemplateSpec | null = null
  if (cloud) {
    if (f.template === undefined || f.lang === undefined) {
      throw new UsageError(
        `${asked} whatsapp-cloud needs --template NAME and --lang CODE, the name and language of a template approved in WhatsApp Manager, e.g. --template spring_sale --lang en_US.`,
      )
    }
    if (!TEMPLATE_NAME.test(f.template)) throw new UsageError(`--template ${f.template}: template names are lowercase letters, digits and underscores, as WhatsApp Manager shows them (e.g. spring_sale).`)
    if (!LANGUAGE_CODE.test(f.lang)) throw new UsageError(`--lang ${f.lang}: give the template's language code as WhatsApp Manager shows it, e.g. en, en_US, pt_BR.`)
    for (const p of f.param ?? []) {
      if (!isParamField(p)) throw new UsageError(`--param ${p}: not a field we fill templates from; use one of ${PARAM_FIELDS.join(', ')}.`)
    }
    template = { name: f.template, lang: f.lang, params: [...(f.param ?? [])] }
  } else if (templateFlags) {
    throw new UsageError(`--template, --lang and --param are for the whatsapp-cloud target; add whatsapp-cloud to ${asked} or leave them out.`)
  }
  return { plain: f.plain ?? false, phoneStyle: style, valueColumn: f.valueColumn, externId: f.externId ?? false, template }
}

/** `--threads N`: worker threads for reading big files; 0 reads everything on the main thread. */
export function addThreadsOption(cmd: Command): Command {
  return cmd.option('--threads <N>', 'worker threads for reading big files (default: one per core, at most 4; 0: none)')
}

export function parseThreads(v: string | undefined): number {
  if (v === undefined) return defaultThreads()
  const n = Number(v)
  if (!Number.isInteger(n) || n < 0 || n > 64) throw new UsageError(`--threads ${v}: give a whole number from 0 to 64 (0 reads on the main thread only).`)
  return n
}
