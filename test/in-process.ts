// Running the CLI's main() in the test's own process: the function bin/wa-audience.js runs, so exit codes and
// messages are the binary's, without half a second of start-up per run. stderr is captured for the call; the
// exit code is read from process.exitCode and put back. Runs must not overlap (tests in a file run one after
// the other), and must not write stdout (give -o FILE; no --json): under node --test, stdout carries the
// test reports. What a command prints on stdout is checked by spawning it (helpers.ts run()).

import { main } from '../src/cli.js'
import type { RunResult } from './helpers.js'

// main() listens for stdout errors on every call.
process.stdout.setMaxListeners(1000)

/** `wa-audience ARGS`, in-process, with paths relative to the current folder. */
export async function runInProcess(args: string[]): Promise<RunResult> {
  const err: string[] = []
  const original = process.stderr.write
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    err.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
    const done = rest.find((x) => typeof x === 'function') as (() => void) | undefined
    if (done) process.nextTick(done)
    return true
  }) as typeof process.stderr.write
  const before = process.exitCode
  process.exitCode = undefined
  try {
    await main(['node', 'wa-audience', ...args])
  } finally {
    process.stderr.write = original
  }
  const code = Number(process.exitCode ?? 0)
  process.exitCode = before
  return { code, stdout: '', stderr: err.join('') }
}
