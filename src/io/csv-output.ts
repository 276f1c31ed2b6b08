// Where a pipe command's CSV goes: stdout (the default, so commands compose) or `-o FILE`, written to a
// temporary sibling with mode 0600 and renamed into place only when complete. Writing into a closed pipe
// (`| head`) stops the writing quietly: it is not an error (product.md, exit codes).

import fs from 'node:fs'
import path from 'node:path'
import { stringify } from 'csv-stringify/sync'
import { InputError } from '../core/errors.js'

export interface CsvOutput {
  write(row: readonly string[]): Promise<void> | void
  /** Finishes the output: flushes stdout, or renames the finished file into place. */
  close(): Promise<void>
  /** Throws the partial file away (the run failed). */
  abort(): void
  /** True once the reader of stdout went away: callers may stop producing. */
  readonly closed: boolean
}

const FLUSH_ROWS = 2048

class StdoutOutput implements CsvOutput {
  private rows: string[][] = []
  closed = false

  constructor(private readonly out: NodeJS.WriteStream) {
    out.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') this.closed = true
    })
  }

  write(row: readonly string[]): Promise<void> | void {
    if (this.closed) return
    this.rows.push(row as string[])
    if (this.rows.length >= FLUSH_ROWS) return this.flush()
  }

  private flush(): Promise<void> | void {
    if (this.rows.length === 0 || this.closed) return
    const ok = this.out.write(stringify(this.rows))
    this.rows = []
    if (!ok) {
      // Back-pressure: wait until the reader has taken what we gave, or has gone away.
      return new Promise<void>((resolve) => {
        const done = () => {
          this.out.off('drain', done)
          this.out.off('close', done)
          this.out.off('error', done)
          resolve()
        }
        this.out.once('drain', done)
        this.out.once('close', done)
        this.out.once('error', done)
      })
    }
  }

  async close(): Promise<void> {
    await this.flush()
  }

  abort(): void {
    this.rows = []
  }
}

class FileOutput implements CsvOutput {
  private rows: string[][] = []
  private readonly fd: number
  private readonly tmp: string
  readonly closed = false

  constructor(private readonly target: string) {
    const abs = path.resolve(target)
    this.tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.wa-tmp-${process.pid}`)
    try {
      if (fs.existsSync(abs) && fs.statSync(abs).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' })
      this.fd = fs.openSync(this.tmp, 'w', 0o600)
    } catch (e) {
      throw outputError(target, e)
    }
  }

  write(row: readonly string[]): void {
    this.rows.push(row as string[])
    if (this.rows.length >= FLUSH_ROWS) this.flush()
  }

  private flush(): void {
    if (this.rows.length === 0) return
    const b = Buffer.from(stringify(this.rows), 'utf8')
    this.rows = []
    try {
      let off = 0
      while (off < b.length) off += fs.writeSync(this.fd, b, off)
    } catch (e) {
      this.abort()
      throw outputError(this.target, e)
    }
  }

  async close(): Promise<void> {
    this.flush()
    try {
      fs.fsyncSync(this.fd)
      fs.closeSync(this.fd)
      fs.renameSync(this.tmp, path.resolve(this.target))
    } catch (e) {
      this.abort()
      throw outputError(this.target, e)
    }
  }

  abort(): void {
    try {
      fs.closeSync(this.fd)
    } catch {
      /* already closed */
    }
    fs.rmSync(this.tmp, { force: true })
  }
}

function outputError(target: string, e: unknown): InputError {
  const code = (e as NodeJS.ErrnoException).code
  const why =
    code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
      ? 'is not writable; choose another -o or fix the folder permissions'
      : code === 'ENOSPC'
        ? 'cannot be written: the disk is full'
        : code === 'ENOENT'
          ? 'cannot be written: its folder does not exist'
          : code === 'EISDIR'
            ? 'is a directory; give a file name'
            : `cannot be written (${code ?? (e as Error).message})`
  return new InputError(`Output ${target} ${why}; nothing was written.`, { file: target })
}

/** `-o FILE`, or stdout when no file (or `-`) is given. */
export function openCsvOutput(file: string | undefined): CsvOutput {
  return file === undefined || file === '-' ? new StdoutOutput(process.stdout) : new FileOutput(file)
}
