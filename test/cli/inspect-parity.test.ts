// inspect shows the mapping prepare uses, because both run the one mapping step (src/pipeline/map-input.ts):
// for every shipped export, in every format and language, the columns inspect says it would read for each
// field, consent channel, consent time and record time are those prepare's report.json says it read. And
// where prepare refuses a file's mapping, inspect says the same sentence.

import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { ROOT, tempDir } from '../helpers.js'
import { runInProcess } from '../in-process.js'

process.chdir(ROOT)
const tmp = tempDir()
after(() => fs.rmSync(tmp, { recursive: true, force: true }))

const exports = fs
  .readdirSync(path.join(ROOT, 'fixtures'), { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.(csv|xlsx|zip)$/.test(f) && !f.startsWith('bad') && f !== 'suppress.csv')
  .sort()
  // Files whose mapping prepare refuses: no header row, no identifier column by name.
  .concat(['bad/headerless.csv', 'bad/no-identifier.csv', 'bad/unknown-layout.csv', 'bad/header-variants.csv'])

type Mapping = Record<string, unknown>
const KEYS = ['fields', 'consent', 'consent_at', 'fixed_consent', 'time'] as const
const comparable = (m: Mapping) => Object.fromEntries(KEYS.map((k) => [k, m[k] ?? (k === 'time' ? null : {})]))

describe('inspect and prepare map every shipped export the same way', () => {
  test('there are shipped exports of many formats to compare', () => assert.ok(exports.length >= 20, exports.join(', ')))
  for (const [i, f] of exports.entries()) {
    test(f, async () => {
      const file = path.join('fixtures', f)
      const out = path.join(tmp, `o${i}`)
      const prepared = await runInProcess(['prepare', '--customers', file, '--country', 'GB', '--out', out, '-q'])
      const inspected = await runInProcess(['inspect', file, '--country', 'GB', '--json'])
      assert.equal(inspected.code, 0, inspected.stderr)
      const profiles = (JSON.parse(inspected.stdout) as { inputs: Array<{ mapping: Mapping; warnings: string[] }> }).inputs
      if (prepared.code !== 0) {
        // A refused mapping: inspect names the same reason among its warnings.
        const sentence = prepared.stderr.trim().replace(/^wa-audience: /, '')
        assert.ok(profiles.some((p) => p.warnings.includes(sentence)), `${prepared.stderr}\n${JSON.stringify(profiles.map((p) => p.warnings))}`)
        return
      }
      const report = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8')) as { inputs: Array<{ mapping: Mapping }>; warnings: string[] }
      assert.equal(profiles.length, report.inputs.length)
      for (let k = 0; k < profiles.length; k++) {
        assert.deepEqual(comparable(profiles[k]!.mapping), comparable(report.inputs[k]!.mapping))
        // A column taken by its values: inspect lists it, prepare's report says so in the same sentence.
        for (const column of Object.values((profiles[k]!.mapping.by_content ?? {}) as Record<string, string>)) {
          const said = profiles[k]!.warnings.find((w) => w.includes(`so column "${column}"`))
          assert.ok(said !== undefined && report.warnings.includes(said), `${column}: ${JSON.stringify(report.warnings)}`)
        }
      }
    })
  }
})
