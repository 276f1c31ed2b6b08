// Driving the real binary in a pseudo-terminal, as a person at a keyboard would: util-linux `script` gives
// the command a terminal for stdin, stdout and stderr, and this helper answers each prompt once its text has
// appeared (typing ahead would be lost: each prompt reads the keys meant for it).

import { spawn, spawnSync } from 'node:child_process'
import { BIN, ROOT } from './helpers.js'

export const HAS_SCRIPT = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`
// Cursor moves, colours and erase sequences of the prompt library.
const strip = (s: string) => s.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\u001b[()][A-Z0-9]/g, '').replace(/\r/g, '')

export interface PtyStep {
  /** Text the screen must show before `send` is typed (whitespace runs read as one space). */
  expect: RegExp
  send: string
}

export interface PtyResult {
  code: number
  screen: string
  /** The bytes as the terminal got them, escape sequences and carriage returns kept. */
  raw: string
}

export function runInPty(args: string[], steps: PtyStep[], options: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv; sized?: boolean } = {}): Promise<PtyResult> {
  // `script` gives a terminal of 0 x 0 (no spinner is drawn there); `sized` sets 200 x 50 first.
  const command = (options.sized ? 'stty cols 200 rows 50 && ' : '') + [process.execPath, BIN, ...args].map(quote).join(' ')
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd: options.cwd ?? ROOT,
    // CI runners set CI=true, and a CI log gets no spinner (src/ui/progress.ts): a person's terminal has no CI.
    env: { ...process.env, CI: undefined, NO_COLOR: '1', FORCE_COLOR: undefined, TERM: 'xterm', COLUMNS: '200', LINES: '50', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let screen = ''
  let raw = ''
  let from = 0
  let step = 0
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`timed out waiting for ${steps[step]?.expect ?? 'exit'}; screen:\n${screen}`))
    }, options.timeoutMs ?? 20_000)
    const advance = () => {
      while (step < steps.length) {
        // Prompts wrap at the terminal's width: whitespace runs are compared as one space.
        const m = steps[step]!.expect.exec(screen.replace(/\s+/g, ' ').slice(from))
        if (!m) return
        from += m.index + m[0].length
        child.stdin.write(steps[step]!.send)
        step++
      }
    }
    child.stdout.on('data', (d: Buffer) => {
      raw += d.toString('utf8')
      screen += strip(d.toString('utf8'))
      advance()
    })
    child.stderr.on('data', (d: Buffer) => (screen += strip(d.toString('utf8'))))
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code: code ?? -1, screen, raw })
    })
  })
}

export const KEY = { enter: '\r', space: ' ', down: '\u001b[B', up: '\u001b[A' }
