// One input path to the tables it holds: a CSV file (or stdin) is one table; a ZIP archive is one table per
// CSV member (Mailchimp's export). Detection is by the archive's magic bytes, not its name.

import fs from 'node:fs'
import path from 'node:path'
import { displayName, openTable, regularFileSize, type Table, type TableOptions } from './read-table.js'
import { binaryKind } from './sniff.js'
import { listSheets, openXlsxTable } from './xlsx-table.js'
import { DEFAULT_MAX_UNZIPPED_BYTES, openZipTables } from './zip-tables.js'

export interface OpenedTable {
  table: Table
  /** The file's own name (a member's name inside an archive): formats may read it (Mailchimp). */
  fileName: string
  /** The path as given, plus `/member` for a member of an archive: what a config's `file` is matched against. */
  path: string
}

/** 'zip', 'xlsx' (a ZIP archive holding a workbook: whatever its name, `.csv` included) or null. */
function zipKind(p: string): 'zip' | 'xlsx' | null {
  if (p === '-') return null
  let fd: number | undefined
  try {
    // Only a regular file is opened to look: a FIFO, `/dev/stdin` or `<(...)` can be read only once, so it is
    // opened once, by openTable, which refuses a ZIP archive among its first bytes.
    if (!fs.statSync(p).isFile()) return null
    fd = fs.openSync(p, 'r')
    const head = Buffer.alloc(4096)
    const n = fs.readSync(fd, head, 0, head.length, 0)
    if (!(n >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04)) return null
    return /\.(xlsx|xlsm)$/i.test(p) || binaryKind(head.subarray(0, n)) === 'xlsx' ? 'xlsx' : 'zip'
  } catch {
    // Missing, unreadable or a directory: openTable says which, in its own words.
    return null
  } finally {
    if (fd !== undefined) fs.closeSync(fd)
  }
}

/** `optionsFor` receives the path of each table (see OpenedTable.path) and returns its encoding and delimiter. */
export async function openTables(p: string, optionsFor: (tablePath: string) => TableOptions): Promise<OpenedTable[]> {
  const kind = zipKind(p)
  if (kind === 'xlsx') {
    const sheets = await listSheets(p).catch(() => null)
    const table = await openXlsxTable(displayName(p), p, optionsFor(p), sheets)
    const size = regularFileSize(p)
    if (size !== undefined) table.size = size
    if (sheets) table.sheets = sheets
    return [{ table, fileName: path.basename(p), path: p }]
  }
  if (kind === 'zip') {
    const limit = optionsFor(p).maxUnzippedBytes ?? DEFAULT_MAX_UNZIPPED_BYTES
    const members = await openZipTables(p, displayName(p), (m) => optionsFor(`${p}/${m.fileName}`), limit)
    return members.map(({ member, table }) => ({ table, fileName: member.fileName.replace(/^.*\//, ''), path: `${p}/${member.fileName}` }))
  }
  const table = await openTable(p, optionsFor(p))
  return [{ table, fileName: p === '-' ? 'stdin' : path.basename(p), path: p }]
}
