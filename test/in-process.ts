// Running the CLI's main() in the test's own process: the function bin/wa-audience.js runs, so exit codes and
// messages are the binary's, without half a second of start-up per run. stderr is captured for the call; what a
// command writes to stdout goes to a buffer main() is given (RunContext.stdout), never to the process's stdout,
// which under node --test carries the test reports. The exit code is read from process.exitCode and put back.
// Runs are queued, never overlap. stdin is not fed: a case that pipes data in,
// needs a TTY or sends a signal spawns the binary (helpers.ts run()).

import { Writable } from 'node:stream'
import { main } from '../src/cli.js'
import type { RunResult } from './helpers.js'

// main() listens for stdout errors on every call.
process.stdout.setMaxListeners(1000)

type InProcessResult = RunResult & { stdoutBytes: Buffer }

// One run at a time: stderr and the exit code are the process's own. Suites that run the CLI while they are
// declared (an async describe) would otherwise overlap.
let queue: Promise<unknown> = Promise.resolve()

/** `wa-audience ARGS`, in-process, with paths relative to the current folder. */
export function runInProcess(args: string[]): Promise<InProcessResult> {
  const next = queue.then(() => runNow(args))
  queue = next.catch(() => {})
  return next
}

async function runNow(args: string[]): Promise<InProcessResult> {
  const err: string[] = []
  const out: Buffer[] = []
  const stdout = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      out.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk))
      done()
    },
  })
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
    await main(['node', 'wa-audience', ...args], { stdout })
  } finally {
    process.stderr.write = original
  }
  const code = Number(process.exitCode ?? 0)
  process.exitCode = before
  const bytes = Buffer.concat(out)
  return { code, stdout: bytes.toString('utf8'), stdoutBytes: bytes, stderr: err.join('') }
}
