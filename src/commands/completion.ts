// `wa-audience completion bash|zsh|fish`: a shell completion script generated from the program's own
// commands and flags (commander), so completion can never drift from what is parsed.

import { Argument, Command } from 'commander'
import type { RunContext } from './context.js'

interface Spec {
  name: string
  summary: string
  flags: { long: string; short?: string; takesValue: boolean; choices?: readonly string[]; description: string }[]
}

function specs(program: Command): Spec[] {
  return program.commands.map((c) => ({
    name: c.name(),
    summary: c.summary() || c.description(),
    flags: c.options
      .filter((o) => !o.hidden && o.long)
      .map((o) => ({
        long: o.long!,
        ...(o.short ? { short: o.short } : {}),
        takesValue: o.required || o.optional,
        ...(o.argChoices ? { choices: o.argChoices } : {}),
        description: o.description,
      })),
  }))
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`

function bash(s: Spec[]): string {
  const cases = s
    .map((c) => {
      const words = c.flags.flatMap((f) => [f.long, ...(f.short ? [f.short] : [])]).join(' ')
      const choices = c.flags
        .filter((f) => f.choices)
        .map((f) => `      ${f.long}) COMPREPLY=( $(compgen -W ${quote(f.choices!.join(' '))} -- "$cur") ); return ;;`)
        .join('\n')
      return `    ${c.name})\n      case "$prev" in\n${choices}${choices ? '\n' : ''}      esac\n      COMPREPLY=( $(compgen -W ${quote(words)} -- "$cur") $(compgen -f -- "$cur") ); return ;;`
    })
    .join('\n')
  return `# wa-audience bash completion: eval "$(wa-audience completion bash)" (e.g. in ~/.bashrc)
_wa_audience() {
  local cur prev cmd
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  cmd="\${COMP_WORDS[1]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W ${quote(s.map((c) => c.name).join(' ') + ' --help --version')} -- "$cur") ); return
  fi
  case "$cmd" in
${cases}
  esac
}
complete -o filenames -F _wa_audience wa-audience
`
}

function zsh(s: Spec[]): string {
  const esc = (t: string) => t.replace(/[\[\]:'\\]/g, '\\$&')
  const fns = s
    .map((c) => {
      const args = c.flags
        .map((f) => {
          const value = f.takesValue ? (f.choices ? `:value:(${f.choices.join(' ')})` : ':value:_files') : ''
          const names = f.short ? `(${f.short} ${f.long})'{${f.short},${f.long}}'` : `${f.long}`
          return `    '${names}[${esc(f.description)}]${value}'`
        })
        .join(' \\\n')
      return `_wa_audience_${c.name.replace(/-/g, '_')}() {\n  _arguments \\\n${args} \\\n    '*:file:_files'\n}`
    })
    .join('\n\n')
  const list = s.map((c) => `    '${c.name}:${esc(c.summary)}'`).join('\n')
  return `#compdef wa-audience
# wa-audience zsh completion: wa-audience completion zsh > "\${fpath[1]}/_wa-audience"
${fns}

_wa_audience() {
  local -a commands
  commands=(
${list}
  )
  if (( CURRENT == 2 )); then
    _describe 'command' commands
  else
    local cmd="_wa_audience_\${words[2]//-/_}"
    (( $+functions[$cmd] )) && { shift words; (( CURRENT-- )); $cmd }
  fi
}

_wa_audience "$@"
`
}

function fish(s: Spec[]): string {
  const lines = ['# wa-audience fish completion: wa-audience completion fish > ~/.config/fish/completions/wa-audience.fish', 'complete -c wa-audience -f']
  for (const c of s) lines.push(`complete -c wa-audience -n '__fish_use_subcommand' -a ${c.name} -d ${quote(c.summary)}`)
  for (const c of s) {
    for (const f of c.flags) {
      const parts = [`complete -c wa-audience -n '__fish_seen_subcommand_from ${c.name}' -l ${f.long.replace(/^--/, '')}`]
      if (f.short) parts.push(`-s ${f.short.replace(/^-/, '')}`)
      if (f.takesValue) parts.push(f.choices ? `-x -a ${quote(f.choices.join(' '))}` : '-r -F')
      parts.push(`-d ${quote(f.description)}`)
      lines.push(parts.join(' '))
    }
  }
  return lines.join('\n') + '\n'
}

const EXAMPLES = `Examples:
  $ eval "$(wa-audience completion bash)"
  $ wa-audience completion zsh > "\${fpath[1]}/_wa-audience"
  $ wa-audience completion fish > ~/.config/fish/completions/wa-audience.fish
`

export function completionCommand(ctx: RunContext, program: () => Command): Command {
  return new Command('completion')
    .summary('print a shell completion script (bash, zsh, fish)')
    .description('Prints a completion script for your shell, generated from the commands and flags of this version.')
    .addArgument(new Argument('<SHELL>', 'the shell').choices(['bash', 'zsh', 'fish']))
    .addHelpText('before', EXAMPLES + '\n')
    .action((shell: 'bash' | 'zsh' | 'fish') => {
      const s = specs(program()).filter((c) => c.name !== 'completion' && c.name !== 'help')
      ctx.stdout.write(shell === 'bash' ? bash(s) : shell === 'zsh' ? zsh(s) : fish(s))
    })
}
