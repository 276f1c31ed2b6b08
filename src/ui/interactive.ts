// When the tool may ask a question (product.md, common options): only when both stdin and stderr are a
// terminal (a person is there to read and answer), and never with -y/--yes or --no-interactive. In a pipe or a
// cron job nothing waits for input: the command fails with the flag that would answer the question.

export interface InteractiveFlags {
  yes?: boolean
  /** Commander's `--no-interactive` sets this false. */
  interactive?: boolean
}

export function canPrompt(flags: InteractiveFlags, stdin: { isTTY?: boolean } = process.stdin, stderr: { isTTY?: boolean } = process.stderr): boolean {
  if (flags.yes || flags.interactive === false) return false
  return stdin.isTTY === true && stderr.isTTY === true
}
