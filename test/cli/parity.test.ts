// One answer whatever the path a file takes (issue 15; design.md "One step, many schedulers"): every bad
// input a big file can carry is refused the same way when the main thread reads it (`--threads 0`) and when
// worker threads read it in chunks: the same exit code, the same sentence, nothing written. Good inputs give
// byte-identical output folders both ways. The files are about 250 KB (1.1 MB for bytes that must come after
// the first megabyte, which the reader sniffs), and the thresholds are lowered so that they are read in
// chunks of 16 KB and their people rendered by the workers in blocks of 500.

import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { listFiles, ROOT, run, tempDir, type RunResult, leftovers } from '../helpers.js'
import { runInProcess } from '../in-process.js'

/**
 * The worker path on small files: the tuning knobs are settings (hidden flags, pipeline/tuning.ts), lowered so
 * that a file of a few hundred KB is read in 16 KB chunks by the workers and, for prepare, its people rendered
 * on them in blocks of 500.
 */
function workerPathArgs(command: string): string[] {
  const reading = ['--parallel-min-bytes', '0', '--chunk-bytes', String(16 << 10)]
  return command === 'prepare' ? [...reading, '--parallel-min-people', '0', '--block-people', '500'] : reading
}
process.chdir(ROOT)
const tmp = tempDir('wa-parity-')
after(() => fs.rmSync(tmp, { recursive: true, force: true }))

const HEAD = 'phone,email,first_name,last_name,city,whatsapp_opt_in,sms_opt_in'

/** Row i of the generated export: numbers of a few countries and shapes, names needing quotes, repeats, odd consent. */
function row(i: number, quotes = true): string {
  const phones = [`07405 ${260000 + (i % 40000)}`, `+49 151 ${String(2000000 + i).padStart(8, '0')}`, `+1 416 555 ${String(i % 10000).padStart(4, '0')}`, '', 'n/a', `(0)7700 ${900000 + (i % 1000)}`]
  const phone = phones[i % phones.length]!
  const email = i % 7 === 0 ? '' : i % 11 === 0 ? `P${i - 11}@Example.COM` : `p${i}@example.com`
  const first = ['Amelia', 'Zoë', quotes ? '"Smith, Jr."' : 'Smith Jr', 'Adébáyọ̀', quotes ? '"two\nlines"' : 'Two', 'Müller'][i % 6]!
  const consent = ['yes', 'no', '', 'TRUE', 'maybe', '1', 'false'][i % 7]!
  const sms = ['', 'yes', 'no', 'perhaps'][i % 4]!
  return `${phone},${email},${first},Number${i},City ${i % 97},${consent},${sms}`
}

/** The export's lines (the header first): a few malformed rows and spreadsheet-blank lines among them. */
function lines(o: { rows?: number; from?: number; quotes?: boolean } = {}): string[] {
  const out = [HEAD]
  for (let i = o.from ?? 0; i < (o.from ?? 0) + (o.rows ?? 4_000); i++) {
    if (i % 997 === 500) out.push(`${row(i, o.quotes)},stray`)
    else if (i % 1499 === 700) out.push(',,,,,,')
    else out.push(row(i, o.quotes))
  }
  return out
}
/** Rows enough to pass the first megabyte, which the reader sniffs for the encoding and NUL bytes. */
const BIG = { rows: 20_000 }

let files = 0
function write(content: string | Buffer, name = `in-${++files}.csv`): string {
  const p = path.join(tmp, name)
  fs.writeFileSync(p, content)
  return p
}

/** The file's line on which element `k` of `l` starts (quoted line breaks count). */
const lineOf = (l: readonly string[], k: number) => 1 + k + l.slice(0, k).reduce((n, x) => n + x.split('\n').length - 1, 0)

/** An export with its element `k` replaced by `text`: the file and the line `text` is on. */
function withLine(k: number, text: string, name: string, o: Parameters<typeof lines>[0] = {}): { file: string; line: number } {
  const l = lines(o)
  l[k] = text
  return { file: write(l.join('\n') + '\n', name), line: lineOf(l, k) }
}

let outs = 0
/**
 * The command run both ways: on the main thread, and on `workers` worker threads (one is enough for a refusal:
 * whatever their number, the chunks' results are absorbed in file order on the main thread; each pool costs
 * its threads' start-up). `{out}` in args is replaced by a fresh path per run.
 */
