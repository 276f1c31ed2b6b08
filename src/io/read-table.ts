// Opening an export as a stream of rows: file or stdin, encoding and delimiter sniffed from the first bytes
// (or given), decoded, split into records by fast-csv.ts (held to csv-parse's reading by its tests) with every
// value kept a string (never cast: `07405263058` must stay `07405263058`), and handed on in batches with each
// row's own starting line number.
// The file is never read whole: memory holds one chunk and one batch at a time.

import crypto from 'node:crypto'
import fs from 'node:fs'
import { Readable } from 'node:stream'
import tty from 'node:tty'
import { InputError, InterruptedError, throwIfAborted, UsageError } from '../core/errors.js'
import { shellWord } from '../core/shell-word.js'
import type { CsvRow } from '../core/csv-row.js'
import { csvSyntaxMessage, CsvSyntaxError, FastCsvParser } from './fast-csv.js'
import { cutShortMessage, notUtf16, notUtf8 } from './utf8-errors.js'
import { binaryKind, delimiterName, utf32Label, guessDelimiter, guessEncoding, looksBinary, ENCODING_CHOICES, type Encoding } from './sniff.js'

export interface TableOptions {
  encoding?: Encoding
  delimiter?: string
  /** A ZIP archive's CSV members may expand to this many bytes in all (`--max-unzipped-size`; 0: no limit). */
  maxUnzippedBytes?: number
  /** Ctrl-C: checked before every chunk is read, so a run stops even in text that yields no rows (a long run of
   * empty lines before or after the header). */
  signal?: AbortSignal
  /** `--sheet NAME|N`: the sheet of an Excel workbook to read (io/xlsx-table.ts). */
  sheet?: string
}

export interface RowBatch {
  /** Rows as the splitter hands them on (core/csv-row.ts): a cell is cut when it is read. */
  rows: CsvRow[]
  /** The line each row starts on, counted from 1 with the header as line 1 in most files. */
  lines: number[]
}

export interface TableStats {
  bytes: number
  sha256: string
  rows: number
  emptyLines: number
}

export interface Table {
  /** As given on the command line; `-` is shown as `stdin`. */
  name: string
  encoding: Encoding
  encodingEvidence: string
  delimiter: string
  header: string[]
  /** Rows in batches; can be iterated once. */
  batches: AsyncIterable<RowBatch>
  /** Filled when the batches have been read to the end (`bytes` grows as they are read: progress). */
  stats: TableStats
  /** The input's size in bytes where it is known (a regular file): progress shows a percentage against it. */
  size?: number
}

const SAMPLE_BYTES = 64 * 1024

/**
 * The longest header row read, in characters. The widest real exports (HubSpot with every property, lead forms
 * with long questions) have headers of tens of KB; a header still open after 4 MB is a file without line ends
 * or a quote opened in the header and never closed, and reading on would hold the whole file as one record.
 */
export const MAX_HEADER_CHARS = 4 << 20

export function displayName(path: string): string {
  return path === '-' ? 'stdin' : path
}

/**
 * Stats the path without opening it (opening a FIFO waits for its writer): a regular file, or something else
 * (a FIFO, `/dev/stdin`, a process substitution `<(...)`, a device), which is opened once and read once, as
 * stdin is. Missing, unreadable paths and directories are refused by name.
 */
export function statInput(path: string): fs.Stats {
  let stat: fs.Stats
  try {
    stat = fs.statSync(path)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new InputError(`${path}: no such file; check the path (it is read relative to ${process.cwd()}).`, { file: path })
    if (code === 'EACCES') throw new InputError(`${path}: permission denied; make the file readable (chmod u+r) or run as its owner.`, { file: path })
    throw new InputError(`${path}: cannot be read (${code ?? 'unknown error'}).`, { file: path })
  }
  if (stat.isDirectory()) throw new InputError(`${path} is a directory, not a CSV file; give the path of the export file inside it.`, { file: path })
  try {
    fs.accessSync(path, fs.constants.R_OK)
  } catch {
    throw new InputError(`${path}: permission denied; make the file readable (chmod u+r) or run as its owner.`, { file: path })
  }
  return stat
}

const TTY_FIX = 'give a file name, or pipe a CSV in (e.g. `cat leads.csv | wa-audience normalize`).'

function isOwnStdin(stat: fs.Stats): boolean {
  try {
    const own = fs.fstatSync(0)
    return own.dev === stat.dev && own.ino === stat.ino && !own.isFile()
  } catch {
    return false
  }
}

