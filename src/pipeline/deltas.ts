// Audience deltas: who must be added to and removed from each live audience since a previous run
// (product.md `--previous`, `diff`). Each audience file of two output folders is read back in its own format;
// for each file (consent.md): `adds/FILE` holds the current entries of people the previous file did not hold;
// an entry of a person who was there but whose row changed (an email learnt, a new name) is counted apart as
// changed, and for ad platforms written to `updates/FILE` (a re-upload with more identifiers can raise the match
// rate; a WhatsApp list has nothing to update); `removes/FILE` holds the previous entries of people the current
// file no longer has: a person who withdrew consent or was suppressed since is removed from the live audience
// too. Same format, same hashing, so the files upload as they are.
//
// The arithmetic is checked before the run's folder is put in place (like the accounting invariant): every
// previous entry is removed or kept, every current entry added, changed or unchanged, and previous + adds −
// removes = now. When people were merged (two previous entries now one person's one entry, because a record
// linked them) or split, the difference is its own term, `regrouped`, so that the sum still adds up.
//
// Entries and identifiers are held as 53-bit hashes in typed tables, never as strings: a delta of two
// 10-million-row audiences fits in memory. A person is matched by any of their identifiers (a phone or an
// email, hashed or not, as the file holds it), so a person whose name changed is an add, not a removal.

import fs from 'node:fs'
import path from 'node:path'
import type { CsvRow } from '../core/csv-row.js'
import { InputError, throwIfAborted, UsageError } from '../core/errors.js'
import { hash53, NumberTable } from '../core/people/key-tables.js'
import { CsvFileWriter, type OutputPlace, type TextSink } from '../io/output-folder.js'
import { FastCsvParser } from '../io/fast-csv.js'
import { formatBytes, readBoundedSync } from '../io/read-small.js'
import { TARGETS } from '../targets/index.js'
import { SEGMENT_FILES } from './segments.js'

export type AudienceFormat = 'csv' | 'jsonl' | 'json-batches'

export interface AudienceFile {
  /** As in the output folder: `whatsapp.csv`, `segments/customers-not-followers.csv`, `meta-api/`. */
  file: string
  format: AudienceFormat
  /** An ad platform's audience (changed people go to updates/), not a WhatsApp list. */
  ads: boolean
  /** Batch file names of a json-batches folder. */
  batchFile?: (n: number) => string
  batchSize?: number
}

/** Every audience file a run can write: the targets' files and the segments. */
export function knownAudienceFiles(): AudienceFile[] {
  const out: AudienceFile[] = TARGETS.map((t) =>
    t.format === 'json-batches'
      ? { file: t.file, format: t.format, ads: t.audience === 'ads', batchFile: t.batchFile, batchSize: t.batchSize }
      : { file: t.file, format: t.format, ads: t.audience === 'ads' },
  )
  // Segments are people lists for ad audiences (consent.md: decided by --ads-consent).
  for (const f of SEGMENT_FILES) out.push({ file: f, format: 'csv', ads: true })
  return out
}

/** The audience files present in an output folder. */
export function presentAudienceFiles(dir: string): AudienceFile[] {
  return knownAudienceFiles().filter((a) => fs.existsSync(path.join(dir, a.file)))
}

interface Entry {
  /** The entry's exact content: a CSV row, a JSON line, a batch data row. */
  key: string
  /** What names the person: `email:…`, `phone:…`, `madid:…`, `extern:…`. */
  ids: string[]
  /** What the writer writes: the row's cells, or the line, or the batch row. */
  value: unknown
}

/** The kind of identifier a column or key holds, or undefined when it does not identify a person. */
function idKind(name: string): string | undefined {
  const n = name.toLowerCase().replace(/_sha256$/, '')
  if (n === 'email') return 'email'
  if (n === 'phone') return 'phone'
  if (n === 'madid') return 'madid'
  if (n === 'extern_id') return 'extern'
  return undefined
}

/** Phones compare as digits: `+447911123456`, `447911123456` and `whatsapp:+447911123456` are one number. */
function idValue(kind: string, v: string): string {
  return kind === 'phone' ? v.replace(/^whatsapp:/, '').replace(/^\+/, '') : v
}

