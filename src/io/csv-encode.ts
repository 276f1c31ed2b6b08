// CSV rows encoded straight into a Buffer. csv-stringify builds a string per batch and then the whole string
// is encoded again to bytes: measured on Meta audience rows, 4.3 µs a row; writing each cell into a Buffer
// with Buffer#write (native UTF-8 encoding) is 0.8 µs. The bytes are csv-stringify's with its default
// options (a field is quoted when it holds a comma, a quote, CR or LF; quotes are doubled; rows end with LF):
// a property test holds the two to the same output.

const NEEDS_QUOTES = /[",\r\n]/
const QUOTE = /"/g

/**
 * A row's text, without its newline: the cells joined, each quoted where it needs it. The row is encoded as
 * one string by one write: a write per cell cost more in the call than in the encoding (a Meta row, 14
 * cells, 2.1 -> 1.7 µs in a micro-benchmark), and join() makes the line flat in one go where `+=` made a rope
 * of two pieces a cell for the write to flatten. The bytes are the same: the UTF-8 of a concatenation is the
 * concatenation of the UTF-8s, as a separator or quote always stands between two cells (no surrogate pair
 * can form across them).
 *
 * `digests[i]` true says cell i is '' or a SHA-256 hex digest (a hashed column without --plain, see
 * hashedCells): it needs no quoting, and testing 64 characters for quotes was most of a Meta row's cost
 * (1.7 -> 0.8 µs). A cell of another length in such a column is tested like any other.
 */
export function rowText(cells: readonly string[], digests?: readonly boolean[] | null): string {
  // The cells as written: a copy of the row only when some cell needs quotes (few rows do).
  let quoted: string[] | null = null
  for (let i = 0; i < cells.length; i++) {
    const v = cells[i]!
    if (v.length === 0 || (v.length === 64 && digests?.[i] === true) || !NEEDS_QUOTES.test(v)) continue
    ;(quoted ??= cells.slice())[i] = '"' + v.replace(QUOTE, '""') + '"'
  }
  return (quoted ?? cells).join(',')
}

/** Per count of cells, the expression matching a line of one comma fewer and no quote, CR or LF. */
const plainLines: RegExp[] = []
const MAX_PLAIN_CELLS = 64

/**
 * Whether `line`, `cells` cells joined by commas, is already what rowText() writes: exactly one comma fewer
 * than cells and no quote, CR or LF means no cell holds any of the four, so none needs quotes. One native
 * match of the line (the class excludes the comma, so it never backtracks): a test per cell cost more in
 * its calls than in its matching (~540 instructions a cell, 8 a whatsapp.csv row), and by measurement a
 * JavaScript loop over the line's bytes was slower than the expression (150 against 125 ns a row).
 */
export function plainLine(line: string, cells: number): boolean {
  // Rows of many cells (a wide export through normalize) take rowText's test per cell: no expression each.
  if (cells === 0 || cells > MAX_PLAIN_CELLS) return false
  const re = (plainLines[cells] ??= new RegExp(`^[^",\\r\\n]*(?:,[^",\\r\\n]*){${cells - 1}}$`))
  return re.test(line)
}

/** The size of an encoder's Buffers (CsvEncoder). */
const BLOCK_BYTES = 1 << 20

/**
 * Buffers given back for reuse: a worker thread's encoders take the Buffers the main thread has written to
 * disk and handed back (prepare.ts, renderInWorkers). A new Buffer is fresh memory in the worker, and each one
 * that arrived was new external memory on the main thread, where it set off a full garbage collection every
 * few blocks (the kit's 300k rows: 8-17 of them on a 21 MB heap, 4-6 once written Buffers went back).
 */
const spareBlocks: ArrayBuffer[] = []

/** Keeps `buffers` (no longer used by anyone) for the next encoders; 16 at most (16 MB a thread). */
export function giveBlocks(buffers: readonly ArrayBuffer[]): void {
  for (const b of buffers) if (b.byteLength === BLOCK_BYTES && spareBlocks.length < 16) spareBlocks.push(b)
}

function newBlock(size: number): Buffer {
  const spare = size === BLOCK_BYTES ? spareBlocks.pop() : undefined
  return spare ? Buffer.from(spare, 0, size) : Buffer.allocUnsafe(size)
}

/** Encodes rows into Buffers of about `size` bytes, handing each full one to `flush` (which may keep it). */
export class CsvEncoder {
  private buf: Buffer
  private off = 0
  private rows = 0
  /** Where the rows since mark() start in `buf`; -1 once a flush has taken them. */
  private marked = -1

  constructor(
    private readonly flushTo: (bytes: Buffer, rows: number) => void,
    private readonly size = BLOCK_BYTES,
    /** Per column, whether it holds SHA-256 digests (encodeRow); null: test every cell. */
    private readonly digests: readonly boolean[] | null = null,
  ) {
    this.buf = newBlock(size)
    this.allDigests = digests !== null && digests.every((d) => d)
  }

  /** Whether every column holds digests (then rows are tested per cell, see row()). */
  private readonly allDigests: boolean

  /** `counted`: whether the row counts as a data row (the header does not). */
  row(cells: readonly string[], counted = true): void {
    // The header is names, not digests.
    const digests = counted ? this.digests : null
    if (digests !== null && this.allDigests) {
      // Every cell '' or a digest (a hashed file without --plain): rowText's test per cell, which skips them.
      this.put(rowText(cells, digests))
    } else {
      // Other rows are the cells joined, when that line needs no quotes (plainLine): a regular expression per
      // cell was most of a whatsapp.csv row's encoding, and rowText's length loads went megamorphic on the mix
      // of string kinds such cells come in (sliced, flat, concatenated, one- and two-byte).
      const line = cells.join(',')
      this.put(plainLine(line, cells.length) ? line : rowText(cells, digests))
    }
    if (counted) this.rows++
  }

  /** Writes `line` and its newline, flushing first when the buffer has no room for it. */
  private put(line: string): void {
    // At most 3 UTF-8 bytes a UTF-16 unit, and the newline: the bound from the line itself, not from a
    // second pass over the cells.
    const bound = line.length * 3 + 1
    if (this.off + bound > this.buf.length) {
      this.flush()
      // A row larger than a whole buffer (a hostile 10 MB cell) gets a buffer of its own.
      if (bound > this.buf.length) this.buf = Buffer.allocUnsafe(bound)
    }
    this.off += this.buf.write(line, this.off, 'utf8')
    this.buf[this.off++] = 0x0a
  }

  /** Marks the start of rows whose bytes another encoder may copy (sinceMark). */
  mark(): void {
    this.marked = this.off
  }

  /** The bytes of the rows written since mark(), or null when a flush took some of them. */
  sinceMark(): Buffer | null {
    return this.marked < 0 ? null : this.buf.subarray(this.marked, this.off)
  }

  /** Appends rows already encoded (by this encoder's rules: another encoder's sinceMark()). */
  bytes(b: Buffer, rows: number): void {
    if (this.off + b.length > this.buf.length) {
      this.flush()
      if (b.length > this.buf.length) this.buf = Buffer.allocUnsafe(b.length)
    }
    // TypedArray#set, a plain memory copy: Buffer#copy's argument handling cost more than the copy itself.
    this.buf.set(b, this.off)
    this.off += b.length
    this.rows += rows
  }

  flush(): void {
    this.marked = -1
    if (this.off === 0) return
    // The sink may keep the bytes (stdout writes asynchronously): the next rows go into a new Buffer.
    this.flushTo(this.buf.subarray(0, this.off), this.rows)
    this.buf = newBlock(this.size)
    this.off = 0
    this.rows = 0
  }
}
