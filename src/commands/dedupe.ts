// `wa-audience dedupe [FILE]`: merge the rows of one file that are the same person (shared phone or email,
// transitively). Reads a raw export or a `normalize` output; writes one row per person with the file's own
// columns and the person's wa_ columns. The work is pipeline/merge-people.ts.

import { Command } from 'commander'
import { runMergePeople } from '../pipeline/merge-people.js'
import { Terminal, type TerminalFlags } from '../ui/terminal.js'
import type { RunContext } from './context.js'
import { addMergeOptions, mergeOptions, printMergeSummary, type MergeFlags } from './merge-flags.js'

const EXAMPLES = `
Examples:
  $ wa-audience dedupe --country GB leads.csv > people.csv
  $ wa-audience normalize --country GB leads.csv | wa-audience dedupe | wa-audience export --target whatsapp > wa.csv
  $ wa-audience dedupe shop.csv --suppress dnc.csv --rejects rejects.csv -o people.csv
`

export function dedupeCommand(ctx: RunContext): Command {
  const cmd = new Command('dedupe')
    .summary('merge rows that are the same person (shared phone or email)')
    .description('Merges the rows of one export (or of a normalize output) that are the same person, and writes one row per person: the file\'s own columns, merged, and the person\'s wa_ columns.')
    .argument('[FILE]', 'a raw export or a normalize output; - or nothing reads stdin', '-')
  addMergeOptions(cmd, 'dedupe')
  cmd.addHelpText('before', EXAMPLES.trim() + '\n')
  cmd.action(async (file: string, flags: MergeFlags & TerminalFlags) => {
    const result = await runMergePeople(mergeOptions(cmd, 'dedupe', flags, (v) => [{ path: file, role: 'customers', roleFromData: true }, ...v.suppress.map((path) => ({ path, role: 'suppress' as const }))], ctx))
    printMergeSummary(new Terminal(flags), result, flags.rejects)
  })
  return cmd
}
