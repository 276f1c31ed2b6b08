// Whole-file reads of files that are small by nature (a config, a lock, a batch of an earlier run), bounded:
// the file is opened once and read up to its limit, so `/dev/zero`, an endless pipe or a file grown by
// mistake is refused after `limit` bytes instead of read until memory runs out (`--config /dev/zero` grew to
// 16.8 GB and died in std::bad_alloc). The size a stat gives is not trusted: devices and pipes report 0.

import fs from 'node:fs'

/** The file's bytes, or `undefined` when it holds more than `limit` bytes (nothing more is read then). */
export function readBoundedSync(file: string, limit: number): Buffer | undefined {
  const fd = fs.openSync(file, 'r')
  try {
    // Reading one byte past the limit tells a file of exactly the limit apart (it is read whole).
    const buf = Buffer.allocUnsafe(Math.min(limit + 1, 64 * 1024))
    const parts: Buffer[] = []
    let total = 0
    for (;;) {
      const n = fs.readSync(fd, buf, 0, Math.min(buf.length, limit + 1 - total), null)
      if (n === 0) break
      parts.push(Buffer.from(buf.subarray(0, n)))
      total += n
      if (total > limit) return undefined
    }
    return Buffer.concat(parts, total)
  } finally {
    fs.closeSync(fd)
  }
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
