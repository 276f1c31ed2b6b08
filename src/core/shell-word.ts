// Flags suggested in messages must work when pasted into a shell: a column name with spaces, quotes or
// accents is quoted. POSIX single quotes, with a quote inside written '\''.

export function shellWord(s: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s
  return `'${s.replace(/'/g, `'\\''`)}'`
}

/** `--map phone=COLUMN` with COLUMN quoted as needed: `--map 'phone=Tel. privé'`. */
export function flagWithPair(flag: string, key: string, column: string): string {
  return `${flag} ${shellWord(`${key}=${column}`)}`
}
