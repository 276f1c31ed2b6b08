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
