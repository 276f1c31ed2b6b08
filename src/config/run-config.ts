// The JSON config of `--config FILE` and `prepare --save-config FILE`: per input file, the settings a user
// would otherwise give as flags (mapping, consent columns, country, encoding, delimiter, format), plus the
// run's policies. Validation is strict and points at the bad key (`config.json: inputs[1].consent.whatsap:
// unknown channel; ...`), because a cron job reading a config with a typo must stop, not guess.
// Pure: text in, typed config or a UsageError out; reading and writing the file is config-file.ts.

import { UsageError } from '../core/errors.js'
import { CHANNELS, CONTACT_FIELDS, type Channel, type ConsentState, type ContactField, type Role } from '../core/model.js'
import { CONFIG_SETTINGS, configSettingValue, parseCountry } from './settings.js'
import { delimiterFromName, encodingFromName, ENCODING_CHOICES, type Encoding } from '../io/sniff.js'
import { SOURCE_FORMATS } from '../sources/index.js'

export const CONFIG_VERSION = 1

/** A column per channel; `null` says "this file has none" and removes what detection found. */
export type ChannelColumns = Partial<Record<Channel, string | null>>

export interface InputConfig {
  /** Which input this entry is for: a path (relative to the config file) or a bare file name; `*` matches any text. */
  file: string
  role?: Role
  format?: string
  encoding?: Encoding
  delimiter?: string
  /** The sheet of an Excel workbook: its name, or its position as a number (1 for the first). */
  sheet?: string
  country?: string
  /** Columns per field, in priority order; `null` removes a field detection found. */
  map?: Partial<Record<ContactField, string[] | null>>
  consent?: ChannelColumns
  consent_at?: ChannelColumns
  opt_out?: ChannelColumns
  fixed_consent?: Partial<Record<Channel, ConsentState>>
  time?: string | null
  day_first?: boolean
}

export interface RunConfig {
  version: number
  inputs: InputConfig[]
  /** The run's settings a config may hold (country, ads_consent, ...), by config key: config/settings.ts declares
   * them and checks their values; resolveSettings reads them. */
  [setting: string]: unknown
}

const TOP_KEYS = ['version', ...CONFIG_SETTINGS.map((s) => s.key), 'inputs'] as const
const INPUT_KEYS = ['file', 'role', 'format', 'encoding', 'delimiter', 'sheet', 'country', 'map', 'consent', 'consent_at', 'opt_out', 'fixed_consent', 'time', 'day_first'] as const
const ROLES: readonly Role[] = ['customers', 'followers', 'suppress']
const STATES: readonly ConsentState[] = ['granted', 'denied', 'unknown']

function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) d[0]![j] = j
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
  return d[a.length]![b.length]!
}

/** ` (did you mean "consent"?)` when one known word is close to `word`. */
function suggestion(word: string, known: readonly string[]): string {
  const best = known.map((k) => ({ k, d: distance(word.toLowerCase(), k) })).sort((x, y) => x.d - y.d)[0]
  return best && best.d <= 2 ? ` (did you mean "${best.k}"?)` : ''
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
// `_comment`, `$schema`: notes people leave in configs are allowed and ignored.
const isNote = (key: string) => key.startsWith('_') || key.startsWith('$')

/** Line and column of a character offset, for JSON syntax errors. */
function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length
}

export function parseRunConfig(text: string, label: string): RunConfig {
  const fail = (at: string, what: string): never => {
    throw new UsageError(`${label}: ${at}: ${what}`)
  }
  let raw: unknown
  try {
    raw = JSON.parse(text.replace(/^\ufeff/, ''))
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message)
    const where = m ? ` near line ${lineOf(text, Number(m[1]))}` : ''
    throw new UsageError(`${label}: not valid JSON${where} (${(e as Error).message.replace(/ in JSON at position \d+.*$/, '')}); fix the file, or write a new one with prepare --save-config ${label}.`)
  }
  if (!isObject(raw)) throw new UsageError(`${label}: expected a JSON object with an "inputs" list; see docs/config.md.`)

  const config: RunConfig = { version: CONFIG_VERSION, inputs: [] }
  for (const [key, value] of Object.entries(raw)) {
    if (isNote(key)) continue
    if (!(TOP_KEYS as readonly string[]).includes(key)) fail(key, `unknown key${suggestion(key, TOP_KEYS)}; the keys are ${TOP_KEYS.join(', ')}.`)
    switch (key) {
      case 'version':
        if (value !== CONFIG_VERSION) fail(key, `this wa-audience reads config version ${CONFIG_VERSION}, not ${JSON.stringify(value)}.`)
        break
      case 'inputs':
        if (!Array.isArray(value)) fail(key, 'expected a list of objects, each with a "file".')
        config.inputs = (value as unknown[]).map((v, i) => parseInput(v, `inputs[${i}]`, fail, label))
        break
      default:
        // A setting: checked as its flag is.
        config[key] = configSettingValue(key, value, label)
    }
  }
  return config
}

function countryValue(value: unknown, at: string, label: string): string {
  return parseCountry(typeof value === 'string' && value !== '' ? value : JSON.stringify(value), `${label}: ${at}: ${JSON.stringify(value)}`)
}

function stringValue(value: unknown, at: string, fail: (at: string, what: string) => never): string {
  if (typeof value !== 'string' || value.trim() === '') fail(at, 'expected a column name (a non-empty string).')
  return value as string
}