async function openSource(path: string): Promise<Readable> {
  if (path === '-') {
    if (process.stdin.isTTY) throw new UsageError(`Reading from stdin, but stdin is a terminal: ${TTY_FIX}`)
    return process.stdin
  }
  const stat = statInput(path)
  if (stat.isFile()) return fs.createReadStream(path, { highWaterMark: 1 << 20 })
  // `/dev/stdin`, `/dev/fd/0`: this process's own stdin, read as `-` is (it cannot be opened again when it is
  // a socket, as a parent process may give it).
  if (isOwnStdin(stat)) return openSource('-')
  // Not a regular file: opened here, once, and read once from that descriptor. It used to be opened a second
  // time after the ZIP check had read (and discarded) its first bytes, and a FIFO then waited for ever for a
  // second writer, holding the output lock.
  let handle: fs.promises.FileHandle
  // Opening a FIFO waits for its writer. Ctrl-C or SIGTERM (cron, `timeout`) while waiting must still stop
  // the run: the wait is ended by opening the FIFO's other end for a moment, and the run stops as interrupted.
  let stopped = false
  const stop = () => {
    stopped = true
    try {
      fs.closeSync(fs.openSync(path, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK))
    } catch {
      // No reader waiting (the open has just completed): nothing to end.
    }
  }
  const waits = stat.isFIFO()
  if (waits) for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, stop)
  try {
    handle = await fs.promises.open(path, 'r')
  } catch (e) {
    throw new InputError(`${path}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`, { file: path }, { cause: e })
  } finally {
    if (waits) for (const sig of ['SIGINT', 'SIGTERM'] as const) process.off(sig, stop)
  }
  if (stopped) {
    await handle.close()
    throw new InterruptedError()
  }
  if (tty.isatty(handle.fd)) {
    await handle.close()
    throw new UsageError(`Reading from ${path}, but it is a terminal: ${TTY_FIX}`)
  }
  return handle.createReadStream({ highWaterMark: 1 << 20 })
}

/** Reads chunks until `size` bytes are in hand (or the stream ends), returning them and the rest of the stream. */
async function takeSample(source: Readable, size: number): Promise<{ sample: Buffer; rest: AsyncIterator<Buffer>; whole: boolean }> {
  const it = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>
  const chunks: Buffer[] = []
  let total = 0
  let whole = false
  while (total < size) {
    const r = await it.next()
    if (r.done) {
      whole = true
      break
    }
    const b = typeof r.value === 'string' ? Buffer.from(r.value) : r.value
    chunks.push(b)
    total += b.length
  }
  return { sample: Buffer.concat(chunks), rest: it, whole }
}

function describeBinary(kind: string, name: string, sample?: Buffer): string {
  switch (kind) {
    case 'gzip':
      return `${name} is gzip-compressed, not a CSV file; decompress it first (gunzip -k ${name}).`
    case 'zip':
      return `${name} is a ZIP archive, which can only be read from a file on disk, not a pipe: save it to a file and give its path, or extract the CSV inside it (unzip) and give that file.`
    case 'xlsx':
      // A workbook on disk is read (io/open-tables.ts); one on stdin or a pipe cannot be: it is a ZIP archive.
      return `${name} is an Excel workbook, which can only be read from a file on disk, not a pipe: save it to a file and give its path.`
    case 'utf-32':
    {
      const from = (sample && utf32Label(sample)) ?? 'UTF-32'
      return `${name} is ${from} text, which we do not read; convert it to UTF-8 first (${name === 'stdin' ? `iconv -f ${from} -t UTF-8` : `iconv -f ${from} -t UTF-8 ${shellWord(name)} > converted.csv`}, or open it in a text editor and save it as UTF-8).`
    }
    case 'xls':
      return `${name} is an Excel 97-2003 workbook (.xls), which we do not read; in Excel use File > Save As > "Excel Workbook (.xlsx)" (read as it is, every digit kept), or export the sheet as "CSV UTF-8".`
    case 'pdf':
      return `${name} is a PDF document, not a CSV file; export the contacts as CSV from the tool that made it.`
    default:
      return `${name} does not look like a text file; give a CSV export (if it is text in UTF-16 without a byte-order mark, pass --encoding utf-16le).`
  }
}

