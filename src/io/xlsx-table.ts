// Excel workbooks (.xlsx, .xlsm) read as they are, behind the same Table interface the CSV reader gives:
// a header and batches of rows of strings, each row with its own line number (the sheet's row number, as
// Excel shows it). exceljs's streaming WorkbookReader (pinned) reads the sheet one row at a time, so a
// 1M-row sheet is never held whole: only its shared-string table is, as every xlsx reader must. Measured
// on a 1M-row, 44 MB sheet (6 columns, /usr/bin/time -v): exceljs streaming 22 s and 411 MB peak RSS;
// SheetJS (@e965/xlsx 0.20.3, the registry's `xlsx` is stale at 0.18.5) loads the whole workbook, 72 s
// and 2.2 GB. `.xls` (the pre-2007 format) is not read by exceljs: it is refused as before.
//
// Cells keep their meaning (sources.md "Excel workbooks"); every value becomes the text a person would
// have typed, and the steps after read it as they read a CSV cell:
// - a number of up to 15 digits is its digits (`447912345678`, not `4.47712E+11`): a phone Excel stripped
//   of its leading 0 or + is then read with the row's or the default country, and counted (numericCells);
// - a number of 16 digits or more has lost digits (Excel keeps 15 significant ones): it is written in
//   scientific notation, as Excel writes it to CSV, so the phone step refuses it as EXCEL_MANGLED;
// - TRUE/FALSE cells are `TRUE`/`FALSE` (consent values); date cells are times, `2025-09-12 14:05:13`
//   (`2025-09-12` at midnight), in the workbook's date system (1900 or 1904), with no zone, as Excel has none;
// - formulas give their cached value; rich text its text; a hyperlink its text; an error (#N/A) nothing;
// - merged cells hold their value in the first cell only (the others are empty, as in Excel's CSV);
// - blank rows are skipped (counted, as a CSV's empty lines), and so are title rows above the header: the
//   header is the first row with at least two cells, all of them text.

import crypto from 'node:crypto'
import fs from 'node:fs'
import { PassThrough, type Readable } from 'node:stream'
import { InputError, UsageError } from '../core/errors.js'
import { shown } from '../core/mask.js'
import { CsvRow } from '../core/csv-row.js'
import { cleanHeader, type RowBatch, type Table, type TableOptions, type TableStats } from './read-table.js'

/** Rows looked at for a header before a sheet is taken to have none. */
const HEADER_SCAN_ROWS = 20
const BATCH_ROWS = 2048

export type CellValue = unknown

/** A number as the digits a person typed: all of them up to 15, scientific notation beyond (digits lost). */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return ''
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n)
  if (Number.isInteger(n)) return n.toPrecision(15).replace(/\.?0+e/, 'e').toUpperCase()
  // A fraction (a price, a rate): as JavaScript writes it, shortest exact form.
  return String(n)
}

const pad = (x: number) => String(x).padStart(2, '0')

/** A date cell: exceljs gives the wall time as a UTC Date. */
export function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return ''
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
  const h = d.getUTCHours()
  const m = d.getUTCMinutes()
  const s = d.getUTCSeconds()
  return h === 0 && m === 0 && s === 0 ? day : `${day} ${pad(h)}:${pad(m)}:${pad(s)}`
}

/** The text of one cell value as exceljs's stream reader gives it. */
export function cellText(v: CellValue): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number') return numberText(v)
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE'
  if (v instanceof Date) return dateText(v)
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>
    if ('error' in o) return ''
    // A formula: its cached result (none when the workbook was never calculated).
    if ('formula' in o || 'sharedFormula' in o) return cellText(o.result)
    if (Array.isArray(o.richText)) return (o.richText as Array<{ text?: unknown }>).map((r) => (typeof r.text === 'string' ? r.text : '')).join('')
    if ('text' in o) return cellText(o.text)
    if ('result' in o) return cellText(o.result)
  }
  return ''
}

/** A cell whose value is a number (or a formula's numeric result): where a phone may have lost its 0 or +. */
function isNumeric(v: CellValue): boolean {
  if (typeof v === 'number') return true
  if (v !== null && typeof v === 'object' && !(v instanceof Date)) return typeof (v as { result?: unknown }).result === 'number'
  return false
}

/** `--sheet`: a name (any case) or a 1-based position. */
export interface SheetChoice {
  name?: string
  position?: number
}

export function parseSheetChoice(v: string): SheetChoice {
  const t = v.trim()
  if (t === '') throw new UsageError('--sheet is empty: give the sheet\'s name (as on its tab) or its position (1 for the first).')
  if (/^\d+$/.test(t)) {
    const position = Number(t)
    if (position < 1) throw new UsageError(`--sheet ${t}: positions start at 1 (the first sheet).`)
    return { position }
  }
  return { name: t }
}

