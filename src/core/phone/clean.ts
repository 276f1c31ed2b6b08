// Cleaning a phone cell before parsing. Real exports carry source prefixes (`p:` in Meta lead files),
// spreadsheet guards (`'+44…`, `=+44…`), `tel:` URIs, digits of other scripts, exotic spaces and bidi marks,
// extensions, and Excel damage. libphonenumber-js fails on several of these, so they are undone here first,
// and Excel damage is detected and refused: a "repaired" 4.47712E+11 is a different, valid number (a stranger).

export interface CleanedPhone {
  /** Text ready for the parser: ASCII digits, `+`, and the separators people type. */
  text: string
  /** Extension digits removed from the end, or ''. */
  ext: string
  /** Why the cell cannot hold a number, before any parsing. */
  refusal: 'MISSING' | 'NOT_A_NUMBER' | 'EXCEL_MANGLED' | 'TEST_LEAD' | null
}

// Zero of every decimal digit block people write phone numbers in (Unicode Nd blocks are contiguous 0-9).
const DIGIT_ZEROS = [
  0x0660, // Arabic-Indic
  0x06f0, // Extended Arabic-Indic (Persian, Urdu)
  0x07c0, // NKo
  0x0966, // Devanagari
  0x09e6, // Bengali
  0x0a66, // Gurmukhi
  0x0ae6, // Gujarati
  0x0b66, // Oriya
  0x0be6, // Tamil
  0x0c66, // Telugu
  0x0ce6, // Kannada
  0x0d66, // Malayalam
  0x0e50, // Thai
  0x0ed0, // Lao
  0x0f20, // Tibetan
  0x1040, // Myanmar
  0x17e0, // Khmer
  0x1810, // Mongolian
  0xff10, // Full-width
]

/** Maps one code point to its ASCII digit, or -1. */
function digitValue(cp: number): number {
  if (cp >= 48 && cp <= 57) return cp - 48
  for (const zero of DIGIT_ZEROS) if (cp >= zero && cp <= zero + 9) return cp - zero
  return -1
}

// Spaces of every kind (NBSP, figure space U+2007, narrow NBSP U+202F, ideographic space...) become an ASCII
// space; bidi and zero-width marks, which Arabic and Hebrew spreadsheets wrap numbers in, disappear.
const SPACES = /[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/g
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad]/g

/** Unicode folding: other-script digits to ASCII, full-width plus and dashes to ASCII, odd spaces to ' '. */
export function foldPhoneText(raw: string): string {
  let s = raw.replace(INVISIBLE, '').replace(SPACES, ' ')
  let out = ''
  for (const ch of s) {
    const cp = ch.codePointAt(0)!
    if (cp < 128) {
      out += ch
      continue
    }
    const d = digitValue(cp)
    if (d >= 0) out += String.fromCharCode(48 + d)
    else if (cp === 0xff0b || cp === 0x2795) out += '+' // full-width and heavy plus
    else if (cp === 0xff08) out += '('
    else if (cp === 0xff09) out += ')'
    else if ((cp >= 0x2010 && cp <= 0x2015) || cp === 0x2212 || cp === 0xff0d || cp === 0x30fc) out += '-'
    else if (cp === 0xff0e || cp === 0x3002) out += '.'
    else out += ch
  }
  s = out
  return s
}

// Excel turns long digit strings into floats: `4.47712E+11` (digits lost) or `919656298894.0`.
const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?e[+-]?\d+$/i
const FLOAT_TAIL = /^\+?\d{6,}[.,]0+$/

// Extensions at the end: `x136`, `ext. 204`, `extension 5`, `#136`, `;ext=136`, `ext:12`, `poste 12` (fr).
const EXTENSION = /(?:\s*[;,]?\s*(?:ext(?:ension)?\.?|ext=|x\.?|#|poste|dw\.?|doorkies)\s*:?\s*(\d{1,7}))\s*$/i

/** Cleans one number (a cell may hold several: see splitPhoneCell). */
export function cleanPhone(raw: string): CleanedPhone {
  let s = foldPhoneText(raw).trim()
  if (s === '') return { text: '', ext: '', refusal: 'MISSING' }
  if (/<\s*test lead/i.test(s)) return { text: '', ext: '', refusal: 'TEST_LEAD' }

  // Source prefix and spreadsheet guards, possibly stacked: `p:+44…`, `'+44…`, `="+44…"`, `=+44…`.
  for (;;) {
    const before = s
    s = s.replace(/^p:\s*/i, '')
    s = s.replace(/^'+/, '')
    s = s.replace(/^=\s*"(.*)"$/, '$1')
    s = s.replace(/^=(?=\s*[+\d(])/, '')
    s = s.replace(/^"(.*)"$/, '$1')
    s = s.trim()
    if (s === before) break
  }

  let ext = ''
  // RFC 3966: tel:+1-650-253-0000;ext=136;phone-context=... : parameters are dropped, ext is kept aside.
  const tel = /^tel:\s*([^;]*)((?:;[^;]*)*)$/i.exec(s)
  if (tel) {
    s = tel[1]!.trim()
    const e = /;ext=(\d+)/i.exec(tel[2]!)
    if (e) ext = e[1]!
  }

  if (SCIENTIFIC.test(s) || FLOAT_TAIL.test(s)) return { text: s, ext: '', refusal: 'EXCEL_MANGLED' }

  const m = EXTENSION.exec(s)
  if (m && /\d/.test(s.slice(0, m.index))) {
    ext = m[1]!
    s = s.slice(0, m.index).trim()
  }

  if (!/\d/.test(s)) return { text: s, ext, refusal: 'NOT_A_NUMBER' }
  // Anything but digits, separators and one leading plus is not a phone number (a name, a sentence...).
  if (!/^\+?[\d\s().\-/]*$/.test(s.replace(/^\+\s*/, '+'))) return { text: s, ext, refusal: 'NOT_A_NUMBER' }
  return { text: s, ext, refusal: null }
}

/**
 * Splits a cell that holds several numbers (`0123 456789 / 0456 789012`, `+49 30 123456, +49 171 2345678`).
 * A separator only splits when both sides carry enough digits to be a number on their own, so that
 * `(0)20 / 7946` style typing and single numbers with slashes stay whole.
 */
export function splitPhoneCell(raw: string): string[] {
  if (!/[,;/|\n]|\bor\b|\bou\b|\boder\b|\bo\b/i.test(raw)) return [raw]
  // `;ext=` belongs to the number in tel: URIs; keep such cells whole.
  if (/;\s*(?:ext|phone-context)=/i.test(raw)) return [raw]
  const parts = raw
    .split(/\s*(?:[,;|\n]|\s\/\s|\/(?=\s*\+)|\s+(?:or|ou|oder|o)\s+)\s*/i)
    .map((p) => p.trim())
    .filter((p) => p !== '')
  const digitCount = (p: string) => (foldPhoneText(p).match(/\d/g) ?? []).length
  if (parts.length > 1 && parts.every((p) => digitCount(p) >= 6)) return parts
  return [raw]
}
