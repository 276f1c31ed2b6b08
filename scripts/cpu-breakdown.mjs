#!/usr/bin/env node
// Where a run's CPU goes, per thread and per step, in µs per input row, from a real sampler: `perf record`
// with the cpu-clock event samples each thread while it runs on a core. --cpu-prof cannot give this: with
// three threads on two cores it counts a thread's time waiting for a core as its own (docs/performance.md),
// and it does not see V8's own threads (the compiler, the GC helpers) or the kernel's work for the process.
//
//   node scripts/cpu-breakdown.mjs --rows 1500000 [--hz 999] [--keep FILE] -- prepare --customers ... -q
//   node scripts/cpu-breakdown.mjs --rows 1500000 --from FILE      (a `perf record -g` of an earlier run)
//
// The command after `--` is wa-audience's own arguments: the script runs the built bin/wa-audience.js under
// `perf record -g -e cpu-clock` with node's --perf-basic-prof (so JIT frames have names). Each sample goes
// to its thread's kind (main thread, workers, V8's platform threads, others) and to one step:
//   - V8 compiling or garbage collection, when any frame of the stack is the compiler's or the collector's;
//   - the kernel's copy of output into the page cache, its zeroing of fresh pages, other kernel work;
//   - SHA-256 (OpenSSL's block function: the manifest's digests of inputs and outputs, Meta's hashing);
//   - else the module of the innermost JS frame (a builtin or runtime call counts for the JS that made it).
// Needs Debian's linux-perf (`perf`); software events work where hardware counters do not.

import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const argv = process.argv.slice(2)
const dash = argv.indexOf('--')
const own = dash >= 0 ? argv.slice(0, dash) : argv
const command = dash >= 0 ? argv.slice(dash + 1) : []
const opt = (name, dflt) => {
  const i = own.indexOf(`--${name}`)
  return i >= 0 ? own[i + 1] : dflt
}
const rows = Number(opt('rows', '0'))
const hz = Number(opt('hz', '999'))
let data = opt('from', undefined)
if (!rows || (!data && command.length === 0)) {
  console.error('usage: cpu-breakdown.mjs --rows N [--hz 999] [--keep FILE] -- <wa-audience arguments>  |  --rows N --from perf.data')
  process.exit(2)
}

if (!data) {
  data = opt('keep', path.join(os.tmpdir(), `cpu-breakdown-${process.pid}.data`))
  const run = spawnSync(
    'perf',
    ['record', '-g', '-e', 'cpu-clock', '-F', String(hz), '-o', data, '--', process.execPath, '--perf-basic-prof', path.join(root, 'bin', 'wa-audience.js'), ...command],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  )
  if (run.status !== 0) {
    console.error(`cpu-breakdown: the run failed (exit ${run.status}); is perf installed (apt-get install linux-perf)?`)
    process.exit(1)
  }
}

// The sampling rate as recorded (perf may lower it): each sample is 1/freq s of CPU of its thread.
const header = execFileSync('perf', ['report', '-i', data, '--header-only'], { encoding: 'utf8', maxBuffer: 1 << 26 })
const freq = Number(/sample_freq \} = (\d+)/.exec(header)?.[1] ?? /sample_freq = (\d+)/.exec(header)?.[1] ?? hz)
const script = execFileSync('perf', ['script', '-i', data, '-F', 'pid,tid,ip,sym,dso'], { encoding: 'utf8', maxBuffer: 1 << 30 })

const COMPILER = /v8::internal::compiler::|v8::internal::maglev::|OptimizingCompileDispatcher|Compiler::|CompileLazy|Parser::|Scanner::|BytecodeGenerator|interpreter::/
const GC = /Scaveng|MarkCompact|ConcurrentMarking|IncrementalMarking|MarkingVisitor|Marking|Sweeper|Heap::CollectGarbage|Heap::PerformGarbageCollection|Evacuat|RememberedSet|SlotSet|MinorMC|ArrayBufferSweeper|GCTracer|PointersUpdating/
const JS = /^(?:JS:)?[*~^+]?(\S*) (?:file:\/\/)?(\S+?):\d+:\d+$/