/** The sheet names of a workbook on disk, in tab order (workbook.xml), for inspect and for messages. */
export async function listSheets(path: string): Promise<string[]> {
  const { openPromise } = (await import('yauzl')).default
  const zip = await openPromise(path, { lazyEntries: true, autoClose: true })
  try {
    const xml = await new Promise<string>((resolve, reject) => {
      zip.on('entry', (entry: import('yauzl').Entry) => {
        if (entry.fileName !== 'xl/workbook.xml') return zip.readEntry()
        // workbook.xml is small; a lying size is bounded all the same.
        if (entry.uncompressedSize > 16 << 20) return reject(new Error('workbook.xml is too large'))
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err ?? new Error('unreadable workbook.xml'))
          const chunks: Buffer[] = []
          stream.on('data', (c: Buffer) => chunks.push(c))
          stream.on('error', reject)
          stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
        })
      })
      zip.on('end', () => resolve(''))
      zip.on('error', reject)
      zip.readEntry()
    })
    return [...xml.matchAll(/<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"/g)].map((m) => xmlDecode(m[1]!))
  } finally {
    zip.close()
  }
}

function xmlDecode(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#x[0-9a-f]+|#\d+);/gi, (e, k: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }
    if (named[k.toLowerCase()]) return named[k.toLowerCase()]!
    const code = k[1] === 'x' || k[1] === 'X' ? parseInt(k.slice(2), 16) : parseInt(k.slice(1), 10)
    return Number.isFinite(code) ? String.fromCodePoint(code) : e
  })
}

interface SheetRow {
  number: number
  values: CellValue[]
}

/** exceljs rows: `values` is 1-based and sparse. */
function rowOf(row: { number: number; values: unknown }): SheetRow {
  const raw = Array.isArray(row.values) ? (row.values as CellValue[]) : []
  const values: CellValue[] = []
  for (let i = 1; i < raw.length; i++) values.push(raw[i])
  return { number: row.number, values }
}

function looksLikeHeader(r: SheetRow): boolean {
  const filled = r.values.filter((v) => cellText(v).trim() !== '')
  return filled.length >= 2 && filled.every((v) => typeof v === 'string' || (typeof v === 'object' && v !== null && 'richText' in (v as object)))
}

export interface XlsxTable extends Table {
  sheet: string
  /** The workbook's sheets in tab order, where known (a file on disk): inspect lists them. */
  sheets?: string[]
  /** Per column, the cells that held a number (a phone may have lost its leading 0 or +). */
  numericCells: number[]
}

export function isXlsxTable(t: Table): t is XlsxTable {
  return Array.isArray((t as Partial<XlsxTable>).numericCells)
}

/**
 * Opens the chosen sheet of a workbook (a path, or a ZIP member's stream) as a Table. `sheets` are the
 * workbook's sheet names in tab order where known (a file on disk), for `--sheet N` and messages.
 */
