// Whole-file reads of files that are small by nature (a config, a lock, a batch of an earlier run), bounded:
// the file is opened once and read up to its limit, so `/dev/zero`, an endless pipe or a file grown by
// mistake is refused after `limit` bytes instead of read until memory runs out (`--config /dev/zero` grew to
// 16.8 GB and died in std::bad_alloc). The size a stat gives is not trusted: devices and pipes report 0.

import fs from 'node:fs'

export interface BoundedReadOptions {
  /**
   * Only a regular file is read; a symlink, a FIFO or a device throws instead (used for the files of our own
   * output folders and locks, which we always write as regular files: a planted FIFO must not block us, a link
   * to /dev/zero must not be followed).
   */
  regularOnly?: boolean
}

/** The file's bytes, or `undefined` when it holds more than `limit` bytes (nothing more is read then). */
export function readBoundedSync(file: string, limit: number, o: BoundedReadOptions = {}): Buffer | undefined {
  const fd = o.regularOnly ? openRegular(file) : fs.openSync(file, 'r')
  try {
    return readFrom(fd, limit, false)
  } finally {
    fs.closeSync(fd)
  }
}

/** The first `n` bytes of a regular file (fewer when it is shorter); throws as `regularOnly` does. */
export function readHeadSync(file: string, n: number): Buffer {
  const fd = openRegular(file)
  try {
    return readFrom(fd, n, true)!
  } finally {
    fs.closeSync(fd)
  }
}

function openRegular(file: string): number {
  // O_NOFOLLOW: a symlink fails (ELOOP); O_NONBLOCK: opening a FIFO does not wait for a writer.
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0))
  if (!fs.fstatSync(fd).isFile()) {
    fs.closeSync(fd)
    throw Object.assign(new Error(`${file} is not a regular file`), { code: 'ENOTREG' })
  }
  return fd
}

/** Up to `limit` bytes: with `head`, what is there; else all of it, or undefined past the limit. */
function readFrom(fd: number, limit: number, head: boolean): Buffer | undefined {
  // Reading one byte past the limit tells a file of exactly the limit apart (it is read whole).
  const buf = Buffer.allocUnsafe(Math.min(limit + 1, 64 * 1024))
  const parts: Buffer[] = []
  let total = 0
  for (;;) {
    const n = fs.readSync(fd, buf, 0, Math.min(buf.length, limit + 1 - total), null)
    if (n === 0) break
    parts.push(Buffer.from(buf.subarray(0, n)))
    total += n
    if (total > limit) return head ? Buffer.concat(parts, total).subarray(0, limit) : undefined
  }
  return Buffer.concat(parts, total)
}

/** `1 MB`, `64 KB`, `1.5 GB`: sizes in messages (binary units, as `ls -h` shows them), never a long digit run. */
export function formatBytes(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB']
  let v = n
  let u = 0
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024
    u++
  }
  if (u === 0) return `${n} bytes`
  const shown = v >= 100 || Number.isInteger(v) ? Math.round(v).toString() : v.toFixed(1).replace(/\.0$/, '')
  return `${shown} ${units[u]}`
}