async function bothWays(args: string[], workers = 2): Promise<Array<{ r: RunResult; out: string }>> {
  const results = []
  for (const threads of [['--threads', '0'], [...workerPathArgs(args[0]!), '--threads', String(workers)]]) {
    const out = path.join(tmp, `out-${++outs}`)
    const r = await runInProcess([...args.map((a) => (a === '{out}' ? out : a)), ...threads])
    results.push({ r, out })
  }
  return results
}

const prepare = (...inputs: string[]) => ['prepare', ...inputs, '-c', 'GB', '--out', '{out}', '-q', '--targets', 'whatsapp,meta']

interface Refusal {
  name: string
  /** The command, and the line the refusal must name (0: none). */
  args: () => { args: string[]; line: number }
  code: number
  message: (line: number) => RegExp
}

const digest = 'c0ffee'.repeat(10) + 'beef'
const noLine = (args: string[]) => ({ args, line: 0 })

const REFUSED: Refusal[] = [
  {
    name: 'a SHA-256 digest late in the phone column',
    args: () => {
      const { file, line } = withLine(3_500, `${digest},late@example.com,A,B,C,yes,`, 'hashed-phone.csv')
      return { args: prepare('--customers', file), line }
    },
    code: 1,
    message: (line) => new RegExp(`hashed-phone\\.csv line ${line}: column "phone" holds a SHA-256 hash where a phone number is expected`),
  },
  {
    name: 'a digest early in a clear email column',
    args: () => {
      const { file, line } = withLine(1, `07405 263100,${digest},A,B,C,yes,`, 'early-digest.csv')
      return { args: prepare('--followers', file), line }
    },
    code: 1,
    // The first row's email is blank: the first clear address is on the next line.
    message: (line) => new RegExp(`early-digest\\.csv line ${line + 1}: column "email" mixes SHA-256 hashes \\(first on line ${line}\\) with unhashed values \\(first on line ${line + 1}\\)`),
  },
  {
    name: 'a digest late in a clear first-name column',
    args: () => {
      const { file, line } = withLine(3_700, `07405 263100,x@example.com,${digest},B,C,yes,`, 'late-digest.csv')
      return { args: prepare('--customers', file), line }
    },
    code: 1,
    message: (line) => new RegExp(`late-digest\\.csv line ${line}: column "first_name" mixes SHA-256 hashes \\(first on line ${line}\\) with unhashed values \\(first on line 2\\)`),
  },
  {
    name: 'an email column of digests with one clear address in a later chunk',
    args: () => {
      const l = lines().map((x, i) => (i === 0 ? x : x.replace(/p\d+@example\.com|P\d+@Example\.COM/, digest)))
      l[3_000] = `07405 263100,clear@example.com,A,B,C,yes,`
      return { args: prepare('--customers', write(l.join('\n') + '\n', 'mostly-hashed.csv')), line: lineOf(l, 3_000) }
    },
    code: 1,
    message: (line) => new RegExp(`mostly-hashed\\.csv line ${line}: column "email" mixes SHA-256 hashes \\(first on line 3\\) with unhashed values \\(first on line ${line}\\)`),
  },
  {
    name: 'an unclosed quote mid-file',
    args: () => {
      const { file, line } = withLine(2_000, `07405 263100,q@example.com,"Open,B,C,yes,`, 'unclosed.csv', { quotes: false })
      return { args: prepare('--customers', file), line }
    },
    code: 1,
    message: (line) => new RegExp(`unclosed\\.csv line ${line}: a quoted field is opened and never closed`),
  },
  {
    name: 'an unclosed quote on the last line',
    args: () => {
      const l = [...lines(), `07405 263100,q@example.com,"Open,B,C,yes,`]
      return { args: prepare('--customers', write(l.join('\n') + '\n', 'unclosed-end.csv')), line: lineOf(l, l.length - 1) }
    },
    code: 1,
    message: (line) => new RegExp(`unclosed-end\\.csv line ${line}: a quoted field is opened and never closed`),
  },
  {
    name: 'bytes that are not UTF-8 past the first megabyte',
    args: () => {
      const l = lines(BIG)
      const file = write(Buffer.concat([Buffer.from(l.join('\n') + '\n'), Buffer.from('07405 263199,late@example.com,Ren\xe9,Late,C,yes,\n', 'latin1'), Buffer.from(row(1) + '\n')]), 'late-cp1252.csv')
      return { args: prepare('--customers', file), line: lineOf([...l, ''], l.length) }
    },
    code: 1,
    message: (line) => new RegExp(`late-cp1252\\.csv line ${line}: bytes that are not UTF-8, though the start of the file is`),
  },
  {
    name: 'a last character cut short',
    args: () => {
      const l = [...lines(), '07405 263199,cut@example.com,Zo']
      return { args: prepare('--customers', write(Buffer.concat([Buffer.from(l.join('\n')), Buffer.from([0xc3])]), 'truncated.csv')), line: lineOf(l, l.length - 1) }
    },
    code: 1,
    message: (line) => new RegExp(`truncated\\.csv line ${line}: the file ends in the middle of a UTF-8 character`),
  },
  {
    name: 'NUL bytes',
    args: () => noLine(prepare('--customers', write(Buffer.concat([Buffer.from(HEAD + '\n'), Buffer.alloc(64, 0), Buffer.from(lines().slice(1).join('\n') + '\n')]), 'nul.csv'))),
    code: 1,
    message: () => /nul\.csv contains NUL bytes/,
  },
  {
    name: 'no phone or email column',
    args: () => noLine(prepare('--customers', write(lines({ quotes: false }).map((l) => l.split(',').slice(2).join(',')).join('\n') + '\n', 'no-identifier.csv'))),
    code: 1,
    message: () => /no-identifier\.csv line 1: no phone or email column/,
  },
  {
    name: 'no header row',
    args: () => noLine(prepare('--customers', write(lines().slice(1).join('\n') + '\n', 'headerless.csv'))),
    code: 1,
    message: () => /headerless\.csv line 1: the first line holds contact data/,
  },
  {
    name: 'too many malformed rows for --max-reject-rate',
    args: () => noLine([...prepare('--customers', write(lines().map((l, i) => (i > 0 && i % 3 === 0 ? `${l},stray` : l)).join('\n') + '\n', 'ragged.csv')), '--max-reject-rate', '0.2']),
    code: 3,
    message: () => /% of input rows were rejected, more than --max-reject-rate 0\.2; nothing was written/,
  },
  {
    name: 'export: a digest late in the phone column',
    args: () => {
      const { file, line } = withLine(3_500, `${digest},late@example.com,A,B,C,yes,`, 'export-hashed-phone.csv')
      return { args: ['export', '--target', 'meta', '-c', 'GB', '-o', '{out}', file], line }
    },
    code: 1,
    message: (line) => new RegExp(`export-hashed-phone\\.csv line ${line}: column "phone" holds a SHA-256 hash where a phone number is expected`),
  },
]

