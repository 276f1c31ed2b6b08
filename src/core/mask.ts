// Masking of personal data for everything a person may see that is not an audience file: errors, logs,
// rejects.csv, inspect's samples. The masked form keeps enough shape to recognise a value in one's own
// data (country code, last digits, first letter, top-level domain) and no more. Every masked form, and every
// text of a file a message shows (shown()), has its control characters escaped: a header or cell holding
// ESC, OSC or BEL bytes must never reach a terminal, where it could retitle the window, recolour or hide
// text, or forge a line of output.

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
  return escapeControls(maskLetters(out.join('')))
}

const TLD = /^\.(?:[a-z]{2,15}|xn--[a-z0-9-]{1,20})$/i

/** `jane.doe@example.com` -> `j***@e***.com`. A value without `@` is masked like free text. */
export function maskEmail(raw: string): string {
  const at = raw.lastIndexOf('@')
  if (at < 0) return maskText(raw)
  const local = raw.slice(0, at)
  const domain = raw.slice(at + 1)
  const dot = domain.lastIndexOf('.')
  const host = dot > 0 ? domain.slice(0, dot) : domain
  // Only a real top-level domain is shown (letters, or an IDN's xn--): what follows the last dot of a broken
  // address may be anything, digits of a phone number included (`b@-@-1.111111`, found by the fuzz run).
  const tld = dot > 0 && TLD.test(domain.slice(dot)) ? domain.slice(dot) : dot > 0 ? '.***' : ''
  return escapeControls(`${first(local)}***@${first(host)}***${tld}`)
}

/** Any other cell: keep the first character and the length class, hide the rest. */
export function maskText(raw: string): string {
  if (raw.length === 0) return ''
  return escapeControls(`${first(raw)}***`)
}

/** Masks a value whose kind is not known: anything with `@` as an email, anything with digits as a phone. */
export function maskValue(raw: string): string {
  if (raw.includes('@')) return maskEmail(raw)
  if (/\d/.test(raw)) return maskPhone(raw)
  return maskText(raw)
}

// C0 controls (tab and line ends included: a message is one line), DEL, C1 controls (0x9b is a CSI on its
// own), and the invisible direction marks and overrides that reorder what a terminal shows.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/** Control characters written visibly, as `\x1b` (below U+0100) or `\u202e`; everything else unchanged. */
export function escapeControls(s: string): string {
  return s.replace(CONTROLS, (c) => {
    const n = c.charCodeAt(0)
    return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`
  })
}

// What in a header, a cell or a line of a file is personal data wherever it appears: a word holding `@` (an
// address, however the text around it is punctuated) and a run of five or more digits with at most one
// separator between them (a phone number, written any way; a zip code).
const EMAIL_WORD = /[^\s"'`<>()[\]{},;|]*@[^\s"'`<>()[\]{},;|]*/g
const DIGIT_RUN = /\+?\d(?:[\s().\/-]?\d){4,}/g

/**
 * Text that came from a file (a header, a cell, a sample value, a line), as every message, log line and
 * `inspect` shows it: addresses and digit runs inside it masked (a header that is really a contact, as in a
 * JSON file named `.csv`, shows no phone or address), control characters escaped, at most `max`
 * characters. Column names as exports write them (`Phone Number`, `whatsapp_opt_in`) read as they are.
 */
export function shown(raw: string, max = 40): string {
  // A cell can be megabytes; only its start is shown, but enough of it is read that a word cut at the end is
  // far beyond what is shown.
  const cut = max * 8 + 1024
  const head = raw.length > cut ? raw.slice(0, cut) : raw
  const s = escapeControls(head.replace(EMAIL_WORD, (w) => (w.length > 1 ? maskEmail(w) : w)).replace(DIGIT_RUN, (d) => maskPhone(d)))
  const chars = [...s]
  return chars.length > max || head.length < raw.length ? `${chars.slice(0, max - 1).join('')}…` : s
}

/** Lines of text with the control characters of each escaped: what a command prints keeps its line ends. */
export function escapeLines(text: string): string {
  return text.split('\n').map(escapeControls).join('\n')
}

function first(s: string): string {
  const c = s.codePointAt(0)
  return c === undefined ? '' : String.fromCodePoint(c)
}

// Letters in a phone cell can be a name typed into the wrong column; they are hidden too.
function maskLetters(s: string): string {
  return s.replace(/\p{L}{2,}/gu, (w) => (/^(?:x|ext|e|tel|p)$/i.test(w) ? w : `${first(w)}***`))
}
