// Masking of personal data for everything a person may see that is not an audience file: errors, logs,
// rejects.csv, inspect's samples. The masked form keeps enough shape to recognise a value in one's own
// data (country code, last digits, first letter, top-level domain) and no more.

/** Characters of a phone cell a masked form shows at most. */
const MAX_SHOWN = 48

/** `+44 7700 900123` -> `+44 **** ***123`; `4.47712E+11` -> `4.4****E+11`. Keeps the first two digits, the last
 * three, and every non-digit; numbers of five digits or fewer are masked whole. */
export function maskPhone(raw: string): string {
  // A cell of any length can land in a phone column; a message or rejects.csv shows its start.
  if (raw.length > MAX_SHOWN) return maskPhone(raw.slice(0, MAX_SHOWN)) + '…'
  const digitPositions: number[] = []
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i)
    if (c >= 48 && c <= 57) digitPositions.push(i)
  }
  const n = digitPositions.length
  const keepHead = n > 7 ? 2 : 0
  const keepTail = n > 5 ? 3 : 0
  const out = raw.split('')
  for (let k = keepHead; k < n - keepTail; k++) out[digitPositions[k]!] = '*'
  return maskLetters(out.join(''))
}

/** `jane.doe@example.com` -> `j***@e***.com`. A value without `@` is masked like free text. */
export function maskEmail(raw: string): string {
  const at = raw.lastIndexOf('@')
  if (at < 0) return maskText(raw)
  const local = raw.slice(0, at)
  const domain = raw.slice(at + 1)
  const dot = domain.lastIndexOf('.')
  const host = dot > 0 ? domain.slice(0, dot) : domain
  const tld = dot > 0 && domain.length - dot <= 16 ? domain.slice(dot) : dot > 0 ? '.***' : ''
  return `${first(local)}***@${first(host)}***${tld}`
}

/** Any other cell: keep the first character and the length class, hide the rest. */
export function maskText(raw: string): string {
  if (raw.length === 0) return ''
  return `${first(raw)}***`
}

/** Masks a value whose kind is not known: anything with `@` as an email, anything with digits as a phone. */
export function maskValue(raw: string): string {
  if (raw.includes('@')) return maskEmail(raw)
  if (/\d/.test(raw)) return maskPhone(raw)
  return maskText(raw)
}

function first(s: string): string {
  const c = s.codePointAt(0)
  return c === undefined ? '' : String.fromCodePoint(c)
}

// Letters in a phone cell can be a name typed into the wrong column; they are hidden too.
function maskLetters(s: string): string {
  return s.replace(/\p{L}{2,}/gu, (w) => (/^(?:x|ext|e|tel|p)$/i.test(w) ? w : `${first(w)}***`))
}
