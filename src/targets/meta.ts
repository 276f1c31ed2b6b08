// meta-custom-audience.csv: Meta's customer-list file (targets.md). Header names of Meta's own template
// (Ads Manager > Audiences > Customer list > "Download file template": email, phone, fn, ln, ct, st, zip,
// country, doby, gen, ... with email and phone repeated), up to three `email` and three `phone` columns for
// people with several, values normalized per Meta's rules and SHA-256 hashed unless --plain. The header
// never depends on what the inputs hold, so `export` from a `join` output writes the same bytes as `prepare`.

import type { Person } from '../core/people.js'
import { e164Digits, hashedCell, sharedHashedCell, normBirthYear, normCity, normCountry, normEmail, normGender, normName, normState, normZip } from './normalize.js'
import type { Column, CsvTarget } from './types.js'

/** Meta's template repeats `email` and `phone` three times; more per person are not matched any better. */
export const KEYS_PER_KIND = 3

/** A person's identifiers and fields, normalized per Meta's rules, not yet hashed. Shared with meta-api. */
export interface MetaKeys {
  emails: string[]
  phones: string[]
  fn: string
  ln: string
  ct: string
  st: string
  zip: string
  country: string
  doby: string
  gen: string
  externId: string
  value: string
}

export function metaKeys(p: Person): MetaKeys {
  const country = p.fields.country
  const emails: string[] = []
  for (const e of p.emails.map(normEmail)) if (e !== '' && !emails.includes(e)) emails.push(e)
  return {
    emails: emails.slice(0, KEYS_PER_KIND),
    phones: p.phones.map((ph) => e164Digits(ph.e164)).slice(0, KEYS_PER_KIND),
    fn: normName(p.fields.first_name),
    ln: normName(p.fields.last_name),
    ct: normCity(p.fields.city),
    st: normState(p.fields.state, country),
    zip: normZip(p.fields.zip, country),
    country: normCountry(country),
    doby: normBirthYear(p.fields.dob),
    gen: normGender(p.fields.gender),
    externId: metaExternId(p.fields.external_id),
    value: metaValue(p.fields.value),
  }
}

export const meta: CsvTarget = {
  id: 'meta',
  file: 'meta-custom-audience.csv',
  audience: 'ads',
  format: 'csv',
  summary: 'Meta customer-list CSV (Ads Manager upload), hashed',
  columns(o) {
    const c = (name: string, hashed = true): Column => ({ name, hashed })
    const cols = [
      ...Array.from({ length: KEYS_PER_KIND }, () => c('email')),
      ...Array.from({ length: KEYS_PER_KIND }, () => c('phone')),
      ...['fn', 'ln', 'ct', 'st', 'zip', 'country', 'doby', 'gen'].map((n) => c(n)),
    ]
    if (o.externId) cols.push(c('extern_id', false))
    if (o.withValue) cols.push(c('value', false))
    return cols
  },
  rows(p, o) {
    const k = metaKeys(p)
    const h = (v: string) => hashedCell(o.plain, v)
    const shared = (v: string) => sharedHashedCell(o.plain, v)
    const pad = (xs: string[]) => [...xs.map(h), ...Array<string>(KEYS_PER_KIND - xs.length).fill('')]
    const row = [...pad(k.emails), ...pad(k.phones), shared(k.fn), shared(k.ln), shared(k.ct), shared(k.st), h(k.zip), shared(k.country), shared(k.doby), shared(k.gen)]
    if (o.externId) row.push(k.externId)
    if (o.withValue) row.push(k.value)
    return [row]
  },
}

/** LOOKALIKE_VALUE: a non-negative number, never hashed; anything else is left empty. */
export function metaValue(v: string): string {
  const s = v.trim().replace(/^[$€£]/, '').replace(/,/g, '')
  return /^\d+(?:\.\d+)?$/.test(s) ? s : ''
}

/**
 * extern_id: the advertiser's own id, as in the source, trimmed, never hashed (targets.md). It must be the same
 * at every upload for Meta to recognise the person again, so it is taken only from the external_id field
 * (a customer id such as Shopify's `Customer ID`, or `--map external_id=COLUMN`), never made up from row
 * numbers or person ids, which change when the inputs change.
 */
export function metaExternId(v: string): string {
  return v.trim()
}
