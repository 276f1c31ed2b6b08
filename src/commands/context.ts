// What a command receives from the program instead of reaching for globals (design.md: data passed in, not
// reached for): the stop signal (Ctrl-C), the clock, the version, the environment and the terminal.

export interface RunContext {
  /** Aborted on the first Ctrl-C or SIGTERM: the run stops between batches and writes nothing. */
  signal: AbortSignal
  now(): Date
  version: string
  env: NodeJS.ProcessEnv
  stderr: NodeJS.WriteStream
  /** Where data goes without -o (process.stdout; a buffer when the tests run the CLI in-process). */
  stdout: NodeJS.WritableStream
  stdinIsTTY: boolean
}
