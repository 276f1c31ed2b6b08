// Hostile inputs (issue 14: never lose a user's file, never hang, never leak): inputs that are not regular
// files (a FIFO, `/dev/stdin`, a process substitution), endless or oversized small files (`--config
// /dev/zero`, a lock linked to /dev/zero), a ZIP bomb, damaged UTF-16, UTF-32, and `-q -v`. Each is a repro
// of a defect: it hung, grew without bound or was read silently wrong before. Every run that could hang is
// spawned with a deadline (the CLI is killed, and the test fails, rather than the suite hanging). A refusal
// is one plain sentence, as in bad-inputs.test.ts, with nothing in --out (no folder, no temporary sibling, no
// lock).

import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { BIN, ROOT, fixture, tempDir, type RunResult, leftovers, assertOneCleanSentence } from '../helpers.js'
import { runInProcess } from '../in-process.js'
import { writeZip } from '../zip-bomb.js'

process.chdir(ROOT)
const tmp = tempDir('wa-hostile-')
after(() => fs.rmSync(tmp, { recursive: true, force: true }))

const HEAD = 'phone,email,first_name,last_name,whatsapp_opt_in\n'
const ROW = '07405 263101,person1@example.com,Ann,Number,yes\n'
const SHOP = fixture('shopify-customers.csv')
const LEADS = fixture('meta-leads.csv')
const SUPPRESS = fixture('suppress.csv')

function assertNothingWritten(out: string): void {
  assert.ok(!fs.existsSync(out), 'nothing written to --out')
  assert.deepEqual(leftovers(out), [], 'no temporary folder or lock left')
}

let outs = 0
const freshOut = () => path.join(tmp, `out-${++outs}`)

/**
 * Spawns the CLI with a deadline: SIGTERM at `termAfter` ms if given, SIGKILL at `killAfter`. A run killed by
 * the deadline has code -1, which no case expects.
 */
function spawnCli(args: string[], o: { input?: string; killAfter?: number; termAfter?: number; shell?: boolean } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const argv = o.shell ? ['bash', ['-c', args.join(' ')]] : [process.execPath, [BIN, ...args]]
    const child = spawn(argv[0] as string, argv[1] as string[], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined }, stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    child.stdin.on('error', () => {})
    child.stdin.end(o.input ?? '')
    const term = o.termAfter === undefined ? undefined : setTimeout(() => child.kill('SIGTERM'), o.termAfter)
    const kill = setTimeout(() => child.kill('SIGKILL'), o.killAfter ?? 10_000)
    child.on('close', (code) => {
      clearTimeout(kill)
      if (term) clearTimeout(term)
      resolve({ code: code ?? -1, stdout, stderr })
    })
  })
}

/** A FIFO with a writer process that copies `from` into it once (and is killed at the end of the test). */
const writers: Array<ReturnType<typeof spawn>> = []
after(() => {
  for (const w of writers) if (w.exitCode === null) w.kill('SIGKILL')
})
let fifos = 0
function fifoFrom(from: string): string {
  const p = path.join(tmp, `fifo-${++fifos}`)
  const r = spawnSync('mkfifo', [p])
  assert.equal(r.status, 0, `mkfifo: ${r.stderr}`)
  writers.push(spawn('sh', ['-c', 'cat "$0" > "$1"', path.resolve(ROOT, from), p], { stdio: 'ignore' }))
  return p
}

