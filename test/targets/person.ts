// A Person for target tests, built the way the pipeline builds one: phones parsed by the phone engine (so
// every target gets the canonical E.164), emails normalized, consent given per channel.

import { normalizeEmail } from '../../src/core/email.js'
import { emptyPersonFields, type Channel, type ConsentState, type PersonFields } from '../../src/core/model.js'
import type { Person } from '../../src/core/people.js'
import { parsePhone } from '../../src/core/phone/index.js'
import type { TargetOptions } from '../../src/targets/index.js'

export interface PersonSpec {
  /** Raw numbers with the country they are read in: `['(657)777-0000', 'US']`. */
  phones?: Array<[string, string]>
  emails?: string[]
  fields?: Partial<PersonFields>
  consent?: Partial<Record<Channel, ConsentState>>
}

export function person(spec: PersonSpec): Person {
  const phones = (spec.phones ?? []).map(([raw, country]) => {
    const p = parsePhone(raw, country)
    if (p.e164 === '') throw new Error(`test phone ${raw} (${country}) did not parse: ${p.status}`)
    return p
  })
  const lead = phones.findIndex((p) => p.whatsapp)
  if (lead > 0) phones.unshift(...phones.splice(lead, 1))
  const consent = {} as Person['consent']
  for (const ch of ['whatsapp', 'sms', 'email', 'ads'] as const) {
    const state = spec.consent?.[ch] ?? 'unknown'
    consent[ch] = { state, rule: state === 'unknown' ? 'no-vote' : 'agreed', source: state === 'unknown' ? null : { input: 0, line: 2 }, at: Date.UTC(2025, 8, 12) }
  }
  return {
    id: 'p0123456789abcde',
    recordCount: 1,
    phones,
    emails: (spec.emails ?? []).map(normalizeEmail).filter((e) => e !== ''),
    fields: { ...emptyPersonFields(), ...spec.fields },
    consent,
    inCustomers: true,
    inFollowers: false,
    suppressed: null,
  }
}

export function options(o: Partial<TargetOptions> = {}): TargetOptions {
  return { plain: false, inputNames: ['leads.csv'], phoneStyle: 'e164', withValue: false, externId: false, template: null, ...o }
}

/** The rows a target gave, failing the test on a refusal. */
export function rowsOf<R>(entries: R[] | { refused: string; detail: string }): R[] {
  if (!Array.isArray(entries)) throw new Error(`refused: ${entries.refused} ${entries.detail}`)
  return entries
}