/** Whole-file and whole-line reads of an earlier run's files are bounded: a batch of ours holds 10,000 rows
 * of a few hundred bytes, a JSON line one request body; a larger one is not ours (or a link to a device). */
const MAX_BATCH_BYTES = 64 << 20
const MAX_LINE_CHARS = 16 << 20

async function* lines(file: string): AsyncGenerator<string> {
  let carry = ''
  const decoder = new TextDecoder('utf-8')
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    const s = carry + decoder.decode(chunk as Buffer, { stream: true })
    const parts = s.split('\n')
    carry = parts.pop()!
    if (carry.length > MAX_LINE_CHARS) throw new Error(`a line longer than ${formatBytes(MAX_LINE_CHARS)}, which no request body of ours is`)
    for (const l of parts) yield l
  }
  carry += decoder.decode()
  if (carry !== '') yield carry
}

/** A CSV audience file: its header, then entries. */
async function readCsv(file: string, onHeader: (h: string[]) => void, onEntry: (e: Entry) => void): Promise<void> {
  const parser = new FastCsvParser(',')
  let header: string[] | null = null
  let idColumns: Array<[number, string]> = []
  let split: [number, number] | null = null
  // Provenance (whatsapp.csv's consent_source, consent_at) traces an opt-in; it is not data a platform
  // holds, so a re-confirmed or re-exported opt-in alone does not make a person "changed".
  let dataColumns: number[] = []
  // An audience file is read whole, every cell of it (its rows are compared and written again).
  const sink = (record: CsvRow) => {
    const row = record.cells()
    if (!header) {
      header = row
      onHeader(row)
      idColumns = row.map((h, i) => [i, idKind(h)] as [number, string | undefined]).filter((x): x is [number, string] => x[1] !== undefined)
      // --phone-style split writes the number as two columns.
      const cc = row.indexOf('country_code')
      const nn = row.indexOf('national_number')
      if (cc >= 0 && nn >= 0) split = [cc, nn]
      dataColumns = row.map((h, i) => (h.startsWith('consent_') ? -1 : i)).filter((i) => i >= 0)
      return
    }
    const ids: string[] = []
    for (const [i, kind] of idColumns) {
      const v = row[i] ?? ''
      if (v !== '') ids.push(`${kind}:${idValue(kind, v)}`)
    }
    if (split && row[split[0]] && row[split[1]]) ids.push(`phone:${row[split[0]]}${row[split[1]]}`)
    onEntry({ key: dataColumns.map((i) => row[i] ?? '').join('\x1f'), ids, value: row })
  }
  const decoder = new TextDecoder('utf-8')
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) parser.push(decoder.decode(chunk as Buffer, { stream: true }), sink)
  parser.push(decoder.decode(), sink)
  parser.end(sink)
}

/** whatsapp-cloud.jsonl: one request body per line; the recipient is `to`. */
async function readJsonLines(file: string, onEntry: (e: Entry) => void): Promise<void> {
  for await (const line of lines(file)) {
    if (line.trim() === '') continue
    const v = JSON.parse(line) as { to?: string }
    onEntry({ key: line, ids: v.to ? [`phone:${idValue('phone', String(v.to))}`] : [], value: v })
  }
}

/** A folder of {schema, data} batches; every data row is an entry. */
async function readBatches(dir: string, onSchema: (s: string[]) => void, onEntry: (e: Entry) => void): Promise<void> {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
  let schema: string[] | null = null
  for (const f of files) {
    const bytes = readBoundedSync(path.join(dir, f), MAX_BATCH_BYTES)
    if (bytes === undefined) throw new Error(`${f} is larger than ${formatBytes(MAX_BATCH_BYTES)}, more than a batch of ours ever holds`)
    const payload = JSON.parse(bytes.toString('utf8')) as { schema: string[]; data: Array<Array<string | number>> }
    if (!schema) {
      schema = payload.schema
      onSchema(schema)
    }
    const kinds = payload.schema.map(idKind)
    for (const row of payload.data) {
      const ids: string[] = []
      row.forEach((v, i) => {
        const k = kinds[i]
        if (k && v !== '') ids.push(`${k}:${idValue(k, String(v))}`)
      })
      onEntry({ key: JSON.stringify(row), ids, value: row })
    }
  }
}

