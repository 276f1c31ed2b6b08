// The subcommands are stretches of prepare's chain: composed through pipes they decide exactly what prepare
// decides (product.md; issue: "normalize | dedupe | export and join | export give the same people as
// prepare"). Byte-for-byte comparisons of the target files.

import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { BIN, fixture, ROOT, run, tempDir } from '../helpers.js'

const tmp = tempDir()
after(() => fs.rmSync(tmp, { recursive: true, force: true }))

const W = `"${process.execPath}" "${BIN}"`
const sh = (cmd: string) => {
  const r = spawnSync('bash', ['-c', `set -o pipefail; ${cmd}`], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 << 20 })
  assert.equal(r.status, 0, r.stderr)
  return r.stdout
}

describe('pipes decide what prepare decides', () => {
  const prep = path.join(tmp, 'prep')
  const prepFollowers = path.join(tmp, 'prep-followers')
  const common = ['--country', 'GB', '-q']
  assert.equal(run(['prepare', '--customers', fixture('shopify-customers.csv'), '--followers', fixture('meta-leads.csv'), '--suppress', fixture('suppress.csv'), '--out', prep, ...common]).code, 0)
  assert.equal(run(['prepare', '--followers', fixture('meta-leads.csv'), '--suppress', fixture('suppress.csv'), '--out', prepFollowers, ...common]).code, 0)

  test('normalize | dedupe | export == prepare, for one export', () => {
    for (const [target, file] of [['whatsapp', 'whatsapp.csv'], ['meta', 'meta-custom-audience.csv']] as const) {
      const out = sh(`${W} normalize -c GB -q ${fixture('meta-leads.csv')} | ${W} dedupe --suppress ${fixture('suppress.csv')} -c GB -q | ${W} export --target ${target} -q`)
      assert.equal(out, fs.readFileSync(path.join(prepFollowers, file), 'utf8'), target)
    }
  })

  test('normalize each export, then join | export == prepare', () => {
    const c = path.join(tmp, 'c.csv')
    const f = path.join(tmp, 'f.csv')
    sh(`${W} normalize -c GB -q ${fixture('shopify-customers.csv')} -o ${c}`)
    sh(`${W} normalize -c GB -q ${fixture('meta-leads.csv')} -o ${f}`)
    for (const [target, file] of [['whatsapp', 'whatsapp.csv'], ['meta', 'meta-custom-audience.csv']] as const) {
      const out = sh(`${W} join --customers ${c} --followers ${f} --suppress ${fixture('suppress.csv')} -c GB -q | ${W} export --target ${target} -q`)
      assert.equal(out, fs.readFileSync(path.join(prep, file), 'utf8'), target)
    }
  })
})
