import { wouldRunAsFormula } from './formula.js'
import { trimmed } from './strings.js'

// Email normalization for identity and for the platforms (targets.md: trim, lowercase; must look like an
// address, else left out). Platform-specific rewrites (Google's gmail dots) live in their target module.

// One `@`, no spaces, a dot in the domain, and nothing a form would never accept. Deliberately permissive on
// the local part: exports hold real addresses with `+tags`, apostrophes and unicode.
const PLAUSIBLE = /^[^\s@<>(),;:"\[\]]+@[^\s@<>(),;:"\[\]_]+\.[^\s@<>(),;:"\[\]_.]{2,}$/u

// An address that arrives already SHA-256 hashed (a customer list exported for ad platforms) is kept as its
// lowercase digest: it still identifies the person, and targets pass it through unhashed-again (targets.md).
const SHA256_HEX = /^[0-9a-f]{64}$/

/** The normalized address (or an address's SHA-256 digest), or '' when the cell holds neither. An address
 * starting with `=`, `+`, `-` or `@` would run as a formula in a spreadsheet (core/formula.ts): none. */
export function normalizeEmail(raw: string): string {
  let s = trimmed(raw)
  if (s === '' || wouldRunAsFormula(s)) return ''
  // `mailto:` and spreadsheet apostrophes are stripped only where the address starts with them (an m or a
  // quote): on every other address both replaces, and the trim after them, change nothing.
  const c0 = s.charCodeAt(0)
  if (c0 === 39 || (c0 | 32) === 109) s = s.replace(/^mailto:/i, '').replace(/^'+/, '').trim()
  const ascii = asciiAddress(s)
  if (ascii !== null) return ascii
  s = s.toLowerCase()
  if (s.length === 64 && SHA256_HEX.test(s)) return s
  if (s.charCodeAt(s.length - 1) === 46) s = s.slice(0, -1)
  return PLAUSIBLE.test(s) ? s : ''
}

// What each ASCII character is to normalizeEmail, as bits: NOT_LOCAL may not appear before the `@` (white
// space, `@<>(),;:"[]`: PLAUSIBLE's first class), NOT_DOMAIN not after it (those and `_`), UPPER is a capital,
// HEX a digit of a digest.
const NOT_LOCAL = 1
const NOT_DOMAIN = 2
const UPPER = 4
const HEX = 8
const CLASS = new Uint8Array(128)
for (const c of [9, 10, 11, 12, 13, 32, ...[...'@<>(),;:"[]'].map((ch) => ch.charCodeAt(0))]) CLASS[c] = NOT_LOCAL | NOT_DOMAIN
CLASS[95] = NOT_DOMAIN
for (let c = 65; c <= 90; c++) CLASS[c] = UPPER
for (const ch of '0123456789abcdefABCDEF') CLASS[ch.charCodeAt(0)]! |= HEX

/**
 * The rest of normalizeEmail (lower case, digest, trailing dot, PLAUSIBLE) in one pass for an ASCII `s`, or
 * null when `s` is not ASCII. By measurement the expression was most of the function's time on the two-byte
 * strings cells mostly are (442 ns an address, 61 on one-byte ones), and the lower-casing of an address
 * already in lower case (most) and a second pass for the ASCII test most of the rest. On ASCII text a
 * letter's case matters to none of PLAUSIBLE's classes, so the address is checked as written and lowered at
 * the end. What PLAUSIBLE says, by hand: a non-empty local part, one `@`, and a domain with a dot that has at
 * least one character before it and at least two after the last dot, none of them a class's excluded
 * character. A character PLAUSIBLE excludes answers '' at once: no later character can change that.
 */
function asciiAddress(s: string): string | null {
  const n = s.length
  let at = -1
  // The last dot, and the one before it (the last once a trailing dot is dropped).
  let dot = -1
  let before = -1
  let any = 0
  let all = HEX
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0x80) return null
    const k = CLASS[c]!
    any |= k
    all &= k
    if (c === 46) {
      before = dot
      dot = i
    } else if (at < 0) {
      if (c === 64) at = i
      else if ((k & NOT_LOCAL) !== 0) return ''
    } else if ((k & NOT_DOMAIN) !== 0) return ''
  }
  const lower = (any & UPPER) !== 0 ? s.toLowerCase() : s
  if (n === 64 && all !== 0) return lower
  // One trailing dot is dropped (`jane@example.com.`).
  const end = dot === n - 1 ? n - 1 : n
  const last = end === n ? dot : before
  if (at < 1 || last < at + 2 || end - last < 3) return ''
  return end === n ? lower : lower.slice(0, end)
}

/** Meta's test leads carry this address (sources.md): such rows are dropped as TEST_LEAD. */
export const META_TEST_LEAD_EMAIL = 'test@meta.com'
