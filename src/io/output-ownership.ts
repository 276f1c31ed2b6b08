// Which folder --out really is, and whether wa-audience may replace it.
//
// Replacing a folder deletes what it held, so a folder is ours only when its own manifest.json proves it: the
// manifest parses, names our tool and our manifest shape, and every other entry of the folder is a file the
// manifest lists (or a folder on the way to one). A folder that merely holds a file called report.json or
// manifest.json is a user's folder, and is never touched (issue 14: a thesis was lost that way).
//
// --out may be spelled many ways (a relative path, `a/../b`, a symlink to a folder on another disk): every
// operation works on the real path, so a symlink stays a symlink (its target folder is what gets replaced) and
// two spellings of one folder share one lock.

import fs from 'node:fs'
import path from 'node:path'
import { UsageError } from '../core/errors.js'
import { MANIFEST_FILE, isOurManifest } from '../core/manifest.js'
import { readBoundedSync, readHeadSync } from './read-small.js'

/** Files an operating system's file browser drops into any folder it shows; harmless to replace with ours. */
const DESKTOP_LITTER = /^(\.DS_Store|Thumbs\.db|desktop\.ini|\._.+)$/

/** A manifest is small (a line per output file); one larger than this is not ours. */
const MAX_MANIFEST_BYTES = 16 << 20

/** Symlink hops followed when resolving a dangling link, as the kernel's own limit. */
const MAX_LINK_HOPS = 40

/**
 * The absolute real path of `out`, whether it exists or not: symlinks in it resolved (a dangling one through
 * its target), `..` folded. A path that does not exist yet resolves through its nearest existing ancestor.
 */
export function realOutPath(out: string): string {
  let p = path.resolve(out)
  for (let hop = 0; hop < MAX_LINK_HOPS; hop++) {
    try {
      return fs.realpathSync(p)
    } catch {
      /* does not exist (yet), or a dangling link: resolved below */
    }
    let link: string | null = null
    try {
      if (fs.lstatSync(p).isSymbolicLink()) link = fs.readlinkSync(p)
    } catch {
      link = null
    }
    if (link === null) break
    p = path.resolve(path.dirname(p), link)
  }
  // Not there: the real path of the nearest ancestor that is, and the rest as spelled.
  const rest: string[] = []
  let dir = p
  for (;;) {
    const parent = path.dirname(dir)
    rest.unshift(path.basename(dir))
    if (parent === dir) return p
    dir = parent
    try {
      return path.join(fs.realpathSync(dir), ...rest)
    } catch {
      /* keep climbing */
    }
  }
}

/** Whether an existing folder (given by its real path) holds only what wa-audience wrote there. */
export type OwnedTest = (dir: string, entries: readonly string[]) => boolean

/** Every file and folder below `dir`, relative, with `/`; folders end in `/`. */
function walk(dir: string, rel = '', out: string[] = []): string[] {
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name
    if (e.isDirectory()) {
      out.push(`${r}/`)
      walk(dir, r, out)
    } else out.push(r)
  }
  return out
}

/** A regular file's text of at most `max` bytes, or null (larger, unreadable, a link, a FIFO, a device). */
function readSmallFile(file: string, max: number): string | null {
  try {
    return readBoundedSync(file, max, { regularOnly: true })?.toString('utf8') ?? null
  } catch {
    return null
  }
}

/** Whether a regular file's first bytes are `prefix` (its size does not matter: only the prefix is read). */
export function fileStartsWith(file: string, prefix: string): boolean {
  try {
    return readHeadSync(file, Buffer.byteLength(prefix)).toString('utf8') === prefix
  } catch {
    return false
  }
}

/**
 * The default test: the folder's manifest.json is one we wrote, and every other entry is a file it lists, a
 * folder on the way to one, an empty folder (we make empty batch folders; removing one loses nothing), or a
 * file browser's litter.
 */
export const provenByManifest: OwnedTest = (dir, entries) => {
  if (!entries.includes(MANIFEST_FILE)) return false
  const text = readSmallFile(path.join(dir, MANIFEST_FILE), MAX_MANIFEST_BYTES)
  if (text === null) return false
  let manifest: unknown
  try {
    manifest = JSON.parse(text)
  } catch {
    return false
  }
  if (!isOurManifest(manifest)) return false
  const listed = new Set(manifest.outputs.map((o) => o.file))
  const onTheWay = new Set<string>()
  for (const f of listed) for (let i = f.indexOf('/'); i !== -1; i = f.indexOf('/', i + 1)) onTheWay.add(f.slice(0, i + 1))
  let all: string[]
  try {
    all = walk(dir)
  } catch {
    return false
  }
  return all.every((e) => {
    if (e === MANIFEST_FILE || listed.has(e) || onTheWay.has(e)) return true
    if (DESKTOP_LITTER.test(path.posix.basename(e.replace(/\/$/, '')))) return true
    if (e.endsWith('/')) return all.every((x) => x === e || !x.startsWith(e) || x.endsWith('/'))
    return false
  })
}

/**
 * Refuses an --out that exists and is not a folder wa-audience wrote (exit 2, nothing touched). An empty
 * folder is fine: there is nothing in it to lose.
 */
export function checkOutDir(out: string, owned: OwnedTest = provenByManifest, flag = '--out'): void {
  const real = realOutPath(out)
  let stat: fs.Stats
  try {
    stat = fs.statSync(real)
  } catch {
    return
  }
  if (!stat.isDirectory()) throw new UsageError(`${flag} ${out} is a file, not a folder; choose a folder name.`)
  let entries: string[]
  try {
    entries = fs.readdirSync(real)
  } catch (e) {
    throw new UsageError(`${flag} ${out} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}); fix its permissions or choose another folder.`)
  }
  if (entries.length > 0 && !owned(real, entries)) {
    throw new UsageError(
      `${flag} ${out} already holds files that wa-audience did not write (only a folder whose manifest.json lists everything in it is replaced); choose a new or empty folder.`,
    )
  }
}
