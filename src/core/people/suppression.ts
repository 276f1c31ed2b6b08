// The --suppress lists: phone keys and emails that must never be contacted, each with the entry (file and
// line) that listed it, so a suppressed person's denial is traced like any other decision.

import type { Provenance } from '../model.js'

export class SuppressionList {
  private readonly entries = new Map<string, Provenance>()
  get size(): number {
    return this.entries.size
  }
  add(key: string, where: Provenance): void {
    if (!this.entries.has(key)) this.entries.set(key, where)
  }
  find(keys: Iterable<string>): Provenance | null {
    if (this.entries.size === 0) return null
    for (const k of keys) {
      const hit = this.entries.get(k)
      if (hit) return hit
    }
    return null
  }
}
