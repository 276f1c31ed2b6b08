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
  s = s.replace(/^mailto:/i, '').replace(/^'+/, '').trim().toLowerCase()
  if (SHA256_HEX.test(s)) return s
  if (s.endsWith('.')) s = s.slice(0, -1)
  return PLAUSIBLE.test(s) ? s : ''
}

/** Meta's test leads carry this address (sources.md): such rows are dropped as TEST_LEAD. */
export const META_TEST_LEAD_EMAIL = 'test@meta.com'
