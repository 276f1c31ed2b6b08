// Cleaning a phone cell before parsing. Real exports carry source prefixes (`p:` in Meta lead files),
// spreadsheet guards (`'+44…`, `=+44…`, `="+44…"`), `tel:` URIs, labels (`Mobile: …`), digits of other
// scripts, exotic spaces and bidi marks, extensions, and Excel damage (sources.md, "Phone values seen in the
// wild"). libphonenumber-js fails on several of these, so they are undone here first, and Excel damage is
// detected and refused: a "repaired" 4.47712E+11 is a different, valid number (a stranger).

export interface CleanedPhone {
  /** Text ready for the parser: an optional leading `+`, ASCII digits, and the separators ` ().-/`. */
  text: string
  /** Extension digits removed from the end, or ''. */
  ext: string
  /** Why the cell cannot hold a number, before any parsing. */
  refusal: 'MISSING' | 'NOT_A_NUMBER' | 'EXCEL_MANGLED' | 'TEST_LEAD' | 'TOO_LONG' | null
}

/** Longer than this, a text is not one phone number however it is labelled and formatted (the longest real
 * forms, a labelled number with an extension or a tel: URI with its context, are under 80 characters). Refused
 * before any regular expression sees it: a 10 MB cell overflowed the regex stack, and runs of spaces made the
 * extension pattern cubic (scripts/fuzz.mjs). */
export const MAX_PHONE_TEXT = 200

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
  0x0de6, // Sinhala Lith
  0x0e50, // Thai
  0x0ed0, // Lao
  0x0f20, // Tibetan
  0x1040, // Myanmar
  0x1090, // Myanmar Shan
  0x17e0, // Khmer
  0x1810, // Mongolian
  0x1946, // Limbu
  0x19d0, // New Tai Lue
  0xa8d0, // Saurashtra
  0xa900, // Kayah Li
  0xa9d0, // Javanese
  0xaa50, // Cham
  0xabf0, // Meetei Mayek
  0xff10, // Full-width
  0x1d7ce, // Mathematical bold (pasted from styled text)
  0x1d7d8, // Mathematical double-struck
  0x1d7e2, // Mathematical sans-serif
  0x1d7ec, // Mathematical sans-serif bold
  0x1d7f6, // Mathematical monospace
]

/** Maps one code point to its ASCII digit, or -1. */
function digitValue(cp: number): number {
  if (cp >= 48 && cp <= 57) return cp - 48
  for (const zero of DIGIT_ZEROS) if (cp >= zero && cp <= zero + 9) return cp - zero
  return -1
}

