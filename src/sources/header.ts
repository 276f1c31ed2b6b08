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

/**
 * A header's names by folded form, built once per header: the formats' detection and the synonym mapping ask
 * for hundreds of candidate names, and comparing each with every column (folding the column again each time)
 * made a 200,000-column header take 44 s; a lookup here is a Map get.
 */
interface FoldedHeader {
  /** The header array's length when indexed (an array that grew since is indexed again). */
  length: number
  /** Names by their folded form, in header order. */
  exact: Map<string, string[]>
  /** The same, with a numbered repeat (`email (2)`) also listed under its original's folded form. */
  withRepeats: Map<string, string[]>
}

const folded = new WeakMap<readonly string[], FoldedHeader>()

function add(map: Map<string, string[]>, key: string, name: string): void {
  const list = map.get(key)
  if (list === undefined) map.set(key, [name])
  else if (list[list.length - 1] !== name) list.push(name)
}

function foldedHeader(header: readonly string[]): FoldedHeader {
  const known = folded.get(header)
  if (known !== undefined && known.length === header.length) return known
  const f: FoldedHeader = { length: header.length, exact: new Map(), withRepeats: new Map() }
  for (const h of header) {
    const key = foldHeader(h)
    add(f.exact, key, h)
    add(f.withRepeats, key, h)
    if (REPEAT.test(h)) add(f.withRepeats, foldHeader(h.replace(REPEAT, '')), h)
  }
  folded.set(header, f)
  return f
}

/** The first header (original spelling) whose folded form is one of `candidates` (already folded or not). */
export function findColumn(header: readonly string[], candidates: readonly string[]): string | undefined {
  const { exact } = foldedHeader(header)
  for (const c of candidates) {
    const hit = exact.get(foldHeader(c))?.[0]
    if (hit !== undefined) return hit
  }
  return undefined
}

// A repeated header name is numbered by the reader (`email`, `email (2)`: io/read-table.ts); the repeat is the
// same kind of column.
const REPEAT = / \(\d+\)$/

/** Every header matching one of `candidates` (a numbered repeat with its original), in candidate order, without repeats. */
export function findColumns(header: readonly string[], candidates: readonly string[]): string[] {
  const { withRepeats } = foldedHeader(header)
  const out: string[] = []
  const seen = new Set<string>()
  for (const c of candidates) {
    for (const h of withRepeats.get(foldHeader(c)) ?? []) {
      if (seen.has(h)) continue
      seen.add(h)
      out.push(h)
    }
  }
  return out
}

/** The first header whose folded form is `name`'s (findColumn with one candidate). */
export function findFolded(header: readonly string[], name: string): string | undefined {
  return foldedHeader(header).exact.get(foldHeader(name))?.[0]
}

export function hasColumns(header: readonly string[], names: readonly string[]): boolean {
  return names.every((n) => findColumn(header, [n]) !== undefined)
}
