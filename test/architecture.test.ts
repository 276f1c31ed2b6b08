// The shape design.md asks for, checked: no import circle in src/ (a circle is a module that cannot be read
// without the one it is read by; funnel.ts <-> report.ts and fast-read.ts <-> read.ts were untied in issue 15).
// Type-only imports count too: they tie the modules' meanings together as much as value imports do.

import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { ROOT } from './helpers.js'

/** Every .ts file under src/, with the src/ files it imports (relative specifiers, .js read as .ts). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.name.endsWith('.ts')) {
        const code = fs.readFileSync(p, 'utf8')
        const deps = [...code.matchAll(/(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/g)].map((m) => path.resolve(path.dirname(p), m[1]!.replace(/\.js$/, '.ts')))
        graph.set(p, deps)
      }
    }
  }
  walk(path.join(ROOT, 'src'))
  return graph
}

test('src/ has no import circle', () => {
  const graph = importGraph()
  assert.ok(graph.size > 50)
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const circles: string[] = []
  const visit = (f: string) => {
    state.set(f, 'open')
    stack.push(f)
    for (const d of graph.get(f) ?? []) {
      if (state.get(d) === 'open') circles.push([...stack.slice(stack.indexOf(d)), d].map((x) => path.relative(ROOT, x)).join(' -> '))
      else if (!state.has(d)) visit(d)
    }
    stack.pop()
    state.set(f, 'done')
  }
  for (const f of graph.keys()) if (!state.has(f)) visit(f)
  assert.deepEqual(circles, [])
})
