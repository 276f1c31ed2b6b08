// SHA-256 as the platforms want it (targets.md): over the UTF-8 bytes of the normalized value, 64 lowercase
// hex characters; a value that already is 64 lowercase hex characters is taken as hashed and passed
// through; an empty value stays empty (never hash the empty string).

import crypto from 'node:crypto'

const HEX64 = /^[0-9a-f]{64}$/

export function isSha256Hex(value: string): boolean {
  return value.length === 64 && HEX64.test(value)
}

// crypto.hash (Node >= 20.12) is a one-shot call that skips the Hash object: several times faster for the
// millions of short values an audience holds.
const oneShot = (crypto as { hash?: (alg: string, data: string, enc: 'hex') => string }).hash

export function sha256Hex(value: string): string {
  if (value === '') return ''
  if (isSha256Hex(value)) return value
  return oneShot ? oneShot('sha256', value, 'hex') : crypto.createHash('sha256').update(value, 'utf8').digest('hex')
}

/**
 * The same, remembered for values that repeat across an audience (first names, cities, states, countries,
 * zips: a few thousand distinct values over a million people), never for identifiers (emails and phones
 * are unique, so a memo of them would only grow). Bounded: cleared when full, so memory stays flat.
 */
export function sha256HexShared(value: string): string {
  const hit = memo.get(value)
  if (hit !== undefined) return hit
  const h = sha256Hex(value)
  if (memo.size >= MEMO_LIMIT) memo.clear()
  memo.set(value, h)
  return h
}

const MEMO_LIMIT = 100_000
const memo = new Map<string, string>()
