// `wa-audience join --customers F --followers F`: match followers against customers, merge their consent,
// and mark where each person was found (wa_in_customers, wa_in_followers). One row per person, with the
// union of the inputs' columns. The work is pipeline/merge-people.ts.

import { Command } from 'commander'
import { UsageError } from '../core/errors.js'
import type { LoadedConfig } from '../config/config-file.js'
import type { SettingValues } from '../config/settings.js'
import { runMergePeople } from '../pipeline/merge-people.js'
import { Terminal, type TerminalFlags } from '../ui/terminal.js'
import type { RunContext } from './context.js'
import { addMergeOptions, mergeOptions, printMergeSummary, type MergeFlags } from './merge-flags.js'
import { runInputs } from './options.js'

const EXAMPLES = `
Examples:
  $ wa-audience join --customers shop.csv --followers leads.csv --country GB > joined.csv
  $ wa-audience join --customers shop.csv --followers leads.csv --country GB | wa-audience export --target meta > meta.csv
`

export function joinCommand(ctx: RunContext): Command {
  const cmd = new Command('join')
    .summary('match followers against customers and merge their consent')
    .description('Matches followers (lead forms, bot exports) against customers (shop, CRM) on phone and email, merges each person\'s records and consent, and writes one row per person with wa_in_customers and wa_in_followers.')
  addMergeOptions(cmd, 'join')
  cmd.addHelpText('before', EXAMPLES.trim() + '\n')
  cmd.action(async (flags: MergeFlags & TerminalFlags) => {
    // From the flags, or (none given) from the config's inputs, as prepare takes them.
    const inputs = (v: SettingValues, config: LoadedConfig | undefined) => {
      const specs = runInputs(v, config)
      if (!specs.some((s) => s.role === 'customers') || !specs.some((s) => s.role === 'followers')) throw new UsageError('join needs both --customers FILE and --followers FILE.')
      if (specs.filter((s) => s.path === '-').length > 1) throw new UsageError('Only one input can be read from stdin (-); give the others as files.')
      return specs
    }
    const result = await runMergePeople(mergeOptions(cmd, 'join', flags, inputs, ctx))
    printMergeSummary(new Terminal(flags), result, flags.rejects)
  })
  return cmd
}
