// Reads the phone cells of a bench data folder (gen-data.mjs output: customers.csv, followers.csv) as
// [raw, country] pairs, the way `prepare` reads them: a customer's `Phone` and `Default Address Phone` with
// the row's `Default Address Country Code` (or the default), a follower's `phone_number` with the default.
// Shared by scripts/phone-bench.mjs and scripts/phone-agreement.mjs.

import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse'

export async function readBenchPhones(dir, defaultCountry = 'GB') {
  const pairs = []
  const files = [
    ['customers.csv', (h) => [h.indexOf('Phone'), h.indexOf('Default Address Phone')], (h) => h.indexOf('Default Address Country Code')],
    ['followers.csv', (h) => [h.indexOf('phone_number')], () => -1],
  ]
  for (const [name, phoneCols, countryCol] of files) {
    const file = path.join(dir, name)
    if (!fs.existsSync(file)) continue
    const parser = fs.createReadStream(file).pipe(parse({ relax_column_count: true }))
    let phones
    let country
    for await (const row of parser) {
      if (!phones) {
        phones = phoneCols(row).filter((i) => i >= 0)
        country = countryCol(row)
        continue
      }
      const c = country >= 0 && row[country] ? row[country].trim().toUpperCase() : defaultCountry
      for (const i of phones) {
        const raw = row[i] ?? ''
        if (raw !== '') pairs.push([raw, c])
      }
    }
  }
  return pairs
}
