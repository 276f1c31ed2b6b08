// Unattended runs: nobody watching, no TTY, stdin closed. They never prompt, print no spinner, never leave a
// half-written output (Ctrl-C, kill -9), refuse a second concurrent run, and recover a dead run's lock.

import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { BIN, fixture, listFiles, ROOT, run, tempDir } from '../helpers.js'
import { runInProcess } from '../in-process.js'

// In-process runs name fixtures relative to the repository, as a user does; the real binary is kept for the
// unattended environment itself (no TTY, stdin closed), a second process holding the lock, Ctrl-C and kill -9.
process.chdir(ROOT)

const tmp = tempDir()
after(() => fs.rmSync(tmp, { recursive: true, force: true }))

/** A Shopify-shaped export big enough to take a few seconds (invented people, valid GB mobiles). */
function bigShopify(file: string, rows: number): void {
  const header = 'Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address Company,Default Address Address1,Default Address Address2,Default Address City,Default Address Province Code,Default Address Country Code,Default Address Zip,Default Address Phone,Phone,Accepts SMS Marketing,Total Spent,Total Orders,Note,Tax Exempt,Tags\n'
  const lines: string[] = [header]
  for (let i = 0; i < rows; i++) {
    const phone = `07911 ${String(100000 + (i % 800000)).padStart(6, '0')}`
    lines.push(`${7200000000000 + i},Test${i},Person,test.person${i}@example.com,yes,,1 High Street,,Leeds,LDS,GB,LS1 1AA,,${phone},${i % 3 ? 'yes' : 'no'},10.00,1,,no,\n`)
  }
  fs.writeFileSync(file, lines.join(''))
}

const leftovers = (out: string) => fs.readdirSync(path.dirname(out)).filter((n) => n.startsWith(`.${path.basename(out)}.wa-`))

function start(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } })
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })))
  return { child, done }
}

const big = path.join(tmp, 'big.csv')
before(() => bigShopify(big, 60000))

describe('cron-like runs', () => {
  test('no TTY and stdin closed: no prompt, no spinner frames, plain summary', () => {
    const r = run(['prepare', '--customers', fixture('shopify-customers.csv'), '--followers', fixture('meta-leads.csv'), '-c', 'GB', '--out', path.join(tmp, 'cron')])
    assert.equal(r.code, 0, r.stderr)
    assert.doesNotMatch(r.stderr, /[\r\u280b\u2819\u2839\u2838]|\u001b\[/, 'no spinner frames or escape codes')
    assert.match(r.stderr, /rows read/)
  })

  // In-process: stderr is not a TTY there either.
  test('--verbose in a log gets plain progress lines, still no spinner', async () => {
    const r = await runInProcess(['prepare', '--customers', fixture('shopify-customers.csv'), '-c', 'GB', '--out', path.join(tmp, 'verbose'), '-v'])
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stderr, /^reading fixtures\/shopify-customers\.csv: 100% · 16 rows \(/m)
    assert.doesNotMatch(r.stderr, /\r/)
  })

  test('a second run into the same --out is refused while the first holds the lock', async () => {
    const out = path.join(tmp, 'locked')
    const first = start(['prepare', '--customers', big, '--out', out, '-c', 'GB', '-q'])
    // Wait until the first run holds the lock.
    const lock = path.join(tmp, '.locked.wa-lock')
    for (let i = 0; i < 200 && !fs.existsSync(lock); i++) await new Promise((r) => setTimeout(r, 25))
    const second = await runInProcess(['prepare', '--customers', fixture('shopify-customers.csv'), '--out', out, '-c', 'GB'])
    assert.equal(second.code, 1)
    assert.match(second.stderr, new RegExp(`Another wa-audience run \\(pid ${first.child.pid}, started [^)]+\\) is writing to .*locked`))
    const r = await first.done
    assert.equal(r.code, 0, r.stderr)
    assert.ok(!fs.existsSync(lock), 'lock released')
  })

  // The lock records the host, so a lock on a shared disk is never taken over from another machine.
  test('a stale lock from a dead process is taken over', async () => {
    const out = path.join(tmp, 'stale')
    fs.writeFileSync(path.join(tmp, '.stale.wa-lock'), JSON.stringify({ pid: 2147483646, host: os.hostname(), started: '2026-01-01T00:00:00.000Z' }))
    fs.mkdirSync(path.join(tmp, '.stale.wa-tmp-2147483646-abc'))
    const r = await runInProcess(['prepare', '--customers', fixture('shopify-customers.csv'), '--out', out, '-c', 'GB', '-q'])
    assert.equal(r.code, 0, r.stderr)
    assert.ok(fs.existsSync(path.join(out, 'whatsapp.csv')))
    assert.deepEqual(leftovers(out), [], 'dead run\'s lock and temporary folder removed')
  })

  test('Ctrl-C in the middle: exit 130, previous output intact, nothing left behind', async () => {
    const out = path.join(tmp, 'interrupted')
    assert.equal((await runInProcess(['prepare', '--customers', fixture('shopify-customers.csv'), '--out', out, '-c', 'GB', '-q'])).code, 0)
    const before = Object.fromEntries(listFiles(out).map((f) => [f, fs.readFileSync(path.join(out, f), 'utf8')]))
    const r = start(['prepare', '--customers', big, '--out', out, '-c', 'GB'])
    // Once the run holds its lock it is reading; then Ctrl-C.
    const lock = path.join(tmp, '.interrupted.wa-lock')
    for (let i = 0; i < 400 && !fs.existsSync(lock); i++) await new Promise((res) => setTimeout(res, 10))
    await new Promise((res) => setTimeout(res, 200))
    r.child.kill('SIGINT')
    const res = await r.done
    assert.equal(res.code, 130, res.stderr)
    assert.match(res.stderr, /Interrupted; nothing was written/)
    assert.deepEqual(Object.fromEntries(listFiles(out).map((f) => [f, fs.readFileSync(path.join(out, f), 'utf8')])), before)
    assert.deepEqual(leftovers(out), [])
  })

  test('killed (-9) while writing: the previous output stays whole; the next run cleans up', async () => {
    const out = path.join(tmp, 'killed')
    assert.equal((await runInProcess(['prepare', '--customers', fixture('shopify-customers.csv'), '--out', out, '-c', 'GB', '-q'])).code, 0)
    const before = fs.readFileSync(path.join(out, 'whatsapp.csv'), 'utf8')
    const r = start(['prepare', '--customers', big, '--out', out, '-c', 'GB', '-q'])
    // Wait for the temporary output folder to appear (the run is writing), then kill it.
    let writing = false
    for (let i = 0; i < 2000 && !writing; i++) {
      writing = leftovers(out).some((n) => n.includes('.wa-tmp-'))
      if (!writing) await new Promise((res) => setTimeout(res, 10))
    }
    assert.ok(writing, 'the run reached its writing phase')
    r.child.kill('SIGKILL')
    await r.done
    assert.equal(fs.readFileSync(path.join(out, 'whatsapp.csv'), 'utf8'), before)
    const next = await runInProcess(['prepare', '--customers', fixture('shopify-customers.csv'), '--out', out, '-c', 'GB', '-q'])
    assert.equal(next.code, 0, next.stderr)
    assert.deepEqual(leftovers(out), [])
  })
})
