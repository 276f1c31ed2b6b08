// Reading the CSV files inside a ZIP archive (Mailchimp delivers its audience export as a ZIP holding
// subscribed, unsubscribed and cleaned members: sources.md). yauzl (pinned) reads the archive's central
// directory and streams each member through zlib, so a member is never held in memory whole. It was chosen
// over a hand-written reader on node:zlib because a ZIP can only be read safely from its central directory:
// members written with data descriptors do not say their size up front, and archives from Windows and macOS
// carry extra entries (`__MACOSX/`), which yauzl handles and tests. A ZIP therefore needs a file (random
// access), not stdin. What its members may expand to is bounded (--max-unzipped-size, 1 GB by default), and
// each member is pulled through the table reader one chunk at a time, so memory holds a chunk, not a member.

import type * as yauzl from 'yauzl'
import { InputError } from '../core/errors.js'
import { formatBytes } from './read-small.js'
import { openTableStream, type Table, type TableOptions } from './read-table.js'
import { openXlsxTable } from './xlsx-table.js'

/** What a ZIP archive's CSV members may expand to in all unless --max-unzipped-size says otherwise: as much as
 * a 1 GB CSV given directly, about 5M contacts of a Mailchimp export (the bench's 1.5M rows are 290 MB). */
export const DEFAULT_MAX_UNZIPPED_BYTES = 1 << 30

/** A --max-unzipped-size value a little above `bytes`: `3GB`, `120MB`. */
function sizeFlagValue(bytes: number): string {
  const gb = 1 << 30
  return bytes >= gb ? `${Math.ceil(bytes / gb)}GB` : `${Math.ceil(bytes / (1 << 20))}MB`
}

/** Members worth reading: CSV or text tables, not folders, not macOS resource forks. */
function isTableMember(fileName: string): boolean {
  if (fileName.endsWith('/') || fileName.startsWith('__MACOSX/')) return false
  const base = fileName.replace(/^.*\//, '')
  return !base.startsWith('.') && /\.(csv|tsv|txt|xlsx|xlsm)$/i.test(base)
}

export interface ZipMember {
  /** The member's path inside the archive. */
  fileName: string
  /** `archive.zip/member.csv`: what messages, rejects and reports call it. */
  name: string
}

/**
 * Opens every CSV member of the archive at `path` as a Table, in archive order. `optionsFor` gives each
 * member's encoding and delimiter (a config may name a member).
 */
export async function openZipTables(
  path: string,
  displayName: string,
  optionsFor: (member: ZipMember) => TableOptions,
  maxUnzippedBytes: number = DEFAULT_MAX_UNZIPPED_BYTES,
): Promise<Array<{ member: ZipMember; table: Table }>> {
  // Loaded only for an archive: most runs read plain CSV files, and the library cost 0.08 s of every start.
  const { openPromise } = (await import('yauzl')).default
  let zip: yauzl.ZipFile
  try {
    // validateEntrySizes: a member's stream fails once it yields more than the size the central directory
    // gives, so the size checked below is the most that can come out (a lying header cannot get past it).
    zip = await openPromise(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true })
  } catch (e) {
    throw new InputError(`${displayName} is not a readable ZIP archive (${(e as Error).message}); download the export again.`, { file: displayName }, { cause: e })
  }
  const entries = await new Promise<yauzl.Entry[]>((resolve, reject) => {
    const all: yauzl.Entry[] = []
    zip.on('entry', (entry: yauzl.Entry) => {
      all.push(entry)
      zip.readEntry()
    })
    zip.on('end', () => resolve(all))
    zip.on('error', (e: Error) => reject(new InputError(`${displayName} is a damaged ZIP archive (${e.message}); download the export again.`, { file: displayName }, { cause: e })))
    zip.readEntry()
  })
  const names = entries.map((e) => e.fileName)
  if (names.some((n) => n.startsWith('xl/') || n === '[Content_Types].xml')) {
    zip.close()
    throw new InputError(`${displayName} is an Excel workbook, not a CSV file; in Excel use File > Save As > "CSV UTF-8", or export the sheet as CSV.`, { file: displayName, line: 1 })
  }
  const members = entries.filter((e) => isTableMember(e.fileName))
  if (members.length === 0) {
    zip.close()
    throw new InputError(`${displayName} is a ZIP archive with no CSV file inside (it holds ${names.slice(0, 5).join(', ') || 'nothing'}); give the export's CSV file instead.`, { file: displayName })
  }

  // A ZIP bomb (a few MB that expand to gigabytes of rows) is refused before a byte is read: the members'
  // sizes are in the central directory, and yauzl holds each stream to its size.
  const unzipped = members.reduce((a, e) => a + e.uncompressedSize, 0)
  if (maxUnzippedBytes > 0 && unzipped > maxUnzippedBytes) {
    zip.close()
    const zipped = Math.max(1, members.reduce((a, e) => a + e.compressedSize, 0))
    const ratio = Math.round(unzipped / zipped).toLocaleString('en-US')
    throw new InputError(
      `${displayName} would expand to ${formatBytes(unzipped)} of CSV (${ratio} times its ${formatBytes(zipped)} zipped), more than the ${formatBytes(maxUnzippedBytes)} that --max-unzipped-size allows, so it may be a ZIP bomb; if you trust it, pass --max-unzipped-size ${sizeFlagValue(unzipped)}, or extract it (unzip) and give the CSV files.`,
      { file: displayName },
    )
  }

  // The archive stays open while any member is being read, and is closed when the last one ends.
  let open = members.length
  const closeOne = () => {
    if (--open === 0) zip.close()
  }
  const tables: Array<{ member: ZipMember; table: Table }> = []
  for (const entry of members) {
    const member: ZipMember = { fileName: entry.fileName, name: `${displayName}/${entry.fileName}` }
    let stream
    try {
      stream = await zip.openReadStreamPromise(entry)
    } catch (e) {
      zip.close()
      throw new InputError(`${member.name} cannot be read from the archive (${(e as Error).message}); extract it (unzip) and give the CSV file.`, { file: member.name }, { cause: e })
    }
    stream.once('end', closeOne)
    // A member holding more (or less) than the central directory says: yauzl stops it; the reader's message
    // then says why in words, not in byte counts.
    stream.once('error', (e: Error) => {
      if (/too (many|few) bytes in the stream/.test(e.message)) e.message = 'it holds more or fewer bytes than the archive says: a damaged archive or a ZIP bomb; extract it with unzip to check'
    })
    // A workbook inside the archive is read as a workbook (its sheets cannot be listed first from a stream).
    const table = /\.(xlsx|xlsm)$/i.test(entry.fileName) ? await openXlsxTable(member.name, stream, optionsFor(member), null) : await openTableStream(member.name, stream, optionsFor(member))
    tables.push({ member, table })
  }
  return tables
}
