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
  let s = raw.trim()
  if (s === '' || wouldRunAsFormula(s)) return ''
  // `mailto:` and spreadsheet apostrophes are stripped only where the address starts with them (an m or a
  // quote): on every other address both replaces, and the trim after them, change nothing.
  const c0 = s.charCodeAt(0)
  if (c0 === 39 || (c0 | 32) === 109) s = s.replace(/^mailto:/i, '').replace(/^'+/, '').trim()
  s = s.toLowerCase()
  if (s.length === 64 && SHA256_HEX.test(s)) return s
  if (s.charCodeAt(s.length - 1) === 46) s = s.slice(0, -1)
  return (isAscii(s) ? PLAUSIBLE_ASCII : PLAUSIBLE).test(s) ? s : ''
}

// PLAUSIBLE without the `u` flag: on ASCII text code units are code points, so both give the same answer, and
// the plain expression runs faster (measured: most addresses are ASCII). Non-ASCII addresses take PLAUSIBLE.
const PLAUSIBLE_ASCII = new RegExp(PLAUSIBLE.source)

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false
  return true
}

/** Meta's test leads carry this address (sources.md): such rows are dropped as TEST_LEAD. */
export const META_TEST_LEAD_EMAIL = 'test@meta.com'
