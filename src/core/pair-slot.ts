// A two-letter code of capitals (a country: `GB`, `US`) as a number from 0 to 675, so that counts and memos
// kept per country can be slots of an array: a Map keyed by the code hashes each person's freshly decoded
// string, finds its entry and compares it, several hundred instructions where two character reads do.

/** How many slots there are. */
export const PAIR_SLOTS = 26 * 26

/** The slot of a code of two capitals A-Z (`GB` -> 6 * 26 + 1), else -1. */
export function pairSlot(s: string): number {
  if (s.length !== 2) return -1
  const a = s.charCodeAt(0) - 65
  const b = s.charCodeAt(1) - 65
  return a >= 0 && a < 26 && b >= 0 && b < 26 ? a * 26 + b : -1
}

/** The code of slot `i` (pairSlot's inverse). */
export function pairOfSlot(i: number): string {
  return String.fromCharCode(65 + Math.floor(i / 26), 65 + (i % 26))
}
