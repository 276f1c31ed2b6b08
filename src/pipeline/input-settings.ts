// Each input's settings from the three places they come from, strongest first: flags, the config entry that
// matches the input, detection. Config entries name one input, so a column they name that the file lacks is
// an error (a renamed column must stop a cron job); flags may name columns of any of several inputs, so
// sources/index.ts applies them where they fit and refuses only a column no input has.

import { InputError } from '../core/errors.js'
import { shown } from '../core/mask.js'
import { CHANNELS, type Channel, type ContactField } from '../core/model.js'
import type { LoadedConfig } from '../config/config-file.js'
import { configEntryFor, type ConfigMatch } from '../config/match-input.js'
import type { TableOptions } from '../io/read-table.js'
import { detectFormat, formatById, headerName, mapHeader } from '../sources/index.js'
import type { ColumnMapping, SourceContext, SourceFormat } from '../sources/types.js'

/** Encoding and delimiter for one table: a flag wins over the config, the config over detection. */
export function tableOptionsFor(flags: TableOptions, config: LoadedConfig | undefined, tablePath: string): TableOptions {
  const entry = configEntryFor(config, tablePath)?.entry
  const out: TableOptions = {}
  const encoding = flags.encoding ?? entry?.encoding
  const delimiter = flags.delimiter ?? entry?.delimiter
  if (encoding) out.encoding = encoding
  if (delimiter) out.delimiter = delimiter
  const sheet = flags.sheet ?? entry?.sheet
  if (sheet !== undefined) out.sheet = sheet
  if (flags.maxUnzippedBytes !== undefined) out.maxUnzippedBytes = flags.maxUnzippedBytes
  if (flags.signal) out.signal = flags.signal
  return out
}

export interface MappedTable {
  format: SourceFormat
  mapping: ColumnMapping
  match: ConfigMatch | undefined
}

/** The format (the config's, else detected) and its mapping with the config entry applied. */
export function mapWithConfig(header: readonly string[], context: SourceContext, tableName: string, config: LoadedConfig | undefined, tablePath: string): MappedTable {
  const match = configEntryFor(config, tablePath)
  const format = (match?.entry.format ? formatById(match.entry.format) : undefined) ?? detectFormat(header, context)
  const mapping = mapHeader(format, header, context)
  if (match) applyConfigEntry(mapping, header, match, tableName, config!.label)
  return { format, mapping, match }
}

function applyConfigEntry(m: ColumnMapping, header: readonly string[], match: ConfigMatch, tableName: string, label: string): void {
  const { entry, key } = match
  const column = (at: string, name: string): string => {
    const found = headerName(header, name)
    if (found === undefined) {
      throw new InputError(`${label}: ${key}.${at} names the column "${shown(name)}", which ${tableName} does not have; check the spelling against the file's header (line 1) or update the config.`, {
        file: tableName,
        line: 1,
      })
    }
    return found
  }
  for (const [field, cols] of Object.entries(entry.map ?? {}) as [ContactField, string[] | null][]) {
    if (cols === null) delete m.fields[field]
    else m.fields[field] = cols.map((c, i) => column(`map.${field}${cols.length > 1 ? `[${i}]` : ''}`, c))
  }
  const channels = (what: 'consent' | 'consent_at' | 'opt_out', apply: (ch: Channel, col: string | undefined) => void) => {
    const given = entry[what]
    if (!given) return
    for (const ch of CHANNELS) {
      if (!(ch in given)) continue
      const col = given[ch]
      apply(ch, col === null || col === undefined ? undefined : column(`${what}.${ch}`, col))
    }
  }
  channels('consent', (ch, col) => {
    if (col === undefined) delete m.consent[ch]
    else {
      m.consent[ch] = col
      delete m.fixedConsent[ch]
    }
  })
  channels('consent_at', (ch, col) => {
    if (col === undefined) delete m.consentAt[ch]
    else m.consentAt[ch] = col
  })
  channels('opt_out', (ch, col) => {
    m.optOut = { ...m.optOut }
    if (col === undefined) delete m.optOut[ch]
    else m.optOut[ch] = col
  })
  for (const [ch, state] of Object.entries(entry.fixed_consent ?? {}) as [Channel, ColumnMapping['fixedConsent'][Channel]][]) {
    m.fixedConsent[ch] = state
    delete m.consent[ch]
  }
  if (entry.time === null) delete m.time
  else if (entry.time !== undefined) m.time = column('time', entry.time)
  if (entry.day_first !== undefined) m.dayFirst = entry.day_first
}