/** Header cells: trimmed, a stray BOM removed, blanks named `column_N`, repeats numbered `name (2)`; the same for
 * a CSV's header and a workbook's (xlsx-table.ts). */
export function cleanHeader(cells: string[]): string[] {
  const seen = new Map<string, number>()
  return cells.map((c, i) => {
    let name = c.replace(/^\ufeff/, '').trim()
    if (name === '') name = `column_${i + 1}`
    const n = (seen.get(name.toLowerCase()) ?? 0) + 1
    seen.set(name.toLowerCase(), n)
    return n === 1 ? name : `${name} (${n})`
  })
}

export async function openTable(path: string, options: TableOptions = {}): Promise<Table> {
  const source = await openSource(path)
  const table = await openTableStream(displayName(path), source, options)
  const size = path === '-' ? undefined : regularFileSize(path)
  if (size !== undefined) table.size = size
  return table
}

/** The size of a regular file (stdin, a FIFO or a device has none), for progress. */
export function regularFileSize(path: string): number | undefined {
  try {
    const stat = fs.statSync(path)
    return stat.isFile() ? stat.size : undefined
  } catch {
    return undefined
  }
}

/**
 * The same over a stream already opened (a ZIP archive's member: io/zip-tables.ts). `name` is what messages
 * and reports call it.
 */
export async function openTableStream(name: string, source: Readable, options: TableOptions = {}): Promise<Table> {
  // A refusal ends the reading: the source is let go at once (a device's FileHandle left to the collector is
  // closed with a warning on stderr, where the refusal must be the one sentence). stdin is the process's own.
  const release = () => {
    if (source !== process.stdin) source.destroy()
  }
  let table: Table
  try {
    table = await readTableStream(name, source, options)
  } catch (e) {
    release()
    throw e
  }
  const rows = table.batches
  async function* batches(): AsyncGenerator<RowBatch> {
    let read = false
    try {
      yield* rows
      read = true
    } finally {
      // A refusal further down, or a reader that stopped early (inspect's sample, Ctrl-C).
      if (!read) release()
    }
  }
  return { ...table, batches: batches() }
}

