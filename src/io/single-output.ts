// Where a pipe command's one output goes: stdout (the default, so commands compose), or `-o FILE`, written to
// a 0600 temporary sibling renamed over FILE only once complete (so `-o` may even name the input file). The
// writers write through the place; the command awaits drain() between batches so memory holds one flush, and
// stops when the reader of stdout has gone away (`| head`), which is not an error.

import { AtomicFile, type OutputPlace } from './output-folder.js'
import { StdoutPlace } from './stdout-sink.js'

export interface SingleOutput {
  place: OutputPlace
  /** Names the output in messages. */
  name: string
  /** True once stdout's reader has gone: stop producing. */
  readonly closed: boolean
  /** Waits while stdout is behind (no-op for a file). */
  drain(): Promise<void>
  commit(): Promise<void>
  abort(): Promise<void>
}

/** `stdout`: where `-` (or no file) writes; process.stdout unless the caller passes its own. */
export function openSingleOutput(file: string | undefined, stdout?: NodeJS.WritableStream): SingleOutput {
  if (file === undefined || file === '-') {
    const place = new StdoutPlace(stdout)
    return {
      place,
      name: 'stdout',
      get closed() {
        return place.closed
      },
      drain: () => place.drain(),
      commit: () => place.flush(),
      abort: async () => {},
    }
  }
  const atomic = AtomicFile.create(file)
  return {
    place: atomic,
    name: file,
    closed: false,
    drain: async () => {},
    commit: async () => {
      atomic.commit()
    },
    abort: async () => atomic.abort(),
  }
}