async function readEntries(dir: string, a: AudienceFile, onShape: (shape: string[]) => void, onEntry: (e: Entry) => void): Promise<void> {
  const p = path.join(dir, a.file)
  try {
    if (a.format === 'csv') return await readCsv(p, onShape, onEntry)
    if (a.format === 'jsonl') return await readJsonLines(p, onEntry)
    return await readBatches(p, onShape, onEntry)
  } catch (e) {
    if (e instanceof InputError) throw e
    throw new InputError(`${p} cannot be read as a ${a.format} audience file (${(e as Error).message}); give --previous a folder written by wa-audience.`, { file: p }, { cause: e })
  }
}

/** Writes entries in a file's own format. */
class DeltaWriter {
  private csv: CsvFileWriter | null = null
  private jsonl: TextSink | null = null
  private batch: Array<unknown> = []
  private batches = 0
  private schema: string[] = []
  count = 0
  constructor(
    private readonly place: OutputPlace,
    private readonly name: string,
    private readonly a: AudienceFile,
  ) {
    if (a.format === 'json-batches') place.folder(name)
  }
  shape(header: string[]): void {
    if (this.a.format === 'csv') this.csv = new CsvFileWriter(this.place.open(this.name), header)
    else this.schema = header
  }
  write(e: Entry): void {
    this.count++
    if (this.a.format === 'csv') this.csv!.write(e.value as string[])
    else if (this.a.format === 'jsonl') (this.jsonl ??= this.place.open(this.name)).write(JSON.stringify(e.value) + '\n', 1)
    else {
      this.batch.push(e.value)
      if (this.batch.length >= (this.a.batchSize ?? 10000)) this.flush()
    }
  }
  private flush(): void {
    if (this.batch.length === 0) return
    const f = this.place.open(path.posix.join(this.name, this.a.batchFile!(++this.batches)))
    f.write(JSON.stringify({ schema: this.schema, data: this.batch }) + '\n', this.batch.length)
    f.close()
    this.batch = []
  }
  close(): void {
    if (this.a.format === 'csv') this.csv?.close()
    else if (this.a.format === 'jsonl') (this.jsonl ?? this.place.open(this.name)).close()
    else this.flush()
  }
}

export interface FileDelta {
  file: string
  previous: number
  current: number
  /** Entries of people the previous file did not hold (adds/). */
  adds: number
  /** Entries of people still there whose row changed (updates/ for ad platforms; counted only for WhatsApp). */
  changed: number
  /** Where the changed entries were written, when they were. */
  updates?: string
  /** Previous entries of people gone (removes/). */
  removes: number
  /** Previous entries still there minus current entries of people already there: people merged (> 0) or split
   * (< 0) between the runs. previous + adds − removes − regrouped = current. */
  regrouped: number
}

/** The sentence the report and diff show for one file: `9 before + 8 added − 4 removed = 13 now`. */
export function deltaSum(d: FileDelta): string {
  const n = (x: number) => x.toLocaleString('en-US')
  const regrouped = d.regrouped === 0 ? '' : d.regrouped > 0 ? ` − ${n(d.regrouped)} merged` : ` + ${n(-d.regrouped)} split`
  return `${n(d.previous)} before + ${n(d.adds)} added − ${n(d.removes)} removed${regrouped} = ${n(d.current)} now`
}

/** The delta arithmetic, checked before the run's output is put in place: a wrong count is a bug, not a warning. */
export function checkDelta(d: FileDelta, counted: { kept: number; unchanged: number }): void {
  const ok =
    d.previous === counted.kept + d.removes &&
    d.current === d.adds + d.changed + counted.unchanged &&
    d.previous + d.adds - d.removes - d.regrouped === d.current
  if (!ok) throw new Error(`delta arithmetic does not add up for ${d.file}: ${deltaSum(d)} (kept ${counted.kept}, changed ${d.changed}, unchanged ${counted.unchanged})`)
}

export interface DeltaOptions {
  signal?: AbortSignal
}

/**
 * Compares `current` with `previous` (two output folders) and writes `adds/` and `removes/` into `place`.
 * Audience files of the current run are compared; a file the previous run did not write is all adds, and a
 * file only the previous run wrote is left alone (a target no longer asked for empties nothing).
 */
