// The registry of upload formats that --targets (prepare) and --target (export) name.

import { UsageError } from '../core/errors.js'
import { google } from './google.js'
import { metaApi } from './meta-api.js'
import { meta } from './meta.js'
import { tiktok } from './tiktok.js'
import type { Target } from './types.js'
import { whatsappCloud } from './whatsapp-cloud.js'
import { whatsapp } from './whatsapp.js'

export type { Column, CsvTarget, JsonBatchTarget, JsonLinesTarget, PersonEntries, PhoneStyle, Refusal, Target, TargetOptions, TemplateSpec } from './types.js'
export { digestColumns, header, isRefusal, PHONE_STYLES } from './types.js'
export { isParamField, PARAM_FIELDS } from './whatsapp-cloud.js'

export const TARGETS: readonly Target[] = [whatsapp, meta, google, tiktok, whatsappCloud, metaApi]

export const DEFAULT_TARGETS = 'whatsapp,meta'

export const TARGET_IDS: readonly string[] = TARGETS.map((t) => t.id)

export function targetById(id: string): Target | undefined {
  return TARGETS.find((t) => t.id === id)
}

export function parseTargets(list: string): Target[] {
  const out: Target[] = []
  for (const name of list.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const t = targetById(name)
    if (!t) throw new UsageError(`--targets: unknown target "${name}"; choose from ${TARGET_IDS.join(', ')}.`)
    if (!out.includes(t)) out.push(t)
  }
  if (out.length === 0) throw new UsageError(`--targets is empty; name at least one of ${TARGET_IDS.join(', ')}.`)
  return out
}
