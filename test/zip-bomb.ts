// A minimal ZIP writer for tests (no zip64: members below 4 GB), with a cheap way to make a ZIP bomb: a
// member of `head` followed by `body` repeated `times` times, deflated once per piece. Each piece is a raw
// deflate stream of its own ended by a full flush (byte-aligned, no reference to what came before), so the
// same compressed bytes can be written `times` times and the whole is one valid deflate stream, closed by an
// empty final block. 1 MB of repeated rows deflates to about 1 KB, so a 1.1 GB member is a 1 MB archive,
// written in well under a second; `unzip -t` accepts it (the CRC is computed over what it expands to).

import fs from 'node:fs'
import zlib from 'node:zlib'

export interface ZipMemberSpec {
  name: string
  /** Written once, first (a header row). */
  head: Buffer
  /** Written `times` times after the head. */
  body?: Buffer
  times?: number
}

/** An empty final fixed-Huffman block: BFINAL=1, BTYPE=01, then the end-of-block code. */
const FINAL_BLOCK = Buffer.from([0x03, 0x00])

function piece(b: Buffer): Buffer {
  return zlib.deflateRawSync(b, { finishFlush: zlib.constants.Z_FULL_FLUSH, level: 9 })
}

/** Writes the archive to `file`; returns its size in bytes. */
export function writeZip(file: string, members: ZipMemberSpec[]): number {
  const fd = fs.openSync(file, 'w')
  let offset = 0
  const write = (b: Buffer) => {
    fs.writeSync(fd, b)
    offset += b.length
  }
  const central: Buffer[] = []
  try {
    for (const m of members) {
      const times = m.times ?? 0
      const body = m.body ?? Buffer.alloc(0)
      const headZ = piece(m.head)
      const bodyZ = times > 0 ? piece(body) : Buffer.alloc(0)
      let crc = zlib.crc32(m.head)
      for (let i = 0; i < times; i++) crc = zlib.crc32(body, crc)
      const size = m.head.length + body.length * times
      const csize = headZ.length + bodyZ.length * times + FINAL_BLOCK.length
      if (size > 0xffffffff || csize > 0xffffffff) throw new Error('zip-bomb.ts writes no zip64: keep members below 4 GB')
      const name = Buffer.from(m.name)
      const local = Buffer.alloc(30)
      local.writeUInt32LE(0x04034b50, 0)
      local.writeUInt16LE(20, 4) // version needed
      local.writeUInt16LE(0, 6) // flags
      local.writeUInt16LE(8, 8) // deflate
      local.writeUInt16LE(0, 10) // time
      local.writeUInt16LE(0x21, 12) // date: 1980-01-01
      local.writeUInt32LE(crc >>> 0, 14)
      local.writeUInt32LE(csize, 18)
      local.writeUInt32LE(size, 22)
      local.writeUInt16LE(name.length, 26)
      local.writeUInt16LE(0, 28)
      const at = offset
      write(local)
      write(name)
      write(headZ)
      for (let i = 0; i < times; i++) write(bodyZ)
      write(FINAL_BLOCK)
      const cd = Buffer.alloc(46)
      cd.writeUInt32LE(0x02014b50, 0)
      cd.writeUInt16LE(20, 4) // made by
      cd.writeUInt16LE(20, 6) // needed
      local.copy(cd, 8, 6, 30) // flags .. name length, as in the local header
      cd.writeUInt16LE(0, 30) // extra
      cd.writeUInt16LE(0, 32) // comment
      cd.writeUInt16LE(0, 34) // disk
      cd.writeUInt16LE(0, 36) // internal attributes
      cd.writeUInt32LE(0, 38) // external attributes
      cd.writeUInt32LE(at, 42)
      central.push(cd, name)
    }
    const cdStart = offset
    for (const b of central) write(b)
    const eocd = Buffer.alloc(22)
    eocd.writeUInt32LE(0x06054b50, 0)
    eocd.writeUInt16LE(members.length, 8)
    eocd.writeUInt16LE(members.length, 10)
    eocd.writeUInt32LE(offset - cdStart, 12)
    eocd.writeUInt32LE(cdStart, 16)
    write(eocd)
  } finally {
    fs.closeSync(fd)
  }
  return offset
}
