// What a file that looked like UTF-8 but is not gets told, the same from the streaming reader (read-table.ts)
// and from the worker threads' chunk reader (parallel/ingest-chunk.ts).

/** The file's last character is cut short (an interrupted download or copy), which no other encoding reads better. */
export function cutShortMessage(name: string, line: number): string {
  return `${name} line ${line}: the file ends in the middle of a UTF-8 character, so it looks cut short; export or download it again.`
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
