import assert from 'node:assert/strict'
import { test } from 'node:test'
import { readCountry } from '../../src/core/country.js'

test('ISO codes in any case, and UK', () => {
  assert.equal(readCountry('gb'), 'GB')
  assert.equal(readCountry(' UK '), 'GB')
  assert.equal(readCountry('XX'), null)
  assert.equal(readCountry(''), '')
})

test('names in the languages exports come in, folded', () => {
  const cases: Record<string, string> = {
    'United States': 'US',
    USA: 'US',
    Deutschland: 'DE',
    España: 'ES',
    ESPANA: 'ES',
    'The Netherlands': 'NL',
    Nederland: 'NL',
    Allemagne: 'DE',
    'Royaume-Uni': 'GB',
    'Reino Unido': 'GB',
    Brasil: 'BR',
    Österreich: 'AT',
    Schweiz: 'CH',
    Italia: 'IT',
    México: 'MX',
    "Côte d'Ivoire": 'CI',
    Türkiye: 'TR',
    Turkey: 'TR',
  }
  for (const [name, code] of Object.entries(cases)) assert.equal(readCountry(name), code, name)
})

test('a name that is not a country is refused, not guessed', () => {
  assert.equal(readCountry('Narnia'), null)
  assert.equal(readCountry('Kongo'), null)
})
