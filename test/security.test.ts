// The tool runs locally on personal data: it never starts a process, never evaluates text as code, and never
// touches the network. Checked twice: in the source (what src/ and bin/ may import; no eval, no new Function,
// no fetch), and at run time (a whole prepare, every format's reader included, opens no socket and spawns
// nothing).

import assert from 'node:assert/strict'
import { ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import { createRequire, syncBuiltinESMExports } from 'node:module'
import net from 'node:net'
import path from 'node:path'
import { test } from 'node:test'
import { ROOT, fixture, tempDir } from './helpers.js'
import { runInProcess } from './in-process.js'

// Built-in modules the code may use. child_process, http, https, http2, net, tls, dgram, dns, inspector, vm,
// cluster and repl are not on the list: adding one is a decision to argue in review, not a slip. v8 is there
// for one call: the worker pool sizes its workers' heaps with v8.setFlagsFromString (pool.ts); it reaches no
// network, no process and no code from text.
const BUILTINS = new Set(['fs', 'fs/promises', 'path', 'crypto', 'stream', 'stream/promises', 'os', 'module', 'url', 'util', 'events', 'buffer', 'string_decoder', 'worker_threads', 'readline', 'zlib', 'process', 'timers', 'perf_hooks', 'tty', 'v8'])
const DEPENDENCIES = new Set(Object.keys((JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies))

function sourceFiles(): string[] {
  const out: string[] = []
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else if (/\.(ts|js|mjs|cjs)$/.test(e.name)) out.push(p)
    }
  }
  walk(path.join(ROOT, 'src'))
  walk(path.join(ROOT, 'bin'))
  return out
}

/** Every module specifier a file names: static imports and re-exports, dynamic import(), require(). */
function specifiers(code: string): string[] {
  const found: string[] = []
  for (const re of [/\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /\bimport\s+['"]([^'"]+)['"]/g, /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g]) {
    for (const m of code.matchAll(re)) found.push(m[1]!)
  }
  return found
}

test('src/ and bin/ import only allowed built-ins and declared dependencies', () => {
  const files = sourceFiles()
  assert.ok(files.length > 50)
  const bad: string[] = []
  for (const f of files) {
    const code = fs.readFileSync(f, 'utf8')
    // A computed import could name anything: every import names its module in the text.
    if (/\bimport\s*\(\s*[^'"\s)]/.test(code) || /\brequire\s*\(\s*[^'"\s)]/.test(code)) bad.push(`${f}: computed import`)
    for (const s of specifiers(code)) {
      if (s.startsWith('.')) continue
      if (s.startsWith('node:') ? BUILTINS.has(s.slice(5)) : DEPENDENCIES.has(s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!)) continue
      // The package version, read from package.json.
      if (s === '../../package.json') continue
      bad.push(`${path.relative(ROOT, f)}: ${s}`)
    }
  }
  assert.deepEqual(bad, [])
})

test('no eval, no new Function, no fetch, no sockets, no shell-outs in src/ and bin/', () => {
  const forbidden: Array<[RegExp, string]> = [
    [/\beval\s*\(/, 'eval'],
    [/\bnew\s+Function\s*\(/, 'new Function'],
    [/(?<![.\w])Function\s*\(/, 'Function()'],
    [/\bfetch\s*\(/, 'fetch'],
    [/\bWebSocket\b/, 'WebSocket'],
    [/\bXMLHttpRequest\b/, 'XMLHttpRequest'],
    [/child_process/, 'child_process'],
    [/process\.(binding|dlopen)\b/, 'process.binding'],
    [/\bset(Timeout|Interval)\s*\(\s*['"`]/, 'string timer'],
  ]
  const bad: string[] = []
  for (const f of sourceFiles()) {
    // Comments may mention what the code must not do.
    const code = fs.readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1')
    for (const [re, what] of forbidden) if (re.test(code)) bad.push(`${path.relative(ROOT, f)}: ${what}`)
  }
  assert.deepEqual(bad, [])
})

test('a whole prepare opens no socket and starts no process', async () => {
  // Every socket (net, http, https, fetch: undici connects through net) and every child process (spawn, exec,
  // fork through ChildProcess; the sync forms patched where ESM imports see them) is caught.
  const attempts: string[] = []
  const connect = net.Socket.prototype.connect
  const proto = ChildProcess.prototype as unknown as { spawn: (options: { file?: string }) => unknown }
  const spawn = proto.spawn
  const cp = createRequire(import.meta.url)('node:child_process') as Record<string, unknown>
  const sync = ['spawnSync', 'execSync', 'execFileSync'].map((k) => [k, cp[k]] as const)
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    attempts.push(`socket ${JSON.stringify(args[0])}`)
    throw new Error('network access in a test of a local tool')
  } as typeof connect
  proto.spawn = function (options: { file?: string }) {
    attempts.push(`process ${options?.file}`)
    throw new Error('a process started by a local tool')
  }
  for (const [k] of sync) {
    cp[k] = (file: string) => {
      attempts.push(`process ${file}`)
      throw new Error('a process started by a local tool')
    }
  }
  syncBuiltinESMExports()
  const out = tempDir('wa-security-')
  try {
    const r = await runInProcess([
      'prepare',
      ...['--customers', fixture('shopify-customers.csv'), '--customers', fixture('hubspot-contacts.csv'), '--customers', fixture('mailchimp-audience-export.zip')],
      ...['--followers', fixture('meta-leads.csv'), '--followers', fixture('manychat-subscribers.csv'), '--suppress', fixture('suppress.csv')],
      ...['-c', 'GB', '--targets', 'whatsapp,meta,google,tiktok,meta-api', '--out', path.join(out, 'out'), '-v'],
    ])
    assert.equal(r.code, 0, r.stderr)
  } finally {
    net.Socket.prototype.connect = connect
    proto.spawn = spawn
    for (const [k, v] of sync) cp[k] = v
    syncBuiltinESMExports()
    fs.rmSync(out, { recursive: true, force: true })
  }
  assert.deepEqual(attempts, [])
})
