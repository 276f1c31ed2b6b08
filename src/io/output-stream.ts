// Where a command that writes one CSV sends it: stdout, or `-o FILE`. Both take text chunks and honour
// back-pressure, so a command streams a file of any size with one batch in memory.
//
// `-o FILE` is written like the output folder (output-folder.ts): a private (0600) temporary sibling that
// replaces FILE only once complete, so a crash or a full disk never leaves a half-written file where a cron
// job or an uploader would pick it up. Because the rename comes last, `-o` may even name the input file.
// stdout closed early (`| head`) is not an error: the sink says so, and the command stops reading.

import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { InputError, UsageError } from '../core/errors.js'

export interface TextSink {
  /** Writes a chunk, waiting while the consumer is behind. False once the consumer has gone (closed pipe). */
  write(text: string): Promise<boolean>
  /** Completes the output (for a file: fsync and rename into place). */
  finish(): Promise<void>
  /** Gives up: a file's temporary is removed and the target left as it was. */
  abort(): void
  /** Names the output in messages. */
  readonly name: string
}

/** stdout (or another writable stream): waits for 'drain'; a closed pipe ends the output quietly. */
export class StreamSink implements TextSink {
  private gone = false
  readonly name = 'stdout'

  constructor(private readonly stream: NodeJS.WritableStream & { destroyed?: boolean; writableEnded?: boolean } = process.stdout) {
    // EPIPE and its kind mean the reader left (`| head`); cli.ts treats other errors as internal ones.
    stream.on('error', () => {
      this.gone = true
    })
  }

  async write(text: string): Promise<boolean> {
    if (this.gone || this.stream.destroyed || this.stream.writableEnded) return false
    if (this.stream.write(text)) return !this.gone
    await new Promise<void>((resolve) => {
      const done = () => {
        this.stream.off('drain', done)
        this.stream.off('close', done)
        this.stream.off('error', done)
        resolve()
      }
      this.stream.on('drain', done)
      this.stream.on('close', done)
      this.stream.on('error', done)
    })
    return !this.gone && !this.stream.destroyed
  }

  async finish(): Promise<void> {}

  abort(): void {}
}

function writeError(target: string, e: unknown): InputError {
  const code = (e as NodeJS.ErrnoException).code
  const why =
    code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
      ? 'is not writable; choose another -o path or fix the folder\'s permissions'
      : code === 'ENOSPC'
        ? 'cannot be written: the disk is full; free some space and run again'
        : code === 'ENOENT' || code === 'ENOTDIR'
          ? 'cannot be created because its folder does not exist; create the folder or choose another -o path'
          : `cannot be written (${code ?? (e as Error).message})`
  return new InputError(`Output file ${target} ${why}; nothing was written.`, { file: target }, { cause: e })
}

/** `-o FILE`: a 0600 temporary next to FILE, renamed over it by finish(). */
export class AtomicFileSink implements TextSink {
  private fd: number | null
  private readonly tmp: string

  private constructor(
    readonly name: string,
    private readonly target: string,
  ) {
    this.tmp = path.join(path.dirname(target), `.${path.basename(target)}.wa-tmp-${crypto.randomBytes(6).toString('hex')}`)
    try {
      this.fd = fs.openSync(this.tmp, 'wx', 0o600)
    } catch (e) {
      throw writeError(name, e)
    }
  }

  static open(file: string): AtomicFileSink {
    const target = path.resolve(file)
    let stat: fs.Stats | undefined
    try {
      stat = fs.statSync(target)
    } catch {
      /* a new file */
    }
    if (stat?.isDirectory()) throw new UsageError(`-o ${file} is a folder; give a file name, e.g. -o ${path.join(file, 'contacts.csv')}.`)
    return new AtomicFileSink(file, target)
  }

  async write(text: string): Promise<boolean> {
    const b = Buffer.from(text, 'utf8')
    try {
      let off = 0
      while (off < b.length) off += fs.writeSync(this.fd!, b, off)
    } catch (e) {
      this.abort()
      throw writeError(this.name, e)
    }
    return true
  }

  async finish(): Promise<void> {
    try {
      fs.fsyncSync(this.fd!)
      fs.closeSync(this.fd!)
      this.fd = null
      fs.renameSync(this.tmp, this.target)
    } catch (e) {
      this.abort()
      throw writeError(this.name, e)
    }
  }

  abort(): void {
    if (this.fd !== null) {
      try {
        fs.closeSync(this.fd)
      } catch {
        /* already closed */
      }
      this.fd = null
    }
    fs.rmSync(this.tmp, { force: true })
  }
}
