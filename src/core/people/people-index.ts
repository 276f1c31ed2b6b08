// Identity resolution: records that share a normalized phone key or a normalized email are one person,
// transitively (a lead with only an email, a customer with both, a second lead with only the phone: one
// person). Union-find over record ids in an Int32Array; a person's root is its first record, so people come
// out in order of first appearance and the same inputs always give the same people in the same order.
// People are materialized one at a time from the compact store: memory grows with the records' data, never
// with JS objects per record.

import { decideChannel, type ConsentDecision, type Vote } from '../consent.js'
import { emptyList } from '../lists.js'
import { CHANNELS, IN_CUSTOMERS, IN_FOLLOWERS, type ConsentVote, type ContactRecord, type PersonFields, type RoleMask } from '../model.js'
import { leadWhatsapp, type PhoneResult } from '../phone/types.js'
import { KeyIndex } from './key-tables.js'
import { emailKey, mergeOrder, personId, recordKeys, type Person } from './person.js'
import { byChannel, RecordStore, type PackedRecords, type SharedStore, type StoredRecord } from './record-store.js'
import type { SuppressionList } from './suppression.js'

export interface PeopleOptions {
  /** Compute person ids (a SHA-256 each: only dedupe and join write them). */
  ids?: boolean
}

/** A person together with its records in merge order (dedupe and join merge the records' own cells). */
export interface PersonWithRecords extends Person {
  records: StoredRecord[]
}

export class PeopleIndex {
  private readonly store = new RecordStore()
  private parent = new Int32Array(1024)
  private keys: KeyIndex | null = new KeyIndex({
    ownsKey: (record, key) => this.store.hasKey(record, key),
    ownsPhone: (record, n) => this.store.hasPhoneNumber(record, n),
  })

  get recordCount(): number {
    return this.store.count
  }

  /** Bytes held by the index's own structures (record store, key tables, union-find). */
  get bytes(): number {
    return this.store.bytes + (this.keys?.bytes ?? 0) + this.parent.byteLength
  }

  /** The key tables; gone once people are listed (groups()), when no record can be added any more. */
  private index(): KeyIndex {
    if (!this.keys) throw new Error('records added after the people were listed')
    return this.keys
  }

  private find(i: number): number {
    const parent = this.parent
    let r = i
    while (parent[r] !== r) r = parent[r]!
    // Path compression: point every visited node straight at the root.
    while (parent[i] !== r) {
      const next = parent[i]!
      parent[i] = r
      i = next
    }
    return r
  }

  private union(a: number, b: number): void {
    const ra = this.find(a)
    const rb = this.find(b)
    if (ra === rb) return
    // The smaller record id stays root: the person keeps its first appearance.
    if (ra < rb) this.parent[rb] = ra
    else this.parent[ra] = rb
  }

  /**
   * Adds a usable record; `role` says whether it stands for a customer, a follower, or both. `cells` (the
   * row's own cells) are kept for commands that write them back (dedupe, join).
   */
  add(record: ContactRecord, role: RoleMask, cells?: readonly string[]): void {
    const id = this.store.add(record, role, cells)
    this.growParent(id + 1)
    this.parent[id] = id
    for (const key of recordKeys(record)) {
      const other = this.index().claim(key, id)
      if (other >= 0) this.union(id, other)
    }
  }

  /**
   * Makes room for about `records` more records with `phoneKeys` phone keys and `otherKeys` other keys (an
   * estimate from the input's size): the arrays and tables are sized once, instead of growing, and holding
   * old and new copies at once, while the records arrive. Only memory depends on it, never the result.
   */
  reserve(records: number, phoneKeys: number, otherKeys: number): void {
    this.store.reserve(records)
    this.growParent(this.store.count + records, true)
    this.index().reserve(phoneKeys, otherKeys)
  }

  /** Room for `n` records in the union-find: exactly `n` when reserving, else half as much again. */
  private growParent(n: number, exact = false): void {
    if (n <= this.parent.length) return
    const grown = new Int32Array(exact ? n : Math.max(n, Math.ceil(this.parent.length * 1.5)))
    grown.set(this.parent)
    this.parent = grown
  }

