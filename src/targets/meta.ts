// meta-custom-audience.csv: Meta's customer-list file (targets.md). Header names of Meta's template, up to
// three `email` and three `phone` columns (the same header repeated, as Meta's own template does), values
// normalized per Meta's rules and SHA-256 hashed unless --plain.

import { sha256Hex } from '../core/hash.js'
import { e164Digits, normCity, normCountry, normEmail, normName, normState, normZip } from './normalize.js'
import type { Target, TargetOptions } from './types.js'

const KEYS_PER_KIND = 3

const hashed = (o: TargetOptions, v: string) => (o.plain ? v : sha256Hex(v))

export const meta: Target = {
  id: 'meta',
  file: 'meta-custom-audience.csv',
  audience: 'ads',
  header(o) {
    const h = [...Array(KEYS_PER_KIND).fill('email'), ...Array(KEYS_PER_KIND).fill('phone'), 'fn', 'ln', 'ct', 'st', 'zip', 'country']
    if (o.withValue) h.push('value')
    return h
  },
  rows(p, o) {
    const country = p.fields.country
    const emails = p.emails.map(normEmail).filter((e) => e !== '').slice(0, KEYS_PER_KIND)
    const phones = p.phones.map((ph) => e164Digits(ph.e164)).slice(0, KEYS_PER_KIND)
    const pad = (xs: string[]) => [...xs.map((x) => hashed(o, x)), ...Array(KEYS_PER_KIND - xs.length).fill('')]
    const row = [
      ...pad(emails),
      ...pad(phones),
      hashed(o, normName(p.fields.first_name)),
      hashed(o, normName(p.fields.last_name)),
      hashed(o, normCity(p.fields.city)),
      hashed(o, normState(p.fields.state, country)),
      hashed(o, normZip(p.fields.zip, country)),
      hashed(o, normCountry(country)),
    ]
    if (o.withValue) row.push(metaValue(p.fields.value))
    return [row]
  },
}

/** LOOKALIKE_VALUE: a non-negative number, never hashed; anything else is left empty. */
export function metaValue(v: string): string {
  const s = v.trim().replace(/^[$€£]/, '').replace(/,/g, '')
  return /^\d+(?:\.\d+)?$/.test(s) ? s : ''
}
