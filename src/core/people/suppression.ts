// The --suppress lists: phone keys and emails that must never be contacted, each with the entry (file and
// line) that listed it, so a suppressed person's denial is traced like any other decision.

import type { Provenance } from '../model.js'

export class SuppressionList {
  private readonly map = new Map<string, Provenance>()
  get size(): number {
    return this.map.size
  }
  add(key: string, where: Provenance): void {
    if (!this.map.has(key)) this.map.set(key, where)
  }
  /** The entries, for a copy in a worker thread (fromEntries). */
  entries(): Array<[string, Provenance]> {
    return [...this.map.entries()]
  }

  static fromEntries(entries: ReadonlyArray<[string, Provenance]>): SuppressionList {
    const s = new SuppressionList()
    for (const [k, v] of entries) s.map.set(k, v)
    return s
  }

  find(keys: Iterable<string>): Provenance | null {
    if (this.map.size === 0) return null
    for (const k of keys) {
      const hit = this.map.get(k)
      if (hit) return hit
    }
    return null
  }
}
