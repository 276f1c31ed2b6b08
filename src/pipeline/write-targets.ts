// Writing the audience files of a run into the (temporary) output folder, one person at a time, so that a
// run over millions of people holds one person in memory, not one audience.

import type { Person } from '../core/people.js'
import type { CsvFileWriter, OutputFolder } from '../io/output-folder.js'
import type { Target, TargetOptions } from '../targets/index.js'

export interface AudienceWriter {
  readonly target: Target
  /** Adds a person the target's audience admits. */
  add(p: Person): void
  close(): void
}

class CsvAudienceWriter implements AudienceWriter {
  private readonly w: CsvFileWriter
  constructor(
    private readonly folder: OutputFolder,
    readonly target: Target,
    private readonly options: TargetOptions,
  ) {
    this.w = folder.csv(target.file, target.header(options))
  }
  add(p: Person): void {
    for (const row of this.target.rows(p, this.options)) this.w.write(row)
  }
  close(): void {
    this.folder.closeCsv(this.w)
  }
}

export function openAudienceWriters(folder: OutputFolder, targets: readonly Target[], options: TargetOptions): AudienceWriter[] {
  return targets.map((t) => new CsvAudienceWriter(folder, t, options))
}
