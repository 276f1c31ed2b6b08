// The output folder is built in a temporary sibling and swapped into place only when every file is written,
// so a crash, a full disk or Ctrl-C never leaves a half-written audience where an uploader or a cron job
// would pick it up (product.md). Files and folders are private: 0600 and 0700, whatever the umask.

import crypto from 'node:crypto'
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { stringify } from 'csv-stringify/sync'
import { InputError, UsageError } from '../core/errors.js'

/** Files that mark a folder as written by wa-audience: only such a folder is ever replaced. */
const MARKERS = ['report.json', 'manifest.json']

export interface WrittenFile {
  /** Path relative to the output folder, with `/`. */
  file: string
  rows: number
  bytes: number
  sha256: string
}

function writeError(target: string, e: unknown): InputError {
  const code = (e as NodeJS.ErrnoException).code
  const why =
    code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
      ? 'is not writable; choose another --out or fix its permissions'
      : code === 'ENOSPC'
        ? 'cannot be written: the disk is full; free some space and run again'
        : code === 'ENOTDIR'
          ? 'cannot be created because part of its path is a file; choose another --out'
          : `cannot be written (${code ?? (e as Error).message})`
  return new InputError(`Output folder ${target} ${why}; nothing was written.`, { file: target }, { cause: e })
}

/** Refuses an --out that exists and holds files wa-audience did not write: we never replace a user's folder. */
export function checkOutDir(out: string): void {
  let stat: fs.Stats
  try {
    stat = fs.statSync(out)
  } catch {
    return
  }
  if (!stat.isDirectory()) throw new UsageError(`--out ${out} is a file, not a folder; choose a folder name.`)
  const entries = fs.readdirSync(out)
  if (entries.length > 0 && !MARKERS.some((m) => entries.includes(m))) {
    throw new UsageError(`--out ${out} already holds files that wa-audience did not write; choose a new or empty folder.`)
  }
}

export class CsvFileWriter {
  private buffer: string[][] = []
  private rowCount = 0
  private readonly hash = crypto.createHash('sha256')
  private bytes = 0
  private readonly fd: number

  constructor(
    readonly absPath: string,
    readonly file: string,
    header: readonly string[],
  ) {
    this.fd = fs.openSync(absPath, 'wx', 0o600)
    this.emit(stringify([header as string[]]))
  }

  private emit(s: string): void {
    const b = Buffer.from(s, 'utf8')
    this.hash.update(b)
    this.bytes += b.length
    let off = 0
    while (off < b.length) off += fs.writeSync(this.fd, b, off)
  }

  write(row: readonly string[]): void {
    this.buffer.push(row as string[])
    this.rowCount++
    if (this.buffer.length >= 4096) this.flush()
  }

  private flush(): void {
    if (this.buffer.length === 0) return
    this.emit(stringify(this.buffer))
    this.buffer = []
  }

  close(): WrittenFile {
    this.flush()
    fs.fsyncSync(this.fd)
    fs.closeSync(this.fd)
    return { file: this.file, rows: this.rowCount, bytes: this.bytes, sha256: this.hash.digest('hex') }
  }

  /** Closes without caring about the content (the folder is being thrown away). */
  discard(): void {
    try {
      fs.closeSync(this.fd)
    } catch {
      /* already closed */
    }
  }
}

export class OutputFolder {
  readonly written: WrittenFile[] = []
  private readonly open = new Set<CsvFileWriter>()

  private constructor(
    readonly out: string,
    readonly tmp: string,
  ) {}

  /** Creates the temporary sibling folder next to `out` (same filesystem, so the final rename is atomic). */
  static create(out: string): OutputFolder {
    checkOutDir(out)
    const abs = path.resolve(out)
    const parent = path.dirname(abs)
    try {
      fs.mkdirSync(parent, { recursive: true })
      // The pid in the name lets a later run recognise and remove what a killed run left (output-lock.ts).
      const tmp = fs.mkdtempSync(path.join(parent, `.${path.basename(abs)}.wa-tmp-${process.pid}-`))
      fs.chmodSync(tmp, 0o700)
      return new OutputFolder(abs, tmp)
    } catch (e) {
      throw writeError(out, e)
    }
  }

  private abs(file: string): string {
    const p = path.join(this.tmp, file)
    fs.mkdirSync(path.dirname(p), { recursive: true, mode: 0o700 })
    return p
  }

  csv(file: string, header: readonly string[]): CsvFileWriter {
    try {
      const w = new CsvFileWriter(this.abs(file), file, header)
      this.open.add(w)
      return w
    } catch (e) {
      throw writeError(this.out, e)
    }
  }

  closeCsv(w: CsvFileWriter): WrittenFile {
    try {
      const f = w.close()
      this.open.delete(w)
      this.written.push(f)
      return f
    } catch (e) {
      throw writeError(this.out, e)
    }
  }

  /** Writes a whole small file (report, manifest). `rows` is what the manifest should say it holds. */
  text(file: string, content: string, rows = 0): WrittenFile {
    try {
      const b = Buffer.from(content, 'utf8')
      const fd = fs.openSync(this.abs(file), 'wx', 0o600)
      try {
        let off = 0
        while (off < b.length) off += fs.writeSync(fd, b, off)
        fs.fsyncSync(fd)
      } finally {
        fs.closeSync(fd)
      }
      const f = { file, rows, bytes: b.length, sha256: crypto.createHash('sha256').update(b).digest('hex') }
      this.written.push(f)
      return f
    } catch (e) {
      throw writeError(this.out, e)
    }
  }

  /** Swaps the finished folder into place: the old output (if any) is moved aside, then removed. */
  async commit(): Promise<void> {
    let aside: string | undefined
    try {
      if (fs.existsSync(this.out)) {
        checkOutDir(this.out)
        aside = `${this.tmp}.old`
        fs.renameSync(this.out, aside)
      }
      fs.renameSync(this.tmp, this.out)
    } catch (e) {
      // Put the previous output back if we had moved it.
      if (aside && !fs.existsSync(this.out)) fs.renameSync(aside, this.out)
      await this.abort()
      throw writeError(this.out, e)
    }
    if (aside) await fsp.rm(aside, { recursive: true, force: true })
  }

  async abort(): Promise<void> {
    for (const w of this.open) w.discard()
    this.open.clear()
    await fsp.rm(this.tmp, { recursive: true, force: true })
  }
}
