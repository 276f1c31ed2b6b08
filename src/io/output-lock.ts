// One run at a time per output folder. Two cron jobs writing the same --out would interleave their swaps; the
// second run refuses, naming the process that holds the lock. A lock left by a run that died (kill -9, power
// loss) names a process that no longer exists: it is taken over, and that run's temporary folders removed.
//
// A pid alone does not prove a run is alive: after a reboot the pid is soon reused by an unrelated process,
// and a lock naming it would stop every run for ever. On Linux the lock also records the boot and the
// process's start time (/proc/PID/stat, in clock ticks since boot): the holder is alive only if that very
// process still runs. The lock is per real path (output-ownership.ts), so two spellings of one folder, or a
// symlink to it, share it.

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { InputError } from '../core/errors.js'
import { realOutPath } from './output-ownership.js'
import { readBoundedSync } from './read-small.js'

const MAX_LOCK_BYTES = 64 * 1024

interface LockInfo {
  pid: number
  /** Absent in a lock written by hand or by an old version: taken as this machine. */
  host?: string
  started: string
  /** Linux: /proc/sys/kernel/random/boot_id of the boot the holder ran in. */
  boot_id?: string
  /** Linux: field 22 of /proc/PID/stat, the holder's start in clock ticks since boot. */
  start_ticks?: number
}

/** Linux reports /proc times in USER_HZ, which is 100 on every architecture Node runs on. */
const USER_HZ = 100

function readProc(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch {
    return null
  }
}

const bootId = (): string | null => readProc('/proc/sys/kernel/random/boot_id')?.trim() ?? null

/** A process's start in clock ticks since boot, or null where /proc does not say (not Linux, gone). */
function startTicks(pid: number | 'self'): number | null {
  const stat = readProc(`/proc/${pid}/stat`)
  if (stat === null) return null
  // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[22 - 3])
  return Number.isFinite(ticks) ? ticks : null
}

/** Whether the process that wrote `holder` still runs, as far as this machine can tell. */
function holderAlive(holder: LockInfo): boolean {
  if (holder.pid === process.pid || !alive(holder.pid)) return false
  const ticks = startTicks(holder.pid)
  if (ticks === null) return true // no /proc: the pid is all there is to go by
  if (holder.boot_id !== undefined && holder.boot_id !== bootId()) return false
  if (holder.start_ticks !== undefined) return holder.start_ticks === ticks
  // An old or hand-written lock: the process must be wa-audience, started when the lock says.
  const cmdline = readProc(`/proc/${holder.pid}/cmdline`) ?? ''
  const btime = Number(/^btime (\d+)$/m.exec(readProc('/proc/stat') ?? '')?.[1])
  const started = Date.parse(holder.started) / 1000
  return cmdline.includes('wa-audience') && Number.isFinite(btime) && Math.abs(btime + ticks / USER_HZ - started) < 5
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
  const abs = realOutPath(out)
  return path.join(path.dirname(abs), `.${path.basename(abs)}.wa-lock`)
}

/** Temporary folders of earlier runs into `out` (see OutputFolder), with the pid that made each. */
export function staleTemporaries(out: string): { path: string; pid: number }[] {
  const abs = realOutPath(out)
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
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 })
    const info: LockInfo = { pid: process.pid, host: os.hostname(), started: now.toISOString() }
    const boot = bootId()
    const ticks = startTicks('self')
    if (boot !== null) info.boot_id = boot
    if (ticks !== null) info.start_ticks = ticks
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
        // A lock is one short regular file; anything else (longer, a planted link to /dev/zero, a FIFO) is not ours.
        const bytes = readBoundedSync(file, MAX_LOCK_BYTES, { regularOnly: true })
        holder = bytes === undefined ? null : (JSON.parse(bytes.toString('utf8')) as LockInfo)
      } catch {
        holder = null // unreadable or half-written: treat as stale
      }
      if (holder && typeof holder.pid === 'number' && holder.host !== undefined && holder.host !== os.hostname()) {
        // A folder on a shared disk: the holder's machine cannot be asked, so its lock is honoured.
        throw new InputError(
          `Another wa-audience run (pid ${holder.pid} on ${String(holder.host).replace(/[^\w.-]/g, '?')}, started ${String(holder.started).replace(/[^\w.:-]/g, '?')}) is writing to ${out}; wait for it to finish, or give this run another --out. If no run is going on there, delete ${file}.`,
          { file: out },
        )
      }
      if (holder && typeof holder.pid === 'number' && holderAlive(holder)) {
        throw new InputError(
          `Another wa-audience run (pid ${holder.pid}, started ${String(holder.started).replace(/[^\w.:-]/g, '?')}) is writing to ${out}; wait for it to finish, or give this run another --out. If no run is going on, delete ${file}.`,
          { file: out },
        )
      }
      // Stale: the process is gone, or the pid now belongs to another process. Remove its lock and try again.
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
