// The registry of upload formats that --targets names.

import { UsageError } from '../core/errors.js'
import { meta } from './meta.js'
import type { Target } from './types.js'
import { whatsapp } from './whatsapp.js'

export type { Target, TargetOptions } from './types.js'

export const TARGETS: readonly Target[] = [whatsapp, meta]

export const DEFAULT_TARGETS = 'whatsapp,meta'

export function parseTargets(list: string): Target[] {
  const out: Target[] = []
  for (const name of list.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const t = TARGETS.find((x) => x.id === name)
    if (!t) throw new UsageError(`--targets: unknown target "${name}"; choose from ${TARGETS.map((x) => x.id).join(', ')}.`)
    if (!out.includes(t)) out.push(t)
  }
  if (out.length === 0) throw new UsageError(`--targets is empty; name at least one of ${TARGETS.map((x) => x.id).join(', ')}.`)
  return out
}
