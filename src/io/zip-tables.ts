// Reading the CSV files inside a ZIP archive (Mailchimp delivers its audience export as a ZIP holding
// subscribed, unsubscribed and cleaned members: sources.md). yauzl (pinned) reads the archive's central
// directory and streams each member through zlib, so a member is never held in memory whole. It was chosen
// over a hand-written reader on node:zlib because a ZIP can only be read safely from its central directory:
// members written with data descriptors do not say their size up front, and archives from Windows and macOS
// carry extra entries (`__MACOSX/`), which yauzl handles and tests. A ZIP therefore needs a file (random
// access), not stdin.

import type * as yauzl from 'yauzl'
import { InputError } from '../core/errors.js'
import { openTableStream, type Table, type TableOptions } from './read-table.js'

/** Members worth reading: CSV or text tables, not folders, not macOS resource forks. */
function isTableMember(fileName: string): boolean {
  if (fileName.endsWith('/') || fileName.startsWith('__MACOSX/')) return false
  const base = fileName.replace(/^.*\//, '')
  return !base.startsWith('.') && /\.(csv|tsv|txt)$/i.test(base)
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
export async function openZipTables(path: string, displayName: string, optionsFor: (member: ZipMember) => TableOptions): Promise<Array<{ member: ZipMember; table: Table }>> {
  // Loaded only for an archive: most runs read plain CSV files, and the library cost 0.08 s of every start.
  const { openPromise } = (await import('yauzl')).default
  let zip: yauzl.ZipFile
  try {
    zip = await openPromise(path, { lazyEntries: true, autoClose: false })
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
    tables.push({ member, table: await openTableStream(member.name, stream, optionsFor(member)) })
  }
  return tables
}