describe('bad inputs: the same refusal with and without workers', () => {
  for (const c of REFUSED) {
    test(c.name, async () => {
      const { args, line } = c.args()
      const [serial, workers] = await bothWays(args, 1)
      for (const [way, { r, out }] of [['--threads 0', serial!], ['workers', workers!]] as const) {
        assert.equal(r.code, c.code, `${way}: ${r.stderr}`)
        assert.match(r.stderr, c.message(line), way)
        assert.ok(!fs.existsSync(out), `${way}: nothing written`)
        assert.deepEqual(leftovers(out), [], `${way}: no temporary folder or lock left`)
      }
      assert.equal(workers!.r.stderr, serial!.r.stderr.replaceAll(serial!.out, workers!.out), 'the same sentence')
    })
  }
})

function assertSameFolders(a: string, b: string): void {
  assert.deepEqual(listFiles(b), listFiles(a))
  for (const f of listFiles(a).filter((x) => x !== 'manifest.json')) {
    assert.ok(fs.readFileSync(path.join(b, f)).equals(fs.readFileSync(path.join(a, f))), `${f} differs`)
  }
  const [ma, mb] = [a, b].map((d) => JSON.parse(fs.readFileSync(path.join(d, 'manifest.json'), 'utf8')))
  assert.deepEqual(mb.inputs, ma.inputs, 'same rows, bytes and SHA-256 per input')
  assert.deepEqual(mb.outputs, ma.outputs)
}