export async function openXlsxTable(name: string, input: string | Readable, options: TableOptions, sheets: string[] | null): Promise<XlsxTable> {
  const { default: ExcelJS } = await import('exceljs')
  const choice = options.sheet !== undefined ? parseSheetChoice(options.sheet) : null
  let wanted: string | null = null
  if (choice?.position !== undefined) {
    if (sheets && choice.position > sheets.length) {
      throw new UsageError(`--sheet ${choice.position}: ${name} has ${sheets.length} sheet(s): ${sheets.map((s) => `"${shown(s)}"`).join(', ')}.`)
    }
    wanted = sheets ? sheets[choice.position - 1]! : null
  } else if (choice?.name !== undefined) {
    const found = sheets?.find((s) => s.toLowerCase() === choice.name!.toLowerCase())
    if (sheets && !found) throw new UsageError(`--sheet "${shown(choice.name)}": ${name} has no such sheet; its sheets are ${sheets.map((s) => `"${shown(s)}"`).join(', ')}.`)
    wanted = found ?? choice.name
  }

  // The bytes pass through here: their count is progress, their digest the manifest's.
  const hash = crypto.createHash('sha256')
  const stats: TableStats = { bytes: 0, sha256: '', rows: 0, emptyLines: 0 }
  const source = typeof input === 'string' ? fs.createReadStream(input, { highWaterMark: 1 << 20 }) : input
  const counted = new PassThrough({ highWaterMark: 1 << 20 })
  source.on('data', (b: Buffer) => {
    hash.update(b)
    stats.bytes += b.length
  })
  source.on('error', (e: Error) => counted.destroy(e))
  const ended = new Promise<void>((resolve) => source.once('end', () => resolve()))
  source.pipe(counted)

  const fail = (e: unknown): never => {
    if (e instanceof InputError || e instanceof UsageError) throw e
    throw new InputError(`${name} is an Excel workbook that cannot be read (${(e as Error).message}); open it in Excel and save it again as .xlsx, or export the sheet as CSV UTF-8.`, { file: name }, { cause: e })
  }

  const reader = new ExcelJS.stream.xlsx.WorkbookReader(counted, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'ignore' })
  const sheetsIt = (reader as unknown as AsyncIterable<AsyncIterable<{ number: number; values: unknown }> & { name: string }>)[Symbol.asyncIterator]()

  let position = 0
  let chosen: (AsyncIterable<{ number: number; values: unknown }> & { name: string }) | null = null
  let rowsIt: AsyncIterator<{ number: number; values: unknown }> | null = null
  let header: string[] | null = null

  const seenNames: string[] = []
  try {
    for (;;) {
      const next = await sheetsIt.next()
      if (next.done) break
      const ws = next.value
      position++
      seenNames.push(ws.name)
      const it = ws[Symbol.asyncIterator]()
      const isWanted = wanted !== null ? ws.name.toLowerCase() === wanted.toLowerCase() : choice?.position !== undefined ? position === choice.position : true
      if (!isWanted) {
        // A sheet not chosen is read past (the archive is one stream).
        for (let r = await it.next(); !r.done; r = await it.next());
        continue
      }
      // Rows up to the header: blank rows and title rows above it are skipped.
      const scanned: SheetRow[] = []
      for (let r = await it.next(); !r.done; r = await it.next()) {
        const row = rowOf(r.value)
        if (row.values.every((v) => cellText(v).trim() === '')) continue
        if (looksLikeHeader(row)) {
          const width = row.values.reduce<number>((w, v, i) => (cellText(v).trim() !== '' ? i + 1 : w), 0)
          header = cleanHeader(row.values.slice(0, width).map((v) => cellText(v)))
          break
        }
        scanned.push(row)
        if (scanned.length >= HEADER_SCAN_ROWS) break
      }
      if (header === null && choice === null) {
        for (let r = await it.next(); !r.done; r = await it.next());
        continue
      }
      chosen = ws
      rowsIt = it
      break
    }
  } catch (e) {
    fail(e)
  }
  if (!chosen || !rowsIt) {
    if (choice) throw new UsageError(`--sheet ${options.sheet}: ${name} has no such sheet; its sheets are ${(sheets ?? seenNames).map((s) => `"${shown(s)}"`).join(', ')}.`)
    if (position === 0) throw new InputError(`${name} is an Excel workbook with no worksheet (it may be damaged); open it in Excel and save it again.`, { file: name, line: 1 })
    throw new InputError(`${name}: no sheet has a header row (a first row naming the columns); add one, or choose the sheet with --sheet NAME.`, { file: name, line: 1 })
  }
  if (header === null) throw new InputError(`${name} sheet "${shown(chosen.name)}" holds no header row (a row naming the columns) in its first ${HEADER_SCAN_ROWS} rows; add one, or choose another sheet with --sheet.`, { file: name, line: 1 })

  const width = (header as string[]).length
  const numericCells = new Array<number>(width).fill(0)
  const it = rowsIt
  async function* batches(): AsyncGenerator<RowBatch> {
    let rows: CsvRow[] = []
    let lines: number[] = []
    try {
      for (let r = await it.next(); !r.done; r = await it.next()) {
        const row = rowOf(r.value)
        const cells = new Array<string>(width)
        let empty = true
        for (let c = 0; c < width; c++) {
          const v = row.values[c]
          const t = cellText(v)
          if (t !== '') {
            empty = false
            if (isNumeric(v)) numericCells[c]!++
          }
          cells[c] = t
        }
        if (empty) {
          stats.emptyLines++
          continue
        }
        // The row type every reader hands on (core/csv-row.ts), over the cells made here.
        rows.push(CsvRow.of(cells))
        lines.push(row.number)
        if (rows.length >= BATCH_ROWS) {
          stats.rows += rows.length
          yield { rows, lines }
          rows = []
          lines = []
        }
      }
      // The rest of the workbook (later sheets) is read past, so the digest covers the whole file.
      for (let n = await sheetsIt.next(); !n.done; n = await sheetsIt.next()) {
        const rest = n.value[Symbol.asyncIterator]()
        for (let r = await rest.next(); !r.done; r = await rest.next());
      }
    } catch (e) {
      fail(e)
    }
    if (rows.length > 0) {
      stats.rows += rows.length
      yield { rows, lines }
    }
    await ended
    stats.sha256 = hash.digest('hex')
  }

  const table: XlsxTable = {
    name,
    encoding: 'utf-8',
    encodingEvidence: `xlsx sheet "${chosen.name}"`,
    delimiter: '',
    header: header as string[],
    batches: batches(),
    stats,
    sheet: chosen.name,
    numericCells,
  }
  return table
}
