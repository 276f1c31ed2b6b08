// `wa-audience diff --previous DIR --current DIR --out DIR`: who must be added to and removed from each
// audience between two prepare outputs, as adds/ and removes/ files in each audience's own format.
// The work is pipeline/deltas.ts.

import { Command } from 'commander'
import { buildManifest } from '../core/manifest.js'
import { checkPreviousDir, deltaSum, shrinkWarnings, writeDeltas } from '../pipeline/deltas.js'
import { OutputFolder } from '../io/output-folder.js'
import { checkOutDir } from '../io/output-ownership.js'
import { OutputLock } from '../io/output-lock.js'
import { Terminal, type TerminalFlags } from '../ui/terminal.js'
import type { RunContext } from './context.js'
import { addTerminalOptions } from './options.js'

const EXAMPLES = `
Examples:
  $ wa-audience diff --previous audience-2026-11-23 --current audience-2026-11-24 --out changes
  $ wa-audience diff --previous last-week --current today --out changes --json
`

interface DiffFlags extends TerminalFlags {
  previous: string
  current: string
  out: string
  json?: boolean
}

export function diffCommand(ctx: RunContext): Command {
  const cmd = new Command('diff')
    .summary('compare two prepare outputs: who to add to and remove from each audience')
    .description(
      'Compares the audience files of two prepare output folders and writes, for each, adds/FILE (entries of people not in --previous), updates/FILE for ad audiences (people already there whose row changed) and removes/FILE (entries of people no longer in it: withdrawn, suppressed or gone) into --out, in the file\'s own format.',
    )
    .requiredOption('--previous <DIR>', 'the earlier output folder')
    .requiredOption('--current <DIR>', 'the later output folder')
    .requiredOption('-o, --out <DIR>', 'where to write adds/ and removes/ (replaced atomically)')
    .option('--json', 'print a machine-readable summary on stdout')
  addTerminalOptions(cmd)
  cmd.addHelpText('before', EXAMPLES.trim() + '\n')
  cmd.action(async (flags: DiffFlags) => {
    const term = new Terminal(flags)
    checkPreviousDir(flags.previous, '--previous')
    checkPreviousDir(flags.current, '--current')
    checkOutDir(flags.out)
    const lock = OutputLock.acquire(flags.out, ctx.now())
    let files
    try {
      const folder = OutputFolder.create(flags.out)
      try {
        files = await writeDeltas(flags.previous, flags.current, folder, { signal: ctx.signal })
        const warnings = shrinkWarnings(files, flags.previous)
        folder.text('report.json', JSON.stringify({ previous: flags.previous, current: flags.current, files, warnings }, null, 2) + '\n')
        folder.text(
          'manifest.json',
          JSON.stringify(
            buildManifest({
              version: ctx.version,
              command: 'diff',
              created_at: ctx.now().toISOString(),
              options: { previous: flags.previous, current: flags.current, out: flags.out },
              inputs: [],
              outputs: folder.written.map((f) => ({ file: f.file, rows: f.rows, bytes: f.bytes, sha256: f.sha256 })),
            }),
            null,
            2,
          ) + '\n',
        )
        await folder.commit()
        for (const w of warnings) term.warn(w)
      } catch (e) {
        await folder.abort()
        throw e
      }
    } finally {
      lock.release()
    }
    if (flags.json) ctx.stdout.write(JSON.stringify({ schema_version: 1, previous: flags.previous, current: flags.current, out: flags.out, files }, null, 2) + '\n')
    const n = (x: number) => x.toLocaleString('en-US')
    for (const f of files) term.info(`  ${f.file.padEnd(38)} ${deltaSum(f)}${f.changed > 0 ? `; ${n(f.changed)} changed${f.updates ? ` (${f.updates})` : ''}` : ''}`)
    term.info(`Written to ${flags.out}/adds, ${flags.out}/removes and, for ad audiences, ${flags.out}/updates.`)
  })
  return cmd
}