describe('(3) a FIFO, /dev/stdin or <(...) is read once, by every command that reads inputs', () => {
  test('prepare --customers FIFO --followers FIFO --suppress FIFO: the same audience as from the files', async () => {
    const fromFiles = freshOut()
    const a = await runInProcess(['prepare', '--customers', SHOP, '--followers', LEADS, '--suppress', SUPPRESS, '-c', 'GB', '--plain', '--out', fromFiles, '-q', '--yes'])
    assert.equal(a.code, 0, a.stderr)
    const out = freshOut()
    const b = await spawnCli(['prepare', '--customers', fifoFrom(SHOP), '--followers', fifoFrom(LEADS), '--suppress', fifoFrom(SUPPRESS), '-c', 'GB', '--plain', '--out', out, '-q', '--yes'])
    assert.equal(b.code, 0, b.stderr)
    assert.equal(b.stderr, '')
    // The same people and numbers; consent_source names the input as given (the FIFO's path).
    const people = (dir: string) => fs.readFileSync(path.join(dir, 'whatsapp.csv'), 'utf8').replace(/,[^,\n]*:(\d+),/g, ',INPUT:$1,')
    assert.equal(people(out), people(fromFiles))
    assert.equal(people(out).trimEnd().split('\n').length, 6)
    assert.deepEqual(leftovers(out), [], 'no lock left')
  })

  test('normalize FIFO, inspect FIFO, export FIFO, dedupe FIFO, join with FIFOs: each reads its input', async () => {
    // Independent runs, started together.
    const fifo = fifoFrom(SHOP)
    const [normalize, fromFile, inspect, exported, dedupe, join] = await Promise.all([
      spawnCli(['normalize', '-c', 'GB', fifo, '-q']),
      spawnCli(['normalize', '-c', 'GB', SHOP, '-q']),
      spawnCli(['inspect', '-c', 'GB', fifoFrom(SHOP), '--json', '-q']),
      spawnCli(['export', '--target', 'whatsapp', '-c', 'GB', fifoFrom(SHOP), '--suppress', fifoFrom(SUPPRESS), '-q', '--yes']),
      spawnCli(['dedupe', '-c', 'GB', fifoFrom(SHOP), '-q', '--yes']),
      spawnCli(['join', '--customers', fifoFrom(SHOP), '--followers', fifoFrom(LEADS), '-c', 'GB', '-q', '--yes']),
    ])
    assert.equal(normalize.code, 0, normalize.stderr)
    assert.match(normalize.stdout.split('\n')[0]!, /,wa_phone,/)
    assert.equal(normalize.stdout.replaceAll(fifo, SHOP), fromFile.stdout)
    assert.equal(inspect.code, 0, inspect.stderr)
    assert.equal(JSON.parse(inspect.stdout).inputs[0].format.id, 'shopify')
    assert.equal(exported.code, 0, exported.stderr)
    assert.match(exported.stdout, /^phone,/)
    assert.equal(dedupe.code, 0, dedupe.stderr)
    assert.match(dedupe.stdout, /wa_phones/)
    assert.equal(join.code, 0, join.stderr)
    assert.match(join.stdout, /wa_in_customers/)
  })

  test('prepare --customers <(cat FILE) and normalize /dev/stdin', async (t) => {
    if (spawnSync('bash', ['-c', 'true']).status !== 0) return t.skip('no bash')
    const out = freshOut()
    const r = await spawnCli([process.execPath, BIN, 'prepare', '--customers', `<(cat ${SHOP})`, '-c', 'GB', '--out', out, '-q', '--yes'], { shell: true })
    assert.equal(r.code, 0, r.stderr)
    assert.ok(fs.existsSync(path.join(out, 'whatsapp.csv')))
    // stdin as a pipe (a shell's `|`) and as a socket (how node gives a child its stdin).
    const [piped, socket] = await Promise.all([
      spawnCli(['printf', `'${HEAD + ROW}'`, '|', process.execPath, BIN, 'normalize', '-c', 'GB', '/dev/stdin', '-q'], { shell: true }),
      spawnCli(['normalize', '-c', 'GB', '/dev/stdin', '-q'], { input: HEAD + ROW }),
    ])
    for (const n of [piped, socket]) {
      assert.equal(n.code, 0, n.stderr)
      assert.equal(n.stdout.trimEnd().split('\n').length, 2)
      assert.match(n.stdout, /\+447405263101/)
    }
  })

  test('a ZIP archive written into a FIFO: refused with one sentence, nothing in --out', async () => {
    const out = freshOut()
    const r = await spawnCli(['prepare', '--customers', fifoFrom(fixture('mailchimp-audience-export.zip')), '--out', out, '-q', '--yes'])
    assert.equal(r.code, 1, r.stderr)
    assert.match(r.stderr, /fifo-\d+ is a ZIP archive, which can only be read from a file on disk, not a pipe/)
    assertOneCleanSentence(r)
    assertNothingWritten(out)
  })

  test('a FIFO nobody writes to: SIGTERM (cron, timeout) stops the run, exit 130, no lock left', async () => {
    const p = path.join(tmp, 'fifo-silent')
    assert.equal(spawnSync('mkfifo', [p]).status, 0)
    const out = freshOut()
    const r = await spawnCli(['prepare', '--customers', p, '-c', 'GB', '--out', out, '-q', '--yes'], { termAfter: 1000, killAfter: 6000 })
    assert.equal(r.code, 130, `stopped by SIGTERM, not killed: ${r.stderr}`)
    assert.match(r.stderr, /Interrupted; nothing was written/)
    assertOneCleanSentence(r)
    assertNothingWritten(out)
  })
})

