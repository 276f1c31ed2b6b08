// Progress while a run reads and writes: an ora spinner with rows done and rows/s, only when stderr is a
// terminal and CI is unset (a spinner in a cron log is noise); otherwise plain lines, and only with
// --verbose. Never touches stdin (it may be the data) and never writes to stdout (it may be the output).

import { escapeControls } from '../core/mask.js'
import type { Ora } from 'ora'

export interface ProgressEvent {
  /** What is being done: `reading shop.csv`, `writing audiences`. */
  label: string
  /** Rows (or people) done so far in this step. */
  done: number
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
  now?: () => number
}

const n = (x: number) => Math.round(x).toLocaleString('en-US')

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
    const secs = Math.max(0.001, (this.now() - this.stepStart) / 1000)
    this.spinner.text = `${escapeControls(e.label)}: ${n(e.done)} (${n(e.done / secs)}/s)`
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
  private done = 0
  constructor(private readonly stream: NodeJS.WriteStream, private readonly now: () => number) {}
  private line(): void {
    const secs = Math.max(0.001, (this.now() - this.stepStart) / 1000)
    this.stream.write(`${escapeControls(this.label)}: ${n(this.done)} (${n(this.done / secs)}/s)\n`)
  }
  update(e: ProgressEvent): void {
    const t = this.now()
    if (e.label !== this.label) {
      if (this.label !== '') this.line()
      this.label = e.label
      this.stepStart = t
      this.last = t
    }
    this.done = e.done
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
    return new Spinner(ora({ stream: s.stderr, discardStdin: false, hideCursor: true, isEnabled: true }), now)
  }
  return s.verbose ? new Lines(s.stderr, now) : SILENT
}
