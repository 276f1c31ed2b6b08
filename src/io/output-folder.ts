// The output folder is built in a temporary sibling and swapped into place only when every file is written,
// so a crash, a full disk or Ctrl-C never leaves a half-written audience where an uploader or a cron job
// would pick it up (product.md). Files and folders are private: 0600 and 0700, whatever the umask.

import crypto from 'node:crypto'
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { InputError, UsageError } from '../core/errors.js'
import { CsvEncoder } from './csv-encode.js'
import { checkOutDir, realOutPath, type OwnedTest } from './output-ownership.js'

export interface WrittenFile {
  /** Path relative to the output folder, with `/`. */
  file: string
  rows: number
  bytes: number
  sha256: string
}

/** One sentence for a failed write: what failed, why in words, and the flag that changes it. */
export function outputError(what: 'Output folder' | 'Output file', target: string, flag: string, e: unknown): InputError {
  const code = (e as NodeJS.ErrnoException).code
  const why =
    code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
      ? `is not writable; choose another ${flag} or fix the permissions of its folder`
      : code === 'ENOSPC' || code === 'EDQUOT'
        ? 'cannot be written: the disk is full; free some space and run again'
        : code === 'EFBIG'
          ? `cannot be written: a file would be larger than this system allows (ulimit -f); raise the limit or choose another ${flag}`
          : code === 'ENOTDIR'
            ? `cannot be created because part of its path is a file; choose another ${flag}`
            : `cannot be written (${code ?? (e as Error).message})`
  return new InputError(`${what} ${target} ${why}; nothing was written.`, { file: target }, { cause: e })
}

const writeError = (target: string, e: unknown) => outputError('Output folder', target, '--out', e)

/** Where a writer puts text: a file of the output folder, an atomic single file, or stdout. */
export interface TextSink {
  /** Appends text or encoded bytes holding `rows` more data rows (for the manifest's counts). A Buffer
   * handed over is the sink's: the writer does not reuse it. */
  write(data: string | Buffer, rows?: number): void
  /** Finishes the file; nothing may be written after. */
  close(): void
}

/** A place that can open named files: the output folder (names relative to it), a single file, stdout. */
export interface OutputPlace {
  open(file: string): TextSink
  /** Makes sure a (possibly empty) subfolder exists, so an empty batch folder is still there. */
  folder(name: string): void
}

/**
 * Written bytes after which the disk is asked, in the background, to take what is written so far. The page
 * cache would otherwise keep a run's output (700 MB on the bench's 1.5M rows) until the fsync at close, which
 * then waits for all of it while every other thread is done (0.3 s at the end of that run). Started early,
 * that writing overlaps the rest of the run and the fsync at close finds little left.
 */
const WRITEBACK_BYTES = 32 << 20

/** One file on disk, written through its descriptor, counting its bytes, rows and SHA-256 as it goes. */
export class DiskFile {
  private readonly hash = crypto.createHash('sha256')
  private bytes = 0
  private rows = 0
  private readonly fd: number
  private closed = false
  /** Bytes written since the last background writeback started. */
  private unsynced = 0
  /** A second descriptor of the file for the background fdatasync (libuv's thread pool), so that closing
   * `fd` never races a sync still running on it; closed by the last sync to finish. -1: none yet. */
  private syncFd = -1
  private syncing = false

  constructor(
    readonly absPath: string,
    readonly file: string,
    /** WRITEBACK_BYTES; smaller in tests. */
    private readonly writebackBytes = WRITEBACK_BYTES,
  ) {
    this.fd = fs.openSync(absPath, 'wx', 0o600)
  }

  write(data: string | Buffer, rows = 0): void {
    const b = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
    this.hash.update(b)
    this.bytes += b.length
    this.rows += rows
    let off = 0
    while (off < b.length) off += fs.writeSync(this.fd, b, off)
    this.unsynced += b.length
    if (this.unsynced >= this.writebackBytes && !this.syncing) this.writeback()
  }

