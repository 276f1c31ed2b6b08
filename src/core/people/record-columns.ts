// Compact columns of per-record numbers for the record store, all in shared memory (worker threads read them
// without a copy). A record's line and its blob's arena reference each took a Uint32 slot, its input and role
// three bytes more; they are nearly predictable from their neighbours, so:
// - DeltaColumn: a Uint32 base per block of 64 records (the block's first value) and an Int16 distance from
//   it per record, 2.06 bytes a record instead of 4. Lines of one input and references into one arena chunk
//   rise slowly, so a block's values are within 32k of its first; any other value (a block spanning two
//   inputs or chunks, a record of more than 500 bytes in a block of big ones) goes to a Map.
// - RunColumn: values that stay the same for long runs of records (a record's input and role: one run per
//   input file), kept as the runs; if a file mixes them record by record (a contact CSV of many sources), it
//   turns into a dense Uint32Array.

const BLOCK_BITS = 6
const FAR = -0x8000

/** A DeltaColumn's memory as another thread reads it. */
export interface SharedDeltas {
  base: Uint32Array<ArrayBufferLike>
  delta: Int16Array<ArrayBufferLike>
  far: Array<[number, number]>
}

export class DeltaColumn {
  private base: Uint32Array<ArrayBufferLike> = new Uint32Array(0)
  private delta: Int16Array<ArrayBufferLike> = new Int16Array(0)
  private readonly far = new Map<number, number>()

  get bytes(): number {
    return this.base.byteLength + this.delta.byteLength
  }

  /** Room for records [0, cap). */
  resize(cap: number): void {
    const delta = new Int16Array(new SharedArrayBuffer(cap * 2))
    delta.set(this.delta.subarray(0, Math.min(cap, this.delta.length)))
    const base = new Uint32Array(new SharedArrayBuffer(((cap + (1 << BLOCK_BITS) - 1) >>> BLOCK_BITS) * 4))
    base.set(this.base.subarray(0, Math.min(base.length, this.base.length)))
    this.delta = delta
    this.base = base
  }

  /** Sets record `id`'s value (0 <= v < 2^32); records are set in id order, each once. */
  set(id: number, v: number): void {
    const b = id >>> BLOCK_BITS
    if ((id & ((1 << BLOCK_BITS) - 1)) === 0) this.base[b] = v
    const d = v - this.base[b]!
    if (d > FAR && d <= 0x7fff) this.delta[id] = d
    else {
      this.delta[id] = FAR
      this.far.set(id, v)
    }
  }

  get(id: number): number {
    const d = this.delta[id]!
    return d === FAR ? this.far.get(id)! : this.base[id >>> BLOCK_BITS]! + d
  }

  /** The first `n` records' memory, for worker threads (views, no copy). */
  share(n: number): SharedDeltas {
    return { base: this.base.subarray(0, (n + (1 << BLOCK_BITS) - 1) >>> BLOCK_BITS), delta: this.delta.subarray(0, n), far: [...this.far] }
  }

  static fromShared(s: SharedDeltas): DeltaColumn {
    const c = new DeltaColumn()
    c.base = s.base
    c.delta = s.delta
    for (const [id, v] of s.far) c.far.set(id, v)
    return c
  }
}

/** A RunColumn's memory as another thread reads it: runs, or the dense values. */
export interface SharedRuns {
  starts: number[]
  values: number[]
  dense: Uint32Array<ArrayBufferLike> | null
}

export class RunColumn {
  /** Run k covers records [starts[k], starts[k + 1]) and holds values[k]. */
  private starts: number[] = []
  private values: number[] = []
  private dense: Uint32Array<ArrayBufferLike> | null = null
  private count = 0

  get bytes(): number {
    return this.dense ? this.dense.byteLength : this.starts.length * 16
  }

  /** Room for records [0, cap) (the dense form only). */
  resize(cap: number): void {
    if (!this.dense) return
    const dense = new Uint32Array(new SharedArrayBuffer(cap * 4))
    dense.set(this.dense.subarray(0, Math.min(cap, this.dense.length)))
    this.dense = dense
  }

  /** Sets records [id, id + n) to `v` (0 <= v < 2^32); records are set in id order. `cap`: the store's room. */
  setRun(id: number, n: number, v: number, cap: number): void {
    this.count = id + n
    if (this.dense) {
      this.dense.fill(v, id, id + n)
      return
    }
    if (this.values.length > 0 && this.values[this.values.length - 1] === v) return
    this.starts.push(id)
    this.values.push(v)
    // Many short runs: a run costs more than a dense slot past one run in four records.
    if (this.starts.length > 1024 && this.starts.length * 4 > this.count) {
      const dense = new Uint32Array(new SharedArrayBuffer(cap * 4))
      for (let k = 0; k < this.starts.length; k++) dense.fill(this.values[k]!, this.starts[k]!, k + 1 < this.starts.length ? this.starts[k + 1]! : this.count)
      this.dense = dense
      this.starts = []
      this.values = []
    }
  }

  get(id: number): number {
    if (this.dense) return this.dense[id]!
    const starts = this.starts
    // The last run whose start is at or before id.
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1
      if (starts[mid]! <= id) lo = mid
      else hi = mid - 1
    }
    return this.values[lo]!
  }

  share(): SharedRuns {
    return { starts: this.starts, values: this.values, dense: this.dense }
  }

  static fromShared(s: SharedRuns): RunColumn {
    const c = new RunColumn()
    c.starts = s.starts
    c.values = s.values
    c.dense = s.dense
    return c
  }
}
