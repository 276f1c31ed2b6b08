// A pool of worker threads for the CPU-heavy stretches of a run (reading and parsing chunks of big files),
// so that a two-core laptop uses both cores. Jobs are posted in order and their results come back as
// promises; callers apply results in the order they posted them, so the outcome never depends on which
// worker finished first. The owner closes the pool when done (a live worker keeps the process running, which
// is also what keeps it alive while it waits for results).

import os from 'node:os'
import v8 from 'node:v8'
import { Worker } from 'node:worker_threads'

interface Pending {
  resolve(v: unknown): void
  reject(e: Error): void
}

export class WorkerPool {
  private readonly workers: Worker[] = []
  private readonly pending = new Map<number, Pending>()
  private next = 0
  private nextWorker = 0

  constructor(readonly size: number) {
    // A worker's heap starts with room for 32 MB of old objects before its first full collection. With V8's
    // default start (a few MB) and a 16 MB young generation, the old generation's headroom after each full
    // collection was smaller than the young generation, which is when V8 starts marking again: each worker ran a
    // full collection every ~120 ms, about 32 in a run of the kit's 1.5M rows, for a heap of 8-15 MB (--trace-gc;
    // --trace-gc-verbose: "Limit: old size 8537 KB, new limit 24782 KB" against 16 MB of young generation). With
    // this, 20 a worker, and 0.68 s less CPU (17.08 -> 16.40 s, 3 interleaved runs each), peak RSS within 10 MB.
    // Node's resourceLimits has no initial size, and V8 reads the flag when it creates an isolate: set before the
    // pool makes its workers, it sizes the workers' heaps and not the main thread's, which is already made.
    v8.setFlagsFromString('--initial-old-space-size=32')
    for (let i = 0; i < size; i++) {
      // A smaller young generation than V8's default: a worker's garbage is short-lived (rows of one chunk,
      // people of one block), and each worker's heap counts in the run's peak memory (10M rows: 2,120 MB
      // with the default, 2,062 MB with this; no change in speed at 1.5M rows).
      const w = new Worker(new URL('./worker.js', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: 16 } })
      w.on('message', (m: { id: number; result?: unknown; failure?: string }) => {
        const p = this.pending.get(m.id)
        if (!p) return
        this.pending.delete(m.id)
        if (m.failure !== undefined) p.reject(new Error(`worker thread failed: ${m.failure}`))
        else p.resolve(m.result)
      })
      w.on('error', (e) => {
        for (const p of this.pending.values()) p.reject(e)
        this.pending.clear()
      })
      this.workers.push(w)
    }
  }

  /**
   * Runs a job on the next worker (round robin); `transfer` lists buffers to move rather than copy. `spare`:
   * encoder Buffers the worker may reuse (giveBlocks), moved with the job; nothing here may touch them after.
   */
  run<T>(job: unknown, transfer: ArrayBuffer[] = [], spare: ArrayBuffer[] = []): Promise<T> {
    const id = this.next++
    const w = this.workers[this.nextWorker]!
    this.nextWorker = (this.nextWorker + 1) % this.workers.length
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
      w.postMessage(spare.length > 0 ? { id, job, spare } : { id, job }, spare.length > 0 ? [...transfer, ...spare] : transfer)
    })
  }

  /** Runs the same job on every worker (a set-up they each keep), resolving when all have it. */
  broadcast<T>(job: unknown): Promise<T[]> {
    return Promise.all(
      this.workers.map((w) => {
        const id = this.next++
        return new Promise<T>((resolve, reject) => {
          this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
          w.postMessage({ id, job })
        })
      }),
    )
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()))
  }
}

/** How many worker threads a run uses: one per core, at most four; `--threads N` overrides (0: none). */
export function defaultThreads(): number {
  return Math.min(4, Math.max(1, os.availableParallelism()))
}
