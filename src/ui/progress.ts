// Progress while a run reads and writes: an ora spinner with rows done and rows/s, only when stderr is a
// terminal and CI is unset (a spinner in a cron log is noise); otherwise plain lines, and only with
// --verbose. Never touches stdin (it may be the data) and never writes to stdout (it may be the output).
// While a file of known size is read, the line also says how far it is (bytes read / size) and about how
// long is left (the time so far, scaled by the bytes still to read); stdin and pipes have no size, and
// show rows/s alone. The spinner is uncoloured with NO_COLOR or --no-color (the caller's colour policy).

import { escapeControls } from '../core/mask.js'
import type { Ora } from 'ora'

export interface ProgressEvent {
  /** What is being done: `reading shop.csv`, `writing audiences`. */
  label: string
  /** Rows (or people) done so far in this step. */
  done: number
  /** Bytes of the input read so far, and its size where known (a regular file). */
  bytes?: number
  total?: number
}

export interface Progress {
  update(e: ProgressEvent): void
  stop(): void
}

export interface ProgressSetup {
  quiet: boolean
  verbose: boolean
  stderr: NodeJS.WriteStream
  env: NodeJS.ProcessEnv
  /** Colour allowed (ui/terminal.ts colorLevel: a TTY, no NO_COLOR, no --no-color). Default: none. */
  color?: boolean
  now?: () => number
}

const n = (x: number) => Math.round(x).toLocaleString('en-US')

/** `45s`, `3m 05s`, `1h 02m`. */
export function duration(secs: number): string {
  const s = Math.max(0, Math.round(secs))
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
}

/**
 * One progress line: `reading shop.csv: 42% · 630,000 rows (250,000/s) · about 1m 05s left` where the size is
 * known, `reading stdin: 630,000 (250,000/s)` where it is not. The time left is said once a second has passed
 * (the first chunk's pace says little) and never for a finished file.
 */
export function progressText(e: ProgressEvent, secs: number): string {
  const rate = `${n(e.done / Math.max(0.001, secs))}/s`
  const label = escapeControls(e.label)
  if (e.total === undefined || e.total <= 0 || e.bytes === undefined) return `${label}: ${n(e.done)} (${rate})`
  const share = Math.min(1, e.bytes / e.total)
  const left = share > 0 && share < 1 && secs >= 1 ? ` · about ${duration((secs * (1 - share)) / share)} left` : ''
  return `${label}: ${Math.floor(share * 100)}% · ${n(e.done)} rows (${rate})${left}`
}

class Spinner implements Progress {
  private stepStart = 0
  private label = ''
  private started = false
  constructor(private readonly spinner: Ora, private readonly now: () => number) {}
  update(e: ProgressEvent): void {
    // Started by the first rows read, not before: questions asked while inputs are opened own the terminal.
    if (!this.started) {
      this.started = true
      this.spinner.start()
    }
    if (e.label !== this.label) {
      this.label = e.label
      this.stepStart = this.now()
    }
    this.spinner.text = progressText(e, (this.now() - this.stepStart) / 1000)
  }
  stop(): void {
    if (this.started) this.spinner.stop()
  }
}

/** Plain lines for logs: one per step, and one every few seconds within a long step. */
class Lines implements Progress {
  private label = ''
  private last = 0
  private stepStart = 0
  private event: ProgressEvent = { label: '', done: 0 }
  constructor(private readonly stream: NodeJS.WriteStream, private readonly now: () => number) {}
  private line(): void {
    this.stream.write(progressText(this.event, (this.now() - this.stepStart) / 1000) + '\n')
  }
  update(e: ProgressEvent): void {
    const t = this.now()
    if (e.label !== this.label) {
      if (this.label !== '') this.line()
      this.label = e.label
      this.stepStart = t
      this.last = t
    }
    this.event = e
    if (t - this.last >= 5000) {
      this.line()
      this.last = t
    }
  }
  stop(): void {
    if (this.label !== '') this.line()
  }
}

const SILENT: Progress = { update: () => undefined, stop: () => undefined }

export async function createProgress(s: ProgressSetup): Promise<Progress> {
  if (s.quiet) return SILENT
  const now = s.now ?? (() => performance.now())
  // A terminal of zero columns (a pseudo-terminal nobody sized, as `script` makes) cannot show a spinner:
  // ora's line arithmetic divides by the width.
  if (s.stderr.isTTY && (s.stderr.columns ?? 0) > 0 && !s.env.CI) {
    // ora (and its dependencies) load only when a spinner will be shown: a pipe or a cron job never pays.
    const { default: ora } = await import('ora')
    return new Spinner(ora({ stream: s.stderr, discardStdin: false, hideCursor: true, isEnabled: true, color: s.color === true ? 'cyan' : false }), now)
  }
  return s.verbose ? new Lines(s.stderr, now) : SILENT
}
