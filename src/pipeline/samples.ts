// `prepare --dry-run` shows, for each audience it would write, its first rows, masked: enough to see that
// the right columns hold the right kind of value (a phone where the phone goes, a hash where Meta wants
// one) without showing anyone's data. The rows are those the run would write, by the same step
// (AudienceStep), for the first people of the run; a hash is cut to its first 8 characters, a phone, an
// email or a name is masked as everywhere else (core/mask.ts), a country or a consent column is shown.

import type { AdsPolicy } from '../core/audience.js'
import { escapeControls, maskValue } from '../core/mask.js'
import type { PeopleIndex, SuppressionList } from '../core/people.js'
import { header, type Target, type TargetOptions } from '../targets/index.js'
import { AudienceStep } from './audiences.js'
import type { Segment } from './segments.js'

export const SAMPLE_ROWS = 3
/** People looked at for samples at most: an audience that admits almost nobody shows what it found. */
const SAMPLE_PEOPLE = 20_000

export interface AudienceSample {
  file: string
  /** The CSV header, or null for a JSON target (whose bodies are not shown). */
  header: string[] | null
  rows: string[][]
}

/** Columns whose values are not personal: shown as they are. */
const SHOWN = new Set(['country', 'consent_channel', 'consent_at', 'consent_source'])
const DIGEST = /^[0-9a-f]{64}$/

export function maskSampleCell(column: string, value: string): string {
  if (value === '') return ''
  if (DIGEST.test(value)) return value.slice(0, 8) + '…'
  if (SHOWN.has(column.toLowerCase())) return escapeControls(value)
  return maskValue(value)
}

export function collectSamples(
  index: PeopleIndex,
  suppression: SuppressionList,
  targets: readonly Target[],
  segments: readonly Segment[],
  options: TargetOptions,
  adsPolicy: AdsPolicy,
): AudienceSample[] {
  const all = [...targets, ...segments.map((s) => s.target)]
  const samples: AudienceSample[] = all.map((t) => ({ file: t.file, header: t.format === 'csv' ? header(t, options) : null, rows: [] }))
  const step = new AudienceStep(targets, options, adsPolicy, null)
  const metaIndex = targets.findIndex((t) => t.id === 'meta')
  const want = (i: number) => samples[i]!.header !== null && samples[i]!.rows.length < SAMPLE_ROWS
  let seen = 0
  for (const p of index.people(suppression)) {
    if (++seen > SAMPLE_PEOPLE || !all.some((_, i) => want(i))) break
    step.add(p)
    const take = (i: number, entries: readonly unknown[] | null) => {
      if (!entries || !want(i)) return
      const h = samples[i]!.header!
      for (const row of entries as string[][]) if (samples[i]!.rows.length < SAMPLE_ROWS) samples[i]!.rows.push(row.map((v, c) => maskSampleCell(h[c] ?? '', v)))
    }
    targets.forEach((_, i) => take(i, step.last[i] ?? null))
    segments.forEach((s, k) => {
      if (metaIndex >= 0 && s.admits(p)) take(targets.length + k, step.last[metaIndex] ?? null)
    })
  }
  return samples
}
