// The worker-thread reading of big files (pipeline/parallel/) must decide exactly what the main thread
// decides: the fixtures, cut into tiny chunks and read by workers, give byte-identical outputs. In-process:
// the tuning knobs are settings (hidden flags), so one run lowers them without touching the environment.

import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, test } from 'node:test'
import { fixture, listFiles, ROOT, tempDir } from '../helpers.js'
import { runInProcess } from '../in-process.js'

process.chdir(ROOT)
const tmp = tempDir()
after(() => fs.rmSync(tmp, { recursive: true, force: true }))

// Forces the worker path on files of any size, in chunks of about 200 bytes (a few records each).
const FORCE = ['--parallel-min-bytes', '0', '--chunk-bytes', '200']

const INPUTS = [
  ['--customers', fixture('shopify-customers.csv')],
  ['--customers', fixture('shopify-customers-legacy.csv')],
  ['--followers', fixture('meta-leads-sheets.csv')],
  ['--followers', fixture('meta-leads-excel.csv'), '--country', 'FR'],
  ['--customers', fixture('generic-contactos-es.csv')],
  ['--customers', fixture('klaviyo-profiles.csv')],
  ['--customers', fixture('hubspot-contacts.csv')],
  // Issue 16: a consent question found by its words, ambiguous dates counted in the report, an email column
  // found by its values, on the worker path as on the main thread.
  ['--followers', fixture('meta-leads-center-es.csv'), '--country', 'ES'],
  ['--followers', fixture('meta-leads-pt-utf16.csv'), '--country', 'BR'],
  ['--customers', fixture('generic-kontakt-de.csv'), '--country', 'DE'],
]

/** The same files, byte for byte, but manifest.json (it holds the run's time). */
function assertSameFolder(many: string, one: string): void {
  assert.deepEqual(listFiles(many), listFiles(one))
  for (const f of listFiles(one).filter((x) => x !== 'manifest.json')) assert.equal(fs.readFileSync(path.join(many, f), 'utf8'), fs.readFileSync(path.join(one, f), 'utf8'), f)
}

for (const args of INPUTS) {
  test(`worker threads read ${args[1]} exactly as the main thread does`, async () => {
    const name = path.basename(args[1]!)
    const one = path.join(tmp, `${name}-main`)
    const many = path.join(tmp, `${name}-workers`)
    const common = ['prepare', ...args, '--suppress', fixture('suppress.csv'), '--country', 'GB', '-q', '--targets', 'whatsapp,meta,google']
    const a = await runInProcess([...common, '--out', one, '--threads', '0'])
    const b = await runInProcess([...common, '--out', many, '--threads', '2', ...FORCE])
    assert.equal(a.code, 0, a.stderr)
    assert.equal(b.code, 0, b.stderr)
    assertSameFolder(many, one)
    const [ma, mb] = [one, many].map((d) => JSON.parse(fs.readFileSync(path.join(d, 'manifest.json'), 'utf8')))
    assert.deepEqual(mb.inputs, ma.inputs, 'same rows, bytes and SHA-256 per input')
  })
}

test('an unclosed quote found by a worker is the same one-sentence error', async () => {
  const r = await runInProcess(['prepare', '--customers', fixture('bad/unclosed-quote.csv'), '--out', path.join(tmp, 'bad'), '--threads', '2', ...FORCE])
  assert.equal(r.code, 1)
  assert.match(r.stderr, /unclosed-quote\.csv line 3: a quoted field is opened and never closed/)
  assert.ok(!fs.existsSync(path.join(tmp, 'bad')))
})

test("bytes that are not UTF-8 and a cut last character, found by a worker, are the main thread's sentences", async () => {
  const head = 'phone,email,first_name,last_name,whatsapp_opt_in\n'
  const rows = Array.from({ length: 40_000 }, (_, i) => `07405 ${String(260000 + (i % 9000))},p${i}@example.com,P,N,yes\n`).join('')
  // Past the first megabyte, which sniffing reads as UTF-8.
  const late = path.join(tmp, 'late-cp1252.csv')
  fs.writeFileSync(late, Buffer.concat([Buffer.from(head + rows), Buffer.from('07405 263199,late@example.com,Ren\xe9,Late,yes\n', 'latin1')]))
  for (const [input, message] of [
    [late, /late-cp1252\.csv line 40002: bytes that are not UTF-8, though the start of the file is; .*--encoding windows-1252\.$/m],
    [fixture('bad/truncated-utf8.csv'), /truncated-utf8\.csv line 3: the file ends in the middle of a UTF-8 character, so it looks cut short; export or download it again\.$/m],
  ] as const) {
    for (const threads of ['0', '2']) {
      const out = path.join(tmp, `utf8-${threads}`)
      const r = await runInProcess(['prepare', '--customers', input, '--out', out, '-c', 'GB', '--threads', threads, '--parallel-min-bytes', '0'])
      assert.equal(r.code, 1, r.stderr)
      assert.match(r.stderr, message, `--threads ${threads}`)
      assert.ok(!fs.existsSync(out))
    }
  }
})