async function readTableStream(name: string, source: Readable, options: TableOptions): Promise<Table> {
  const hash = crypto.createHash('sha256')
  let bytes = 0

  let sampleResult
  try {
    sampleResult = await takeSample(source, SAMPLE_BYTES)
  } catch (e) {
    throw new InputError(`${name}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`, { file: name }, { cause: e })
  }
  const { sample, rest, whole } = sampleResult
  if (sample.length === 0) throw new InputError(`${name} is empty; export the contacts again, with a header row.`, { file: name, line: 1 })
  const kind = binaryKind(sample)
  if (kind) throw new InputError(describeBinary(kind, name, sample), { file: name, line: 1 })

  const guess = options.encoding ? { encoding: options.encoding, bomLength: 0, evidence: '--encoding' } : guessEncoding(sample, whole)
  let bomLength = guess.bomLength
  if (options.encoding) {
    // A BOM matching the given encoding is still skipped.
    const g = guessEncoding(sample)
    if (g.evidence === 'bom' && g.encoding === options.encoding) bomLength = g.bomLength
  }
  // A file whose first 64 KB are UTF-8 can still hold Windows-1252 bytes further down (an accented name on
  // row 5,000 of a plain Excel "CSV"): such a file is refused with the flag that reads it, rather than read
  // with U+FFFD in place of its letters. A BOM or --encoding is taken at its word.
  const strictUtf8 = guess.encoding === 'utf-8' && guess.evidence === 'utf-8 bytes'
  // UTF-16 is always decoded strictly: a lone surrogate (half of a character, a file cut or spliced at an odd
  // place) is damage that no other encoding reads better, and was read as U+FFFD into names silently.
  const utf16 = guess.encoding === 'utf-16le' || guess.encoding === 'utf-16be'
  let decoder: InstanceType<typeof TextDecoder>
  try {
    decoder = new TextDecoder(guess.encoding, { fatal: strictUtf8 || utf16 })
  } catch {
    throw new UsageError(`--encoding ${guess.encoding} is not an encoding we read; use one of ${ENCODING_CHOICES}.`)
  }

  const sampleText = new TextDecoder(guess.encoding).decode(sample.subarray(bomLength))
  // A UTF-8 text with NUL bytes is binary data, not an export (UTF-16 was ruled out above).
  if (guess.encoding === 'utf-8' && sampleText.includes('\u0000')) {
    throw new InputError(`${name} contains NUL bytes, so it is not a text CSV; if it is UTF-16 without a byte-order mark, pass --encoding utf-16le.`, { file: name, line: 1 })
  }
  // Binary data of no known kind (an image, a database file, random bytes): refused by name, not read as a
  // file whose "header" is a line of garbage.
  if (!options.encoding && looksBinary(sampleText)) throw new InputError(describeBinary('binary', name), { file: name, line: 1 })
  const delimiter = options.delimiter ?? guessDelimiter(sampleText)

  const parser = new FastCsvParser(delimiter)
  // Bytes handed to the decoder so far: where a UTF-16 chunk starts within a code unit.
  let decoded = 0
  const decode = (b?: Buffer): string => {
    try {
      if (b === undefined) return decoder.decode()
      const text = decoder.decode(b, { stream: true })
      decoded += b.length
      return text
    } catch (e) {
      // At the end of the input: the last character is cut short (an interrupted download or copy), which no
      // other encoding would read better.
      if (b === undefined) {
        const line = parser.currentLine
        throw new InputError(cutShortMessage(name, line, utf16 ? 'UTF-16' : 'UTF-8'), { file: name, line }, { cause: e })
      }
      const { message, line } = utf16 ? notUtf16(name, parser.currentLine, b, guess.encoding as 'utf-16le' | 'utf-16be', decoded % 2) : notUtf8(name, parser.currentLine, b)
      throw new InputError(message, { file: name, line }, { cause: e })
    }
  }

  const stats: TableStats = { bytes: 0, sha256: '', rows: 0, emptyLines: 0 }
  const syntaxError = (e: unknown): never => {
    if (e instanceof CsvSyntaxError) throw new InputError(csvSyntaxMessage(name, e), { file: name, line: e.line }, { cause: e })
    throw e
  }

  // Records of the text fed so far; a batch is whatever one chunk of input completed.
  let rows: CsvRow[] = []
  let lines: number[] = []
  let header: string[] | null = null
  const sink = (record: CsvRow, line: number) => {
    if (header === null) {
      header = cleanHeader(record.cells())
      return
    }
    if (record.isBlank()) {
      stats.emptyLines++
      return
    }
    rows.push(record)
    lines.push(line)
  }
  let finished = false
  const feed = async (): Promise<void> => {
    throwIfAborted(options.signal)
    const r = await rest.next().catch((e: unknown) => {
      throw new InputError(`${name}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`, { file: name }, { cause: e })
    })
    try {
      if (r.done) {
        parser.push(decode(), sink)
        parser.end(sink)
        finished = true
        return
      }
      const b: Buffer = typeof r.value === 'string' ? Buffer.from(r.value) : r.value
      hash.update(b)
      bytes += b.length
      stats.bytes = bytes
      parser.push(decode(b), sink)
    } catch (e) {
      syntaxError(e)
    }
  }

  // The header is the first non-empty record: feed until it is complete.
  hash.update(sample)
  bytes += sample.length
  stats.bytes = bytes
  try {
    parser.push(decode(sample.subarray(bomLength)), sink)
  } catch (e) {
    syntaxError(e)
  }
  while (header === null && !finished) {
    await feed()
    if (header === null && parser.unfinishedChars > MAX_HEADER_CHARS) {
      const line = parser.currentLine
      throw new InputError(
        `${name} line ${line}: the header row goes on for more than 4 MB without a line end, so this is not a CSV export (a file without line ends, or a quote opened in the header and never closed); export the contacts again as CSV, with one header row.`,
        { file: name, line },
      )
    }
  }
  if (header === null) throw new InputError(`${name} holds no header row; export the contacts again, with a header row.`, { file: name, line: 1 })

  async function* batches(): AsyncGenerator<RowBatch> {
    for (;;) {
      if (rows.length > 0) {
        const batch = { rows, lines }
        stats.rows += rows.length
        rows = []
        lines = []
        yield batch
      }
      if (finished) break
      await feed()
    }
    stats.emptyLines += parser.emptyLines
    stats.bytes = bytes
    stats.sha256 = hash.digest('hex')
  }

  return {
    name,
    encoding: guess.encoding,
    encodingEvidence: guess.evidence,
    delimiter,
    header: header as string[],
    batches: batches(),
    stats,
  }
}

export { delimiterName }
