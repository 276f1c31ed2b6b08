// The program: registers the subcommands and maps errors to exit codes. This is the only place that decides
// an exit code (design.md): 0 done, 1 input could not be processed, 2 wrong usage, 3 a guard tripped,
// 130 interrupted. Errors are one plain sentence on stderr; a stack trace only with --verbose.

import { createRequire } from 'node:module'
import { Command, CommanderError } from 'commander'
import { InputError, InterruptedError, WaError, type ErrorKind } from './core/errors.js'
import { escapeControls, escapeLines } from './core/mask.js'
import type { RunContext } from './commands/context.js'
import { completionCommand } from './commands/completion.js'
import { dedupeCommand } from './commands/dedupe.js'
import { diffCommand } from './commands/diff.js'
import { exportCommand } from './commands/export.js'
import { inspectCommand } from './commands/inspect.js'
import { joinCommand } from './commands/join.js'
import { normalizeCommand } from './commands/normalize.js'
import { prepareCommand } from './commands/prepare.js'

const require = createRequire(import.meta.url)
const { version } = require('../../package.json') as { version: string }

const EXIT: Record<ErrorKind, number> = { input: 1, usage: 2, guard: 3, interrupted: 130 }

/** Commander's own messages quote the arguments (`unknown option '…'`): their control characters are escaped. */
const SAFE_OUTPUT = { writeErr: (s: string) => void process.stderr.write(escapeLines(s)) }

/**
 * A message as it reaches stderr: one line, its control characters escaped. The messages escape and mask
 * the text of files where they quote it (core/mask.ts, shown()); this is the last resort for anything that
 * still carries a control character (a file name given on the command line, a ZIP member's name, an error
 * text of the system), so that no terminal ever receives an escape sequence from a run's input.
 */
function errLine(text: string): string {
  return `wa-audience: ${escapeControls(text)}\n`
}

export function buildProgram(ctx: RunContext): Command {
  const program = new Command('wa-audience')
    .description('Turn contact exports into clean, deduplicated, consent-checked WhatsApp and ad-platform audiences, locally.')
    .version(version, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'before',
      `Examples:
  $ wa-audience prepare --customers shop.csv --followers leads.csv --country GB --out audience-out
  $ wa-audience normalize --country GB leads.csv | wa-audience dedupe | wa-audience export --target whatsapp > wa.csv
  $ wa-audience join --customers shop.csv --followers leads.csv -c GB | wa-audience export --target meta > meta.csv
`,
    )
    .exitOverride()
  // Help and the version are the command's output: they go where its data goes (ctx.stdout); commander's own
  // errors go to stderr escaped (SAFE_OUTPUT).
  const output = { ...SAFE_OUTPUT, writeOut: (s: string) => void ctx.stdout.write(s) }
  program.configureOutput(output)
  // One list registers every subcommand; each lives in src/commands/<name>.ts.
  const commands = [prepareCommand(ctx), normalizeCommand(ctx), dedupeCommand(ctx), joinCommand(ctx), exportCommand(ctx), diffCommand(ctx), inspectCommand(ctx), completionCommand(ctx, () => program)]
  for (const cmd of commands) program.addCommand(cmd.exitOverride().showHelpAfterError('(run with --help for usage)').configureOutput(output))
  return program
}

/**
 * Runs the CLI and sets process.exitCode; never calls process.exit with work in flight, so buffered output is
 * never lost. The first Ctrl-C (or SIGTERM, as cron and systemd send) asks the run to stop: it stops between
 * batches, removes its temporary output and exits 130. A second Ctrl-C exits at once.
 */
export async function main(argv: string[], io: { stdout?: NodeJS.WritableStream } = {}): Promise<void> {
  const stdout = io.stdout ?? process.stdout
  const verbose = argv.includes('-v') || argv.includes('--verbose')
  // Writing into a closed pipe (`| head`) is not an error: stop writing, keep the exit code. Any other write
  // error (a full disk behind `> file`, an I/O error) stops the writers too (io/stdout-sink.ts) and fails the
  // run once the command has returned; it used to be thrown from this handler, a crash with a stack trace.
  let stdoutError: NodeJS.ErrnoException | undefined
  stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') stdoutError ??= e
  })
  const stop = new AbortController()
  const onSignal = () => {
    if (stop.signal.aborted) process.exit(130)
    stop.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  const ctx: RunContext = {
    signal: stop.signal,
    now: () => new Date(),
    version,
    env: process.env,
    stderr: process.stderr,
    stdout,
    stdinIsTTY: process.stdin.isTTY === true,
  }
  let failure: unknown = null
  try {
    await buildProgram(ctx).parseAsync(argv)
    if (stop.signal.aborted) throw new InterruptedError()
  } catch (e) {
    failure = e
  }
  try {
    await stdoutSettled(stdout)
    // A failed stdout is the cause of whatever the command then ran into.
    if (stdoutError) failure = stdoutFailure(stdoutError)
    if (failure !== null) process.exitCode = exitCodeFor(failure, verbose)
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

/** Resolves once what was written to stdout has been handed on, or has failed (its error is then known). */
function stdoutSettled(stdout: NodeJS.WritableStream): Promise<void> {
  const s = stdout as NodeJS.WritableStream & { destroyed?: boolean }
  return new Promise((resolve) => {
    // A failed write destroys the stream at once but emits its error on the next tick.
    if (s.destroyed || !s.writable) return void setImmediate(resolve)
    s.write('', () => setImmediate(resolve))
  })
}

function stdoutFailure(e: NodeJS.ErrnoException): InputError {
  const why = e.code === 'ENOSPC' ? 'the disk is full' : e.code === 'EFBIG' ? 'the file is larger than this system allows' : (e.code ?? e.message)
  return new InputError(
    `Cannot write to stdout (${why}): what was written is incomplete; free some space or write with -o FILE (written whole or not at all), and run again.`,
    { file: 'stdout' },
    { cause: e },
  )
}

function exitCodeFor(e: unknown, verbose: boolean): number {
  if (e instanceof CommanderError) {
    // Commander has already printed its message (or the help / version text).
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0
    return 2
  }
  if (e instanceof WaError) {
    process.stderr.write(errLine(e.message))
    if (verbose && e.cause) process.stderr.write(`${escapeLines((e.cause as Error).stack ?? String(e.cause))}\n`)
    return EXIT[e.kind]
  }
  const err = e as Error
  process.stderr.write(errLine(`internal error: ${err?.message ?? String(e)}; run again with --verbose and report it.`))
  if (verbose && err?.stack) process.stderr.write(escapeLines(err.stack) + '\n')
  return 1
}
