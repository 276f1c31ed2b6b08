// What a file that looked like UTF-8 but is not gets told, the same from the streaming reader (read-table.ts)
// and from the worker threads' chunk reader (parallel/ingest-chunk.ts); and a UTF-16 file holding half a
// character (a lone surrogate), refused alike rather than read as U+FFFD.

/** The file's last character is cut short (an interrupted download or copy), which no other encoding reads better. */
export function cutShortMessage(name: string, line: number, encoding: 'UTF-8' | 'UTF-16' = 'UTF-8'): string {
  return `${name} line ${line}: the file ends in the middle of a ${encoding} character, so it looks cut short; export or download it again.`
}

/**
 * Bytes that are not UTF-8 in `bytes`, a piece of the file whose first line is `line`: the message names the
 * line of the first bad byte.
 */
export function notUtf8(name: string, line: number, bytes: Uint8Array): { message: string; line: number } {
  const lenient = new TextDecoder('utf-8').decode(bytes)
  const bad = lenient.indexOf('\ufffd')
  let at = line
  for (let i = lenient.indexOf('\n'); i >= 0 && i < bad; i = lenient.indexOf('\n', i + 1)) at++
  return { message: `${name} line ${at}: bytes that are not UTF-8, though the start of the file is; if it was saved by Excel as plain "CSV", pass --encoding windows-1252.`, line: at }
}

/**
 * A lone surrogate in `bytes`, a piece of a UTF-16 file whose first line is `line` and which starts `skip`
 * bytes into a code unit (0 or 1): the message names the line of the first one. The piece's first unit may be
 * the second half of a pair begun in the piece before, which is not counted.
 */
export function notUtf16(name: string, line: number, bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be', skip: number): { message: string; line: number } {
  let from = skip
  const unit = (i: number) => (encoding === 'utf-16le' ? bytes[i]! | (bytes[i + 1]! << 8) : (bytes[i]! << 8) | bytes[i + 1]!)
  if (from + 1 < bytes.length && unit(from) >= 0xdc00 && unit(from) <= 0xdfff) from += 2
  const lenient = new TextDecoder(encoding).decode(bytes.subarray(from))
  const bad = lenient.indexOf('\ufffd')
  let at = line
  if (bad >= 0) for (let i = lenient.indexOf('\n'); i >= 0 && i < bad; i = lenient.indexOf('\n', i + 1)) at++
  return {
    message: `${name} line ${at}: half of a UTF-16 character (a lone surrogate), so the file is damaged there; export it again, or fix that line in a text editor and save the file as UTF-8.`,
    line: at,
  }
}
