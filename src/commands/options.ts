// Options shared by several commands, declared once with commander (so --help never drifts from what is
// parsed) and turned into typed settings here. Bad values are UsageErrors (exit 2) that name the flag.

import { Command, Option } from 'commander'
import { ADS_POLICIES, type AdsPolicy } from '../core/audience.js'
import { UsageError } from '../core/errors.js'
import { CHANNELS, CONTACT_FIELDS, type Channel, type ContactField } from '../core/model.js'
import { isKnownCountry } from '../core/phone/index.js'
import { delimiterFromName, encodingFromName, ENCODING_CHOICES } from '../io/sniff.js'
import type { TableOptions } from '../io/read-table.js'
import { readConfigFile, type LoadedConfig } from '../config/config-file.js'
import type { MappingOverrides } from '../sources/index.js'

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
    .option('--config <FILE>', 'JSON settings per input file (mapping, consent, country, encoding, delimiter, format); flags override it')
}

/** The options every command takes about its own output to the terminal. */
export function addTerminalOptions(cmd: Command): Command {
  return cmd
    .option('-q, --quiet', 'print nothing but errors')
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
  config?: string
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
  return t
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
