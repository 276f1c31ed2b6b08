// Variable-length record data (numbers, addresses, names) kept as bytes (Latin-1 or UTF-8: record-codec.ts)
// in large Buffers instead of millions of JS strings: a string costs a heap object each and every major GC
// walks them all, while a few 64 MiB Buffers cost their bytes and nothing else. This is what lets the people
// index hold 10 million people in bounded memory (issue: "no per-row objects kept after a row is read").
//
// A chunk is a growable SharedArrayBuffer (up to 64 MiB, grown in place as the data comes): no chunk is
// allocated ahead of its data, so the arena holds what it stores and at most a step more, and nothing is
// copied when it grows.

const CHUNK_BITS = 26
const CHUNK = 1 << CHUNK_BITS // 64 MiB, the largest chunk
const FIRST_CHUNK = 1 << 16 // small runs stay small: a chunk starts at 64 KiB and doubles up to STEP
const STEP = 1 << 20 // then grows a MiB at a time
const OFFSET_MASK = CHUNK - 1

/** A growable SharedArrayBuffer (ES2024, in Node since 20.0; this project's TypeScript lib predates it). */
interface GrowableSharedArrayBuffer extends SharedArrayBuffer {
  grow(size: number): void
}
const GrowableSharedArrayBuffer = SharedArrayBuffer as unknown as new (size: number, options: { maxByteLength: number }) => GrowableSharedArrayBuffer

export class ByteArena {
  private readonly chunks: Buffer[] = []
  private current: Buffer | null = null
  private used = 0
  private held = 0
  /** Where each finished chunk's data ends (the current chunk's is `used`): a reference's length is where
   * the next reference starts, or its chunk's end (end()), so the store keeps no lengths. */
  private readonly ends: number[] = []

  /** Bytes held (allocated chunk space), for the memory figures. */
  get bytes(): number {
    return this.held
  }

  /** The current chunk, with room for `need` more bytes: grown in place, or a new chunk when it is full. */
  private room(need: number): Buffer {
    const current = this.current
    if (current !== null && this.used + need <= current.length) return current
    if (current !== null && this.used + need <= CHUNK) {
      const sab = current.buffer as GrowableSharedArrayBuffer
      const size = Math.min(CHUNK, Math.max(this.used + need, current.length + Math.min(current.length, STEP)))
      this.held += size - sab.byteLength
      sab.grow(size)
      const grown = Buffer.from(sab)
      this.chunks[this.chunks.length - 1] = grown
      this.current = grown
      return grown
    }
    if (this.chunks.length >= 1 << (32 - CHUNK_BITS)) throw new RangeError('people index is full (too much record data)')
    if (current) this.ends.push(this.used)
    // Shared memory, so that worker threads can read the records without a copy (pipeline/parallel/).
    const size = Math.max(FIRST_CHUNK, need)
    const chunk = Buffer.from(new GrowableSharedArrayBuffer(size, { maxByteLength: CHUNK }))
    this.current = chunk
    this.held += size
    this.chunks.push(chunk)
    this.used = 0
    return chunk
  }

  /**
   * Appends a string and returns its reference: chunk index in the high bits, offset in the low 26 bits
   * (so a reference fits a Uint32Array slot: 64 chunks, 4 GiB of data), and its byte length via `lengthOut`.
   */
  append(s: string): { ref: number; length: number } {
    // A UTF-16 code unit encodes to at most 3 UTF-8 bytes: reserve the worst case, write, keep the real size.
    const current = this.reserve(s.length * 3)
    const length = current.write(s, this.used, 'utf8')
    return { ref: this.commit(length), length }
  }

  /**
   * Room for up to `worst` bytes: the chunk to write them into, from `writeAt`; commit() then keeps the bytes
   * written (a record's blob is written in place, record-codec.ts's writeBlob).
   */
  reserve(worst: number): Buffer {
    if (worst > CHUNK) throw new RangeError('a single record is larger than 64 MiB')
    return this.room(worst)
  }

  /** Where the bytes written into reserve()'s chunk start. */
  get writeAt(): number {
    return this.used
  }

