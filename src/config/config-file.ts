// Reading and writing config files. A config is small and written by people or by --save-config, so it is
// read whole (unlike exports), and to at most 1 MB: `--config /dev/zero` is refused with a sentence, not read
// until memory runs out. Written atomically (temporary name, then rename) so a cron job never reads half a
// config. It holds column names, never personal data, yet it says what a business's exports look like:
// written 0600 like every other file the tool writes, whatever the umask.

import fs from 'node:fs'
import path from 'node:path'
import { UsageError } from '../core/errors.js'
import { realOutPath } from '../io/output-ownership.js'
import { formatBytes, readBoundedSync } from '../io/read-small.js'
import { parseRunConfig, runConfigJson, type RunConfig } from './run-config.js'

export interface LoadedConfig {
  config: RunConfig
  /** As given on the command line: how messages name the file. */
  label: string
  /** The folder relative paths in the config are read from. */
  dir: string
}

const MAX_CONFIG_BYTES = 1 << 20

export function readConfigFile(file: string): LoadedConfig {
  let text: string
  try {
    const stat = fs.statSync(file)
    if (stat.isDirectory()) throw new UsageError(`--config ${file} is a directory; give the path of a JSON config file.`)
    // The size is checked as the file is read, not only from stat: devices and pipes say 0 (`/dev/zero`).
    const bytes = stat.size > MAX_CONFIG_BYTES ? undefined : readBoundedSync(file, MAX_CONFIG_BYTES)
    if (bytes === undefined) throw new UsageError(`--config ${file} is larger than ${formatBytes(MAX_CONFIG_BYTES)}, too large for a config; give the JSON file written by --save-config.`)
    text = bytes.toString('utf8')
  } catch (e) {
    if (e instanceof UsageError) throw e
    const code = (e as NodeJS.ErrnoException).code
    throw new UsageError(
      code === 'ENOENT'
        ? `--config ${file}: no such file; check the path, or write one with prepare --save-config ${file}.`
        : `--config ${file}: cannot be read (${code ?? (e as Error).message}).`,
    )
  }
  return { config: parseRunConfig(text, file), label: file, dir: path.dirname(path.resolve(file)) }
}

export function writeConfigFile(file: string, config: RunConfig): void {
  // The real path: a symlinked config stays a symlink to the file that is replaced.
  const target = realOutPath(file)
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.wa-tmp-${process.pid}`)
  try {
    // A fresh file, 0600 whatever the umask (it names the inputs and their columns), never one left by a killed run.
    fs.rmSync(tmp, { force: true })
    fs.writeFileSync(tmp, runConfigJson(config), { flag: 'wx', mode: 0o600 })
    fs.renameSync(tmp, target)
  } catch (e) {
    fs.rmSync(tmp, { force: true })
    const code = (e as NodeJS.ErrnoException).code
    throw new UsageError(`--save-config ${file}: cannot be written (${code ?? (e as Error).message}); check that its folder exists and is writable.`)
  }
}
