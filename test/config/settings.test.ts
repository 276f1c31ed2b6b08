// The settings module (config/settings.ts): one declaration per setting, one precedence rule, and the
// manifest and config written from the resolved values.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Command } from 'commander'
import { configSettings, manifestOptions, registerSettings, resolveSettings, settingsOf, SETTINGS } from '../../src/config/settings.js'
import { DEFAULT_TUNING } from '../../src/pipeline/tuning.js'

function resolve(args: string[], config?: Record<string, unknown>) {
  const cmd = registerSettings(new Command('prepare').exitOverride(), 'prepare')
  cmd.parse(args, { from: 'user' })
  return resolveSettings(cmd, 'prepare', config)
}

test('a flag given wins over the config, the config over the default', () => {
  const config = { country: 'FR', ads_consent: 'explicit', whatsapp_consent_from: 'sms' }
  const defaults = resolve([]).values
  assert.equal(defaults.country, '')
  assert.equal(defaults.adsConsent, 'any-marketing')
  assert.equal(defaults.whatsappConsentFrom, 'whatsapp')
  const fromConfig = resolve([], config)
  assert.deepEqual([fromConfig.values.country, fromConfig.values.adsConsent, fromConfig.values.whatsappConsentFrom], ['FR', 'explicit', 'sms'])
  assert.deepEqual([...fromConfig.given], [])
  // A flag given with the default's own value still wins: "given" is where it came from, not what it says.
  const fromFlags = resolve(['--country', 'uk', '--ads-consent', 'any-marketing', '--whatsapp-consent-from', 'whatsapp'], config)
  assert.deepEqual([fromFlags.values.country, fromFlags.values.adsConsent, fromFlags.values.whatsappConsentFrom], ['GB', 'any-marketing', 'whatsapp'])
  assert.ok(fromFlags.given.has('country'))
})

test('every value is checked where it is parsed, naming the flag', () => {
  assert.throws(() => resolve(['--country', 'XX']), /--country XX: not a two-letter country code/)
  assert.throws(() => resolve(['--max-reject-rate', '2']), /--max-reject-rate 2: give a share between 0 and 1/)
  assert.throws(() => resolve(['--map', 'mobile=Phone']), /--map mobile=Phone: unknown field "mobile"/)
  assert.throws(() => resolve(['--threads', '65']), /--threads 65: give a whole number from 0 to 64/)
  assert.throws(() => resolve(['--block-people', '0']), /--block-people 0: give a whole number of at least 1/)
})

test('the tuning knobs default to pipeline/tuning.ts and are hidden from --help', () => {
  const { values } = resolve([])
  assert.equal(values.chunkBytes, DEFAULT_TUNING.chunkBytes)
  assert.equal(values.parallelMinBytes, DEFAULT_TUNING.parallelMinBytes)
  const cmd = registerSettings(new Command('prepare'), 'prepare')
  assert.doesNotMatch(cmd.helpInformation(), /chunk-bytes|parallel-min|block-people/)
  assert.match(cmd.helpInformation(), /--whatsapp-consent-from <CHANNEL>/)
})

test("manifest.json's options: the inputs, then the recorded settings in the order runs have always written them (new ones last)", () => {
  const { values } = resolve(['--customers', 'a.csv', '--targets', 'whatsapp,whatsapp-cloud', '--template', 'spring_sale', '--lang', 'en_GB'])
  values.templateSpec = { name: 'spring_sale', lang: 'en_GB', params: [] }
  const m = manifestOptions('prepare', values, [{ file: 'a.csv', role: 'customers' }])
  assert.deepEqual(Object.keys(m), [
    'inputs', 'config', 'out', 'country', 'targets', 'plain', 'ads_consent', 'whatsapp_consent_from', 'phone_style', 'value_column',
    'extern_id', 'template', 'max_reject_rate', 'previous', 'map', 'consent', 'consent_at', 'encoding', 'delimiter', 'day_first',
  ])
  // Neither --day-first nor --month-first: the date order is left to each column's values.
  assert.equal(m.day_first, null)
  assert.equal(manifestOptions('prepare', resolve(['--customers', 'a.csv', '--month-first']).values, []).day_first, false)
  assert.equal(manifestOptions('prepare', resolve(['--customers', 'a.csv', '--day-first']).values, []).day_first, true)
  assert.deepEqual(m.targets, ['whatsapp', 'whatsapp-cloud'])
  assert.deepEqual(m.template, values.templateSpec)
  assert.equal(m.value_column, null)
})

test('--save-config writes the settings a config may hold; an empty country is left out', () => {
  assert.deepEqual(configSettings('prepare', resolve(['--ads-consent', 'explicit']).values), { ads_consent: 'explicit', whatsapp_consent_from: 'whatsapp' })
  assert.deepEqual(configSettings('prepare', resolve(['-c', 'GB']).values), { country: 'GB', ads_consent: 'any-marketing', whatsapp_consent_from: 'whatsapp' })
})

test('every command registers its settings under their own names', () => {
  for (const command of ['prepare', 'normalize', 'dedupe', 'join', 'export', 'inspect'] as const) {
    const cmd = registerSettings(new Command(command), command)
    assert.deepEqual(
      cmd.options.map((o) => o.attributeName()),
      settingsOf(command),
    )
  }
  assert.ok(Object.keys(SETTINGS).length > 25)
})