describe('(4) whole-file reads of small files are bounded', () => {
  test('--config /dev/zero: exit 2 after reading 1 MB, one sentence naming the file and the limit', async () => {
    const out = freshOut()
    const r = await spawnCli(['prepare', '--customers', SHOP, '-c', 'GB', '--config', '/dev/zero', '--out', out, '-q', '--yes'], { killAfter: 5000 })
    assert.equal(r.code, 2, r.stderr)
    assert.match(r.stderr, /--config \/dev\/zero is larger than 1 MB, too large for a config/)
    assertOneCleanSentence(r)
    assertNothingWritten(out)
  })

  test('a 2 MB config file: the same sentence, without its size in bytes', async () => {
    const big = path.join(tmp, 'big-config.json')
    fs.writeFileSync(big, `{"inputs": [], "pad": "${'x'.repeat(2 << 20)}"}`)
    const out = freshOut()
    const r = await runInProcess(['prepare', '--customers', SHOP, '-c', 'GB', '--config', big, '--out', out, '-q', '--yes'])
    assert.equal(r.code, 2, r.stderr)
    assert.match(r.stderr, /big-config\.json is larger than 1 MB, too large for a config/)
    assertOneCleanSentence(r)
    assertNothingWritten(out)
  })

  test('a lock file linked to /dev/zero is not one of ours: treated as stale, the run goes on', async () => {
    const out = freshOut()
    const lock = path.join(tmp, `.${path.basename(out)}.wa-lock`)
    fs.symlinkSync('/dev/zero', lock)
    const r = await spawnCli(['prepare', '--customers', SHOP, '-c', 'GB', '--out', out, '-q', '--yes'], { killAfter: 8000 })
    assert.equal(r.code, 0, r.stderr)
    assert.ok(fs.existsSync(path.join(out, 'whatsapp.csv')))
    assert.ok(!fs.existsSync(lock), 'the planted lock was removed, /dev/zero left alone')
    assert.ok(fs.existsSync('/dev/zero'))
  })
})