/** One sample's step, from its stack (innermost frame first). */
function stepOf(frames) {
  const leaf = frames[0]?.sym ?? ''
  for (const f of frames) {
    if (COMPILER.test(f.sym)) return 'V8: compiling'
    if (GC.test(f.sym)) return 'V8: garbage collection'
  }
  if (frames[0]?.kernel) {
    if (leaf.startsWith('copy_folio_from_iter') || leaf.startsWith('copy_page_from_iter')) return 'kernel: output copied into the page cache'
    if (leaf.startsWith('clear_page')) return 'kernel: fresh pages zeroed'
  }
  if (leaf.startsWith('sha256_block')) return 'SHA-256 blocks (OpenSSL)'
  for (const f of frames) {
    const m = f.sym.startsWith('JS:') ? JS.exec(f.sym) : null
    if (m) {
      const at = m[2].indexOf('/dist/')
      const file = at >= 0 ? m[2].slice(at + 6) : m[2].startsWith('node:') ? 'node internals' : m[2]
      return `js: ${file.replace(/\.js$/, '')}`
    }
  }
  if (frames[0]?.kernel) return 'kernel: other'
  return 'natives outside JS (start-up, I/O, ...)'
}

const samples = [] // [pid, tid, step, has a JS frame]
let pid = 0
let tid = 0
let frames = [] // { sym, kernel }
const flush = () => {
  if (tid !== 0) samples.push([pid, tid, stepOf(frames), frames.some((f) => f.sym.startsWith('JS:'))])
  tid = 0
  frames = []
}
for (const line of script.split('\n')) {
  if (line.trim() === '') {
    flush()
    continue
  }
  const head = /^\s*(\d+)\/(\d+)\s*$/.exec(line)
  if (head) {
    flush()
    pid = Number(head[1])
    tid = Number(head[2])
    continue
  }
  const fr = /^\s+[0-9a-f]+\s+(.*?)\s+\(([^()]*)\)$/.exec(line)
  if (fr && tid !== 0) frames.push({ sym: fr[1].trim(), kernel: fr[2] === '[kernel.kallsyms]' })
}
flush()

// A thread's kind: the main thread is the process's first; a worker runs JS; V8's platform threads compile
// and collect; the rest (libuv's pool reading files, ...) are "other".
const main = Math.min(...samples.map((s) => s[0]))
const perThread = new Map()
for (const [p, t, step, js] of samples) {
  if (p !== main) continue
  const e = perThread.get(t) ?? { n: 0, js: 0, v8: 0 }
  e.n++
  if (js) e.js++
  if (step.startsWith('V8:')) e.v8++
  perThread.set(t, e)
}
const kindOf = (t) => {
  if (t === main) return 'main thread'
  const e = perThread.get(t)
  if (e.js > e.n * 0.3) return 'workers'
  if (e.v8 > e.n * 0.3) return "V8's platform threads"
  return 'other threads'
}

const table = new Map()
const kinds = new Map()
for (const [p, t, step] of samples) {
  if (p !== main) continue
  const kind = kindOf(t)
  const key = `${kind}\t${step}`
  table.set(key, (table.get(key) ?? 0) + 1)
  kinds.set(kind, (kinds.get(kind) ?? 0) + 1)
}
const us = (n) => ((n / freq) * 1e6) / rows
const total = [...kinds.values()].reduce((a, b) => a + b, 0)
console.log(`${samples.length} samples at ${freq} Hz: ${(total / freq).toFixed(2)} s of CPU, ${us(total).toFixed(2)} µs a row over ${rows} rows`)
console.log('')
console.log('| thread | step | CPU s | µs/row |')
console.log('|---|---|---:|---:|')
for (const [kind, n] of [...kinds].sort((a, b) => b[1] - a[1])) {
  const steps = [...table].filter(([k]) => k.startsWith(`${kind}\t`)).sort((a, b) => b[1] - a[1])
  let rest = 0
  for (const [k, m] of steps) {
    if (us(m) < 0.05) {
      rest += m
      continue
    }
    console.log(`| ${kind} | ${k.split('\t')[1]} | ${(m / freq).toFixed(2)} | ${us(m).toFixed(2)} |`)
  }
  if (rest > 0) console.log(`| ${kind} | the rest (each < 0.05) | ${(rest / freq).toFixed(2)} | ${us(rest).toFixed(2)} |`)
  console.log(`| **${kind}** | **all** | **${(n / freq).toFixed(2)}** | **${us(n).toFixed(2)}** |`)
}
console.log(`| **all** | | **${(total / freq).toFixed(2)}** | **${us(total).toFixed(2)}** |`)
if (!opt('keep', undefined) && !opt('from', undefined)) fs.rmSync(data, { force: true })
