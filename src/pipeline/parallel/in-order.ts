// Results of jobs on the worker pool applied in the order the jobs were posted, whichever worker finishes
// first, with a bounded number in flight: the reading of the inputs (resolve.ts) and the output pass
// (prepare.ts) keep the run's outcome that of a single thread this way. Steps that are not jobs (an input's
// closing figures) queue between results and run in their turn, so the next input's chunks can be posted
// while the last ones of the input before it are still being read.

type Entry<T> = { result: Promise<T>; apply: (r: T) => void; tag: number } | { result: null; step: () => void; tag: number }

export class InOrder<T> {
  private readonly queue: Array<Entry<T>> = []
  private inFlight = 0
  /** An application threw: what is still queued is never applied (the run stops with that error). */
  private failed = false

  /** `window`: the most jobs in flight (each holds a chunk or a block of people in memory). */
  constructor(private readonly window: number) {}

  /** Queues a posted job's result, then applies the oldest ones while the window is full. `tag`: see settleBefore. */
  async add(result: Promise<T>, apply: (r: T) => void, tag = 0): Promise<void> {
    this.queue.push({ result, apply, tag })
    this.inFlight++
    while (this.inFlight >= this.window) await this.next()
  }

  /** Runs `step` once every result queued before it has been applied (at once when none is). */
  then(step: () => void, tag = 0): void {
    if (this.queue.length === 0) step()
    else this.queue.push({ result: null, step, tag })
  }

  /** Applies everything queued. */
  async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.failed) await this.next()
  }

  /**
   * Applies what is queued with tags below `tag` and leaves the rest. When the reading of one input fails,
   * the inputs before it are finished first (an error of theirs is on an earlier line of the run, the one a
   * single pass meets first), and the failing input's own chunks in flight are not applied, as when an input
   * is read alone. Nothing is applied after an application threw.
   */
  async settleBefore(tag: number): Promise<void> {
    while (this.queue.length > 0 && !this.failed && this.queue[0]!.tag < tag) await this.next()
  }

  private async next(): Promise<void> {
    const e = this.queue.shift()!
    try {
      if (e.result === null) e.step()
      else {
        this.inFlight--
        e.apply(await e.result)
      }
    } catch (err) {
      this.failed = true
      throw err
    }
  }
}
