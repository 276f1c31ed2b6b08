import { wouldRunAsFormula } from './formula.js'

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

/** `s` without the white space trim() removes, trim() called only when an end may be white space (most
 * cells arrive trimmed: core/record.ts trims every cell it reads). */
function trimmed(s: string): string {
  const n = s.length
  if (n === 0) return s
  const a = s.charCodeAt(0)
  const z = s.charCodeAt(n - 1)
  return a > 32 && a < 127 && z > 32 && z < 127 ? s : s.trim()
}

// The characters of PLAUSIBLE's classes, by ASCII code: NOT_LOCAL may not appear before the `@` (white space,
// `@<>(),;:"[]`), NOT_DOMAIN not after it (those and `_`).
const NOT_LOCAL = 1
const NOT_DOMAIN = 2
const CLASS = new Uint8Array(128)
for (const c of [9, 10, 11, 12, 13, 32, ...[...'@<>(),;:"[]'].map((ch) => ch.charCodeAt(0))]) CLASS[c] = NOT_LOCAL | NOT_DOMAIN
CLASS[95] = NOT_DOMAIN

/**
 * The rest of normalizeEmail (lower case, digest, trailing dot, PLAUSIBLE) in one pass for an ASCII `s`, or
 * null when `s` is not ASCII. By measurement the expression, the lower-casing of an address already in lower
 * case (most) and a second pass for the ASCII test were most of the function's time. On ASCII text a letter's
 * case matters to none of PLAUSIBLE's classes, so the address is checked as written and lowered at the end.
 * What PLAUSIBLE says, by hand: a non-empty local part, one `@`, and a domain with a dot that has at least one
 * character before it and at least two after the last dot, none of them a class's excluded character.
 */
function asciiAddress(s: string): string | null {
  const n = s.length
  let upper = false
  let hex = 0
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0x80) return null
    if (c >= 65 && c <= 90) upper = true
    if ((c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 102)) hex++
  }
  const lower = upper ? s.toLowerCase() : s
  if (n === 64 && hex === 64) return lower
  // One trailing dot is dropped (`jane@example.com.`).
  const end = n > 0 && s.charCodeAt(n - 1) === 46 ? n - 1 : n
  let at = -1
  let dot = -1
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i)
    if (at < 0) {
      if (c === 64) at = i
      else if ((CLASS[c]! & NOT_LOCAL) !== 0) return ''
    } else if ((CLASS[c]! & NOT_DOMAIN) !== 0) return ''
    else if (c === 46) dot = i
  }
  if (at < 1 || dot < at + 2 || end - dot < 3) return ''
  return end === n ? lower : lower.slice(0, end)
}

/** Meta's test leads carry this address (sources.md): such rows are dropped as TEST_LEAD. */
export const META_TEST_LEAD_EMAIL = 'test@meta.com'