// Spaces of every kind (NBSP, figure space U+2007, narrow NBSP U+202F, ideographic space, tabs, line breaks)
// become an ASCII space; bidi, zero-width and soft-hyphen marks, which Arabic and Hebrew spreadsheets and
// copy-paste from web pages wrap numbers in, disappear.
const SPACES = /[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/g
const INVISIBLE = /[\u00ad\u034f\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff]/g
const PLAIN_ASCII = /^[\x21-\x7e]*(?: [\x21-\x7e]+)*$/

/** Unicode folding: other-script digits to ASCII, full-width plus, brackets and dashes to ASCII, odd spaces to ' '. */
export function foldPhoneText(raw: string): string {
  if (PLAIN_ASCII.test(raw)) return raw
  const s = raw.replace(INVISIBLE, '').replace(SPACES, ' ')
  let out = ''
  for (const ch of s) {
    const cp = ch.codePointAt(0)!
    if (cp < 128) {
      out += ch
      continue
    }
    const d = digitValue(cp)
    if (d >= 0) out += String.fromCharCode(48 + d)
    else if (cp === 0xff0b || cp === 0x2795 || cp === 0xfe62 || cp === 0x207a) out += '+' // full-width, heavy, small, superscript plus
    else if (cp === 0xff08 || cp === 0xfe59 || cp === 0xff3b) out += '('
    else if (cp === 0xff09 || cp === 0xfe5a || cp === 0xff3d) out += ')'
    else if ((cp >= 0x2010 && cp <= 0x2015) || cp === 0x2212 || cp === 0xff0d || cp === 0x30fc || cp === 0xfe63 || cp === 0x2043) out += '-'
    else if (cp === 0xff0e || cp === 0x3002 || cp === 0xff61 || cp === 0x00b7 || cp === 0x2024) out += '.'
    else if (cp === 0xff0f || cp === 0x2044 || cp === 0x2215) out += '/'
    else if (cp === 0xff03 || cp === 0xfe5f) out += '#'
    else if (cp === 0xff1a) out += ':'
    else if (cp === 0xff1b) out += ';'
    else if (cp === 0xff0c || cp === 0x3001) out += ','
    else if (cp === 0xff1d) out += '='
    else if (cp === 0x2018 || cp === 0x2019 || cp === 0x201b || cp === 0x2032) out += "'" // curly apostrophes as typed guards
    else if (cp === 0x201c || cp === 0x201d || cp === 0x201e || cp === 0x2033) out += '"'
    else out += ch
  }
  return out
}

// Excel turns long digit strings into floats: `4.47712E+11` (digits lost), `919656298894.0`, and with a
// number format, `919,656,298,894`. Each is refused, never repaired.
const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?\s*e\s*[+-]?\d+$/i
const FLOAT_TAIL = /^\+?\d{6,}[.,]0+$/
const THOUSANDS = /^\+?\d{1,3}(?:,\d{3}){2,}(?:\.0+)?$/

// Extensions at the end: `x136`, `ext. 204`, `extn 5`, `extension 5`, `#136`, `;ext=136`, `ext:12`, a dial
// pause `,,136`, and the words of other languages: `poste` (fr), `dw.` (de: Durchwahl), `toestel` (nl),
// `anexo` (es, pt), `ramal` (pt-BR), `interno` (es-AR), `int.` (it).
const EXTENSION =
  /(?:\s*[;,]?\s*(?:e?xt(?:ension|n)?\.?|ext=|x\.?|#|poste|dw\.?|toestel|anexo|ramal|interno|int\.)\s*[:=]?\s*(\d{1,7})|\s*,+\s*(\d{1,7}))\s*#?\s*$/i

// A label in front of the number, as CRMs and free-text fields hold it.
const LABEL = /^(?:phone|tel(?:ephone|efone|éfono|efono|\.)?|mob(?:ile|il)?|cell(?:ular)?|celular|cel|handy|gsm|whats\s*app|wa|m|t)\s*(?:no\.?|number|nr\.?)?\s*[.:]\s*(?=[+(\d])/i

// Cleaned text: one optional leading plus, then digits and the separators people type.
const PHONE_TEXT = /^\+?[\d ().\-/]*$/

/**
 * Where the text of a cell that needs no cleaning but a prefix cut starts, or -1. Such a cell is, in one pass
 * over its char codes, exactly what cleanPhone's regular expressions turn into a cut of the cell: Meta's `p:`
 * and spreadsheet apostrophes (`'+44…`) in front, in that order, then an optional `+` not followed by a space,
 * then ASCII digits (at least one) and the separators ` ().-/`, single spaces inside only, not Excel's
 * `919656298894.0`. Nearly every cell is of this shape (`+447700900123`, `p:+4477…`, `07700 900123`,
 * `(555) 123-4567`, `'+4477…`); the rest take the full path below.
 */
export function plainPhoneStart(raw: string): number {
  const n = raw.length
  if (n > MAX_PHONE_TEXT) return -1
  let i = raw.charCodeAt(0) === 112 && raw.charCodeAt(1) === 58 ? 2 : 0 // p:
  while (raw.charCodeAt(i) === 39) i++ // the guard loop's `^'+`, after which nothing else of it applies
  const start = i
  if (raw.charCodeAt(i) === 43) {
    i++
    if (raw.charCodeAt(i) === 32) return -1
  }
  let digits = 0
  let dots = 0
  let others = 0
  let prev = 0
  for (; i < n; i++) {
    const c = raw.charCodeAt(i)
    if (c >= 48 && c <= 57) digits++
    else if (c === 32) {
      if (i === start || prev === 32) return -1
      others++
    } else if (c === 46) dots++
    else if (c === 40 || c === 41 || c === 45 || c === 47) others++
    else return -1
    prev = c
  }
  if (digits === 0 || prev === 32) return -1
  // `^\+?\d{6,}[.,]0+$`: a float tail only has a single dot for a separator.
  if (dots === 1 && others === 0 && FLOAT_TAIL.test(raw.slice(start))) return -1
  return start
}

/**
 * True when cleanPhone refuses the cell as NOT_A_NUMBER with no extension, known without cleaning it: printable
 * ASCII without a digit (no other script's digits either, nothing folds), without `<` (a test-lead marker),
 * holding a character that is neither a space nor part of a `p:` prefix (so not MISSING). Every cleaning
 * step keeps a digit-less text digit-less, and an extension needs digits (`call me`, `N/A`, `tbc`, `+`).
 */
export function certainlyNotANumber(raw: string): boolean {
  const n = raw.length
  if (n > MAX_PHONE_TEXT) return false
  let something = false
  for (let i = 0; i < n; i++) {
    const c = raw.charCodeAt(i)
    if (c < 32 || c > 126 || (c >= 48 && c <= 57) || c === 60) return false
    if (c !== 32 && c !== 112 && c !== 58) something = true
  }
  return something
}

/** Cleans one number (a cell may hold several: see splitPhoneCell). */
export function cleanPhone(raw: string): CleanedPhone {
  const plain = plainPhoneStart(raw)
  if (plain >= 0) return { text: plain === 0 ? raw : raw.slice(plain), ext: '', refusal: null }
  return cleanPhoneFully(raw)
}

/** Every cleaning rule, in order: what cleanPhone does with a cell plainPhoneStart does not take (and the
 * reference the tests hold the shortcuts to, test/core/phone-properties.test.ts). */
export function cleanPhoneFully(raw: string): CleanedPhone {
  if (raw.length > MAX_PHONE_TEXT) return { text: '', ext: '', refusal: /\d/.test(raw) ? 'TOO_LONG' : 'NOT_A_NUMBER' }
  let s = foldPhoneText(raw).trim()
  if (s === '') return { text: '', ext: '', refusal: 'MISSING' }
  // Meta lead files write nearly every number `p:+…`.
  if (s.charCodeAt(0) === 112 && s.charCodeAt(1) === 58) {
    s = s.slice(2).trimStart()
    if (s === '') return { text: '', ext: '', refusal: 'MISSING' }
  }
  // The common shapes need none of the work below.
  if (PHONE_TEXT.test(s) && !/^\+\s/.test(s) && !FLOAT_TAIL.test(s)) {
    if (!/\d/.test(s)) return { text: s, ext: '', refusal: 'NOT_A_NUMBER' }
    return { text: s, ext: '', refusal: null }
  }
  if (/<\s*test lead/i.test(s)) return { text: '', ext: '', refusal: 'TEST_LEAD' }

  // Source prefix, labels and spreadsheet guards, possibly stacked: `p:+44…`, `'+44…`, `="+44…"`, `=+44…`.
  for (;;) {
    const before = s
    s = s.replace(/^p:\s*/i, '')
    s = s.replace(/^'+/, '')
    s = s.replace(/^=\s*"(.*)"$/, '$1')
    s = s.replace(/^=(?=\s*[+\d(])/, '')
    s = s.replace(/^"(.*)"$/, '$1')
    s = s.replace(/^'(.*)'$/, '$1')
    s = s.trim()
    if (s === before) break
  }

  let ext = ''
  // RFC 3966: `tel:+1-650-253-0000;ext=136;isub=…`. `;ext=` is kept aside; a `;phone-context=+…` that is a
  // global number prefix is put in front of a local number (RFC 3966 section 5.1.5); a domain context says
  // nothing about the country and is dropped.
  const tel = /^tel:\s*(?:\/\/)?([^;]*)((?:;[^;]*)*)$/i.exec(s)
  if (tel) {
    s = tel[1]!.trim()
    const params = tel[2]!
    const e = /;\s*ext=\s*(\d+)/i.exec(params)
    if (e) ext = e[1]!
    const ctx = /;\s*phone-context=\s*(\+[\d().\-]+)/i.exec(params)
    if (ctx && !s.startsWith('+')) s = ctx[1]! + s
  } else {
    s = s.replace(LABEL, '').trim()
  }

  if (SCIENTIFIC.test(s) || FLOAT_TAIL.test(s) || THOUSANDS.test(s)) return { text: s, ext: '', refusal: 'EXCEL_MANGLED' }
  // One space for a run: the patterns below then backtrack over one space, not over every split of a run.
  if (s.includes('  ')) s = s.replace(/ {2,}/g, ' ')

  const m = EXTENSION.exec(s)
  if (m && /\d/.test(s.slice(0, m.index))) {
    ext = m[1] ?? m[2]!
    s = s.slice(0, m.index).trim()
  }

  // A doubled plus (`++44…`) and a space after the plus (`+ 44…`) are typing, not meaning.
  s = s.replace(/^\+[\s+]*/, '+')
  if (!/\d/.test(s)) return { text: s, ext, refusal: 'NOT_A_NUMBER' }
  // Anything but digits, separators and one leading plus is not a phone number (a name, a sentence, an email).
  if (!PHONE_TEXT.test(s)) return { text: s, ext, refusal: 'NOT_A_NUMBER' }
  return { text: s, ext, refusal: null }
}

const SPLITTABLE = /[,;/|\n&]|\b(?:or|ou|oder|o|and|und|y|e|et)\b/i

/** False when SPLITTABLE cannot match: no separator character and no ASCII letter for its words (without the
 * `u` flag, `i` never matches a non-ASCII character to an ASCII letter). One pass over the char codes, cheaper
 * than the regular expression's try at every position, on the cells that are one number. */
export function mayHoldSeveral(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i)
    if (c === 44 || c === 59 || c === 47 || c === 124 || c === 10 || c === 38) return true // , ; / | \n &
    if ((c | 32) >= 97 && (c | 32) <= 122) return true // a-z A-Z
  }
  return false
}

/**
 * Splits a cell that holds several numbers (`0123 456789 / 0456 789012`, `+49 30 123456, +49 171 2345678`,
 * `07700 900123 or 07700 900456`). A separator only splits when every side carries enough digits to be a
 * number on its own, so that `(0)20 / 7946` style typing, extensions and single numbers with slashes stay whole.
 */
export function splitPhoneCell(raw: string): string[] {
  if (!mayHoldSeveral(raw) || !SPLITTABLE.test(raw)) return [raw]
  // `;ext=` and `;phone-context=` belong to the number in tel: URIs; keep such cells whole.
  if (/;\s*(?:ext|phone-context|isub)=/i.test(raw)) return [raw]
  const parts = raw
    .split(/\s*(?:[,;|\n&]|\s\/\s|\/(?=\s*\+)|\s+(?:or|ou|oder|o|and|und|y|e|et)\s+)\s*/i)
    .map((p) => p.trim())
    .filter((p) => p !== '')
  const digitCount = (p: string) => (foldPhoneText(p).match(/\d/g) ?? []).length
  if (parts.length > 1 && parts.every((p) => digitCount(p) >= 6)) return parts
  // `0123 456789/0456 789012`: a bare slash between two full numbers.
  const slashed = raw.split('/').map((p) => p.trim())
  if (slashed.length === 2 && slashed.every((p) => digitCount(p) >= 8 && /^[+\d(]/.test(foldPhoneText(p)))) return slashed
  return [raw]
}
