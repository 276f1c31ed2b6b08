// Identity resolution: records that share a normalized phone key or a normalized email are one person,
// transitively (a lead with only an email, a customer with both, a second lead with only the phone: one
// person). Union-find over record ids; a person's root is its first record, so people come out in order of
// first appearance and the same inputs always give the same people in the same order.

import { decideChannel, type ConsentDecision, type Provenance, type Vote } from './consent.js'
import { sha256Hex } from './hash.js'
import { CHANNELS, IN_CUSTOMERS, IN_FOLLOWERS, PERSON_FIELDS, emptyPersonFields, type Channel, type ContactRecord, type PersonFields, type RoleMask } from './model.js'
import type { PhoneResult } from './phone/types.js'

export interface Person {
  /** Stable id derived from the person's smallest key (a phone key if it has one), not from row order. */
  id: string
  /** How many records were merged into this person. */
  recordCount: number
  /** Where the person's records came from, in input order (`input` indexes the run's inputs). */
  sources: Provenance[]
  /** Every distinct usable number; the first WhatsApp-eligible one leads. */
  phones: PhoneResult[]
  /** Every distinct normalized email, most recent record first. */
  emails: string[]
  fields: PersonFields
  consent: Record<Channel, ConsentDecision>
  /** True when some record of this person came from a --customers / --followers input. */
  inCustomers: boolean
  inFollowers: boolean
  /** The suppression entry that names this person, or null. */
  suppressed: Provenance | null
}

/** Phone keys and emails of the --suppress lists, each with the entry (file and line) that listed it. */
export class SuppressionList {
  private readonly entries = new Map<string, Provenance>()
  get size(): number {
    return this.entries.size
  }
  add(key: string, where: Provenance): void {
    if (!this.entries.has(key)) this.entries.set(key, where)
  }
  find(keys: Iterable<string>): Provenance | null {
    for (const k of keys) {
      const hit = this.entries.get(k)
      if (hit) return hit
    }
    return null
  }
}

const EMAIL_KEY = 'e:'

export class PeopleIndex {
  private readonly records: ContactRecord[] = []
  private readonly roles: RoleMask[] = []
  private readonly parent: number[] = []
  private readonly byKey = new Map<string, number>()

  get recordCount(): number {
    return this.records.length
  }

  private find(i: number): number {
    let r = i
    while (this.parent[r] !== r) r = this.parent[r]!
    // Path compression: point every visited node straight at the root.
    while (this.parent[i] !== r) {
      const next = this.parent[i]!
      this.parent[i] = r
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

  /** Adds a usable record; `role` says whether it stands for a customer, a follower, or both. */
  add(record: ContactRecord, role: RoleMask): void {
    const id = this.records.length
    this.records.push(record)
    this.roles.push(role)
    this.parent.push(id)
    for (const key of recordKeys(record)) {
      const other = this.byKey.get(key)
      if (other === undefined) this.byKey.set(key, id)
      else this.union(id, other)
    }
  }

  /** Every person, in order of first appearance; materialized one at a time. */
  *people(suppression: SuppressionList): Generator<Person> {
    const groups = new Map<number, number[]>()
    for (let i = 0; i < this.records.length; i++) {
      const root = this.find(i)
      const g = groups.get(root)
      if (g) g.push(i)
      else groups.set(root, [i])
    }
    for (const [, ids] of [...groups.entries()].sort((a, b) => a[0] - b[0])) yield this.merge(ids, suppression)
  }

  private merge(ids: number[], suppression: SuppressionList): Person {
    const records = ids.map((i) => this.records[i]!)
    const roles = ids.map((i) => this.roles[i]!)
    const ordered = mergeOrder(records)
    const phones: PhoneResult[] = []
    const emails: string[] = []
    for (const r of ordered) {
      for (const p of r.phones) if (!phones.some((q) => q.key === p.key)) phones.push(p)
      for (const e of r.emails) if (!emails.includes(e)) emails.push(e)
    }
    const lead = phones.findIndex((p) => p.whatsapp)
    if (lead > 0) phones.unshift(...phones.splice(lead, 1))

    const fields = emptyPersonFields()
    for (const f of PERSON_FIELDS) fields[f] = ordered.find((r) => r.fields[f] !== '')?.fields[f] ?? ''
    if (fields.country === '') fields.country = phones[0]?.country ?? ''

    const keys = [...phones.map((p) => p.key), ...emails.map((e) => EMAIL_KEY + e)]
    const suppressed = suppression.find(keys)
    const consent = {} as Record<Channel, ConsentDecision>
    for (const ch of CHANNELS) {
      const votes: Vote[] = records.map((r) => {
        const v = r.consent[ch]
        const from = v.source ?? r
        return { input: from.input, line: from.line, state: v.state, at: v.at }
      })
      consent[ch] = decideChannel(votes, suppressed ?? undefined)
    }
    return {
      id: personId(phones, emails),
      recordCount: records.length,
      sources: records.map((r) => ({ input: r.input, line: r.line })),
      phones,
      emails,
      fields,
      consent,
      inCustomers: roles.some((r) => (r & IN_CUSTOMERS) !== 0),
      inFollowers: roles.some((r) => (r & IN_FOLLOWERS) !== 0),
      suppressed,
    }
  }
}

/** The keys a record is known by: each usable phone's key and each email (prefixed, so the spaces never meet). */
export function recordKeys(r: ContactRecord): string[] {
  return [...r.phones.map((p) => p.key), ...r.emails.map((e) => EMAIL_KEY + e)]
}

export function emailKey(email: string): string {
  return EMAIL_KEY + email
}

/** Records with a time, latest first, then records without one in input order (the field-merge rule). */
export function mergeOrder(records: readonly ContactRecord[]): ContactRecord[] {
  const timed = records.filter((r) => Number.isFinite(r.time)).sort((a, b) => b.time - a.time)
  return [...timed, ...records.filter((r) => !Number.isFinite(r.time))]
}

function personId(phones: readonly PhoneResult[], emails: readonly string[]): string {
  const phoneKeys = phones.map((p) => p.key).sort()
  const key = phoneKeys[0] ?? emailKey([...emails].sort()[0] ?? '')
  return 'p' + sha256Hex('wa-person:' + key).slice(0, 15)
}
