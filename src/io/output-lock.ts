// One run at a time per output folder. Two cron jobs writing the same --out would interleave their swaps; the
// second run refuses, naming the process that holds the lock. A lock left by a run that died (kill -9, power
// loss) names a process that no longer exists: it is taken over, and that run's temporary folders removed.

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { InputError } from '../core/errors.js'
import { readBoundedSync } from './read-small.js'

const MAX_LOCK_BYTES = 64 * 1024

interface LockInfo {
  pid: number
  host: string
  started: string
}

/** True when a process with this pid exists on this machine (EPERM: it exists but is not ours). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export function lockPath(out: string): string {
  const abs = path.resolve(out)
  return path.join(path.dirname(abs), `.${path.basename(abs)}.wa-lock`)
}

/** Temporary folders of earlier runs into `out` (see OutputFolder), with the pid that made each. */
export function staleTemporaries(out: string): { path: string; pid: number }[] {
  const abs = path.resolve(out)
  const prefix = `.${path.basename(abs)}.wa-tmp-`
  let names: string[]
  try {
    names = fs.readdirSync(path.dirname(abs))
  } catch {
    return []
  }
  return names
    .filter((n) => n.startsWith(prefix))
    .map((n) => ({ path: path.join(path.dirname(abs), n), pid: Number(n.slice(prefix.length).split('-')[0]) }))
    .filter((t) => Number.isInteger(t.pid) && t.pid > 0)
}

export class OutputLock {
  private constructor(private readonly file: string) {}

  /** Takes the lock of `out`, or throws InputError naming the run that holds it. */
  static acquire(out: string, now: Date = new Date()): OutputLock {
    const file = lockPath(out)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    const info: LockInfo = { pid: process.pid, host: os.hostname(), started: now.toISOString() }
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        fs.writeFileSync(file, JSON.stringify(info) + '\n', { flag: 'wx', mode: 0o600 })
        OutputLock.sweep(out)
        return new OutputLock(file)
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw new InputError(`Cannot lock ${out} (${(e as NodeJS.ErrnoException).code}); check that its parent folder is writable.`, { file: out })
        }
      }
      let holder: LockInfo | null = null
      try {
        // A lock is one short line; anything longer (a planted link to /dev/zero) is not one of ours.
        const bytes = readBoundedSync(file, MAX_LOCK_BYTES)
        holder = bytes === undefined ? null : (JSON.parse(bytes.toString('utf8')) as LockInfo)
      } catch {
        holder = null // unreadable or half-written: treat as stale
      }
      if (holder && holder.host === os.hostname() && holder.pid !== process.pid && alive(holder.pid)) {
        throw new InputError(
          `Another wa-audience run (pid ${holder.pid}, started ${holder.started}) is writing to ${out}; wait for it to finish, or give this run another --out.`,
          { file: out },
        )
      }
      // Stale: the process is gone. Remove its lock and try again.
      fs.rmSync(file, { force: true })
    }
    throw new InputError(`Cannot lock ${out}: another run keeps taking it; try again.`, { file: out })
  }

  /** Removes temporary folders left by runs that died before they could clean up. */
  private static sweep(out: string): void {
    for (const t of staleTemporaries(out)) {
      if (t.pid !== process.pid && !alive(t.pid)) fs.rmSync(t.path, { recursive: true, force: true })
    }
  }

  release(): void {
    fs.rmSync(this.file, { force: true })
  }
}
