// Help and completion come from the parser itself: every command opens its help with examples, and the
// completion scripts name every command and flag.

import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { test } from 'node:test'
import { run } from '../helpers.js'
import { runInProcess } from '../in-process.js'

const COMMANDS = ['prepare', 'dedupe', 'join', 'export', 'diff', 'inspect', 'completion']

// In-process (help and the version go to the stdout main() is given); the binary itself answers --help once.
test('every command\'s --help opens with examples', async () => {
  for (const c of [...COMMANDS, '']) {
    const r = await runInProcess(c ? [c, '--help'] : ['--help'])
    assert.equal(r.code, 0, c)
    assert.match(r.stdout, /^Examples:\n {2}\$ \S/, c || 'program')
  }
})

test('--version prints the package version', async () => {
  const r = await runInProcess(['--version'])
  assert.equal(r.code, 0)
  assert.match(r.stdout, /^\d+\.\d+\.\d+\n$/)
})

test('the binary prints its help on stdout and exits 0', () => {
  const r = run(['prepare', '--help'])
  assert.equal(r.code, 0)
  assert.match(r.stdout, /^Examples:\n {2}\$ wa-audience prepare /)
  assert.equal(r.stderr, '')
})

const has = (shell: string) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0

for (const shell of ['bash', 'zsh', 'fish']) {
  test(`completion ${shell}: valid syntax, every command and flag`, { skip: !has(shell) && `${shell} is not installed` }, async () => {
    const r = await runInProcess(['completion', shell])
    assert.equal(r.code, 0, r.stderr)
    const check = spawnSync(shell, shell === 'fish' ? ['--no-execute'] : ['-n'], { input: r.stdout, encoding: 'utf8' })
    assert.equal(check.status, 0, check.stderr)
    for (const c of COMMANDS.filter((x) => x !== 'completion')) assert.ok(r.stdout.includes(c), c)
    for (const flag of ['customers', 'followers', 'suppress', 'ads-consent', 'max-reject-rate', 'rejects', 'target', 'template']) assert.ok(r.stdout.includes(flag), flag)
  })
}

test('completion refuses an unknown shell', async () => {
  const r = await runInProcess(['completion', 'powershell'])
  assert.equal(r.code, 2)
  assert.match(r.stderr, /Allowed choices are bash, zsh, fish/)
})
