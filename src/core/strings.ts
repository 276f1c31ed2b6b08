// Two facts about V8's strings that the hot path relies on, written once.

/**
 * `s` without the white space trim() removes, trim() called only when an end may be white space: every
 * character trim() removes is below 33 or above 126, and most cells start and end with neither, so most
 * calls make no new string (by measurement the trim of two-byte cells was a good part of reading a record).
 */
export function trimmed(s: string): string {
  const n = s.length
  if (n === 0) return s
  const a = s.charCodeAt(0)
  const z = s.charCodeAt(n - 1)
  return a > 32 && a < 127 && z > 32 && z < 127 ? s : s.trim()
}

/**
 * A copy of `s` that holds on to nothing else. A string cut from a cell is often a V8 sliced or cons string
 * that keeps the whole decoded piece of the file it came from alive (32 KB or more): a memo keyed by such
 * strings keeps every piece its keys were cut from (docs/performance.md: 4,096 such keys raised peak RSS by
 * 115 MB). A key a memo keeps is made with this; it is paid on a miss only.
 */
export const ownCopy = (s: string): string => Buffer.from(s, 'utf16le').toString('utf16le')
