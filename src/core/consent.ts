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

/** Of several votes, the latest by time; among equal times, the first in input order. */
function latest(votes: readonly Vote[]): Vote {
  let best = votes[0]!
  for (const v of votes) if (v.at > best.at) best = v
  return best
}

/**
 * Decides one channel for one person. `votes` are the person's records in input order (files in the order
 * given, rows in file order); `suppression` is the entry of a --suppress list that names the person.
 */
export function decideChannel(votes: readonly Vote[], suppression?: Provenance): ConsentDecision {
  if (suppression) return { state: 'denied', rule: 'suppressed', source: { input: suppression.input, line: suppression.line }, at: NaN }
  const voters = votes.filter((v) => v.state !== 'unknown')
  if (voters.length === 0) return UNKNOWN

  const granted = voters.some((v) => v.state === 'granted')
  const denied = voters.some((v) => v.state === 'denied')
  const allTimed = voters.every((v) => Number.isFinite(v.at))

  if (!(granted && denied)) {
    // Agreement: the most recent voter is the one to trace (the latest confirmation), else the first.
    const timed = voters.filter((v) => Number.isFinite(v.at))
    const d = timed.length > 0 ? latest(timed) : voters[0]!
    return { state: d.state, rule: 'agreed', source: { input: d.input, line: d.line }, at: d.at }
  }

  if (allTimed) {
    const top = latest(voters)
    // A tie at the latest time goes to denied.
    const tiedDenial = voters.find((v) => v.at === top.at && v.state === 'denied')
    const d = tiedDenial ?? top
    return { state: d.state, rule: 'latest', source: { input: d.input, line: d.line }, at: d.at }
  }

  const firstDenial = voters.find((v) => v.state === 'denied')!
  return { state: 'denied', rule: 'conflict', source: { input: firstDenial.input, line: firstDenial.line }, at: firstDenial.at }
}
