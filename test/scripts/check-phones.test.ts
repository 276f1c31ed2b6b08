// `npm run check-phones` (scripts/phone-agreement.mjs --sample): the fast path of src/core/phone/fast-read.ts
// answers like plain libphonenumber-js, and libphonenumber-js is pinned exactly at the version installed. Here
// on a small deterministic sample (a few seconds, so npm test keeps its time); `npm run check-phones` runs the
// same check on 200,000 sample numbers and 100,000 random strings (docs/phone-numbers.md).

import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { after, test } from 'node:test'
import { ROOT, tempDir } from '../helpers.js'

const SCRIPT = path.join(ROOT, 'scripts', 'phone-agreement.mjs')
const tmp = tempDir()
after(() => fs.rmSync(tmp, { recursive: true, force: true }))

const run = (...args: string[]) => spawnSync(process.execPath, [SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 })

test('package.json runs the check as npm run check-phones, on a sample that needs no data folder', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
  assert.match(pkg.scripts['check-phones'], /node scripts\/phone-agreement\.mjs --sample \d+/)
  assert.match(pkg.dependencies['libphonenumber-js'], /^\d+\.\d+\.\d+$/, 'an exact pin')
})

test('the fast path agrees with libphonenumber-js on a small sample, deterministically', () => {
  const a = run('--sample', '3000', '--fuzz', '1000')
  assert.equal(a.status, 0, a.stdout + a.stderr)
  assert.match(a.stdout, /^libphonenumber-js (\d+\.\d+\.\d+) \(package\.json: \1\), metadata layout 4$/m)
  assert.match(a.stdout, /3,000 sample numbers from the example numbers of \d+ countries \(seed 42\) \+ 1,000 random strings/)
  assert.match(a.stdout, /^1\. reader: [\d,]+ questions .* decided by the direct path: 0 disagreements$/m)
  // 4,000 inputs; a cell of two numbers split by a slash counts as two.
  assert.match(a.stdout, /^2\. engine: 4,[0-9]{3} numbers .*: 0 disagreements$/m)
  assert.match(a.stdout, /^check-phones: OK$/m)
  // The same sample twice gives the same figures (the run time aside).
  const b = run('--sample', '3000', '--fuzz', '1000')
  const figures = (s: string) => s.replace(/, [\d.]+s$/m, '')
  assert.equal(figures(b.stdout), figures(a.stdout))
})

test('a pin that is not exact fails the check and says why', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
  const loose = path.join(tmp, 'package.json')
  fs.writeFileSync(loose, JSON.stringify({ dependencies: { 'libphonenumber-js': `^${pkg.dependencies['libphonenumber-js']}` } }))
  const r = run('--sample', '200', '--fuzz', '0', '--package', loose)
  assert.equal(r.status, 1, r.stdout + r.stderr)
  assert.match(r.stdout, /^PIN: package\.json gives libphonenumber-js as "\^[\d.]+": pin an exact version/m)
  assert.match(r.stdout, /^check-phones: FAILED/m)
  const other = path.join(tmp, 'other.json')
  fs.writeFileSync(other, JSON.stringify({ dependencies: { 'libphonenumber-js': '0.0.1' } }))
  const o = run('--sample', '200', '--fuzz', '0', '--package', other)
  assert.equal(o.status, 1)
  assert.match(o.stdout, /^PIN: package\.json pins libphonenumber-js 0\.0\.1 but [\d.]+ is installed: run npm install$/m)
})

test('without a sample or a data folder it says how to run it', () => {
  const r = run()
  assert.equal(r.status, 2)
  assert.match(r.stderr, /usage: node scripts\/phone-agreement\.mjs \[DIR\] \[--sample N\]/)
})
