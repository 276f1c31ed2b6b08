// Progress at a real pseudo-terminal (util-linux `script`): the spinner shows a percentage and the time left
// while a big file is read, is coloured only when colour is allowed, and is uncoloured with NO_COLOR=1 or
// --no-color (ora was created without `color: false` and coloured its frames regardless).

import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { tempDir } from '../helpers.js'
import { HAS_SCRIPT, runInPty } from '../pty.js'

const tmp = tempDir()
after(() => fs.rmSync(tmp, { recursive: true, force: true }))

// Big enough to be read for well over a second on one thread of a quiet machine (the time left shows after
// the first second: 120,000 rows once took 0.9 s, and the reader only gets faster); the colour checks need
// only a few spinner frames, so they read 39,999 rows.
const big = path.join(tmp, 'big-leads.csv')
const smaller = path.join(tmp, 'smaller-leads.csv')
before(() => {
  const lines = ['id,created_time,full_name,email,phone_number,whatsapp_opt_in\n']
  for (let i = 0; i < 400_000; i++) lines.push(`l:${i},2025-09-01T10:00:00Z,Test Person${i},test${i}@example.com,p:+4479${String(10000000 + i)},yes\n`)
  fs.writeFileSync(big, lines.join(''))
  fs.writeFileSync(smaller, lines.slice(0, 40_000).join(''))
})

// Any SGR colour (30-37, 90-97, 38;5;N), and a spinner frame in colour (ora's default dots, cyan).
const COLOUR = /\u001b\[(3[0-8]|9[0-7])(;[0-9]+)*m/
const COLOURED_FRAME = /\u001b\[36m[\u2800-\u28ff]/
const FRAME = /[\u2800-\u28ff]/
const skip = HAS_SCRIPT ? false : 'util-linux `script` not found'

describe('the spinner at a terminal', { skip }, () => {
  // Reading is what shows progress: a dry run of one target writes nothing after it.
  const args = (out: string, ...more: string[]) => ['prepare', '--followers', big, '--country', 'GB', '--out', path.join(tmp, out), '--threads', '0', '--dry-run', '--targets', 'whatsapp', ...more]
  const argsSmaller = (out: string, ...more: string[]) => args(out, ...more).map((a) => (a === big ? smaller : a))

  test('says how far the file is read and how long is left, uncoloured with NO_COLOR=1', async () => {
    const r = await runInPty(args('pct'), [], { sized: true, timeoutMs: 120_000, env: { NO_COLOR: '1' } })
    assert.equal(r.code, 0, r.screen)
    assert.match(r.screen, /reading .*big-leads\.csv: \d{1,3}% · [\d,]+ rows \([\d,]+\/s\)/)
    assert.match(r.screen, /about \d+s left|about \d+m \d\ds left/)
    assert.match(r.raw, FRAME)
    assert.doesNotMatch(r.raw, COLOUR)
  })

  test('is coloured when colour is allowed', async () => {
    const r = await runInPty(argsSmaller('colour'), [], { sized: true, timeoutMs: 120_000, env: { NO_COLOR: undefined } })
    assert.equal(r.code, 0, r.screen)
    assert.match(r.raw, COLOURED_FRAME)
  })

  test('has no colour with --no-color', async () => {
    const b = await runInPty(argsSmaller('nocolor-flag', '--no-color'), [], { sized: true, timeoutMs: 120_000, env: { NO_COLOR: undefined } })
    assert.equal(b.code, 0, b.screen)
    assert.match(b.screen, /reading .*smaller-leads\.csv: \d{1,3}%/)
    assert.match(b.raw, FRAME)
    assert.doesNotMatch(b.raw, COLOUR)
  })

  test('draws no spinner in a CI job (CI set), even at a terminal', async () => {
    const r = await runInPty(argsSmaller('ci'), [], { sized: true, timeoutMs: 120_000, env: { CI: 'true' } })
    assert.equal(r.code, 0, r.screen)
    assert.match(r.screen, /whatsapp\.csv\s+39,999/)
    assert.doesNotMatch(r.raw, FRAME)
    assert.doesNotMatch(r.screen, /reading .*smaller-leads\.csv: \d{1,3}%/)
  })
})
