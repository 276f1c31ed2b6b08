import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { leadWhatsapp, type PhoneResult } from '../../src/core/phone/types.js'

/** The expression leadWhatsapp() replaced. */
function byExpression(phones: PhoneResult[]): void {
  const lead = phones.findIndex((p) => p.whatsapp)
  if (lead > 0) phones.unshift(...phones.splice(lead, 1))
}

const phone = (key: string, whatsapp: boolean): PhoneResult => ({ e164: key, key, type: whatsapp ? 'MOBILE' : 'FIXED_LINE', status: whatsapp ? 'OK' : 'NOT_MOBILE', country: 'GB', assumedCountry: '', ext: '', whatsapp })

test('leadWhatsapp() moves the numbers as findIndex + unshift(...splice()) did', () => {
  fc.assert(
    fc.property(fc.array(fc.boolean(), { maxLength: 8 }), (flags) => {
      const a = flags.map((w, i) => phone(`+44${i}`, w))
      const b = [...a]
      leadWhatsapp(a)
      byExpression(b)
      assert.deepEqual(a, b)
      // The same objects, moved, not copies.
      for (let i = 0; i < a.length; i++) assert.equal(a[i], b[i])
    }),
    { numRuns: 5000 },
  )
})
