// What `prepare --save-config FILE` writes: the settings each input was read with (format, mapping, consent
// columns, times) and the run's policies, so that the next run, typically a cron job, reads the same columns
// the same way instead of detecting them again. An encoding read from a byte-order mark is left out: the mark
// says it again next time, and a re-export through another tool may change it.

import type { Channel } from '../core/model.js'
import { configFileName } from '../config/match-input.js'
import { CONFIG_VERSION, type ChannelColumns, type InputConfig, type RunConfig } from '../config/run-config.js'
import { delimiterName } from '../io/sniff.js'
import type { OpenedInput } from './ingest.js'

/** The run's settings a config holds, by config key (config/settings.ts: configSettings). */
export type RunPolicies = Readonly<Record<string, unknown>>

const nonEmpty = <T extends object>(o: T | undefined): T | undefined => (o && Object.keys(o).length > 0 ? o : undefined)

export function configFromInputs(inputs: readonly OpenedInput[], policies: RunPolicies, configDir: string): RunConfig {
  const entries: InputConfig[] = inputs.map((i) => {
    const m = i.mapping
    const map: InputConfig['map'] = {}
    for (const [field, cols] of Object.entries(m.fields)) if (cols && cols.length > 0) map[field as keyof typeof map] = [...cols]
    const entry: InputConfig = {
      file: configFileName(i.path, configDir),
      role: i.role,
      format: i.format.id,
      ...(i.table.encodingEvidence !== 'bom' ? { encoding: i.table.encoding } : {}),
      delimiter: delimiterName(i.table.delimiter),
      ...(i.defaultCountry ? { country: i.defaultCountry } : {}),
      map,
    }
    const consent = nonEmpty(m.consent as ChannelColumns)
    const consentAt = nonEmpty(m.consentAt as ChannelColumns)
    const optOut = nonEmpty(m.optOut as ChannelColumns | undefined)
    const fixed = nonEmpty(m.fixedConsent as Partial<Record<Channel, 'granted' | 'denied' | 'unknown'>>)
    // Written even when empty: the saved entry is the answer to "which columns are consent?", so that a later
    // unattended run does not stop on a consent-looking column the user said was not consent (ingest.ts).
    if (consent || i.role !== 'suppress') entry.consent = { ...consent }
    if (consentAt) entry.consent_at = { ...consentAt }
    if (optOut) entry.opt_out = { ...optOut }
    if (fixed) entry.fixed_consent = { ...fixed }
    if (m.time) entry.time = m.time
    if (m.dayFirst !== undefined) entry.day_first = m.dayFirst
    return entry
  })
  return { version: CONFIG_VERSION, ...policies, inputs: entries }
}
