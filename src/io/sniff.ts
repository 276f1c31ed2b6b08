// Encoding and delimiter detection from the first bytes of a file (sources.md, "Encodings and delimiters"):
// the BOM first, then the bytes themselves; flags override both. Pure functions over a Buffer sample.

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252'

const ENCODING_NAMES: Record<string, Encoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-8-sig': 'utf-8',
  'utf-16le': 'utf-16le',
  utf16le: 'utf-16le',
  'utf-16': 'utf-16le',
  'ucs-2': 'utf-16le',
  'utf-16be': 'utf-16be',
  utf16be: 'utf-16be',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  latin1: 'windows-1252',
  'iso-8859-1': 'windows-1252',
  ansi: 'windows-1252',
}

/** The canonical name of an --encoding value, or undefined when we do not read it. */
export function encodingFromName(name: string): Encoding | undefined {
  return ENCODING_NAMES[name.trim().toLowerCase()]
}

export const ENCODING_CHOICES = 'utf-8, utf-16le, utf-16be, windows-1252'

export interface EncodingGuess {
  encoding: Encoding
  /** Bytes of byte-order mark to skip. */
  bomLength: number
  /** What told us: `bom`, `utf-8 bytes`, `nul pattern`, `not utf-8`. */
  evidence: string
}

export type BinaryKind = 'gzip' | 'zip' | 'binary' | 'pdf' | 'xlsx' | 'xls' | 'utf-32'

/** Recognises files that are not text at all, so the message can say what they are. */
export function binaryKind(sample: Buffer): BinaryKind | undefined {
  if (sample.length >= 2 && sample[0] === 0x1f && sample[1] === 0x8b) return 'gzip'
  if (sample.length >= 4 && sample[0] === 0x50 && sample[1] === 0x4b && sample[2] === 0x03 && sample[3] === 0x04) {
    return sample.includes('xl/') || sample.includes('[Content_Types].xml') ? 'xlsx' : 'zip'
  }
  if (sample.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf'
  // An OLE2 compound file: the pre-2007 Excel format (.xls), which the workbook reader (exceljs) cannot read.
  if (sample.length >= 8 && sample.readUInt32BE(0) === 0xd0cf11e0 && sample.readUInt32BE(4) === 0xa1b11ae1) return 'xls'
  if (utf32Label(sample)) return 'utf-32'
  return undefined
}

/**
 * UTF-32 text, which we do not read (no spreadsheet writes it, and TextDecoder has no decoder for it): a BOM
 * (FF FE 00 00, 00 00 FE FF), or three NULs in every four bytes, where UTF-16 leaves one in every two. Its
 * BOM starts like UTF-16's, so it was read as UTF-16 full of NULs and refused with a UTF-16 hint.
 */
/** `UTF-32` (with a BOM), `UTF-32LE` or `UTF-32BE` (without one, as iconv names them), or undefined: not UTF-32. */
export function utf32Label(sample: Buffer): string | undefined {
  if (sample.length >= 4 && (sample.readUInt32LE(0) === 0x0000feff || sample.readUInt32BE(0) === 0x0000feff)) return 'UTF-32'
  const n = Math.min(sample.length, 4096) & ~3
  if (n < 8) return undefined
  const nul = [0, 0, 0, 0]
  for (let i = 0; i < n; i++) if (sample[i] === 0) nul[i % 4]!++
  const quarter = n / 4
  const le = nul[1]! > quarter * 0.9 && nul[2]! > quarter * 0.9 && nul[3]! > quarter * 0.9 && nul[0]! < quarter / 50
  const be = nul[0]! > quarter * 0.9 && nul[1]! > quarter * 0.9 && nul[2]! > quarter * 0.9 && nul[3]! < quarter / 50
  return le ? 'UTF-32LE' : be ? 'UTF-32BE' : undefined
}

/**
 * True when decoded text is binary data rather than an export: control characters other than tab and line
 * ends make up more than 1% of it (random bytes give about 11%; text exports none, or a stray vertical tab or
 * end-of-file mark). Checked on the decoded sample, so UTF-16, whose bytes are full of NULs, is judged as text.
 */
export function looksBinary(text: string): boolean {
  let controls = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || (c >= 0x7f && c < 0xa0)) controls++
  }
  return controls > 8 && controls > text.length / 100
}

