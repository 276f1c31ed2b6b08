// Email normalization for identity and for the platforms (targets.md: trim, lowercase; must look like an
// address, else left out). Platform-specific rewrites (Google's gmail dots) live in their target module.

// One `@`, no spaces, a dot in the domain, and nothing a form would never accept. Deliberately permissive on
// the local part: exports hold real addresses with `+tags`, apostrophes and unicode.
const PLAUSIBLE = /^[^\s@<>(),;:"\[\]]+@[^\s@<>(),;:"\[\]_]+\.[^\s@<>(),;:"\[\]_.]{2,}$/u

/** The normalized address, or '' when the cell holds no plausible address. */
export function normalizeEmail(raw: string): string {
  let s = raw.trim()
  if (s === '') return ''
  s = s.replace(/^mailto:/i, '').replace(/^'+/, '').trim().toLowerCase()
  if (s.endsWith('.')) s = s.slice(0, -1)
  return PLAUSIBLE.test(s) ? s : ''
}

/** Meta's test leads carry this address (sources.md): such rows are dropped as TEST_LEAD. */
export const META_TEST_LEAD_EMAIL = 'test@meta.com'
