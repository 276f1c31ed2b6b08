// A CSV record splitter for the hot path. csv-parse (with line info, as we need it) costs ~17 µs a row on
// the bench machine, more than the whole per-row budget of a 200,000 rows/s pipeline; this splitter finds
// lines with indexOf and a quote-free line's delimiters with indexOf (both native), keeping the line as its
// text and those positions (core/csv-row.ts: a cell is cut when it is read), and walks characters only on
// lines that hold a quote. It reads what csv-parse reads with the options read-table.ts uses
// (relax_quotes, relax_column_count, skip_empty_lines): a property test holds the two to the same records
// and line numbers on generated files, and csv-parse stays the reference. One deliberate difference:
// csv-parse counts a CRLF inside a quoted field as two lines; here it is one, the line an editor shows,
// which is what rejects.csv must point at.
//
// Dialect: RFC 4180 with a configurable delimiter; a quote inside an unquoted field is data (relax_quotes);
// `""` inside a quoted field is one quote; line ends are \n, \r\n, or \r alone when the file uses it
// throughout; empty lines are skipped but counted, so each record knows the line it starts on.

import { CsvRow } from '../core/csv-row.js'

export interface CsvRecordSink {
  (record: CsvRow, line: number): void
}

/**
 * A record longer than this has a quote that is never closed (no export writes a 64 MB cell): it is refused
 * rather than read into memory. Both readers hold a record to it: this parser in characters carried (the
 * main thread's reader), read-chunks.ts in bytes before a chunk goes to a worker; the sentence is one.
 */
export const MAX_RECORD_LENGTH = 64 << 20

export class CsvSyntaxError extends Error {
  constructor(
    readonly code: 'CSV_QUOTE_NOT_CLOSED' | 'CSV_INVALID_CLOSING_QUOTE' | 'CSV_RECORD_TOO_LONG',
    readonly line: number,
  ) {
    super(code)
  }
}

/** The sentence for a broken CSV structure in file `name`, the same from every reader of the file. */
export function csvSyntaxMessage(name: string, e: CsvSyntaxError): string {
  const fix =
    e.code === 'CSV_QUOTE_NOT_CLOSED'
      ? 'a quoted field is opened and never closed; close the quote or export the file again'
      : e.code === 'CSV_RECORD_TOO_LONG'
        ? 'a record longer than 64 MB; a quote is probably opened and never closed; close it or export the file again'
        : `the CSV structure is broken (${e.code}); export the file again`
  return `${name} line ${e.line}: ${fix}.`
}

export class FastCsvParser {
  /** Text carried over from the previous chunk: an incomplete line (or a quoted field spanning chunks). */
  private carry = ''
  /** Line number of the first line of `carry`. */
  private line = 1
  /** The line-end character: '\n' (with optional \r before it), or '\r' for old Mac files. */
  private nl: '\n' | '\r' | '' = ''
  /** Empty lines skipped so far (csv-parse's info.empty_lines). */
  emptyLines = 0
  /** Chunks pushed after `carry` that hold no line end (the carried record goes on). */
  private pending: string[] = []
  /** Characters in `pending`. */
  private pendingChars = 0

  /** Finds the file's line end in the first text pushed, however long its first record is. */
  private readonly lineEnd: LineEndFinder

  /**
   * `firstLine`: the file's line number of the first text pushed (a chunk from the middle of a file); `nl`: the
   * file's line end when the caller knows it (a chunk's first record need not show it).
   */
  constructor(
    private readonly delimiter: string,
    firstLine = 1,
    nl: '\n' | '\r' | '' = '',
  ) {
    this.line = firstLine
    this.nl = nl
    this.lineEnd = new LineEndFinder(delimiter)
  }

  /** Feeds decoded text; calls `sink` for every complete record. */
  push(chunk: string, sink: CsvRecordSink): void {
    if (this.carry !== '') {
      // A record ends only at a line end: a chunk without one just lengthens the record carried over. Kept
      // aside and joined once, a 10 MB record costs its length, not its length times its chunks.
      const noEnd = this.nl === '' ? chunk.indexOf('\n') < 0 && chunk.indexOf('\r') < 0 : chunk.indexOf(this.nl) < 0
      if (noEnd) {
        this.pending.push(chunk)
        this.pendingChars += chunk.length
        if (this.carry.length + this.pendingChars > MAX_RECORD_LENGTH) throw new CsvSyntaxError('CSV_RECORD_TOO_LONG', this.line)
        return
      }
    }
    const s = this.carry === '' ? chunk : this.joinCarry() + chunk
    if (this.nl === '') {
      const nl = this.lineEnd.find(s)
      if (nl === '') {
        this.carry = s
        return
      }
      this.nl = nl
    }
    this.carry = s.slice(this.scan(s, sink, false))
    // A quote opened and never closed makes the rest of the file one record: refused at the limit.
    if (this.carry.length > MAX_RECORD_LENGTH) throw new CsvSyntaxError('CSV_RECORD_TOO_LONG', this.line)
  }

