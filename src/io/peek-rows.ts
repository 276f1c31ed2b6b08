// The first rows of a table without using them up: prompts and inspect show sample values, and column
// detection by content looks at them, before the same rows are read as records. The batches already read are
// handed out again first, so a table is still read once, in order, through its own `batches`.

import type { RowBatch, Table } from './read-table.js'

export async function peekRows(table: Table, wanted: number): Promise<string[][]> {
  const held: RowBatch[] = []
  const it = table.batches[Symbol.asyncIterator]()
  let count = 0
  let done = false
  while (count < wanted) {
    const r = await it.next()
    if (r.done) {
      done = true
      break
    }
    held.push(r.value)
    count += r.value.rows.length
  }
  async function* replay(): AsyncGenerator<RowBatch> {
    yield* held
    if (done) return
    for (;;) {
      const r = await it.next()
      if (r.done) return
      yield r.value
    }
  }
  table.batches = replay()
  // Detection and prompts look at every cell of these few rows.
  return held.flatMap((b) => b.rows).slice(0, wanted).map((r) => r.cells())
}