// One worker reads every chunk and renders every block on the worker path; two (the first and the last case)
// also let chunks and blocks finish out of order, which the main thread must put back in file order.
const GOOD: Array<{ name: string; args: () => string[]; workers?: number }> = [
  { name: 'the export with malformed rows, blank lines, quoted line breaks and odd consent', args: () => prepare('--customers', write(lines().join('\n') + '\n')), workers: 2 },
  { name: 'CRLF line ends', args: () => prepare('--customers', write(lines().join('\r\n') + '\r\n')) },
  { name: 'CR line ends (Excel for Mac)', args: () => prepare('--customers', write(lines({ quotes: false }).join('\r') + '\r')) },
  { name: 'a UTF-8 byte-order mark', args: () => prepare('--customers', write('\ufeff' + lines().join('\n') + '\n')) },
  { name: 'Windows-1252', args: () => prepare('--customers', write(Buffer.from(lines().map((l) => l.replace('Adébáyọ̀', 'René')).join('\r\n') + '\r\n', 'latin1'))) },
  { name: 'semicolons', args: () => prepare('--customers', write(lines().map((l) => l.replaceAll(',', ';').replace('"Smith; Jr."', '"Smith, Jr."')).join('\n') + '\n')) },
  {
    name: 'duplicate header names (both phone and email columns read)',
    args: () => prepare('--followers', write(lines().map((l, i) => (i === 0 ? `${l},phone,email` : `${l},07700 ${900000 + i},alt${i}@example.net`)).join('\n') + '\n')),
  },
  { name: 'a stray quote mid-file that a later quote closes', args: () => prepare('--customers', withLine(2_000, `07405 263100,q@example.com,"Open,B,C,yes,`, 'stray-quote.csv').file) },
  { name: 'a NUL byte past the first megabyte (read as data both ways)', args: () => prepare('--customers', withLine(19_000, '07405 263100,nul@example.com,A\u0000B,B,C,yes,', 'late-nul.csv', BIG).file) },
  { name: 'an email column all hashed', args: () => prepare('--customers', write(lines().map((l, i) => (i === 0 ? l : l.replace(/p\d+@example\.com|P\d+@Example\.COM/, digest))).join('\n') + '\n')) },
  {
    name: 'customers and followers beside a suppression list',
    workers: 2,
    args: () => [...prepare('--customers', write(lines().join('\n') + '\n'), '--followers', write(lines({ from: 2_000 }).join('\n') + '\n')), '--suppress', 'fixtures/suppress.csv'],
  },
]

describe('good inputs: byte-identical outputs with and without workers', () => {
  for (const c of GOOD) {
    test(c.name, async () => {
      const [serial, workers] = await bothWays(c.args(), c.workers ?? 1)
      assert.equal(serial!.r.code, 0, serial!.r.stderr)
      assert.equal(workers!.r.code, 0, workers!.r.stderr)
      assertSameFolders(serial!.out, workers!.out)
    })
  }

  test('export --target meta', async () => {
    const input = write(lines().join('\n') + '\n')
    const [serial, workers] = await bothWays(['export', '--target', 'meta', '-c', 'GB', '-o', '{out}', '--suppress', 'fixtures/suppress.csv', input])
    assert.equal(serial!.r.code, 0, serial!.r.stderr)
    assert.equal(workers!.r.code, 0, workers!.r.stderr)
    assert.ok(fs.readFileSync(workers!.out).equals(fs.readFileSync(serial!.out)))
    assert.equal(workers!.r.stderr.replaceAll(workers!.out, serial!.out), serial!.r.stderr)
  })
})

describe('normalize and inspect run the same intake step', () => {
  test('normalize refuses a hashed phone column with prepare\'s sentence, and writes nothing', async () => {
    const { file, line } = withLine(3_500, `${digest},late@example.com,A,B,C,yes,`, 'normalize-hashed.csv')
    const out = path.join(tmp, 'normalized.csv')
    const r = await runInProcess(['normalize', '-c', 'GB', '-o', out, file])
    const p = await runInProcess(prepare('--customers', file).map((a) => (a === '{out}' ? path.join(tmp, 'never') : a)))
    assert.equal(r.code, 1, r.stderr)
    assert.match(r.stderr, new RegExp(`normalize-hashed\\.csv line ${line}: column "phone" holds a SHA-256 hash`))
    assert.equal(r.stderr, p.stderr)
    assert.ok(!fs.existsSync(out))
  })

  test('inspect reports what prepare would refuse, and still profiles the file', () => {
    const { file, line } = withLine(1, `07405 263100,${digest},A,B,C,yes,`, 'inspect-mixed.csv')
    const r = run(['inspect', '--json', '-c', 'GB', file])
    assert.equal(r.code, 0, r.stderr)
    const [profile] = JSON.parse(r.stdout).inputs
    assert.equal(profile.rows, lines().filter((l) => l !== ',,,,,,').length - 1, 'every row read (blank lines are not rows)')
    assert.ok(
      profile.warnings.includes(`prepare would refuse this file: ${file} line ${line + 1}: column "email" mixes SHA-256 hashes (first on line ${line}) with unhashed values (first on line ${line + 1}); give the column all hashed or all unhashed, e.g. export it again without hashing.`),
      profile.warnings.join('\n'),
    )
  })
})