  /** Flushes the last record (a file need not end with a line end). Throws on an unclosed quote. */
  end(sink: CsvRecordSink): void {
    const s = this.joinCarry()
    this.carry = ''
    // Text kept aside may hold what the line-end search was waiting for (the character after a CR).
    if (this.nl === '') this.nl = this.lineEnd.find(s) || '\n'
    if (s !== '') this.scan(s + this.nl, sink, true)
  }

  private joinCarry(): string {
    if (this.pending.length === 0) return this.carry
    const s = this.carry + this.pending.join('')
    this.pending = []
    this.pendingChars = 0
    return s
  }

  /** Characters of the record not yet complete: text read past the last record end, waiting for its own. */
  get unfinishedChars(): number {
    return this.carry.length + this.pendingChars
  }

  /** Parses complete records of `s`; returns where the unconsumed tail starts. */
  private scan(s: string, sink: CsvRecordSink, last: boolean): number {
    const nl = this.nl
    const d = this.delimiter
    let pos = 0
    const n = s.length
    // The next delimiter at or after `pos` (n: none left), kept from line to line: each search starts past the
    // last one found, so the searches together read the text once, and the last cell's search, which looks
    // past its line end, is not repeated for the next line (a file of one column, without a delimiter, is not
    // searched to its end on every line: test/io/reader-linear.test.ts). A delimiter is looked for in `s`
    // itself, which is flat: searching the line's slice unwraps the slice on every call (10% slower), and a
    // loop over the characters was slower still (108M more instructions on two chunks, 58M fewer searching).
    let delim = -1
    while (pos < n) {
      if (delim < pos) {
        delim = s.indexOf(d, pos)
        if (delim < 0) delim = n
      }
      // The lines before the next quote hold no quote: they are split in the inner loop, which searches for
      // line ends only. The next quote is searched for here, once per record that holds one, and each search
      // starts where the last record ended, so the searches together read the text once. (This loop used to
      // keep the quote's position and search again `if (q < pos)`: in the code V8's optimizing compiler made of
      // it, some runs (depending on when it compiled) did that search on every line, each to the end of the
      // chunk for a quote that is not there, in memchr: quadratic in the lines of a chunk, 5M empty lines
      // took minutes and starved the event loop. Issue 14.)
      const q = s.indexOf('"', pos)
      const quote = q < 0 ? n : q
      for (;;) {
        const end = s.indexOf(nl, pos)
        if (end < 0) return pos
        // A line holding a quote may hold a quoted line end: it takes the slow path.
        if (end > quote) break
        let stop = end
        if (nl === '\n' && stop > pos && s.charCodeAt(stop - 1) === 13) stop--
        if (stop === pos) this.emptyLines++
        else {
          // A quote-free line: its text and where each cell ends (what `split` would cut, not cut).
          const ends: number[] = []
          while (delim < stop) {
            ends.push(delim - pos)
            delim = s.indexOf(d, delim + 1)
            if (delim < 0) delim = n
          }
          ends.push(stop - pos)
          sink(CsvRow.ofLine(s.slice(pos, stop), ends), this.line)
        }
        this.line++
        pos = end + 1
      }
      const next = this.quoted(s, pos, sink, last)
      if (next < 0) return pos
      pos = next
    }
    return pos
  }

