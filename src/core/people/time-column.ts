// A column of record times for the record store (ms since the epoch; NaN for none, and -Infinity where the
// consent-time columns need it). Most exports have no times at all, and a run's timed records are usually one
// input's (a lead export's created_time beside a shop's customers without one), so the column starts at the
// first record that has a time: the records before it cost nothing. Times are whole seconds in every export
// seen, so a time takes 4 bytes (seconds from 2000, in an Int32Array) instead of a Float64's 8; the first
// time that does not fit (milliseconds, before 1932 or after 2068) turns the column into Float64 for good.
// 0 in the Int32 form means "no time", so fresh (zeroed, untouched) memory needs no filling.

const EPOCH = Date.UTC(2000, 0, 1)
const MINUS_INFINITY = -0x80000000
/** Seconds from EPOCH that the Int32 form holds: v >= 0 is stored as v + 1, negatives as themselves. */
const MAX_SECONDS = 0x7ffffffe
const MIN_SECONDS = -0x7fffffff

/** A time column's memory as another thread reads it. */
export interface SharedTimes {
  /** The first record id the arrays cover. */
  start: number
  seconds: Int32Array<ArrayBufferLike> | null
  ms: Float64Array<ArrayBufferLike> | null
}

export class TimeColumn {
  private start = -1
  private seconds: Int32Array<ArrayBufferLike> | null = null
  private ms: Float64Array<ArrayBufferLike> | null = null

  /** Bytes held, for the memory figures. */
  get bytes(): number {
    return (this.seconds?.byteLength ?? 0) + (this.ms?.byteLength ?? 0)
  }

  /** The time of record `id` (NaN when it has none). */
  get(id: number): number {
    const i = id - this.start
    if (this.seconds) {
      if (i < 0 || i >= this.seconds.length) return NaN
      const s = this.seconds[i]!
      if (s === 0) return NaN
      if (s === MINUS_INFINITY) return -Infinity
      return EPOCH + (s > 0 ? s - 1 : s) * 1000
    }
    if (this.ms && i >= 0 && i < this.ms.length) return this.ms[i]!
    return NaN
  }

  /**
   * Sets record `id`'s time (NaN: leaves it without one). `cap` is the store's capacity: the column grows to
   * cover records up to it, so it grows when the store does, not a record at a time.
   */
  set(id: number, t: number, cap: number): void {
    if (Number.isNaN(t)) return
    if (this.start < 0) this.start = id
    const n = cap - this.start
    if (this.ms === null && !fitsSeconds(t)) this.toMs(n)
    if (this.ms) {
      if (id - this.start >= this.ms.length) this.ms = grownFloat(this.ms, n)
      this.ms[id - this.start] = t
      return
    }
    if (this.seconds === null || id - this.start >= this.seconds.length) {
      const grown = new Int32Array(new SharedArrayBuffer(n * 4))
      if (this.seconds) grown.set(this.seconds)
      this.seconds = grown
    }
    this.seconds[id - this.start] = encodeSeconds(t)
  }

  private toMs(n: number): void {
    const ms = new Float64Array(new SharedArrayBuffer(Math.max(n, this.seconds?.length ?? 0) * 8)).fill(NaN)
    if (this.seconds) for (let i = 0; i < this.seconds.length; i++) ms[i] = this.get(this.start + i)
    this.ms = ms
    this.seconds = null
  }

  /** The column's memory for worker threads (views: it lives in shared memory already). */
  share(): SharedTimes {
    return { start: this.start, seconds: this.seconds, ms: this.ms }
  }

  static fromShared(s: SharedTimes): TimeColumn {
    const c = new TimeColumn()
    c.start = s.start
    c.seconds = s.seconds
    c.ms = s.ms
    return c
  }
}

function fitsSeconds(t: number): boolean {
  if (t === -Infinity) return true
  // An integer time in range is exact in a double, and so is its distance from EPOCH.
  if (!Number.isInteger(t) || Object.is(t, -0)) return false
  const d = t - EPOCH
  if (d % 1000 !== 0) return false
  const s = d / 1000
  return s >= MIN_SECONDS && s <= MAX_SECONDS
}

function encodeSeconds(t: number): number {
  if (t === -Infinity) return MINUS_INFINITY
  const s = (t - EPOCH) / 1000
  return s >= 0 ? s + 1 : s
}

function grownFloat(a: Float64Array<ArrayBufferLike>, n: number): Float64Array<ArrayBufferLike> {
  const b = new Float64Array(new SharedArrayBuffer(n * 8)).fill(NaN)
  b.set(a)
  return b
}
