// Counters by string key for figures counted once a row or a person (number statuses and types, reasons a
// person was kept out, countries), kept where they cost least: a keyed property per count on a plain object
// (`counts[status]++`) sees a new name at each key and goes through V8's megamorphic load and store, about
// 150 instructions each (callgrind: the row step's and the tally's counts). Where a key was counted does not
// show: every report sorts its keys (report.ts, sortedCounts).

import { emptyList } from './lists.js'
import { PAIR_SLOTS, pairOfSlot, pairSlot } from './pair-slot.js'

/**
 * Counts by a key of a small set (a number's status or type, a reason a person was kept out): the keys in a
 * list searched with ===, which for the same constant string is one comparison, where a Map hashed and found
 * the key and then set it again. Past 16 keys, a Map.
 */
export class KeyCounts {
  // Of the class a list of strings has (core/lists.ts): a `[]` took its first key as a change of kind, and the
  // code compiled for the tallies before it was thrown away in each block's new tally ("not a Smi").
  private readonly keys: string[] = emptyList()
  private readonly values: number[] = []
  private readonly rest = new Map<string, number>()

  add(key: string, by: number): void {
    const keys = this.keys
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === key) {
        this.values[i]! += by
        return
      }
    }
    if (keys.length < 16) {
      keys.push(key)
      this.values.push(by)
    } else count(this.rest, key, by)
  }

  /** Adds counts made elsewhere (a worker's chunk or block). */
  addAll(counts: Readonly<Record<string, number>>): void {
    for (const [k, v] of Object.entries(counts)) this.add(k, v)
  }

  counts(): Record<string, number> {
    return Object.fromEntries([...this.keys.map((k, i): [string, number] => [k, this.values[i]!]), ...this.rest])
  }
}

/**
 * Counts by country code: a two-letter code of capitals (nearly every key) in a slot of its own
 * (core/pair-slot.ts), any other key (a non-geographic `001`) in a Map. A Map lookup of each freshly decoded
 * code (its hash computed, then found, then set) cost more than the rest of the tally's add().
 */
export class CodeCounts {
  private readonly byPair = new Float64Array(PAIR_SLOTS)
  private readonly rest = new Map<string, number>()

  add(key: string, by: number): void {
    const i = pairSlot(key)
    if (i >= 0) this.byPair[i]! += by
    else count(this.rest, key, by)
  }

  addAll(counts: Readonly<Record<string, number>>): void {
    for (const [k, v] of Object.entries(counts)) this.add(k, v)
  }

  counts(): Record<string, number> {
    const all: Array<[string, number]> = [...this.rest]
    for (let i = 0; i < this.byPair.length; i++) if (this.byPair[i]! > 0) all.push([pairOfSlot(i), this.byPair[i]!])
    return Object.fromEntries(all)
  }
}

function count(m: Map<string, number>, key: string, by: number): void {
  m.set(key, (m.get(key) ?? 0) + by)
}
