// The per-person output step: one person decided for every target (AudienceStep), counted for the report
// (Tally), and cut into the Meta segments, each segment row written from the Meta rows just computed. Run by
// prepare on the main thread, by the output workers on blocks of people (parallel/render-block.ts) and by
// export: a rule of the output pass lives here once, whoever schedules it.

import type { AdsPolicy } from '../core/audience.js'
import type { Person } from '../core/people.js'
import { Tally } from '../core/report.js'
import type { Target, TargetOptions } from '../targets/index.js'
import { AudienceStep, type Skipped } from './audiences.js'
import type { Segment } from './segments.js'
import type { AudienceWriter } from './write-targets.js'

export interface RenderOutputs {
  /** Per target; null for a dry run (decisions and counts only). */
  writers: readonly AudienceWriter[] | null
  /** Per segment; null for a dry run. */
  segmentWriters: readonly AudienceWriter[] | null
  onSkipped(s: Skipped): void
}

export class PeopleRender {
  private readonly step: AudienceStep
  private readonly metaIndex: number
  readonly tally: Tally
  /** Rows of each segment (also counted in a dry run). */
  readonly segmentRows: number[]

  constructor(
    targets: readonly Target[],
    options: TargetOptions,
    adsPolicy: AdsPolicy,
    /** segmentsFor(targets) for prepare's folder; none for export's one file. */
    private readonly segments: readonly Segment[],
    private readonly out: RenderOutputs,
  ) {
    this.step = new AudienceStep(targets, options, adsPolicy, out.writers, out.onSkipped)
    this.metaIndex = targets.findIndex((t) => t.id === 'meta')
    this.tally = new Tally(targets.map((t) => t.file), adsPolicy)
    this.segmentRows = segments.map(() => 0)
  }

  add(p: Person): void {
    this.tally.add(p, this.step.add(p))
    // A segment is a cut of the Meta audience: the person's Meta rows, already computed, are reused.
    const metaEntries = this.metaIndex >= 0 ? this.step.last[this.metaIndex] : null
    if (!metaEntries) return
    for (let i = 0; i < this.segments.length; i++) {
      if (!this.segments[i]!.admits(p)) continue
      this.segmentRows[i]!++
      const w = this.out.segmentWriters?.[i]
      if (w) w.repeat ? w.repeat(this.out.writers![this.metaIndex]!, metaEntries) : w.write(metaEntries)
    }
  }
}
