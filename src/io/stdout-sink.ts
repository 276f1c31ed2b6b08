// stdout as an output place (`export` without -o): every file the writers open is appended to stdout, so a
// folder of batch files comes out as their concatenation (one JSON payload per line). Writes respect
// back-pressure (the caller awaits drain() between people, so memory never holds more than one flush), and a
// reader that goes away (`| head`) is not an error: the place notes it and the caller stops writing.

import type { OutputPlace, TextSink } from './output-folder.js'

export class StdoutPlace implements OutputPlace {
  private full = false
  private gone = false
  private readonly sink: TextSink

  constructor(private readonly out: NodeJS.WritableStream = process.stdout) {
    out.on('error', () => {
      // EPIPE: the reader closed the pipe (ERR_STREAM_DESTROYED: a write after that); anything else (ENOSPC
      // behind `> file`) is a failure cli.ts reports. Either way nothing more can be written: stop.
      this.gone = true
    })
    this.sink = {
      write: (data) => {
        if (this.gone || data.length === 0) return
        if (!this.out.write(data)) this.full = true
      },
      close: () => {},
    }
  }

  /** True once the reader has closed the pipe: nothing more will be read. */
  get closed(): boolean {
    return this.gone
  }

  folder(): void {}

  open(): TextSink {
    return this.sink
  }

  /** Waits until stdout has room again (or is gone). */
  async drain(): Promise<void> {
    if (!this.full || this.gone) return
    await new Promise<void>((resolve) => {
      const done = () => {
        this.out.off('drain', done)
        this.out.off('error', done)
        this.out.off('close', done)
        resolve()
      }
      this.out.on('drain', done)
      this.out.on('error', done)
      this.out.on('close', done)
    })
    this.full = false
  }

  /** Resolves when everything written so far has been handed to the OS (or the reader is gone). */
  async flush(): Promise<void> {
    if (this.gone) return
    await new Promise<void>((resolve) => this.out.write('', () => resolve()))
  }
}