  /**
   * Adds a packed batch of records (parsed and packed by a worker thread) of one input, in order; the same
   * result as adding each record with add().
   */
  addPacked(p: PackedRecords, input: number, role: RoleMask): void {
    const keys = this.index()
    const first = this.store.addPackedBatch(p, input, role)
    this.growParent(first + p.count)
    const parent = this.parent
    const { phoneKeys, phoneKeyCounts, otherKeys, otherKeyHashes, otherKeyCounts } = p
    let phoneAt = 0
    let otherAt = 0
    for (let k = 0; k < p.count; k++) {
      const id = first + k
      parent[id] = id
      for (let j = phoneKeyCounts[k]!; j > 0; j--) {
        const other = keys.claimPhone(phoneKeys[phoneAt++]!, id)
        if (other >= 0) this.union(id, other)
      }
      for (let j = otherKeyCounts[k]!; j > 0; j--) {
        const other = keys.claimOther(otherKeys[otherAt]!, id, otherKeyHashes[otherAt]!)
        otherAt++
        if (other >= 0) this.union(id, other)
      }
    }
  }

  /**
   * The records of each person: `order` lists record ids grouped by person (people in order of first
   * appearance, records in input order), person k's records are order[starts[k] .. starts[k + 1]). In shared
   * memory, so worker threads can materialize people too (pipeline/parallel/).
   */
  groups(): PersonGroups {
    // Identity is settled: the key tables (a third of the index at scale) are not needed any more.
    this.keys = null
    const n = this.store.count
    // After full path compression parent[i] is i's root; a counting sort by root groups the records, and a
    // person's root is its smallest record id, so ascending roots are people in order of first appearance.
    // A root is the smallest id of its records (union keeps the smaller root), so every parent pointer goes
    // down (parent[i] <= i): in ascending order, i's parent has already been pointed at its root, and one step
    // compresses i too.
    const parent = this.parent
    for (let i = 0; i < n; i++) parent[i] = parent[parent[i]!]!
    const end = new Int32Array(n + 1)
    for (let i = 0; i < n; i++) end[parent[i]!]!++
    let sum = 0
    let people = 0
    for (let r = 0; r < n; r++) {
      const c = end[r]!
      if (c > 0) people++
      end[r] = sum + c // the end of the root's group, filled backwards below
      sum += c
    }
    const order = new Int32Array(new SharedArrayBuffer(Math.max(1, n) * 4))
    for (let i = n - 1; i >= 0; i--) order[--end[parent[i]!]!] = i
    const starts = new Int32Array(new SharedArrayBuffer((people + 1) * 4))
    let k = 0
    for (let r = 0; r < n; r++) if (parent[r] === r) starts[k++] = end[r]!
    starts[people] = n
    return { order, starts, count: people }
  }

  /** The store's memory and the person groups, for worker threads (SharedStore, PersonGroups). */
  share(): { store: SharedStore; groups: PersonGroups } {
    return { store: this.store.share(), groups: this.groups() }
  }

  /** Every person, in order of first appearance; materialized one at a time. */
  people(suppression: SuppressionList, options?: PeopleOptions): Generator<Person>
  people(suppression: SuppressionList, options: PeopleOptions & { records: true }): Generator<PersonWithRecords>
  *people(suppression: SuppressionList, options: PeopleOptions & { records?: boolean } = {}): Generator<Person> {
    const groups = this.groups()
    for (let k = 0; k < groups.count; k++) yield personAt(this.store, groups, k, suppression, options)
  }
}

/** How the records of a store group into people: see PeopleIndex.groups(). */
export interface PersonGroups {
  order: Int32Array<ArrayBufferLike>
  starts: Int32Array<ArrayBufferLike>
  count: number
}

/** Person k of `groups`, materialized from `store` (on any thread that holds them). */
export function personAt(store: RecordStore, groups: PersonGroups, k: number, suppression: SuppressionList, options: PeopleOptions & { records?: boolean } = {}): Person {
  const from = groups.starts[k]!
  const to = groups.starts[k + 1]!
  // Most people have one record: read straight from the store (RecordStore.single), no records to merge.
  if (to - from === 1) {
    const id = groups.order[from]!
    const p = store.single(id, suppression, options.ids ?? false)
    return options.records ? Object.assign(p, { records: [store.get(id)] }) : p
  }
  const records: StoredRecord[] = []
  for (let j = from; j < to; j++) records.push(store.get(groups.order[j]!))
  return merge(records, suppression, options.ids ?? false, options.records ?? false)
}

