// Header matching shared by the source formats. Exports drift in case, spacing, punctuation and accents
// (`E-mail`, `email_address`, `Téléphone`), so names are compared in a folded form.

/** `Téléphone Portable` -> `telephoneportable`; `what_is_your_budget?` -> `whatisyourbudget`. */
export function foldHeader(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '')
}

/** The first header (original spelling) whose folded form is one of `candidates` (already folded or not). */
export function findColumn(header: readonly string[], candidates: readonly string[]): string | undefined {
  const wanted = candidates.map(foldHeader)
  for (const w of wanted) {
    const hit = header.find((h) => foldHeader(h) === w)
    if (hit !== undefined) return hit
  }
  return undefined
}

// A repeated header name is numbered by the reader (`email`, `email (2)`: io/read-table.ts); the repeat is the
// same kind of column.
const REPEAT = / \(\d+\)$/

/** Every header matching one of `candidates` (a numbered repeat with its original), in candidate order, without repeats. */
export function findColumns(header: readonly string[], candidates: readonly string[]): string[] {
  const out: string[] = []
  for (const c of candidates) {
    const w = foldHeader(c)
    for (const h of header) if ((foldHeader(h) === w || (REPEAT.test(h) && foldHeader(h.replace(REPEAT, '')) === w)) && !out.includes(h)) out.push(h)
  }
  return out
}

export function hasColumns(header: readonly string[], names: readonly string[]): boolean {
  return names.every((n) => findColumn(header, [n]) !== undefined)
}
