// The output pass in a worker thread: people materialized straight from the record store's shared memory,
// put through the per-person output step the main thread uses (../render-people.ts), and encoded by the
// same encoders into memory (MemoryAudienceWriter). The main thread writes the blocks in order, so the files
// are byte for byte those of a single-threaded run.

import type { AdsPolicy } from '../../core/audience.js'
import type { Provenance } from '../../core/model.js'
import { personAt, RecordStore, SuppressionList, type PersonGroups, type SharedStore } from '../../core/people.js'
import type { PeopleTally } from '../../core/report.js'
import { targetById, type Target, type TargetOptions } from '../../targets/index.js'
import type { Skipped } from '../audiences.js'
import { PeopleRender } from '../render-people.js'
import { segmentsFor, type Segment } from '../segments.js'
import { MemoryAudienceWriter, type Encoded } from '../write-targets.js'

export interface OutputInit {
  kind: 'output-init'
  store: SharedStore
  groups: PersonGroups
  suppression: Array<[string, Provenance]>
  targets: string[]
  options: TargetOptions
  adsPolicy: AdsPolicy
  /** Encode the entries (false in a dry run: only decisions and counts). */
  write: boolean
}

export interface OutputBlock {
  kind: 'output-block'
  /** People from..to (exclusive), in order of first appearance. */
  from: number
  to: number
}

export interface BlockResult {
  targets: Encoded[]
  segments: Encoded[]
  segmentRows: number[]
  tally: PeopleTally
  skipped: Skipped[]
}

interface Context {
  store: RecordStore
  groups: PersonGroups
  suppression: SuppressionList
  targets: Target[]
  /** Made once for the pass: their `admits` functions are then the same call targets in every block. */
  segments: Segment[]
  options: TargetOptions
  adsPolicy: AdsPolicy
  write: boolean
}

let context: Context | null = null

export function initOutput(init: OutputInit): void {
  const targets = init.targets.map((id) => targetById(id)!)
  context = {
    store: RecordStore.fromShared(init.store),
    groups: init.groups,
    suppression: SuppressionList.fromEntries(init.suppression),
    targets,
    segments: segmentsFor(targets),
    options: init.options,
    adsPolicy: init.adsPolicy,
    write: init.write,
  }
}

export function renderBlock(b: OutputBlock): BlockResult {
  if (!context) throw new Error('output block before output-init')
  const { store, groups, suppression, targets, segments, options } = context
  const writers = targets.map((t) => new MemoryAudienceWriter(t, options))
  const segmentWriters = segments.map((s) => new MemoryAudienceWriter(s.target, options))
  const skipped: Skipped[] = []
  const render = new PeopleRender(targets, options, context.adsPolicy, segments, {
    writers: context.write ? writers : null,
    segmentWriters: context.write ? segmentWriters : null,
    onSkipped: (s) => skipped.push(s),
  })
  renderPeople(render, store, groups, suppression, b.from, b.to)
  return { targets: writers.map((w) => w.take()), segments: segmentWriters.map((w) => w.take()), segmentRows: render.segmentRows, tally: render.tally.result(), skipped }
}

/**
 * People from..to through the render step. A function of its own so that its loop is compiled as the whole
 * function: as a loop inside renderBlock it was compiled on-stack (OSR) in every block, and the code after the
 * loop, which that compile had no feedback for, threw the compiled loop away at the end of each block
 * (--log-deopt: 6-8 compiles and 7 deopts of renderBlock a worker on the kit's 300k rows).
 */
function renderPeople(render: PeopleRender, store: RecordStore, groups: PersonGroups, suppression: SuppressionList, from: number, to: number): void {
  for (let k = from; k < to; k++) render.add(personAt(store, groups, k, suppression))
}

/** The buffers a block result can hand over instead of copying. */
export function blockTransfer(r: BlockResult): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>()
  for (const e of [...r.targets, ...r.segments]) if (e.kind === 'bytes') for (const b of e.parts) out.add(b.buffer as ArrayBuffer)
  return [...out]
}