/** A record's vote on each channel, in CHANNELS order, by name (a load by computed key went megamorphic). */
const VOTE_OF: ReadonlyArray<(c: ContactRecord['consent']) => ConsentVote> = [(c) => c.whatsapp, (c) => c.sms, (c) => c.email, (c) => c.ads]

/**
 * Each field from the first record (in merge order) that has it: the fields by name, record after record (a
 * find() per field by computed key was a fifth of merging a person), and a person without a stated country
 * gets its leading number's region. Made as one literal in decodeBlob's field order, after the values are
 * settled: a spread copy of a record's fields had another hidden class than a one-record person's fields, and
 * every function reading a person's fields saw two (--log-deopt: "wrong map" in the tally and the targets).
 */
function mergedFields(ordered: readonly StoredRecord[], phones: readonly PhoneResult[]): PersonFields {
  const f0 = ordered[0]!.fields
  let first_name = f0.first_name
  let last_name = f0.last_name
  let city = f0.city
  let state = f0.state
  let zip = f0.zip
  let country = f0.country
  let external_id = f0.external_id
  let value = f0.value
  let dob = f0.dob
  let gender = f0.gender
  for (let i = 1; i < ordered.length; i++) {
    const f = ordered[i]!.fields
    if (first_name === '') first_name = f.first_name
    if (last_name === '') last_name = f.last_name
    if (city === '') city = f.city
    if (state === '') state = f.state
    if (zip === '') zip = f.zip
    if (country === '') country = f.country
    if (external_id === '') external_id = f.external_id
    if (value === '') value = f.value
    if (dob === '') dob = f.dob
    if (gender === '') gender = f.gender
  }
  // Only a stated country is a field value; the region of the leading number is the fallback.
  // The length tested, not phones[0]?.: a load past the end is a branch of its own to TurboFan (a deopt of all
  // of merge() at the first merged person without a number).
  if (country === '') country = phones.length > 0 ? phones[0]!.country : ''
  return { first_name, last_name, city, state, zip, country, external_id, value, dob, gender }
}

/** Merges one person's records (in input order) into a Person (personAt reads a one-record person itself). */
export function merge(records: StoredRecord[], suppression: SuppressionList, withId: boolean, withRecords: boolean): Person {
  const ordered = mergeOrder(records)
  const phones = emptyList<PhoneResult>()
  const emails = emptyList<string>()
  for (const r of ordered) {
    for (const p of r.phones) if (!phones.some((q) => q.key === p.key)) phones.push(p)
    for (const e of r.emails) if (!emails.includes(e)) emails.push(e)
  }
  leadWhatsapp(phones)
  const fields = mergedFields(ordered, phones)

  // No suppression list (most runs): no key list to build for each person.
  const suppressed = suppression.size === 0 ? null : suppression.find([...phones.map((p) => p.key), ...emails.map(emailKey)])
  const decisions: ConsentDecision[] = []
  for (let k = 0; k < CHANNELS.length; k++) {
    const voteOf = VOTE_OF[k]!
    const votes: Vote[] = new Array(records.length)
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!
      const v = voteOf(r.consent)
      const from = v.source ?? r
      votes[i] = { input: from.input, line: from.line, state: v.state, at: v.at }
    }
    decisions.push(decideChannel(votes, suppressed ?? undefined))
  }
  const consent = byChannel(decisions)
  let roles = 0
  for (const r of records) roles |= r.role
  const person: Person = {
    id: withId ? personId(phones, emails) : '',
    recordCount: records.length,
    phones,
    emails,
    fields,
    consent,
    inCustomers: (roles & IN_CUSTOMERS) !== 0,
    inFollowers: (roles & IN_FOLLOWERS) !== 0,
    suppressed,
  }
  return withRecords ? Object.assign(person, { records: ordered }) : person
}
