// What the tool says to a person: colour policy and the stderr logger. Data goes to stdout only when a
// command writes its output there; everything said to people goes to stderr, so pipes stay clean.
// Colour only on a TTY, never with NO_COLOR or --no-color, always with FORCE_COLOR.

import { Chalk, type ChalkInstance } from 'chalk'
import { escapeControls } from '../core/mask.js'

export interface TerminalFlags {
  quiet?: boolean
  verbose?: boolean
  color?: boolean
}

export function colorLevel(stream: NodeJS.WriteStream, flags: TerminalFlags, env: NodeJS.ProcessEnv = process.env): 0 | 1 | 2 | 3 {
  if (flags.color === false) return 0
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0
  const force = env.FORCE_COLOR
  if (force !== undefined) return force === '0' || force === 'false' ? 0 : 1
  return stream.isTTY ? 1 : 0
}

export class Terminal {
  readonly c: ChalkInstance
  constructor(
    readonly flags: TerminalFlags,
    private readonly err: NodeJS.WriteStream = process.stderr,
  ) {
    this.c = new Chalk({ level: colorLevel(err, flags) })
  }

  // Every line is escaped (core/mask.ts) as a last resort: a line can name a file or quote a column, and a
  // control character in one must not reach the terminal. Colour is added after, by styled() or here.

  /** A line for people; silent with --quiet. */
  info(line: string): void {
    if (!this.flags.quiet) this.err.write(escapeControls(line) + '\n')
  }

  /** A line for people already escaped, coloured by its caller (`escaped` holds the parts from elsewhere). */
  styled(render: (escaped: (s: string) => string) => string): void {
    if (!this.flags.quiet) this.err.write(render(escapeControls) + '\n')
  }

  /** Detail only with --verbose. */
  detail(line: string): void {
    if (this.flags.verbose && !this.flags.quiet) this.err.write(this.c.dim(escapeControls(line)) + '\n')
  }

  warn(line: string): void {
    if (!this.flags.quiet) this.err.write(this.c.yellow('warning: ') + escapeControls(line) + '\n')
  }
}
