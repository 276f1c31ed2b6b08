// The tuning knobs of the worker-thread paths: sizes and thresholds, measured on the bench (docs, performance).
// They are settings passed in (config/settings.ts declares their hidden flags), never read from the
// environment at module load, so that tests lower them for one run, in-process, to send the fixtures down the
// worker paths.

export interface Tuning {
  /** Below this size a file is read on the main thread: starting workers would cost more than they save. */
  parallelMinBytes: number
  /**
   * The least bytes per chunk (a chunk holds 1 to 2 MB: see read-chunks.ts). 1 MB, not 4: the same speed, and
   * 80 MB less at the peak on the bench's 1.5M rows (each chunk in flight is a few times its size in a worker's
   * heap as strings and rows).
   */
  chunkBytes: number
  /** Below this many records the output pass stays on the main thread. */
  parallelMinPeople: number
  /** People per block of the parallel output pass: a few megabytes of encoded rows each. */
  blockPeople: number
}

export const DEFAULT_TUNING: Readonly<Tuning> = {
  parallelMinBytes: 8 << 20,
  chunkBytes: 1 << 20,
  parallelMinPeople: 50_000,
  blockPeople: 16_384,
}
