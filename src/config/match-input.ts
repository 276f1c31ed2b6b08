// Which config entry speaks for an input. An entry's `file` holding a `/` is a path, read relative to the
// config file's folder (as tsconfig and eslint read theirs, so a cron job may run from anywhere); a bare name
// matches a file of that name in any folder. `*` matches any run of characters within a name, so a cron job's
// dated exports (`leads-*.csv`) and Mailchimp's `subscribed_members_export_*.csv` keep their settings. A member
// of a ZIP archive is matched as `archive.zip/member.csv`. The first matching entry wins.

import path from 'node:path'
import type { LoadedConfig } from './config-file.js'
import type { InputConfig } from './run-config.js'

function pattern(glob: string): RegExp {
  const body = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]*')
  return new RegExp(`^${body}$`)
}

const slashes = (p: string) => p.split(path.sep).join('/')

export interface ConfigMatch {
  entry: InputConfig
  /** `inputs[2]`: how messages point at the entry. */
  key: string
  index: number
}

export function configEntryFor(loaded: LoadedConfig | undefined, inputPath: string): ConfigMatch | undefined {
  if (!loaded) return undefined
  for (const [index, entry] of loaded.config.inputs.entries()) {
    if (matches(entry.file, inputPath, loaded.dir)) return { entry, key: `inputs[${index}]`, index }
  }
  return undefined
}

export function matches(file: string, inputPath: string, configDir: string): boolean {
  if (file === '-' || inputPath === '-') return file === inputPath
  if (file.includes('/')) return pattern(slashes(path.resolve(configDir, file))).test(slashes(path.resolve(inputPath)))
  return pattern(file).test(inputPath.replace(/^.*[/\\]/, ''))
}

/** How --save-config names an input: relative to the config's folder, `./` first so that it reads as a path. */
export function configFileName(inputPath: string, configDir: string): string {
  if (inputPath === '-') return '-'
  const rel = slashes(path.relative(configDir, path.resolve(inputPath)))
  return rel.startsWith('../') || path.isAbsolute(rel) ? rel : `./${rel}`
}
