// The program: registers the subcommands and maps errors to exit codes. This is the only place that decides
// an exit code (design.md): 0 done, 1 input could not be processed, 2 wrong usage, 3 a guard tripped,
// 130 interrupted. Errors are one plain sentence on stderr; a stack trace only with --verbose.

import { createRequire } from 'node:module'
import { Command, CommanderError } from 'commander'
import { WaError, type ErrorKind } from './core/errors.js'
import { normalizeCommand } from './commands/normalize.js'
import { prepareCommand } from './commands/prepare.js'

const require = createRequire(import.meta.url)
const { version } = require('../../package.json') as { version: string }

const EXIT: Record<ErrorKind, number> = { input: 1, usage: 2, guard: 3, interrupted: 130 }

export function buildProgram(): Command {
  const program = new Command('wa-audience')
    .description('Turn contact exports into clean, deduplicated, consent-checked WhatsApp and ad-platform audiences, locally.')
    .version(version, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
  // One list registers every subcommand; each lives in src/commands/<name>.ts.
  for (const cmd of [prepareCommand(), normalizeCommand()]) program.addCommand(cmd.exitOverride().showHelpAfterError('(run with --help for usage)'))
  return program
}

/** Runs the CLI and sets process.exitCode; never calls process.exit, so buffered output is never lost. */
export async function main(argv: string[]): Promise<void> {
  const verbose = argv.includes('-v') || argv.includes('--verbose')
  // Writing into a closed pipe (`| head`) is not an error: stop writing, keep the exit code.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e
  })
  try {
    await buildProgram().parseAsync(argv)
  } catch (e) {
    process.exitCode = exitCodeFor(e, verbose)
  }
}

function exitCodeFor(e: unknown, verbose: boolean): number {
  if (e instanceof CommanderError) {
    // Commander has already printed its message (or the help / version text).
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0
    return 2
  }
  if (e instanceof WaError) {
    process.stderr.write(`wa-audience: ${e.message}\n`)
    if (verbose && e.cause) process.stderr.write(`${(e.cause as Error).stack ?? String(e.cause)}\n`)
    return EXIT[e.kind]
  }
  const err = e as Error
  process.stderr.write(`wa-audience: internal error: ${err?.message ?? String(e)}; run again with --verbose and report it.\n`)
  if (verbose && err?.stack) process.stderr.write(err.stack + '\n')
  return 1
}
