// One record of a table as every reader hands it on (the CSV splitter on the main thread and in the workers,
// a spreadsheet's rows, a contact CSV read back) and every consumer of rows takes it: the row-intake step and
// what it calls (the shape check, core/record.ts, core/contact-csv.ts, the hashed-column guard), normalize,
// inspect, dedupe/join's kept cells.
//
// Why not an array of strings: a record is read from a few of its columns (the kit's lead rows have 18 cells
// and the record reads 6; its Shopify rows 12 of 19), and a string for every cell of every row was most of
// the splitting's cost and of the garbage the workers collect. A record is kept as its text and where each
// cell ends in it, found by native searches, and a cell is cut when it is asked for. A quoted cell is
// unescaped by the splitter's walk anyway: its value is kept (most cells of a line holding a quote are not
// quoted). What must look at every cell (the blank-record and extra-cell checks, a search for a marker that
// may sit in a column nobody reads) is asked of the row, which answers from the text and the cells' lengths.

export class CsvRow {
  private constructor(
    /** The record's text, up to its last cell's end (no line end); '' for a row of cells made elsewhere. */
    private readonly text: string,
    /** Where each cell ends in `text` (the delimiter after it, or the text's length for the last cell), one
     * entry a cell: cell i starts after the delimiter at ends[i - 1]. null for a row of cells made elsewhere. */
    private readonly ends: readonly number[] | null,
    /** Values kept: a quoted cell's (at its index; the others are cut from the text), or every cell of a row
     * made elsewhere (a spreadsheet's row, a test's). null for a quote-free line. */
    private readonly values: ReadonlyArray<string | undefined> | null,
  ) {}

  /** A quote-free line: `ends` as above (the splitter's own array, not copied). */
  static ofLine(text: string, ends: readonly number[]): CsvRow {
    return new CsvRow(text, ends, null)
  }

  /** A record whose quoted cells' values are in `values` (at their indices; null: none), its other cells cut
   * from `text` by `ends` as a line's are. */
  static ofRecord(text: string, ends: readonly number[], values: ReadonlyArray<string | undefined> | null): CsvRow {
    return new CsvRow(text, ends, values)
  }

  /** A row of cells already made (the array is kept, not copied). */
  static of(values: readonly string[]): CsvRow {
    return new CsvRow('', null, values)
  }

  /** The number of cells. */
  get length(): number {
    const ends = this.ends
    return ends === null ? this.values!.length : ends.length
  }

  /** Cell `i` as the file has it (untrimmed); '' past the last cell (and for a negative `i`). */
  cell(i: number): string {
    const ends = this.ends
    const values = this.values
    if (values !== null) {
      const v = values[i]
      if (v !== undefined) return v
      if (ends === null) return ''
    }
    if (i < 0 || i >= ends!.length) return ''
    return this.text.slice(i === 0 ? 0 : ends![i - 1]! + 1, ends![i])
  }

  /** cell(i).length, without cutting the cell. */
  cellLength(i: number): number {
    const ends = this.ends
    const values = this.values
    if (values !== null) {
      const v = values[i]
      if (v !== undefined) return v.length
      if (ends === null) return 0
    }
    if (i < 0 || i >= ends!.length) return 0
    return ends![i]! - (i === 0 ? 0 : ends![i - 1]! + 1)
  }

  /** Every cell, in a new array (or the row's own cells made elsewhere): for a consumer that truly needs them
   * all (normalize's copy of the row, dedupe/join's kept cells, a header, column detection). */
  cells(): string[] {
    const ends = this.ends
    if (ends === null) return this.values as string[]
    const out = new Array<string>(ends.length)
    for (let i = 0; i < ends.length; i++) out[i] = this.cell(i)
    return out
  }

  /** True when every cell is empty (`,,,,` as spreadsheets leave at the end: an empty line, not a row). A
   * quote-free line of n empty cells is n - 1 delimiters and nothing else. */
  isBlank(): boolean {
    const ends = this.ends
    if (ends !== null && this.values === null) return this.text.length === ends.length - 1
    return !this.hasCellFrom(0)
  }

  /** True when a cell at index `from` or after is not empty (the extra-cell check of the row's shape). */
  hasCellFrom(from: number): boolean {
    const n = this.length
    for (let i = from < 0 ? 0 : from; i < n; i++) if (this.cellLength(i) !== 0) return true
    return false
  }

  /**
   * False when no cell contains `s`; true when one may (then the cells are to be looked at): one search of the
   * text, since every cell cut from it is a piece of it, and of each value kept (a quoted cell's value is not a
   * piece of the text: `"<test" lead` is `<test lead`). A marker that may sit in any column is searched for this
   * way, in the columns nobody reads too.
   */
  mayContain(s: string): boolean {
    if (this.text.includes(s)) return true
    const v = this.values
    if (v !== null) for (let i = 0; i < v.length; i++) if (v[i]?.includes(s)) return true
    return false
  }
}