test('join reads through the workers too, keeping every cell', async () => {
  const args = ['join', '--customers', fixture('shopify-customers.csv'), '--followers', fixture('meta-leads-sheets.csv'), '--country', 'GB', '-q']
  const a = await runInProcess([...args, '--threads', '0'])
  const b = await runInProcess([...args, '--threads', '2', ...FORCE])
  assert.equal(a.code, 0, a.stderr)
  assert.equal(b.code, 0, b.stderr)
  assert.ok(a.stdout.split('\n').length > 10, 'people written')
  assert.equal(b.stdout, a.stdout)
})

test('the output pass in worker threads writes the files of a single-threaded run', async () => {
  const args = ['prepare', '--customers', fixture('shopify-customers.csv'), '--followers', fixture('meta-leads-sheets.csv'), '--suppress', fixture('suppress.csv'), '--country', 'GB', '-q', '--targets', 'whatsapp,meta,google,tiktok,meta-api,whatsapp-cloud', '--template', 'spring_sale', '--lang', 'en_GB', '--param', 'first_name']
  const one = path.join(tmp, 'render-main')
  const many = path.join(tmp, 'render-workers')
  const a = await runInProcess([...args, '--out', one, '--threads', '0'])
  // Blocks of people are rendered by the workers (the minimum lowered to the fixtures' size).
  const b = await runInProcess([...args, '--out', many, '--threads', '2', ...FORCE, '--parallel-min-people', '0', '--block-people', '3'])
  assert.equal(a.code, 0, a.stderr)
  assert.equal(b.code, 0, b.stderr)
  assertSameFolder(many, one)
})

test('the tuning knobs are checked like any flag, and hidden from --help', async () => {
  const r = await runInProcess(['prepare', '--customers', fixture('shopify-customers.csv'), '--out', path.join(tmp, 'knob'), '--chunk-bytes', '0'])
  assert.equal(r.code, 2)
  assert.match(r.stderr, /--chunk-bytes 0: give a whole number of at least 1\./)
  assert.ok(!fs.existsSync(path.join(tmp, 'knob')))
})

test('the hashed-column guard holds when workers read the file (issue 15)', async () => {
  const head = 'phone,email,first_name,last_name,whatsapp_opt_in\n'
  const rows = Array.from({ length: 5_000 }, (_, i) => `${i === 3_000 ? 'e'.repeat(64) : `07405 ${String(260000 + (i % 9000))}`},p${i}@example.com,P,N,yes\n`).join('')
  const input = path.join(tmp, 'hashed-phone.csv')
  fs.writeFileSync(input, head + rows)
  for (const threads of ['0', '2']) {
    const out = path.join(tmp, `hashed-${threads}`)
    const r = await runInProcess(['prepare', '--customers', input, '--out', out, '-c', 'GB', '--threads', threads, '--parallel-min-bytes', '0', '--chunk-bytes', '20000'])
    assert.equal(r.code, 1, `--threads ${threads}: ${r.stderr}`)
    assert.match(r.stderr, /hashed-phone\.csv line 3002: column "phone" holds a SHA-256 hash where a phone number is expected/, `--threads ${threads}`)
    assert.ok(!fs.existsSync(out))
  }
})

test("when two inputs read by the workers both hold an error, the first input's is the one reported, as with --threads 0", async () => {
  // The workers read the next input's chunks while the last ones of the input before it are still in flight
  // (resolve.ts, InOrder): the first file's error, in its last chunk, must win over the refusal in the second
  // file's only chunk, which a worker finds at once.
  const head = 'phone,email,first_name,last_name,whatsapp_opt_in\n'
  const rows = Array.from({ length: 3_000 }, (_, i) => `07405 ${String(260000 + (i % 9000))},p${i}@example.com,P,N,yes\n`).join('')
  const first = path.join(tmp, 'first-cut-short.csv')
  fs.writeFileSync(first, Buffer.concat([Buffer.from(head + rows + '07405 263199,last@example.com,Ren'), Buffer.from([0xc3])]))
  // The second file's refusal (a hashed phone, the guard of issue 15) is met in its first chunk.
  const second = path.join(tmp, 'second-hashed.csv')
  fs.writeFileSync(second, `${head}07405 260001,a@example.com,A,N,yes\n${'e'.repeat(64)},b@example.com,B,N,yes\n`)
  for (const threads of ['0', '2']) {
    const out = path.join(tmp, `two-errors-${threads}`)
    const r = await runInProcess(['prepare', '--customers', first, '--followers', second, '--out', out, '-c', 'GB', '--threads', threads, ...FORCE])
    assert.equal(r.code, 1, r.stderr)
    assert.match(r.stderr, /first-cut-short\.csv line 3002: the file ends in the middle of a UTF-8 character/, `--threads ${threads}`)
    assert.doesNotMatch(r.stderr, /second-hashed/)
    assert.ok(!fs.existsSync(out))
  }
})