  /** Keeps the `length` bytes written at `writeAt` into reserve()'s chunk; returns their reference. */
  commit(length: number): number {
    const ref = ((this.chunks.length - 1) << CHUNK_BITS) | this.used
    this.used += length
    return ref >>> 0
  }

  /**
   * Appends many records' bytes already encoded back to back (a worker's blobs), copying as long a run as the
   * current chunk holds at a time; writes each record's reference into `refs` from `at`.
   */
  appendRun(src: Uint8Array, lengths: Uint32Array, refs: Uint32Array<ArrayBufferLike>, at: number): void {
    let k = 0
    let offset = 0
    let total = 0
    for (let j = 0; j < lengths.length; j++) total += lengths[j]!
    while (k < lengths.length) {
      // Room for the next record at least, then for as much of the rest as this chunk can take.
      let current = this.room(lengths[k]!)
      const want = Math.min(total - offset, CHUNK - this.used)
      if (this.used + want > current.length) current = this.room(want)
      // The records that fit in this chunk, then one copy for all of them.
      const runStart = offset
      const chunkIndex = this.chunks.length - 1
      while (k < lengths.length && this.used + (offset - runStart) + lengths[k]! <= current.length) {
        refs[at + k] = ((chunkIndex << CHUNK_BITS) | (this.used + offset - runStart)) >>> 0
        offset += lengths[k]!
        k++
      }
      this.copyIn(current, this.used, src.subarray(runStart, offset))
      this.used += offset - runStart
    }
  }

  /** A plain buffer that a run is staged in (copyIn), reused. */
  private scratch = new ArrayBuffer(0)

  /**
   * Copies `src` into chunk `dst` at `at`. V8 copies into shared memory with relaxed atomic loads and stores:
   * a word at a time where source and target lie at the same offset modulo 8, else byte by byte (V8's
   * relaxed_memmove), and a worker's run of blobs lands anywhere. A misaligned run is staged in a plain
   * buffer at the target's alignment first (a memcpy), so that both copies move words: on the kit's 300k
   * rows the byte loop was 142M of the adding's 1,326M instructions (callgrind).
   */
  private copyIn(dst: Buffer, at: number, src: Uint8Array): void {
    const align = (dst.byteOffset + at) & 7
    if (((src.byteOffset & 7) === align) || src.length < 64) {
      dst.set(src, at)
      return
    }
    if (this.scratch.byteLength < src.length + 8) this.scratch = new ArrayBuffer(src.length + 8 + (src.length >>> 1))
    const staged = new Uint8Array(this.scratch, align, src.length)
    staged.set(src)
    dst.set(staged, at)
  }

  /** The arena's memory, for a read-only copy in a worker thread (fromShared). */
  share(): SharedArrayBuffer[] {
    return this.chunks.map((c) => c.buffer as SharedArrayBuffer)
  }

  /** Where each chunk's data ends, for fromShared (with share()). */
  chunkEnds(): number[] {
    return this.current ? [...this.ends, this.used] : []
  }

  /** A read-only arena over another thread's memory. */
  static fromShared(chunks: readonly SharedArrayBuffer[], ends: readonly number[]): ByteArena {
    const a = new ByteArena()
    for (const c of chunks) a.chunks.push(Buffer.from(c))
    for (const e of ends) a.ends.push(e)
    return a
  }

  /**
   * Where the bytes at `ref` end, given `next`, the reference appended right after them (-1 for none): bytes
   * are appended back to back, so they end where the next ones start, unless those went to a new chunk.
   */
  end(ref: number, next: number): number {
    const chunk = ref >>> CHUNK_BITS
    if (next >= 0 && next >>> CHUNK_BITS === chunk) return next & OFFSET_MASK
    return chunk < this.ends.length ? this.ends[chunk]! : this.used
  }

  /** The chunk holding a reference's bytes (they start at offsetOf(ref)). */
  chunkOf(ref: number): Buffer {
    return this.chunks[ref >>> CHUNK_BITS]!
  }

  offsetOf(ref: number): number {
    return ref & OFFSET_MASK
  }

  read(ref: number, length: number): string {
    const chunk = this.chunks[ref >>> CHUNK_BITS]!
    const off = ref & OFFSET_MASK
    return chunk.toString('utf8', off, off + length)
  }
}