describe('(9) a ZIP bomb is refused before it is read; --max-unzipped-size lifts the limit', () => {
  const rows = (bytes: number) => Buffer.from(ROW.repeat(Math.floor(bytes / ROW.length)))
  const member = (body: Buffer, times: number) => [{ name: 'subscribed_members_export_4f2a9c1e7b.csv', head: Buffer.from(HEAD), body, times }]
  const bomb = path.join(tmp, 'bomb.zip')
  const small = path.join(tmp, 'small-bomb.zip')
  const smallRows = 3 * Math.floor((64 << 10) / ROW.length)
  before(() => {
    // 1.1 GB of rows in a 3.5 MB archive (330 to 1); and 192 KB of rows in a 1 KB one.
    writeZip(bomb, member(rows(1 << 20), 1100))
    writeZip(small, member(rows(64 << 10), 3))
  })

  test('1.1 GB of rows in a 3.5 MB ZIP: exit 1 at once, one sentence with the sizes and the flag, nothing in --out', async () => {
    assert.ok(fs.statSync(bomb).size < 4 << 20)
    const out = freshOut()
    const started = Date.now()
    const r = await spawnCli(['prepare', '--customers', bomb, '-c', 'GB', '--out', out, '-q', '--yes'], { killAfter: 8000 })
    assert.equal(r.code, 1, r.stderr)
    assert.ok(Date.now() - started < 5000, 'refused before reading')
    assert.match(r.stderr, /bomb\.zip would expand to 1\.1 GB of CSV \(\d+ times its 3\.\d MB zipped\), more than the 1 GB that --max-unzipped-size allows, so it may be a ZIP bomb; if you trust it, pass --max-unzipped-size 2GB/)
    assertOneCleanSentence(r)
    assertNothingWritten(out)
    const inspect = await spawnCli(['inspect', bomb, '-q'], { killAfter: 8000 })
    assert.equal(inspect.code, 1, inspect.stderr)
    assert.match(inspect.stderr, /may be a ZIP bomb/)
  })

  test('a member holding more than the archive says (a lying header): stopped after its stated size, one sentence', async () => {
    const liar = path.join(tmp, 'liar.zip')
    writeZip(liar, member(rows(1 << 20), 64))
    const b = fs.readFileSync(liar)
    b.writeUInt32LE(5000, 22) // the local header's size
    b.writeUInt32LE(5000, b.lastIndexOf(Buffer.from('PK\x01\x02', 'latin1')) + 24) // the central directory's
    fs.writeFileSync(liar, b)
    const out = freshOut()
    const r = await runInProcess(['prepare', '--customers', liar, '-c', 'GB', '--out', out, '-q', '--yes'])
    assert.equal(r.code, 1, r.stderr)
    assert.match(r.stderr, /liar\.zip\/subscribed_members_export_4f2a9c1e7b\.csv: cannot be read \(it holds more or fewer bytes than the archive says: a damaged archive or a ZIP bomb/)
    assertOneCleanSentence(r)
    assertNothingWritten(out)
  })

  test('--max-unzipped-size 100KB refuses a 192 KB member; 1MB (or 0) reads it', async () => {
    const out = freshOut()
    const refused = await runInProcess(['prepare', '--customers', small, '-c', 'GB', '--out', out, '--max-unzipped-size', '100KB', '-q', '--yes'])
    assert.equal(refused.code, 1, refused.stderr)
    assert.match(refused.stderr, /would expand to 192 KB of CSV .*more than the 100 KB that --max-unzipped-size allows, so it may be a ZIP bomb; if you trust it, pass --max-unzipped-size 1MB/)
    assertOneCleanSentence(refused)
    assertNothingWritten(out)
    for (const limit of ['1MB', '0']) {
      const ok = freshOut()
      const r = await runInProcess(['prepare', '--customers', small, '-c', 'GB', '--out', ok, '--max-unzipped-size', limit, '-q', '--yes'])
      assert.equal(r.code, 0, r.stderr)
      const report = JSON.parse(fs.readFileSync(path.join(ok, 'report.json'), 'utf8'))
      assert.equal(report.rows_in, smallRows)
    }
  })

  test('--max-unzipped-size lots: exit 2, a usage sentence', async () => {
    const r = await runInProcess(['prepare', '--customers', small, '-c', 'GB', '--out', freshOut(), '--max-unzipped-size', 'lots', '-q', '--yes'])
    assert.equal(r.code, 2, r.stderr)
    assert.match(r.stderr, /--max-unzipped-size lots: give a size such as 500MB or 4GB \(0 for no limit\)/)
    assertOneCleanSentence(r)
  })
})

/** `s` in UTF-16 with a lone high surrogate in place of `at`'s first character. */
function utf16WithLoneSurrogate(s: string, at: string, be: boolean): Buffer {
  const i = s.indexOf(at)
  const units = Buffer.from(s.slice(0, i) + 'X' + s.slice(i + 1), 'utf16le')
  units.writeUInt16LE(0xd800, i * 2)
  if (be) units.swap16()
  return Buffer.concat([Buffer.from(be ? [0xfe, 0xff] : [0xff, 0xfe]), units])
}

describe('(10) damaged UTF-16 and UTF-32 are refused with the right fix; -q -v is refused', () => {
  const refuse = async (file: string, message: RegExp) => {
    const out = freshOut()
    const r = await runInProcess(['prepare', '--customers', file, '-c', 'GB', '--out', out, '-q', '--yes'])
    assert.equal(r.code, 1, r.stderr)
    assert.match(r.stderr, message)
    assertOneCleanSentence(r)
    assertNothingWritten(out)
    return r
  }

  test('a lone surrogate in UTF-16 LE (with a BOM): refused at its line, not read as U+FFFD', async () => {
    await refuse(fixture('bad/utf16le-lone-surrogate.csv'), /utf16le-lone-surrogate\.csv line 3: half of a UTF-16 character \(a lone surrogate\), so the file is damaged there/)
  })

  test('a lone surrogate in UTF-16 BE, on row 6,000 (past the first chunks): refused at line 6,001', async () => {
    let s = HEAD
    for (let i = 1; i <= 8000; i++) s += `07405 263${String(i % 1000).padStart(3, '0')},p${i}@example.com,Name${i},Number,yes\n`
    const file = path.join(tmp, 'utf16be-lone-late.csv')
    fs.writeFileSync(file, utf16WithLoneSurrogate(s, 'Name6000,', true))
    await refuse(file, /utf16be-lone-late\.csv line 6001: half of a UTF-16 character/)
  })

  test('UTF-16 cut in the middle of a character (an odd last byte): refused as cut short', async () => {
    const file = path.join(tmp, 'utf16-cut.csv')
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(HEAD + ROW, 'utf16le'), Buffer.from([0x41])]))
    await refuse(file, /utf16-cut\.csv line 3: the file ends in the middle of a UTF-16 character, so it looks cut short/)
  })

  test('UTF-32 (LE with a BOM, BE with a BOM, LE without): "convert it to UTF-8", never --encoding utf-16le', async () => {
    const text = HEAD + ROW
    const le = Buffer.alloc(text.length * 4)
    for (let i = 0; i < text.length; i++) le.writeUInt32LE(text.charCodeAt(i), i * 4)
    const be = Buffer.from(le).swap32()
    const cases: Array<[string, Buffer | null, RegExp]> = [
      [fixture('bad/utf32le-bom.csv'), null, /utf32le-bom\.csv is UTF-32 text, which we do not read; convert it to UTF-8 first \(iconv -f UTF-32 -t UTF-8 /],
      [path.join(tmp, 'utf32be-bom.csv'), Buffer.concat([Buffer.from([0, 0, 0xfe, 0xff]), be]), /utf32be-bom\.csv is UTF-32 text/],
      [path.join(tmp, 'utf32le-nobom.csv'), le, /utf32le-nobom\.csv is UTF-32LE text, which we do not read; convert it to UTF-8 first \(iconv -f UTF-32LE -t UTF-8 /],
    ]
    for (const [file, bytes, message] of cases) {
      if (bytes) fs.writeFileSync(file, bytes)
      const r = await refuse(file, message)
      assert.doesNotMatch(r.stderr, /utf-16le/)
    }
  })

  test('-q -v (and --quiet --verbose) together: exit 2, one usage sentence', async () => {
    for (const args of [
      ['prepare', '--customers', SHOP, '-c', 'GB', '-q', '-v', '--out'],
      ['normalize', '-c', 'GB', SHOP, '--quiet', '--verbose', '-o'],
      ['diff', '--previous', tmp, '--current', tmp, '-v', '-q', '--out'],
    ]) {
      const out = freshOut()
      const r = await runInProcess([...args, out])
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`)
      assert.match(r.stderr, /option '-q, --quiet' cannot be used with option '-v, --verbose'/)
      assertOneCleanSentence(r)
      assertNothingWritten(out)
    }
  })
})
