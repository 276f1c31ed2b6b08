// Telling hashed values from plain ones, and catching a column that holds both. targets.md passes a value
// that already is a SHA-256 digest through and hashes the others, which is right only when a whole column is
// one or the other: a column mixing digests with clear values is a file pasted together from two exports (or
// half-hashed by a spreadsheet formula), and uploading it would match only part of the list with no error
// from any platform. So a mixed column is refused, naming where each kind was first seen.

const HEX64 = /^[0-9a-fA-F]{64}$/

/** True when the cell (trimmed) is a SHA-256 digest in hex, in either case. */
export function looksHashed(value: string): boolean {
  const s = value.trim()
  return s.length === 64 && HEX64.test(s)
}

export interface MixedColumn {
  column: string
  /** Where (a line, or a row number) the first digest and the first clear value were seen. */
  firstHashed: number
  firstPlain: number
}

/** Per column, where the first digest and the first clear value were seen (positions start at 1). */
export class HashMixTracker {
  private readonly seen = new Map<string, { hashed: number; plain: number }>()

  /** Records a non-empty value of `column` seen at `where`; returns the mixture this value completes, or null. */
  see(column: string, value: string, where: number): MixedColumn | null {
    if (value === '') return null
    let s = this.seen.get(column)
    if (!s) this.seen.set(column, (s = { hashed: 0, plain: 0 }))
    const hashed = looksHashed(value)
    if (hashed && s.hashed === 0) s.hashed = where
    if (!hashed && s.plain === 0) s.plain = where
    if (s.hashed === 0 || s.plain === 0) return null
    return { column, firstHashed: s.hashed, firstPlain: s.plain }
  }
}