export async function writeDeltas(previousDir: string, currentDir: string, place: OutputPlace, o: DeltaOptions = {}): Promise<FileDelta[]> {
  const out: FileDelta[] = []
  for (const a of presentAudienceFiles(currentDir)) {
    throwIfAborted(o.signal)
    const hasPrevious = fs.existsSync(path.join(previousDir, a.file))
    // Pass 1: what the current file holds, entries and identifiers.
    const currentKeys = new NumberTable(16)
    const currentIds = new NumberTable(16)
    let current = 0
    await readEntries(currentDir, a, () => undefined, (e) => {
      current++
      currentKeys.set(hash53(e.key), 1)
      for (const id of e.ids) currentIds.set(hash53(id), 1)
    })
    // Pass 2: the previous file's entries; those of people gone are removals.
    const previousKeys = new NumberTable(16)
    const previousIds = new NumberTable(16)
    let previous = 0
    let kept = 0
    const removes = new DeltaWriter(place, `removes/${a.file.replace(/\/$/, '')}`, a)
    let removesShaped = false
    if (hasPrevious) {
      await readEntries(previousDir, a, (shape) => {
        removes.shape(shape)
        removesShaped = true
      }, (e) => {
        previous++
        previousKeys.set(hash53(e.key), 1)
        for (const id of e.ids) previousIds.set(hash53(id), 1)
        const stillThere = e.ids.length > 0 ? e.ids.some((id) => currentIds.get(hash53(id)) >= 0) : currentKeys.get(hash53(e.key)) >= 0
        if (!stillThere) removes.write(e)
        else kept++
      })
    }
    // Pass 3: the current entries of people the previous file did not hold are additions; those of people it
    // held whose entry differs are changes.
    const name = a.file.replace(/\/$/, '')
    const adds = new DeltaWriter(place, `adds/${name}`, a)
    const updates = a.ads && hasPrevious ? new DeltaWriter(place, `updates/${name}`, a) : null
    let addsShaped = false
    let changed = 0
    let unchanged = 0
    await readEntries(currentDir, a, (shape) => {
      adds.shape(shape)
      updates?.shape(shape)
      addsShaped = true
      if (!removesShaped) {
        removes.shape(shape)
        removesShaped = true
      }
    }, (e) => {
      if (previousKeys.get(hash53(e.key)) >= 0) {
        unchanged++
        return
      }
      const wasThere = e.ids.length > 0 && e.ids.some((id) => previousIds.get(hash53(id)) >= 0)
      if (!wasThere) adds.write(e)
      else {
        changed++
        updates?.write(e)
      }
    })
    if (!addsShaped && a.format === 'csv') {
      adds.shape([])
      updates?.shape([])
    }
    if (!removesShaped && a.format === 'csv') removes.shape([])
    adds.close()
    updates?.close()
    removes.close()
    const d: FileDelta = {
      file: a.file,
      previous,
      current,
      adds: adds.count,
      changed,
      ...(updates ? { updates: `updates/${name}` } : {}),
      removes: removes.count,
      regrouped: kept - (changed + unchanged),
    }
    checkDelta(d, { kept, unchanged })
    out.push(d)
  }
  return out
}

/** A folder to compare with must be one wa-audience wrote: its manifest or report says so. */
export function checkPreviousDir(dir: string, flag: string): void {
  let entries: string[]
  try {
    entries = fs.readdirSync(dir)
  } catch {
    throw new UsageError(`${flag} ${dir}: no such folder; give the --out folder of an earlier run.`)
  }
  if (!entries.includes('manifest.json') && !entries.includes('report.json')) {
    throw new UsageError(`${flag} ${dir}: not an output folder of wa-audience (no manifest.json or report.json); give the --out folder of an earlier run.`)
  }
}

/** Warnings for audiences that shrank by more than half: usually a broken input, not half the customers leaving. */
export function shrinkWarnings(deltas: readonly FileDelta[], previousDir: string): string[] {
  return deltas
    .filter((d) => d.previous > 0 && d.current * 2 < d.previous)
    .map(
      (d) =>
        `${d.file} shrank by more than half since ${previousDir} (${d.previous.toLocaleString('en-US')} -> ${d.current.toLocaleString('en-US')} entries); check the inputs before uploading removes/${d.file.replace(/\/$/, '')}.`,
    )
}