  /**
   * Starts an fdatasync of what is written so far, without waiting for it. Durability still rests on the
   * fsync at close: this only moves the disk's work earlier. An error it meets is not lost: Linux reports a
   * writeback error to every descriptor open when it happened, so the fsync at close on `fd` sees it too.
   */
  private writeback(): void {
    this.unsynced = 0
    try {
      if (this.syncFd < 0) this.syncFd = fs.openSync(this.absPath, 'r')
    } catch {
      return // only an optimisation: the fsync at close does the work
    }
    this.syncing = true
    fs.fdatasync(this.syncFd, () => {
      this.syncing = false
      if (this.closed) this.closeSyncFd()
    })
  }

  private closeSyncFd(): void {
    if (this.syncFd < 0) return
    try {
      fs.closeSync(this.syncFd)
    } catch {
      /* already closed */
    }
    this.syncFd = -1
  }

  close(): WrittenFile {
    fs.fsyncSync(this.fd)
    fs.closeSync(this.fd)
    this.closed = true
    if (!this.syncing) this.closeSyncFd()
    return { file: this.file, rows: this.rows, bytes: this.bytes, sha256: this.hash.digest('hex') }
  }

  /** Closes without caring about the content (the file is being thrown away). */
  discard(): void {
    if (this.closed) return
    this.closed = true
    if (!this.syncing) this.closeSyncFd()
    try {
      fs.closeSync(this.fd)
    } catch {
      /* already closed */
    }
  }
}

/**
 * CSV rows into a sink, encoded straight into Buffers (csv-encode.ts); the bytes do not depend on how rows are
 * grouped into flushes, nor on whether the sink is a file or stdout.
 */
export class CsvFileWriter {
  private rowCount = 0
  private readonly encoder: CsvEncoder

  constructor(
    private readonly sink: TextSink,
    header: readonly string[],
    /** Per column, whether it holds SHA-256 digests (CsvEncoder). */
    digests: readonly boolean[] | null = null,
  ) {
    this.encoder = new CsvEncoder((bytes, rows) => sink.write(bytes, rows), undefined, digests)
    this.encoder.row(header, false)
  }

  write(row: readonly string[]): void {
    this.encoder.row(row)
    this.rowCount++
  }

  get rows(): number {
    return this.rowCount
  }

  /** Appends rows encoded elsewhere (by the same encoder, in a worker thread), after what is pending here. */
  writeEncoded(parts: readonly Uint8Array[], rows: number): void {
    this.encoder.flush()
    parts.forEach((b, i) => this.sink.write(Buffer.from(b.buffer, b.byteOffset, b.byteLength), i === 0 ? rows : 0))
    this.rowCount += rows
  }

  /** Hands what is encoded so far to the sink (stdout writers do this between people, for back-pressure). */
  flush(): void {
    this.encoder.flush()
  }

  close(): void {
    this.encoder.flush()
    this.sink.close()
  }
}

export class OutputFolder implements OutputPlace {
  readonly written: WrittenFile[] = []
  private readonly files = new Set<DiskFile>()

  private constructor(
    /** --out as the user spelled it, for messages. */
    readonly out: string,
    /** Its real path (output-ownership.ts): what is replaced, so a symlinked --out stays a symlink. */
    readonly real: string,
    readonly tmp: string,
    private readonly owned: OwnedTest | undefined,
  ) {}

  /**
   * Creates the temporary sibling folder next to the real `out` (same filesystem, so the final rename is
   * atomic). `owned` says whether an existing folder is one wa-audience wrote (default: its manifest proves
   * it); only such a folder is ever replaced.
   */
  static create(out: string, owned?: OwnedTest): OutputFolder {
    checkOutDir(out, owned)
    const real = realOutPath(out)
    const parent = path.dirname(real)
    try {
      // A parent we create holds personal data too: private whatever the umask.
      fs.mkdirSync(parent, { recursive: true, mode: 0o700 })
      // The pid in the name lets a later run recognise and remove what a killed run left (output-lock.ts).
      const tmp = fs.mkdtempSync(path.join(parent, `.${path.basename(real)}.wa-tmp-${process.pid}-`))
      fs.chmodSync(tmp, 0o700)
      return new OutputFolder(out, real, tmp, owned)
    } catch (e) {
      throw writeError(out, e)
    }
  }

