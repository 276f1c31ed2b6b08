// A file cut into chunks of whole records, for parsing in worker threads: the main thread only finds record
// boundaries (RecordBoundaryScanner, native indexOf over bytes), counts lines so each chunk knows the line
// it starts on, and hashes the bytes for the manifest; decoding and parsing happen in the workers. Only for
// files in an ASCII-compatible encoding (UTF-8, Windows-1252) read from disk; everything else is read by
// read-table.ts on the main thread.

import crypto from 'node:crypto'
import fs from 'node:fs'
import { InputError } from '../core/errors.js'
import { CsvSyntaxError, csvSyntaxMessage, LineEndFinder, MAX_RECORD_LENGTH, RecordBoundaryScanner } from './fast-csv.js'

export interface RecordChunk {
  bytes: Buffer
  /** The file's line number of the chunk's first byte. */
  firstLine: number
  /** The file's line end (the chunk's parser need not find it again: a chunk may start with a long record). */
  nl: '\n' | '\r'
}

export interface ChunkStats {
  bytes: number
  sha256: string
}


export interface ChunkOptions {
  delimiter: string
  /** The least a chunk holds (but for the file's last): a chunk is every whole record read so far once there are
   * this many bytes of them, and reads fill a buffer of twice this, so a chunk holds up to twice this. */
  chunkBytes?: number
  /** Names the file in messages. */
  name: string
  /** Buffers that earlier chunks came in, handed back by the workers: a chunk is copied into one of these
   * when it fits (see ChunkBuffers). */
  buffers?: ChunkBuffers
}

/**
 * Chunk buffers for reuse. The first write to fresh memory costs far more than the copy itself (the bench
 * machine: 4.4 ms a megabyte, against 0.05 ms for memory already touched), and a fresh buffer per chunk is
 * fresh memory: reusing them took the 1.5M-row run from 193k to 168k page faults. A worker hands its chunk's
 * buffer back with its result, and a later chunk is copied into it.
 */
export class ChunkBuffers {
  private readonly free: ArrayBuffer[] = []

  /** A buffer of at least `n` bytes: a returned one if one is big enough, else a new one with some room. */
  take(n: number, room: number): Buffer {
    const i = this.free.findIndex((b) => b.byteLength >= n)
    if (i >= 0) return Buffer.from(this.free.splice(i, 1)[0]!, 0, n)
    return Buffer.from(new ArrayBuffer(Math.max(n, room)), 0, n)
  }

  give(b: ArrayBuffer): void {
    if (b.byteLength > 0) this.free.push(b)
  }
}

/**
 * Yields the file's data records (the header record, and empty lines before it, skipped) as chunks of whole
 * records; `stats` is filled once the file has been read to the end.
 */