/** `whole`: the sample is the whole file (its end is the file's end, not a cut made by the reader). */
export function guessEncoding(sample: Buffer, whole = false): EncodingGuess {
  if (sample.length >= 3 && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3, evidence: 'bom' }
  if (sample.length >= 2 && sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2, evidence: 'bom' }
  if (sample.length >= 2 && sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2, evidence: 'bom' }

  // UTF-16 written without a BOM: ASCII text leaves a NUL in every other byte.
  let evenNul = 0
  let oddNul = 0
  const n = Math.min(sample.length, 4096)
  for (let i = 0; i < n; i++) if (sample[i] === 0) i % 2 === 0 ? evenNul++ : oddNul++
  if (n >= 4 && oddNul > n / 4 && evenNul < n / 50) return { encoding: 'utf-16le', bomLength: 0, evidence: 'nul pattern' }
  if (n >= 4 && evenNul > n / 4 && oddNul < n / 50) return { encoding: 'utf-16be', bomLength: 0, evidence: 'nul pattern' }

  return isUtf8(sample, whole) ? { encoding: 'utf-8', bomLength: 0, evidence: 'utf-8 bytes' } : { encoding: 'windows-1252', bomLength: 0, evidence: 'not utf-8' }
}

/**
 * Strict UTF-8 check of a sample that may end in the middle of a character. When the sample is the whole file,
 * an incomplete last character counts as UTF-8 (a file cut short, refused by the reader with that reason) only
 * if the rest shows UTF-8's multi-byte characters: a Windows-1252 file ending in `é` (one byte, 0xE9, which
 * is also a UTF-8 lead byte) was refused as not UTF-8 instead of read (found by scripts/fuzz.mjs).
 */
export function isUtf8(sample: Buffer, whole = false): boolean {
  let end = sample.length
  // Drop an incomplete trailing sequence: up to 3 continuation bytes after a lead byte.
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const b = sample[end - back]!
    if ((b & 0xc0) === 0x80) continue
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2
      if (need > back) end -= back
    }
    break
  }
  if (whole && end < sample.length && !sample.subarray(0, end).some((b) => b >= 0x80)) return false
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end))
    return true
  } catch {
    return false
  }
}

export type Delimiter = ',' | ';' | '\t' | '|'
export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|']

/** Field counts of the first lines of `text` split on `d`, honouring double quotes. */
function fieldCounts(text: string, d: string, maxLines: number): number[] {
  const counts: number[] = []
  let fields = 1
  let quoted = false
  for (let i = 0; i < text.length && counts.length < maxLines; i++) {
    const c = text[i]
    if (c === '"') quoted = !quoted
    else if (!quoted && c === d) fields++
    else if (!quoted && c === '\n') {
      counts.push(fields)
      fields = 1
    }
  }
  return counts
}

/**
 * The delimiter that splits the header into the most fields and the following lines into the same number.
 * Returns ',' for single-column files (nothing to split), which reads them the same with any delimiter.
 */
export function guessDelimiter(text: string): Delimiter {
  let best: Delimiter = ','
  let bestScore = 0
  for (const d of DELIMITERS) {
    const counts = fieldCounts(text, d, 30)
    if (counts.length === 0) {
      const single = text.split(d).length
      if (single > 1 && single > bestScore) {
        best = d
        bestScore = single
      }
      continue
    }
    const headerFields = counts[0]!
    if (headerFields < 2) continue
    const body = counts.slice(1)
    const agree = body.length === 0 ? 1 : body.filter((c) => c === headerFields).length / body.length
    // Agreement matters more than width: a comma inside a ;-separated French export must not win.
    const score = agree * 1000 + headerFields
    if (score > bestScore) {
      best = d
      bestScore = score
    }
  }
  return best
}

export function delimiterName(d: string): string {
  return d === '\t' ? 'tab' : d === ',' ? 'comma' : d === ';' ? 'semicolon' : d === '|' ? 'pipe' : JSON.stringify(d)
}

/** Reads a --delimiter value: one character, or a name (`tab`, `comma`, `semicolon`, `pipe`, `\t`). */
export function delimiterFromName(v: string): string | undefined {
  const names: Record<string, string> = { tab: '\t', '\\t': '\t', comma: ',', semicolon: ';', pipe: '|' }
  const named = names[v.toLowerCase()]
  if (named) return named
  return v.length === 1 && v !== '"' && v !== '\n' && v !== '\r' ? v : undefined
}