  /**
   * Parses one record that holds a quote, starting at `start`. Returns the index after its line end, or -1
   * when the record continues past the end of `s` (more text is needed).
   */
  private quoted(s: string, start: number, sink: CsvRecordSink, last: boolean): number {
    const d = this.delimiter
    const dc = d.charCodeAt(0)
    const nlc = this.nl.charCodeAt(0)
    const n = s.length
    // The record as a row (core/csv-row.ts): where each cell ends (from `start`), and the values of its quoted
    // cells, which unescaping made; its other cells are cut from its text when they are read, as a quote-free
    // line's are (most cells of a line that holds a quote are not quoted).
    const ends: number[] = []
    let values: Array<string | undefined> | null = null
    let lines = 0
    let i = start
    // The next line end at or after `i` (n: none in `s`), found once and kept while the fields before it are
    // read: an unquoted field ends at the nearer of the next delimiter and this, both found by native
    // searches (a third of the exports' lines hold a quote and came here to be walked character by character).
    let lineEnd = -1
    for (;;) {
      // At the start of a field.
      if (i < n && s.charCodeAt(i) === 34) {
        // Quoted field: up to the closing quote; "" is a quote; line ends inside are data.
        let value = ''
        let from = i + 1
        let j = from
        for (;;) {
          const qi = s.indexOf('"', j)
          if (qi < 0) {
            if (last) throw new CsvSyntaxError('CSV_QUOTE_NOT_CLOSED', this.line)
            return -1
          }
          if (qi + 1 < n && s.charCodeAt(qi + 1) === 34) {
            value += s.slice(from, qi + 1)
            from = j = qi + 2
            continue
          }
          if (qi + 1 >= n && !last) return -1
          value += s.slice(from, qi)
          i = qi + 1
          break
        }
        lines += countLines(value, this.nl)
        // After the closing quote: a delimiter, a line end, or (leniently, as spreadsheets read it) more text
        // that belongs to the same field.
        const c = i < n ? s.charCodeAt(i) : -1
        if (c !== dc && c !== nlc && !(c === 13 && s.charCodeAt(i + 1) === 10)) {
          let k = i
          while (k < n && s.charCodeAt(k) !== dc && s.charCodeAt(k) !== nlc) k++
          if (k >= n && !last) return -1
          let tail = s.slice(i, k)
          if (this.nl === '\n' && tail.endsWith('\r')) tail = tail.slice(0, -1)
          value += tail
          i = k
        }
        // Where the field ends (a delimiter, the line end or its CR) is where the next one starts from.
        ;(values ??= [])[ends.length] = value
        ends.push(i - start)
      } else {
        // Unquoted field: up to the next delimiter or line end; quotes inside are data (relax_quotes).
        if (lineEnd < i) {
          lineEnd = s.indexOf(this.nl, i)
          if (lineEnd < 0) lineEnd = n
        }
        let k = s.indexOf(d, i)
        if (k < 0 || k > lineEnd) k = lineEnd
        if (k >= n) return -1
        let stop = k
        if (this.nl === '\n' && s.charCodeAt(k) === 10 && stop > i && s.charCodeAt(stop - 1) === 13) stop--
        ends.push(stop - start)
        i = k
      }
      // After a field.
      if (i >= n) return -1
      const c = s.charCodeAt(i)
      if (c === dc) {
        i++
        continue
      }
      if (c === 13 && this.nl === '\n') i++
      // A line end closes the record: its text up to its last cell's end.
      sink(CsvRow.ofRecord(s.slice(start, start + ends[ends.length - 1]!), ends, values), this.line)
      this.line += lines + 1
      return i + 1
    }
  }

  /** The line the next record starts on. */
  get currentLine(): number {
    return this.line
  }
}

/**
 * The file's line end: the first one outside a quoted field ('' while the text does not show it yet). Excel for
 * Mac's "CSV (Macintosh)" ends rows with \r and writes line breaks inside a cell as \n: the first \n of such a
 * file is inside quotes and says nothing about its rows (found by scripts/fuzz.mjs). Quotes are read as
 * quoted() reads them: a quote opens a field only at its start, `""` inside is a quote. The text may grow
 * between calls (each call gets the whole text so far, which starts with what the previous call got): the
 * search resumes where it stopped, so a first record of 10 MB is read once, not once per chunk.
 */
export class LineEndFinder {
  private i = 0
  private quoted = false
  private atStart = true

  constructor(private readonly delimiter: string) {}

  find(s: string): '\n' | '\r' | '' {
    const n = s.length
    const d = this.delimiter
    let i = this.i
    try {
      while (i < n) {
        if (this.quoted) {
          // Inside quotes only a quote matters: jump to it.
          const q = s.indexOf('"', i)
          if (q < 0) {
            i = n
            return ''
          }
          if (q + 1 >= n) {
            i = q
            return ''
          }
          if (s[q + 1] === '"') i = q + 2
          else {
            this.quoted = false
            i = q + 1
          }
          continue
        }
        const c = s[i]
        if (c === '"' && this.atStart) {
          this.quoted = true
          this.atStart = false
        } else if (c === d) this.atStart = true
        else if (c === '\n') return '\n'
        else if (c === '\r') {
          if (i + 1 >= n) return ''
          return s[i + 1] === '\n' ? '\n' : '\r'
        } else this.atStart = false
        i++
      }
      return ''
    } finally {
      this.i = i
    }
  }
}

function countLines(v: string, nl: string): number {
  // In a file whose rows end with CR, a cell's LF (Excel for Mac) or CRLF is a line an editor shows too.
  if (nl === '\r') return (v.match(/\r\n|\r|\n/g) ?? []).length
  let c = 0
  let k = v.indexOf(nl)
  while (k >= 0) {
    c++
    k = v.indexOf(nl, k + 1)
  }
  return c
}

/**
 * Where whole records end in raw bytes, by the grammar FastCsvParser reads, so that a file can be cut into
 * chunks that parse on their own (in worker threads). Works on the bytes of ASCII-compatible encodings
 * (UTF-8, Windows-1252): no byte of a multi-byte UTF-8 character is ever a quote, a delimiter or a line end.
 * `recordEnd` returns the index after the last complete record of `buf[from, to)` and counts its lines.
 */