export async function* recordChunks(path: string, o: ChunkOptions, stats: ChunkStats): AsyncGenerator<RecordChunk> {
  const size = o.chunkBytes ?? 1 << 20
  const hash = crypto.createHash('sha256')
  // One buffer, filled by positional reads; a chunk is copied out (it travels to a worker) and the unfinished
  // record after it moved to the front. Every byte is copied once, whatever the chunk size.
  let buf = Buffer.allocUnsafe(size * 2)
  let filled = 0
  let start = 0 // start of the data not yet handed out
  let scanned = 0 // end of the complete records found so far
  let line = 1 // line number at `start`
  let linesScanned = 0 // line ends between start and scanned
  let scanner: RecordBoundaryScanner | null = null
  const lineEnd = new LineEndFinder(o.delimiter)
  let head = '' // the text of buf[start, ...) read so far while the line end is not known
  let headerDone = false
  let total = 0
  let eof = false

  const fh = await fs.promises.open(path, 'r')
  try {
    const readMore = async (): Promise<void> => {
      if (start > 0) {
        buf.copy(buf, 0, start, filled)
        filled -= start
        scanned -= start
        start = 0
      }
      if (filled === buf.length) {
        if (buf.length > MAX_RECORD_LENGTH) throw new InputError(csvSyntaxMessage(o.name, new CsvSyntaxError('CSV_RECORD_TOO_LONG', line)), { file: o.name, line })
        const bigger = Buffer.allocUnsafe(buf.length * 2)
        buf.copy(bigger, 0, 0, filled)
        buf = bigger
      }
      const { bytesRead } = await fh.read(buf, filled, buf.length - filled, total)
      if (bytesRead === 0) {
        eof = true
        return
      }
      hash.update(buf.subarray(filled, filled + bytesRead))
      if (total === 0 && bytesRead >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = scanned = 3 // a UTF-8 BOM is not data
      total += bytesRead
      filled += bytesRead
      // Bytes read so far, for progress (the final count and the digest are set at the end).
      stats.bytes = total
    }

    const scan = () => {
      if (!scanner) {
        // The first line end outside quotes, as the parser finds it: in Excel for Mac's CSV (CR rows) the first
        // LF is inside a quoted cell. Read as latin1, the bytes of an ASCII-compatible encoding keep every
        // quote, delimiter and line end where it is.
        head += buf.toString('latin1', start + head.length, filled)
        const nl = lineEnd.find(head)
        if (nl === '') return
        head = ''
        scanner = new RecordBoundaryScanner(o.delimiter, nl)
      }
      const view = buf.subarray(0, filled)
      // The header is the first non-empty record: skip it (and empty lines before it).
      while (!headerDone) {
        const e = view.indexOf(scanner.nl, start)
        if (e < 0) return
        let r = scanner.recordEnd(view, start, e + 1)
        if (r.end === start) {
          // The first line end is inside a quoted header field: find the header's real end.
          const more = scanner.recordEnd(view, start, filled)
          if (more.end === start) return
          r = firstRecordEnd(scanner, view, start, more.end)
        }
        headerDone = !isEmptyLine(view, start, r.end)
        line += r.lines
        start = scanned = r.end
      }
      const r = scanner.recordEnd(view, scanned, filled)
      scanned = r.end
      linesScanned += r.lines
    }

    const take = (end: number): RecordChunk => {
      // A copy (it travels to a worker), made with memcpy: Buffer.from(view) copies byte by byte. Into a buffer
      // of its own (its whole ArrayBuffer moves to the worker), as big as a chunk can be, so it can be reused.
      const bytes = o.buffers ? o.buffers.take(end - start, buf.length) : Buffer.allocUnsafeSlow(end - start)
      buf.copy(bytes, 0, start, end)
      const chunk = { bytes, firstLine: line, nl: scanner!.nl === 13 ? ('\r' as const) : ('\n' as const) }
      line += linesScanned
      linesScanned = 0
      start = end
      return chunk
    }

    while (!eof) {
      await readMore()
      scan()
      if (headerDone && scanned - start >= size) yield take(scanned)
    }
    // The rest: whole records and, maybe, a last record without a line end (the worker's parser reads it,
    // and refuses an unclosed quote with its line).
    if (headerDone && filled > start) yield take(filled)
  } finally {
    await fh.close()
  }
  stats.bytes = total
  stats.sha256 = hash.digest('hex')
}

function isEmptyLine(buf: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (buf[i] !== 10 && buf[i] !== 13) return false
  return true
}

/** The first record end after `from` (recordEnd gives the last one within a range). */
function firstRecordEnd(scanner: RecordBoundaryScanner, buf: Buffer, from: number, limit: number): { end: number; lines: number } {
  for (let e = buf.indexOf(scanner.nl, from); e >= 0 && e < limit; e = buf.indexOf(scanner.nl, e + 1)) {
    const r = scanner.recordEnd(buf, from, e + 1)
    if (r.end > from) return r
  }
  return scanner.recordEnd(buf, from, limit)
}
