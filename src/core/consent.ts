// Merging a person's records into one consent state per channel (consent.md, "Merging a person's records").
// The rules lean the safe way: a suppression denies everything, unknowns do not vote, a disagreement is
// settled by time only when every voter has one, and otherwise denial wins and the conflict is counted.

import type { ConsentState, Provenance } from './model.js'

export type { Provenance } from './model.js'

export interface Vote extends Provenance {
  state: ConsentState
  /** ms since the epoch; NaN when the record has no time for this channel. */
  at: number
}

export type DecisionRule =
  | 'suppressed' // rule 1: a --suppress list names the person
  | 'no-vote' // rule 2: every record is unknown (or there are none)
  | 'agreed' // rule 3: the voting records agree
  | 'latest' // rule 4: they disagree, every voter has a time, the latest wins (a tie goes to denied)
  | 'conflict' // rule 5: they disagree and some voter has no time: denied wins

export interface ConsentDecision {
  state: ConsentState
  rule: DecisionRule
  /** The deciding record (or suppression entry); null when nobody voted. */
  source: Provenance | null
  /** The deciding record's time for this channel, NaN when it has none. */
  at: number
}

const UNKNOWN: ConsentDecision = { state: 'unknown', rule: 'no-vote', source: null, at: NaN }

/**
 * Decides one channel for one person. `votes` are the person's records in input order (files in the order
 * given, rows in file order); `suppression` is the entry of a --suppress list that names the person.
 */
export function decideChannel(votes: readonly Vote[], suppression?: Provenance): ConsentDecision {
  if (suppression) return { state: 'denied', rule: 'suppressed', source: { input: suppression.input, line: suppression.line }, at: NaN }
  // One pass over the votes, no arrays or closures (every person of several records is decided here, four
  // channels each): the first voter, the first denial, the latest timed voter (the first of equal times),
  // whether both states voted and whether every voter has a time. Unknowns do not vote.
  let first: Vote | null = null
  let firstDenial: Vote | null = null
  let latestTimed: Vote | null = null
  let granted = false
  let allTimed = true
  for (let i = 0; i < votes.length; i++) {
    const v = votes[i]!
    if (v.state === 'unknown') continue
    first ??= v
    if (v.state === 'granted') granted = true
    else firstDenial ??= v
    if (!Number.isFinite(v.at)) allTimed = false
    else if (latestTimed === null || v.at > latestTimed.at) latestTimed = v
  }
  if (first === null) return UNKNOWN

  if (!(granted && firstDenial)) {
    // Agreement: the most recent voter is the one to trace (the latest confirmation), else the first.
    const d = latestTimed ?? first
    return { state: d.state, rule: 'agreed', source: { input: d.input, line: d.line }, at: d.at }
  }

  if (allTimed) {
    const top = latestTimed!
    // A tie at the latest time goes to denied: the first denial at that time, if any.
    let d = top
    for (let i = 0; i < votes.length; i++) {
      const v = votes[i]!
      if (v.state === 'denied' && v.at === top.at) {
        d = v
        break
      }
    }
    return { state: d.state, rule: 'latest', source: { input: d.input, line: d.line }, at: d.at }
  }

  return { state: 'denied', rule: 'conflict', source: { input: firstDenial.input, line: firstDenial.line }, at: firstDenial.at }
}
