// Never lose a user's file (issue 14). --out is replaced only when its manifest proves wa-audience wrote it;
// a symlinked --out stays a symlink; the lock is per real path and a lock naming a reused pid does not stop
// runs for ever; what the tool creates is private whatever the umask.

import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { OutputLock, lockPath } from '../../src/io/output-lock.js'
import { provenByManifest, realOutPath } from '../../src/io/output-ownership.js'
import { BIN, ROOT, fixture, tempDir, leftovers } from '../helpers.js'
import { runInProcess } from '../in-process.js'

process.chdir(ROOT)
const tmp = fs.realpathSync(tempDir('wa-out-safety-'))
after(() => fs.rmSync(tmp, { recursive: true, force: true }))

const PREPARE = ['prepare', '--customers', fixture('shopify-customers.csv'), '--country', 'GB', '-q']

/** Every entry below `dir` with its content (files) or `/` (folders), to compare before and after a run. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name
      if (e.isDirectory()) {
        out[`${r}/`] = ''
        walk(r)
      } else out[r] = fs.readFileSync(path.join(dir, r), 'utf8')
    }
  }
  walk('')
  return out
}

describe('an --out folder is replaced only when its manifest proves it is ours', () => {
  // The repro: a folder that merely holds a file called report.json or manifest.json.
  for (const [name, marker, content] of [
    ['report.json', 'report.json', '{}'],
    ['an empty manifest', 'manifest.json', '{}'],
    ['another tool\'s manifest', 'manifest.json', JSON.stringify({ tool: 'other', version: '1', command: 'x', outputs: [] })],
    ['a manifest that is not JSON', 'manifest.json', 'not json'],
  ] as const) {
    test(`a user's folder holding ${name} is refused (exit 2) and left exactly as it was`, async () => {
      const out = path.join(tmp, `user-${marker}-${name.length}`)
      fs.mkdirSync(path.join(out, 'chapters'), { recursive: true })
      fs.writeFileSync(path.join(out, 'thesis.txt'), 'thesis')
      fs.writeFileSync(path.join(out, 'chapters', 'one.txt'), 'one')
      fs.writeFileSync(path.join(out, marker), content)
      const before = snapshot(out)
      const r = await runInProcess([...PREPARE, '--out', out])
      assert.equal(r.code, 2, r.stderr)
      assert.match(r.stderr, /already holds files that wa-audience did not write/)
      assert.deepEqual(snapshot(out), before)
      assert.deepEqual(leftovers(out), [])
    })
  }

  test('our own output is replaced; the same output with a user\'s file added is not', async () => {
    const out = path.join(tmp, 'ours')
    assert.equal((await runInProcess([...PREPARE, '--out', out])).code, 0)
    // A file browser's litter does not make the folder foreign.
    fs.writeFileSync(path.join(out, '.DS_Store'), 'x')
    assert.equal((await runInProcess([...PREPARE, '--out', out])).code, 0)
    assert.ok(fs.existsSync(path.join(out, 'whatsapp.csv')))

    fs.writeFileSync(path.join(out, 'notes.txt'), 'my notes')
    fs.mkdirSync(path.join(out, 'segments', 'mine'))
    const before = snapshot(out)
    const r = await runInProcess([...PREPARE, '--out', out])
    assert.equal(r.code, 2, r.stderr)
    assert.deepEqual(snapshot(out), before)
  })

  test('a file put into one of our subfolders makes the folder foreign', async () => {
    const out = path.join(tmp, 'ours-sub')
    assert.equal((await runInProcess([...PREPARE, '--out', out])).code, 0)
    const sub = fs.readdirSync(out, { withFileTypes: true }).find((e) => e.isDirectory())
    assert.ok(sub, 'the output has a subfolder')
    fs.writeFileSync(path.join(out, sub.name, 'keep-me.csv'), 'x')
    assert.equal((await runInProcess([...PREPARE, '--out', out])).code, 2)
    assert.equal(fs.readFileSync(path.join(out, sub.name, 'keep-me.csv'), 'utf8'), 'x')
  })

  test('the proof: manifest fields, listed files, paths that leave the folder', () => {
    const dir = path.join(tmp, 'proof')
    fs.mkdirSync(path.join(dir, 'segments'), { recursive: true })
    fs.writeFileSync(path.join(dir, 'whatsapp.csv'), 'x')
    fs.writeFileSync(path.join(dir, 'segments', 'a.csv'), 'x')
    const sha = 'a'.repeat(64)
    const write = (m: unknown) => fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(m))
    const entries = () => fs.readdirSync(dir)
    const good = { tool: 'wa-audience', schema: 'wa-audience/manifest/1', version: '0.1.0', command: 'prepare', outputs: [{ file: 'whatsapp.csv', sha256: sha }, { file: 'segments/a.csv', sha256: sha }] }
    write(good)
    assert.equal(provenByManifest(dir, entries()), true)
    write({ ...good, schema: 'someone-else/2' })
    assert.equal(provenByManifest(dir, entries()), false)
    write({ ...good, outputs: [{ file: 'whatsapp.csv', sha256: sha }] })
    assert.equal(provenByManifest(dir, entries()), false, 'segments/a.csv is not listed')
    write({ ...good, outputs: [...good.outputs, { file: '../elsewhere.csv', sha256: sha }] })
    assert.equal(provenByManifest(dir, entries()), false, 'a listed path leaving the folder')
    write({ ...good, outputs: [{ file: 'whatsapp.csv', sha256: 'nope' }, good.outputs[1]] })
    assert.equal(provenByManifest(dir, entries()), false, 'a listed file without its SHA-256')
  })
})

describe('a symlinked --out and the lock', () => {
  test('a symlinked --out stays a symlink; the folder it points to is replaced', async () => {
    const real = path.join(tmp, 'real-out')
    const link = path.join(tmp, 'link-out')
    fs.symlinkSync(real, link) // dangling until the first run creates the folder
    for (let i = 0; i < 2; i++) {
      const r = await runInProcess([...PREPARE, '--out', link])
      assert.equal(r.code, 0, r.stderr)
      assert.ok(fs.lstatSync(link).isSymbolicLink(), `still a symlink after run ${i + 1}`)
      assert.ok(fs.existsSync(path.join(real, 'whatsapp.csv')))
    }
    assert.deepEqual(leftovers(real), [])
  })

  test('every spelling of a folder has one lock: the real path\'s', () => {
    const real = path.join(tmp, 'spelled')
    fs.mkdirSync(real)
    fs.symlinkSync(real, path.join(tmp, 'spelled-link'))
    const want = path.join(tmp, '.spelled.wa-lock')
    for (const spelling of [real, path.join(tmp, 'spelled-link'), path.join(tmp, 'x', '..', 'spelled'), path.relative(process.cwd(), real)]) {
      assert.equal(lockPath(spelling), want, spelling)
    }
    assert.equal(realOutPath(path.join(tmp, 'not-yet', 'deeper')), path.join(tmp, 'not-yet', 'deeper'))
  })

  test('a lock naming a live process that is not the run which wrote it is taken over (pid reuse)', () => {
    const out = path.join(tmp, 'reused')
    const lock = path.join(tmp, '.reused.wa-lock')
    // The repro: pid 1 is alive, but it is not a wa-audience run started in 2020.
    for (const holder of [{ pid: 1, started: '2020-01-01T00:00:00Z' }, { pid: 1, host: os.hostname(), started: '2020-01-01T00:00:00Z' }]) {
      fs.writeFileSync(lock, JSON.stringify(holder))
      const taken = OutputLock.acquire(out)
      assert.ok(fs.existsSync(lock))
      taken.release()
      assert.ok(!fs.existsSync(lock))
    }
  })

  test('a lock naming a live process with its start time is honoured, with how to clear it; a wrong start time is not', async (t) => {
    if (!fs.existsSync('/proc/self/stat')) return t.skip('no /proc on this system')
    const child = spawn('sleep', ['30'])
    try {
      await new Promise((r) => child.once('spawn', r))
      const stat = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8')
      const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19])
      const boot = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
      const out = path.join(tmp, 'held')
      const lock = path.join(tmp, '.held.wa-lock')
      const holder = { pid: child.pid, host: os.hostname(), started: new Date().toISOString(), boot_id: boot, start_ticks: ticks }
      fs.writeFileSync(lock, JSON.stringify(holder))
      assert.throws(() => OutputLock.acquire(out), (e: Error) => {
        assert.match(e.message, new RegExp(`Another wa-audience run \\(pid ${child.pid}, .*If no run is going on, delete .*\\.held\\.wa-lock\\.$`))
        return true
      })
      // The same pid, started at another time (or in another boot): not that run.
      for (const stale of [{ ...holder, start_ticks: ticks + 1 }, { ...holder, boot_id: '00000000-0000-0000-0000-000000000000' }]) {
        fs.writeFileSync(lock, JSON.stringify(stale))
        OutputLock.acquire(out).release()
      }
    } finally {
      child.kill()
    }
  })
})

describe('what the tool creates is private whatever the umask', () => {
  test('under umask 000 the --out parent it creates is 0700 and the output 0700/0600', () => {
    const out = path.join(tmp, 'umask', 'nested', 'out')
    const r = spawnSync('/bin/sh', ['-c', 'umask 000; exec "$0" "$@"', process.execPath, BIN, ...PREPARE, '--out', out], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
    assert.equal(r.status, 0, r.stderr)
    for (const dir of [path.join(tmp, 'umask'), path.join(tmp, 'umask', 'nested'), out]) assert.equal(fs.statSync(dir).mode & 0o777, 0o700, dir)
    assert.equal(fs.statSync(path.join(out, 'whatsapp.csv')).mode & 0o777, 0o600)
  })
})

describe('--save-config', () => {
  test('under umask 000 the config is written 0600', () => {
    const file = path.join(tmp, 'saved.json')
    const r = spawnSync('/bin/sh', ['-c', 'umask 000; exec "$0" "$@"', process.execPath, BIN, ...PREPARE, '--dry-run', '--save-config', file], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
    assert.equal(r.status, 0, r.stderr)
    assert.equal(fs.statSync(file).mode & 0o777, 0o600)
  })
})
