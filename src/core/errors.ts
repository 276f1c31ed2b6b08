// Typed errors with stable kinds. Library code throws these; only src/cli.ts turns a kind into an exit
// code and prints the message (design.md: one exit point). Messages are one plain sentence that names the
// file, the line and the fix, and never contain raw phone numbers or emails (use core/mask.ts).

export type ErrorKind = 'input' | 'usage' | 'guard' | 'interrupted'

export class WaError extends Error {
  readonly kind: ErrorKind
  constructor(kind: ErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.kind = kind
    this.name = 'WaError'
  }
}

/** The input could not be processed: unreadable, malformed, unknown encoding, no identifier column. Exit 1. */
export class InputError extends WaError {
  readonly file: string | undefined
  readonly line: number | undefined
  constructor(message: string, where: { file?: string; line?: number } = {}, options?: { cause?: unknown }) {
    super('input', message, options)
    this.file = where.file
    this.line = where.line
    this.name = 'InputError'
  }
}

/** Wrong usage: unknown flag, bad value, missing input. Exit 2. */
export class UsageError extends WaError {
  constructor(message: string) {
    super('usage', message)
    this.name = 'UsageError'
  }
}

/** A safety guard tripped (`--max-reject-rate`). Exit 3, nothing written. */
export class GuardError extends WaError {
  constructor(message: string) {
    super('guard', message)
    this.name = 'GuardError'
  }
}

/** The run was interrupted (Ctrl-C). Exit 130, nothing written. */
export class InterruptedError extends WaError {
  constructor(message = 'Interrupted; nothing was written.') {
    super('interrupted', message)
    this.name = 'InterruptedError'
  }
}

/** Names a file and line the way every message does: `leads.csv line 12`. */
export function where(file: string, line?: number): string {
  return line === undefined ? file : `${file} line ${line}`
}

/** Throws InterruptedError once the run was asked to stop (Ctrl-C, SIGTERM): checked between batches. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new InterruptedError()
}
