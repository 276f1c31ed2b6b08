// meta-api/batch-NNNN.json: request payloads for Meta's Marketing API, `POST /{audience_id}/users` (add) and
// `DELETE /{audience_id}/users` (remove), in the multi-key form `{"schema": [KEYS...], "data": [[row], ...]}`
// (targets.md; developers.facebook.com/docs/marketing-api/audiences/guides/custom-audiences, "Add users",
// multi-key). Meta takes at most 10,000 rows a request, so the payloads are cut into files of 10,000 rows.
// The same normalization as meta-custom-audience.csv (metaKeys), always hashed: the API, unlike Ads
// Manager's upload page, never hashes for you, so --plain does not apply here.

import { sha256Hex, sha256HexShared } from '../core/hash.js'
import { metaKeys } from './meta.js'
import type { JsonBatchTarget } from './types.js'

/** Meta's limit per `/{audience_id}/users` request. */
export const META_API_BATCH_ROWS = 10_000

export const metaApi: JsonBatchTarget = {
  id: 'meta-api',
  file: 'meta-api/',
  audience: 'ads',
  format: 'json-batches',
  summary: 'Meta Marketing API payloads, {schema, data} JSON of at most 10,000 rows each',
  batchSize: META_API_BATCH_ROWS,
  batchFile: (n) => `batch-${String(n).padStart(4, '0')}.json`,
  schema(o) {
    const keys = ['EMAIL', 'PHONE', 'FN', 'LN', 'CT', 'ST', 'ZIP', 'COUNTRY', 'DOBY', 'GEN']
    if (o.externId) keys.push('EXTERN_ID')
    if (o.withValue) keys.push('LOOKALIKE_VALUE')
    return keys
  },
  rows(p, o) {
    const k = metaKeys(p)
    const others = [sha256HexShared(k.fn), sha256HexShared(k.ln), sha256HexShared(k.ct), sha256HexShared(k.st), sha256Hex(k.zip), sha256HexShared(k.country), sha256HexShared(k.doby), sha256HexShared(k.gen)]
    const tail: Array<string | number> = []
    if (o.externId) tail.push(k.externId)
    // A value-based audience wants a number on every row (Meta's value-based lookalike guide sends numbers);
    // a person with no known value (a follower who never bought) is worth 0 to it.
    if (o.withValue) tail.push(k.value === '' ? 0 : Number(k.value))
    // One email and one phone per row: a person with several is sent as extra rows with the same other keys.
    const n = Math.max(k.emails.length, k.phones.length, 1)
    const rows: Array<Array<string | number>> = []
    for (let i = 0; i < n; i++) rows.push([sha256Hex(k.emails[i] ?? ''), sha256Hex(k.phones[i] ?? ''), ...others, ...tail])
    return rows
  },
}