  private abs(file: string): string {
    const p = path.join(this.tmp, file)
    fs.mkdirSync(path.dirname(p), { recursive: true, mode: 0o700 })
    return p
  }

  folder(name: string): void {
    try {
      fs.mkdirSync(path.join(this.tmp, name), { recursive: true, mode: 0o700 })
    } catch (e) {
      throw writeError(this.out, e)
    }
  }

  /** A new file of the folder, written as it comes (`file` may name a subfolder: `meta-api/batch-0001.json`). */
  open(file: string): TextSink {
    let f: DiskFile
    try {
      f = new DiskFile(this.abs(file), file)
    } catch (e) {
      throw writeError(this.out, e)
    }
    this.files.add(f)
    return {
      write: (text, rows) => {
        try {
          f.write(text, rows)
        } catch (e) {
          throw writeError(this.out, e)
        }
      },
      close: () => {
        try {
          this.written.push(f.close())
          this.files.delete(f)
        } catch (e) {
          throw writeError(this.out, e)
        }
      },
    }
  }

  csv(file: string, header: readonly string[]): CsvFileWriter {
    return new CsvFileWriter(this.open(file), header)
  }

  closeCsv(w: CsvFileWriter): void {
    w.close()
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
      if (fs.existsSync(this.real)) {
        // Checked again: the folder may have changed while this run was reading.
        checkOutDir(this.out, this.owned)
        aside = `${this.tmp}.old`
        fs.renameSync(this.real, aside)
      }
      fs.renameSync(this.tmp, this.real)
    } catch (e) {
      // Put the previous output back if we had moved it.
      if (aside && !fs.existsSync(this.real)) fs.renameSync(aside, this.real)
      if (e instanceof UsageError) {
        await this.abort()
        throw e
      }
      await this.abort()
      throw writeError(this.out, e)
    }
    if (aside) await fsp.rm(aside, { recursive: true, force: true })
  }

  async abort(): Promise<void> {
    for (const f of this.files) f.discard()
    this.files.clear()
    await fsp.rm(this.tmp, { recursive: true, force: true })
  }
}

/**
 * One output file (`export -o FILE`) written like the output folder: into a temporary sibling with mode 0600,
 * renamed over FILE only once complete, so an uploader never picks up half an audience.
 */
export class AtomicFile implements OutputPlace {
  private sink: TextSink | null = null
  private disk: DiskFile | null = null

  private constructor(
    readonly target: string,
    private readonly tmp: string,
  ) {}

  static create(target: string): AtomicFile {
    let stat: fs.Stats | undefined
    try {
      stat = fs.statSync(target)
    } catch {
      stat = undefined
    }
    if (stat?.isDirectory()) throw new UsageError(`-o ${target} is a folder; give the name of the file to write.`)
    // The real path: a symlinked -o stays a symlink to the file that is replaced.
    const abs = realOutPath(target)
    const tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.wa-tmp-${crypto.randomBytes(6).toString('hex')}`)
    return new AtomicFile(abs, tmp)
  }

  folder(): void {}

  open(): TextSink {
    if (this.sink) return this.sink
    const fail = (e: unknown) => fileError(this.target, e)
    let disk: DiskFile
    try {
      fs.mkdirSync(path.dirname(this.tmp), { recursive: true, mode: 0o700 })
      disk = new DiskFile(this.tmp, path.basename(this.target))
    } catch (e) {
      throw fail(e)
    }
    this.disk = disk
    this.sink = {
      write: (text, rows) => {
        try {
          disk.write(text, rows)
        } catch (e) {
          throw fail(e)
        }
      },
      close: () => {},
    }
    return this.sink
  }

  /** Renames the finished file over the target; a file never opened is written empty. */
  commit(): WrittenFile {
    this.open()
    try {
      const f = this.disk!.close()
      fs.renameSync(this.tmp, this.target)
      return f
    } catch (e) {
      this.abort()
      throw fileError(this.target, e)
    }
  }

  abort(): void {
    this.disk?.discard()
    fs.rmSync(this.tmp, { force: true })
  }
}

const fileError = (target: string, e: unknown) => outputError('Output file', target, '-o', e)