function channelColumns(value: unknown, at: string, fail: (at: string, what: string) => never): ChannelColumns {
  if (!isObject(value)) fail(at, `expected an object of channel: column, e.g. {"whatsapp": "whatsapp_opt_in"}.`)
  const out: ChannelColumns = {}
  for (const [ch, col] of Object.entries(value as Record<string, unknown>)) {
    if (!(CHANNELS as readonly string[]).includes(ch)) fail(`${at}.${ch}`, `unknown channel${suggestion(ch, CHANNELS)}; channels are ${CHANNELS.join(', ')}.`)
    out[ch as Channel] = col === null ? null : stringValue(col, `${at}.${ch}`, fail)
  }
  return out
}

function parseInput(value: unknown, at: string, fail: (at: string, what: string) => never, label: string): InputConfig {
  if (!isObject(value)) fail(at, 'expected an object with a "file".')
  const v = value as Record<string, unknown>
  if (typeof v.file !== 'string' || v.file.trim() === '') fail(`${at}.file`, 'expected the input\'s path or file name (may contain * for any text).')
  const input: InputConfig = { file: v.file as string }
  for (const [key, val] of Object.entries(v)) {
    const here = `${at}.${key}`
    if (isNote(key) || key === 'file') continue
    if (!(INPUT_KEYS as readonly string[]).includes(key)) fail(here, `unknown key${suggestion(key, INPUT_KEYS)}; the keys of an input are ${INPUT_KEYS.join(', ')}.`)
    switch (key) {
      case 'role':
        if (typeof val !== 'string' || !(ROLES as readonly string[]).includes(val)) fail(here, `expected one of ${ROLES.join(', ')}.`)
        input.role = val as Role
        break
      case 'format': {
        const ids = SOURCE_FORMATS.map((f) => f.id)
        if (typeof val !== 'string' || !ids.includes(val)) fail(here, `unknown format${typeof val === 'string' ? suggestion(val, ids) : ''}; formats are ${ids.join(', ')}.`)
        input.format = val as string
        break
      }
      case 'encoding': {
        const e = typeof val === 'string' ? encodingFromName(val) : undefined
        if (!e) fail(here, `not an encoding we read; use one of ${ENCODING_CHOICES}.`)
        input.encoding = e
        break
      }
      case 'delimiter': {
        const d = typeof val === 'string' ? delimiterFromName(val) : undefined
        if (!d) fail(here, 'give one character, or tab, comma, semicolon or pipe.')
        input.delimiter = d
        break
      }
      case 'sheet':
        if (!((typeof val === 'string' && val.trim() !== '') || (typeof val === 'number' && Number.isInteger(val) && val >= 1))) fail(here, 'give the sheet\'s name, or its position (1 for the first).')
        input.sheet = String(val)
        break
      case 'country':
        input.country = countryValue(val, here, label)
        break
      case 'map': {
        if (!isObject(val)) fail(here, 'expected an object of field: column (or a list of columns), e.g. {"phone": "Mobile"}.')
        const map: InputConfig['map'] = {}
        for (const [field, cols] of Object.entries(val as Record<string, unknown>)) {
          const f = `${here}.${field}`
          if (!(CONTACT_FIELDS as readonly string[]).includes(field)) fail(f, `unknown field${suggestion(field, CONTACT_FIELDS)}; fields are ${CONTACT_FIELDS.join(', ')}.`)
          if (cols === null) map[field as ContactField] = null
          else if (Array.isArray(cols)) {
            if (cols.length === 0) fail(f, 'expected at least one column (or null for none).')
            map[field as ContactField] = cols.map((c, i) => stringValue(c, `${f}[${i}]`, fail))
          } else map[field as ContactField] = [stringValue(cols, f, fail)]
        }
        input.map = map
        break
      }
      case 'consent':
      case 'consent_at':
      case 'opt_out':
        input[key] = channelColumns(val, here, fail)
        break
      case 'fixed_consent': {
        if (!isObject(val)) fail(here, 'expected an object of channel: state, e.g. {"email": "denied"}.')
        const fixed: InputConfig['fixed_consent'] = {}
        for (const [ch, state] of Object.entries(val as Record<string, unknown>)) {
          if (!(CHANNELS as readonly string[]).includes(ch)) fail(`${here}.${ch}`, `unknown channel${suggestion(ch, CHANNELS)}; channels are ${CHANNELS.join(', ')}.`)
          if (typeof state !== 'string' || !(STATES as readonly string[]).includes(state)) fail(`${here}.${ch}`, `expected one of ${STATES.join(', ')}.`)
          fixed[ch as Channel] = state as ConsentState
        }
        input.fixed_consent = fixed
        break
      }
      case 'time':
        input.time = val === null ? null : stringValue(val, here, fail)
        break
      case 'day_first':
        if (typeof val !== 'boolean') fail(here, 'expected true or false.')
        input.day_first = val as boolean
        break
    }
  }
  return input
}

/** The config as written by --save-config: keys in a fixed order, two-space indent, a final newline. */
export function runConfigJson(c: RunConfig): string {
  const order = (o: Record<string, unknown>, keys: readonly string[]) => {
    const out: Record<string, unknown> = {}
    for (const k of keys) if (o[k] !== undefined) out[k] = o[k]
    return out
  }
  const inputs = c.inputs.map((i) => order(i as unknown as Record<string, unknown>, ['file', ...INPUT_KEYS.filter((k) => k !== 'file')]))
  return JSON.stringify({ ...order(c as unknown as Record<string, unknown>, TOP_KEYS.filter((k) => k !== 'inputs')), inputs }, null, 2) + '\n'
}
