// Test helpers: where the repository is, and running the built binary the way a user does.

import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { CsvRow } from '../src/core/csv-row.js'
import { FastCsvParser } from '../src/io/fast-csv.js'

/** The repository root (tests run from dist/test/…). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const BIN = path.join(ROOT, 'bin', 'wa-audience.js')

export interface RunResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs `wa-audience ARGS` from the repository root, with no TTY and stdin closed (as cron does). */
export function run(args: string[], options: { input?: string | Buffer; env?: NodeJS.ProcessEnv; cwd?: string } = {}): RunResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? '',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
}

/** A fresh temporary folder, removed by the caller's `after`. */
export function tempDir(prefix = 'wa-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix))
}

export function fixture(name: string): string {
  return path.join('fixtures', name)
}

/** Compares `actual` with the expected file, or writes it when UPDATE_EXPECTED=1 (then review the diff). */
export function expectedFile(rel: string, actual: string): string {
  const p = path.join(ROOT, 'test', 'expected', rel)
  if (process.env.UPDATE_EXPECTED === '1') {
    fs.mkdirSync(path.dirname(p), { recursive: true })
    fs.writeFileSync(p, actual)
  }
  return fs.readFileSync(p, 'utf8')
}

/** Parses a small CSV without quotes-in-quotes subtleties for assertions (test data is simple). */
export function csvRows(text: string): string[][] {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => l.split(','))
}

/** Every file below `dir`, as paths relative to it with `/`, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = []
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name
      if (e.isDirectory()) walk(r)
      else out.push(r)
    }
  }
  walk('')
  return out.sort()
}

/** What a run leaves beside `out` when it does not clean up: temporary siblings (`.NAME.wa-tmp-*`) and the lock. */
export function leftovers(out: string): string[] {
  const base = path.basename(out)
  return fs.readdirSync(path.dirname(out)).filter((n) => n.startsWith(`.${base}.wa-`))
}

/** A refusal as the bad-input corpus requires it: one sentence on stderr, no stack trace, no personal data. */
export function assertOneCleanSentence(r: RunResult): void {
  const lines = r.stderr.trim().split('\n').filter((l) => !l.startsWith('(run with'))
  assert.equal(lines.length, 1, `one sentence: ${r.stderr}`)
  assert.match(lines[0]!, /^(wa-audience: |error: )/)
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace')
  assert.doesNotMatch(r.stderr, /internal error/)
  assert.doesNotMatch(r.stderr, /\d{7}/, 'no phone number')
  assert.doesNotMatch(r.stderr, /[^\s*"(]@[^\s*]+\.[a-z]{2,}/i, 'no email address')
}

/**
 * `cells` as the readers hand a row on (src/core/csv-row.ts): a quote-free line split by the CSV splitter
 * itself where the cells can be written as one (no delimiter, quote or line end in them), so that the core's
 * tests read rows in the form most rows of a file take; else the cells kept as they are (a quoted line's form).
 */
export function rowOf(cells: readonly string[], delimiter = ','): CsvRow {
  const text = cells.join(delimiter)
  if (text === '' || cells.some((c) => c.includes(delimiter) || /["\r\n]/.test(c))) return CsvRow.of([...cells])
  let row: CsvRow | null = null
  const p = new FastCsvParser(delimiter)
  p.push(text + '\n', (r) => (row = r))
  assert.ok(row !== null)
  return row
}
