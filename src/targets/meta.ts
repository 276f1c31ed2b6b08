// meta-custom-audience.csv: Meta's customer-list file (targets.md). Header names of Meta's own template
// (Ads Manager > Audiences > Customer list > "Download file template": email, phone, fn, ln, ct, st, zip,
// country, doby, gen, ... with email and phone repeated), up to three `email` and three `phone` columns for
// people with several, values normalized per Meta's rules and SHA-256 hashed unless --plain. The header
// never depends on what the inputs hold, so `export` from a `join` output writes the same bytes as `prepare`.

import type { Person } from '../core/people.js'
import { birthYearCell, cityCell, countryCell, e164Digits, genderCell, hashedCell, nameCell, normBirthYear, normCity, normCountry, normEmail, normGender, normName, normState, normZip, stateCell } from './normalize.js'
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
  // metaKeys' values, hashed, written straight into the row: the intermediate object, the arrays padded by
  // spreading and the closures were a third of a Meta row's cost.
  rows(p, o) {
    const plain = o.plain
    const f = p.fields
    const country = f.country
    const row = ['', '', '', '', '', '', '', '', '', '', '', '', '', '']
    // Up to three distinct normalized addresses (distinct before hashing, as metaKeys has them).
    let n = 0
    for (let i = 0; i < p.emails.length && n < KEYS_PER_KIND; i++) {
      const e = normEmail(p.emails[i]!)
      if (e === '' || (n > 0 && seenEmails.lastIndexOf(e, n - 1) >= 0)) continue
      seenEmails[n] = e
      row[n++] = hashedCell(plain, e)
    }
    for (let i = 0; i < p.phones.length && i < KEYS_PER_KIND; i++) row[KEYS_PER_KIND + i] = hashedCell(plain, e164Digits(p.phones[i]!.e164))
    row[6] = nameCell(plain, f.first_name)
    row[7] = nameCell(plain, f.last_name)
    row[8] = cityCell(plain, f.city)
    row[9] = stateCell(plain, f.state, country)
    row[10] = hashedCell(plain, normZip(f.zip, country))
    row[11] = countryCell(plain, country)
    row[12] = birthYearCell(plain, f.dob)
    row[13] = genderCell(plain, f.gender)
    if (o.externId) row.push(metaExternId(f.external_id))
    if (o.withValue) row.push(metaValue(f.value))
    return [row]
  },
}

/** The addresses of the person rows() is writing (a scratch list, not one array per person). */
const seenEmails: string[] = []

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
