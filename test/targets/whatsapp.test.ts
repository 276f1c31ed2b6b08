// whatsapp.csv (never hashed) with every --phone-style, and the Cloud API request bodies.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { header } from '../../src/targets/index.js'
import { paramText, whatsappCloud } from '../../src/targets/whatsapp-cloud.js'
import { whatsapp } from '../../src/targets/whatsapp.js'
import { options, person, rowsOf } from './person.js'

const amelia = person({
  phones: [['020 7946 0958', 'GB'], ['07911 123456', 'GB']],
  emails: ['amelia@example.co.uk'],
  fields: { first_name: 'Amelia', last_name: 'Hartley', country: 'GB', city: 'Leeds' },
  consent: { whatsapp: 'granted' },
})

describe('whatsapp.csv phone styles', () => {
  const cases: Array<[string, string[], string[]]> = [
    ['e164', ['phone'], ['+447911123456']],
    ['digits', ['phone'], ['447911123456']],
    ['twilio', ['phone'], ['whatsapp:+447911123456']],
    ['split', ['country_code', 'national_number'], ['44', '7911123456']],
  ]
  for (const [style, cols, cells] of cases) {
    test(`${style}: ${cells.join(', ')}`, () => {
      const o = options({ phoneStyle: style as 'e164' })
      assert.deepEqual(header(whatsapp, o), [...cols, 'first_name', 'last_name', 'email', 'country', 'consent_source', 'consent_at', 'consent_channel'])
      // The mobile leads over the landline written first; nothing is hashed.
      assert.deepEqual(rowsOf(whatsapp.rows(amelia, o)), [[...cells, 'Amelia', 'Hartley', 'amelia@example.co.uk', 'GB', 'leads.csv:2', '2025-09-12T00:00:00Z', 'whatsapp']])
    })
  }

  test('split keeps a national number whole: +1 is the country code of a US number', () => {
    const p = person({ phones: [['(657)777-0000', 'US']], consent: { whatsapp: 'granted' } })
    assert.deepEqual(rowsOf(whatsapp.rows(p, options({ phoneStyle: 'split' })))[0]!.slice(0, 2), ['1', '6577770000'])
  })
})

describe('whatsapp-cloud.jsonl', () => {
  const template = { name: 'spring_sale', lang: 'en_GB', params: ['first_name', 'city'] }

  test('one request body: to in wa_id form, the template, body parameters in --param order', () => {
    assert.deepEqual(rowsOf(whatsappCloud.rows(amelia, options({ template }))), [
      {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '447911123456',
        type: 'template',
        template: {
          name: 'spring_sale',
          language: { code: 'en_GB' },
          components: [{ type: 'body', parameters: [{ type: 'text', text: 'Amelia' }, { type: 'text', text: 'Leeds' }] }],
        },
      },
    ])
  })

  test('a person lacking a parameter is refused with a reason, never sent an empty value', () => {
    const p = person({ phones: [['07911 123456', 'GB']], fields: { first_name: 'Amelia', city: '  ' }, consent: { whatsapp: 'granted' } })
    assert.deepEqual(whatsappCloud.rows(p, options({ template })), { refused: 'MISSING_PARAM', detail: 'no city for --param city ({{2}})' })
  })

  test('a hashed value is no text to send', () => {
    const p = person({ phones: [['07911 123456', 'GB']], fields: { first_name: 'a'.repeat(64) }, consent: { whatsapp: 'granted' } })
    const r = whatsappCloud.rows(p, options({ template: { ...template, params: ['first_name'] } }))
    assert.equal(Array.isArray(r) ? 'rows' : r.refused, 'MISSING_PARAM')
  })

  test('without parameters the template is sent without components', () => {
    const [body] = rowsOf(whatsappCloud.rows(amelia, options({ template: { ...template, params: [] } })))
    assert.deepEqual((body as { template: unknown }).template, { name: 'spring_sale', language: { code: 'en_GB' } })
  })

  test('full_name and email fields; white space runs become one space (the API refuses tabs and new lines)', () => {
    const p = person({ phones: [['07911 123456', 'GB']], emails: ['a@example.com'], fields: { first_name: 'Mary\tAnn', last_name: 'Smith\n' }, consent: { whatsapp: 'granted' } })
    const [body] = rowsOf(whatsappCloud.rows(p, options({ template: { ...template, params: ['full_name', 'email'] } })))
    const params = (body as { template: { components: Array<{ parameters: Array<{ text: string }> }> } }).template.components[0]!.parameters
    assert.deepEqual(params.map((x) => x.text), ['Mary Ann Smith', 'a@example.com'])
    assert.equal(paramText(' a  \n b '), 'a b')
  })
})
