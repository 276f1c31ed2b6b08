// Every command that declares --config honours it (design.md, "One place for every setting"): a missing or
// bad config file is wrong usage (exit 2) in every command, and a config's mapping and policies reach
// export, dedupe and join as they reach prepare. In-process: no start-up per run.

import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { fixture, tempDir } from '../helpers.js'
import { runInProcess } from '../in-process.js'

const tmp = tempDir()
after(() => fs.rmSync(tmp, { recursive: true, force: true }))

const write = (name: string, text: string) => {
  const p = path.join(tmp, name)
  fs.writeFileSync(p, text)
  return p
}

const INPUT = fixture('bad/unknown-layout.csv')
// The commands that declare --config, each with the arguments it needs besides; output goes to a file
// (in-process runs must not write stdout).
const COMMANDS: Record<string, (out: string) => string[]> = {
  prepare: (out) => ['prepare', '--customers', INPUT, '--out', out],
  normalize: (out) => ['normalize', INPUT, '-o', out],
  dedupe: (out) => ['dedupe', INPUT, '-o', out],
  join: (out) => ['join', '--customers', fixture('shopify-customers.csv'), '--followers', INPUT, '-o', out],
  export: (out) => ['export', '--target', 'whatsapp', INPUT, '-o', out],
  inspect: () => ['inspect', INPUT],
}

describe('a missing or bad --config is exit 2 in every command, and nothing is written', () => {
  const bad = write('bad.json', '{\n  "inputs": [\n    {"file": "a.csv",}\n  ]\n}\n')
  const typo = write('typo.json', JSON.stringify({ inputs: [{ file: 'unknown-layout.csv', consnet: {} }] }))
  for (const [name, args] of Object.entries(COMMANDS)) {
    test(name, async () => {
      for (const [config, message] of [
        [path.join(tmp, 'no-such-file.json'), /--config .*no-such-file\.json: no such file/],
        [bad, /bad\.json: not valid JSON near line 3/],
        [typo, /typo\.json: inputs\[0\]\.consnet: unknown key \(did you mean "consent"\?\)/],
        [tmp, /is a directory/],
      ] as const) {
        const out = path.join(tmp, `${name}-out`)
        const r = await runInProcess([...args(out), '-c', 'GB', '--config', config])
        assert.equal(r.code, 2, `${name} --config ${config}: ${r.stderr}`)
        assert.match(r.stderr, message)
        assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr)
        assert.ok(!fs.existsSync(out), `${name} wrote ${out}`)
      }
    })
  }
})

describe("a config's mapping and policies reach every command", () => {
  // The file's columns say nothing a detector knows: only the config maps them.
  const config = write(
    'layout.json',
    JSON.stringify({ country: 'GB', whatsapp_consent_from: 'whatsapp', inputs: [{ file: 'unknown-layout.csv', map: { phone: 'Reach me on', full_name: 'Who' }, consent: { whatsapp: 'OK to message' } }] }),
  )

  test('export --config writes the audience prepare --config writes', async () => {
    const out = path.join(tmp, 'prepare-layout')
    const p = await runInProcess(['prepare', '--customers', INPUT, '--config', config, '--targets', 'whatsapp,meta', '--out', out, '-q'])
    assert.equal(p.code, 0, p.stderr)
    for (const [target, file] of [
      ['whatsapp', 'whatsapp.csv'],
      ['meta', 'meta-custom-audience.csv'],
    ] as const) {
      const exported = path.join(tmp, `export-${target}.csv`)
      const e = await runInProcess(['export', '--target', target, INPUT, '--config', config, '-o', exported, '-q'])
      assert.equal(e.code, 0, e.stderr)
      const expected = fs.readFileSync(path.join(out, file), 'utf8')
      assert.equal(fs.readFileSync(exported, 'utf8'), expected, file)
      assert.ok(expected.split('\n').length > 2, `${file} has people`)
    }
    // Without the config the same file gives nobody: the config was what mapped it.
    const without = await runInProcess(['export', '--target', 'whatsapp', INPUT, '-o', path.join(tmp, 'export-none.csv'), '-q'])
    assert.notEqual(without.code, 0)
  })

  test("export: the config's policies apply, and a flag given wins over them", async () => {
    const sms = write(
      'sms.json',
      JSON.stringify({ country: 'GB', whatsapp_consent_from: 'sms', ads_consent: 'explicit', inputs: [{ file: 'unknown-layout.csv', map: { phone: 'Reach me on' }, consent: { sms: 'OK to message' } }] }),
    )
    const fromConfig = await runInProcess(['export', '--target', 'whatsapp', INPUT, '--config', sms, '-o', path.join(tmp, 'sms.csv')])
    assert.equal(fromConfig.code, 0, fromConfig.stderr)
    assert.match(fromConfig.stderr, /SMS consent was counted as WhatsApp consent/)
    assert.match(fromConfig.stderr, /2 written to whatsapp\.csv/)
    const flag = await runInProcess(['export', '--target', 'whatsapp', INPUT, '--config', sms, '--whatsapp-consent-from', 'whatsapp', '-o', path.join(tmp, 'sms-flag.csv')])
    assert.equal(flag.code, 0, flag.stderr)
    assert.doesNotMatch(flag.stderr, /SMS consent was counted/)
    assert.match(flag.stderr, /0 written to whatsapp\.csv/)
  })

  test("dedupe and join read the input with the config's mapping and country", async () => {
    const deduped = path.join(tmp, 'dedupe.csv')
    const d = await runInProcess(['dedupe', INPUT, '--config', config, '-o', deduped])
    assert.equal(d.code, 0, d.stderr)
    assert.match(d.stderr, /3 rows read, 0 rejected, 3 people/)
    const text = fs.readFileSync(deduped, 'utf8')
    // The national number was read with the config's country.
    assert.match(text, /\+447405263058/)
    const joined = path.join(tmp, 'join.csv')
    const j = await runInProcess(['join', '--customers', fixture('shopify-customers.csv'), '--followers', INPUT, '--config', config, '-o', joined])
    assert.equal(j.code, 0, j.stderr)
    assert.match(fs.readFileSync(joined, 'utf8'), /\+447405263058/)
    // Without the config the file has no identifier column: refused.
    const none = await runInProcess(['dedupe', INPUT, '-c', 'GB', '-o', path.join(tmp, 'dedupe-none.csv')])
    assert.notEqual(none.code, 0)
  })

  test("join --config alone reads the config's inputs, as prepare --config does", async () => {
    const saved = path.join(tmp, 'saved.json')
    const p = await runInProcess(['prepare', '--customers', fixture('shopify-customers.csv'), '--followers', fixture('meta-leads.csv'), '-c', 'GB', '--dry-run', '-q', '--save-config', saved])
    assert.equal(p.code, 0, p.stderr)
    const fromFlags = await runInProcess(['join', '--customers', fixture('shopify-customers.csv'), '--followers', fixture('meta-leads.csv'), '-c', 'GB', '-q'])
    const fromConfig = await runInProcess(['join', '--config', saved, '-q'])
    assert.equal(fromConfig.code, 0, fromConfig.stderr)
    assert.ok(fromFlags.stdout.split('\n').length > 10)
    assert.equal(fromConfig.stdout, fromFlags.stdout)
    // A config without a followers input cannot make a join.
    const customersOnly = write('customers-only.json', JSON.stringify({ inputs: [{ file: path.resolve(fixture('shopify-customers.csv')), role: 'customers' }] }))
    const r = await runInProcess(['join', '--config', customersOnly])
    assert.equal(r.code, 2)
    assert.match(r.stderr, /join needs both --customers FILE and --followers FILE/)
  })
})
