// The --dry-run samples on stderr: per audience, its count and its first rows, masked (pipeline/samples.ts),
// one line per row as `column=value` pairs with the empty cells left out (Meta's file has 15 columns).

import type { AudienceSample } from '../pipeline/samples.js'
import type { Terminal } from './terminal.js'

export function printSamples(term: Terminal, samples: readonly AudienceSample[], outputs: Readonly<Record<string, number>>): void {
  if (samples.length === 0) return
  term.info('')
  term.info('First rows of each audience (masked):')
  const n = (x: number) => x.toLocaleString('en-US')
  for (const s of samples) {
    const count = outputs[s.file] ?? 0
    term.info(`  ${s.file}: ${n(count)} ${count === 1 ? 'row' : 'rows'}${s.header === null ? ' (JSON request bodies, not shown)' : ''}`)
    for (const row of s.rows) {
      const cells = row.map((v, i) => (v === '' ? '' : `${s.header![i]}=${v}`)).filter((c) => c !== '')
      term.styled((esc) => `    ${term.c.dim(esc(cells.join('  ')))}`)
    }
  }
}