/** The bytes RecordBoundaryScanner turns into text at a time (a record longer than this widens it). */
const SCAN_WINDOW = 1 << 16

export class RecordBoundaryScanner {
  private readonly d: number
  /** 10 for \n (with optional \r before it), 13 for files that end lines with \r alone. */
  readonly nl: number
  /** The same, as a string for String#indexOf. */
  private readonly nlText: string

  constructor(delimiter: string, nl: '\n' | '\r') {
    this.d = delimiter.charCodeAt(0)
    this.nl = nl.charCodeAt(0)
    this.nlText = nl
  }

  /** Index after the last complete record end in buf[from, to), and the line ends crossed to get there. */
  recordEnd(buf: Buffer, from: number, to: number): { end: number; lines: number } {
    // The bytes are searched as latin1 text (a copy in which every quote, delimiter and line end stays where
    // its byte is): String#indexOf is a builtin, where Buffer#indexOf is a call into C++ that cost more than
    // the search itself on a line of a few hundred bytes, and a quoted line is read quote to quote, not byte
    // by byte (the kit's 60 MB: 73-80 -> 32 ms cold, 52-54 -> 25 ms warm). In windows of 64 KiB, so that each
    // copy is a young string (a megabyte was fresh memory each time); a record longer than a window widens it.
    let end = from
    let lines = 0
    let size = SCAN_WINDOW
    while (end < to) {
      const stop = Math.min(to, end + size)
      const n = this.scanText(buf.toString('latin1', end, stop))
      if (n === 0) {
        if (stop === to) break
        size *= 2
        continue
      }
      end += n
      lines += this.textLines
      size = SCAN_WINDOW
      if (stop === to) break
    }
    return { end, lines }
  }

  /** Line ends crossed by the records scanText() last found. */
  private textLines = 0

  /** The length of the complete records at the start of `s` (0: none), their lines in `textLines`. */
  private scanText(s: string): number {
    const nl = this.nlText
    let pos = 0
    let end = 0
    let lines = 0
    let q = s.indexOf('"')
    while (pos < s.length) {
      const e = s.indexOf(nl, pos)
      if (e < 0) break
      if (q >= 0 && q < pos) q = s.indexOf('"', pos)
      if (q < 0 || q > e) {
        lines++
        pos = end = e + 1
        continue
      }
      const r = this.quotedEnd(s, pos, q, e)
      if (r < 0) break
      lines += this.quotedLines + 1
      pos = end = r
    }
    this.textLines = lines
    return end
  }

  /** Line breaks inside the quoted cells of the record quotedEnd() last read (countLines() of each value). */
  private quotedLines = 0

  /**
   * The end (after the line end) of the record starting at `start` of `s`, which holds a quote at `q` before
   * its first line end `e`; -1 if it does not end within `s`. A quote opens a quoted field only at a field's
   * start (after a delimiter, or at the record's start): elsewhere it is data (relax_quotes), and so is
   * anything after a closing quote up to the next delimiter. So only the quotes are visited: each either opens
   * a field, whose closing quote is the next one not doubled, or is data.
   */
  private quotedEnd(s: string, start: number, q: number, e: number): number {
    const d = this.d
    this.quotedLines = 0
    for (;;) {
      if (q < 0 || q > e) return e + 1
      if (q === start || s.charCodeAt(q - 1) === d) {
        let j = q + 1
        let close: number
        for (;;) {
          const qi = s.indexOf('"', j)
          if (qi < 0 || qi + 1 >= s.length) return -1
          if (s.charCodeAt(qi + 1) === 34) {
            j = qi + 2
            continue
          }
          close = qi
          break
        }
        // Line breaks in the value: only where it holds the line end, or in CR files (where a LF counts too).
        if (close > e || this.nl === 13) this.quotedLines += breaksIn(s, q + 1, close, this.nl)
        if (close > e) {
          e = s.indexOf(this.nlText, close + 1)
          if (e < 0) return -1
        }
        q = s.indexOf('"', close + 1)
      } else q = s.indexOf('"', q + 1)
    }
  }
}

/** countLines() on text read as latin1: the line breaks in s[from, to), where `nl` (10 or 13) ends the file's rows. */
function breaksIn(s: string, from: number, to: number, nl: number): number {
  let c = 0
  if (nl === 10) {
    for (let k = s.indexOf('\n', from); k >= 0 && k < to; k = s.indexOf('\n', k + 1)) c++
    return c
  }
  // Rows end with CR: CRLF, CR and LF inside a cell are each one break, as countLines() counts them.
  for (let k = from; k < to; k++) {
    const b = s.charCodeAt(k)
    if (b === 13) {
      c++
      if (k + 1 < to && s.charCodeAt(k + 1) === 10) k++
    } else if (b === 10) c++
  }
  return c
}
