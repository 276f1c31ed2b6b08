// Questions asked at a terminal when a file's mapping is missing or ambiguous (canPrompt() decides whether
// anyone may be asked). Written to stderr, so that stdout stays data. Sample values are shown masked
// (core/mask.ts): a prompt is a screen, and screens are shared and recorded. Answers of the consent
// vocabulary (`yes`, `TRUE`, `subscribed`) are not personal data and are shown as they are, because they are
// what tells a consent column from the others.

import { candidatesByContent } from '../core/column-profile.js'
import { readConsentValue } from '../core/consent-value.js'
import { InputError, InterruptedError } from '../core/errors.js'
import { maskValue, shown } from '../core/mask.js'
import { CHANNELS, type Channel } from '../core/model.js'
import { noIdentifierMessage, type MappingQuestion, type MappingResolver } from '../pipeline/mapping-resolver.js'
import type { ContentField } from '../sources/by-content.js'
import { consentChannelOf, mappedColumns, type UnmappedConsentColumn } from '../sources/consent-columns.js'

export interface PromptContext {
  input?: NodeJS.ReadableStream
  output?: NodeJS.WritableStream
}

/** A sample value fit for a screen. */
export function shownValue(v: string): string {
  const s = v.trim()
  return readConsentValue(s) !== 'unknown' ? shown(s, 24) : shown(maskValue(s), 24)
}

/** `Mobile (e.g. +44 **** ***456, 07** *** *058)`: a column with up to three distinct sample values. */
function describeColumn(q: MappingQuestion, column: string): string {
  const i = q.header.indexOf(column)
  const seen: string[] = []
  for (const row of q.sample) {
    const v = (row[i] ?? '').trim()
    if (v !== '' && !seen.includes(v)) seen.push(v)
    if (seen.length === 3) break
  }
  return seen.length === 0 ? `${shown(column, 60)}  (empty in the first rows)` : `${shown(column, 60)}  (e.g. ${seen.map(shownValue).join(', ')})`
}

type Prompts = typeof import('@inquirer/prompts')

/**
 * Ctrl-C inside a prompt is an interruption (exit 130), not an internal error. The prompt library is loaded
 * only when a question is asked: at every start it cost 0.13 s, a third of a run's start-up, and cron jobs
 * and pipes never ask.
 */
async function ask<T>(run: (prompts: Prompts) => Promise<T>): Promise<T> {
  const prompts = await import('@inquirer/prompts')
  try {
    return await run(prompts)
  } catch (e) {
    if ((e as Error)?.name === 'ExitPromptError' || (e as Error)?.name === 'AbortPromptError') throw new InterruptedError()
    throw e
  }
}

/** Candidates first (best first), then every other column in file order. */
function ordered(q: MappingQuestion, first: readonly string[]): string[] {
  return [...first, ...q.header.filter((h) => !first.includes(h))]
}

export class PromptResolver implements MappingResolver {
  asked = false
  constructor(private readonly context: PromptContext = { input: process.stdin, output: process.stderr }) {}

  private async chooseColumn(q: MappingQuestion, message: string, kind: 'phone' | 'email', none: string): Promise<string> {
    this.asked = true
    const candidates = candidatesByContent(q.profiles, kind).map((p) => p.column)
    const choices = [...ordered(q, candidates).map((c) => ({ name: describeColumn(q, c), value: c })), { name: none, value: '' }]
    return ask((p) => p.select({ message, choices, default: candidates[0] ?? '', pageSize: 12 }, this.context))
  }

  async identifier(q: MappingQuestion): Promise<{ phone?: string[]; email?: string[] }> {
    const phone = await this.chooseColumn(q, `${q.file}: no phone or email column was recognised. Which column holds the phone number?`, 'phone', 'None: this file has no phone column')
    const hasEmailCandidate = candidatesByContent(q.profiles, 'email').length > 0
    const email =
      phone === '' || hasEmailCandidate
        ? await this.chooseColumn(q, `${q.file}: which column holds the email address?`, 'email', phone === '' ? 'None: stop here' : 'None: this file has no email column')
        : ''
    if (phone === '' && email === '') throw new InputError(noIdentifierMessage(q), { file: q.file, line: 1 })
    return { ...(phone ? { phone: [phone] } : {}), ...(email ? { email: [email] } : {}) }
  }

  async contentColumns(q: MappingQuestion, found: Partial<Record<ContentField, string>>): Promise<Partial<Record<ContentField, string>>> {
    const out: Partial<Record<ContentField, string>> = {}
    for (const [field, column] of Object.entries(found) as [ContentField, string][]) {
      this.asked = true
      const what = field === 'email' ? 'email addresses' : 'phone numbers'
      const header = field === 'email' ? 'an email' : 'a phone'
      const chosen = await this.chooseColumnFirst(q, `${q.file}: no header names ${header} column, but column "${shown(column, 60)}" holds ${what}. Which column holds the ${field === 'email' ? 'email address' : 'phone number'}?`, field, column)
      if (chosen !== '') out[field] = chosen
    }
    return out
  }

  private async chooseColumnFirst(q: MappingQuestion, message: string, kind: 'phone' | 'email', first: string): Promise<string> {
    const choices = [...ordered(q, [first]).map((c) => ({ name: describeColumn(q, c), value: c })), { name: `None: this file has no ${kind} column`, value: '' }]
    return ask((p) => p.select({ message, choices, default: first, pageSize: 12 }, this.context))
  }

  async phoneColumns(q: MappingQuestion, candidates: readonly string[]): Promise<string[]> {
    this.asked = true
    return ask((p) =>
      p.checkbox(
        {
          message: `${q.file}: several columns could hold the phone number. Which should be read? (space ticks, enter confirms; the first WhatsApp-eligible number of a row leads)`,
          choices: candidates.map((c) => ({ name: describeColumn(q, c), value: c, checked: true })),
          required: true,
          pageSize: 12,
        },
        this.context,
      ),
    )
  }

  async consentColumns(q: MappingQuestion): Promise<Partial<Record<Channel, string>>> {
    return this.askConsent(q, [], `${q.file} has no consent column we recognise.`)
  }

  // The consent-looking columns first; the channel asked for each ticked column. A column left unticked is
  // the person's answer that it is not consent.
  async unmappedConsent(q: MappingQuestion, columns: readonly UnmappedConsentColumn[]): Promise<Partial<Record<Channel, string>>> {
    const names = columns.map((c) => c.column)
    const what = names.length === 1 ? `Column "${shown(names[0]!, 60)}" looks like consent but names no channel.` : `Columns ${names.slice(0, 3).map((n) => `"${shown(n, 60)}"`).join(', ')} look like consent but name no channel.`
    return this.askConsent(q, names, `${q.file}: ${what}`)
  }

  private async askConsent(q: MappingQuestion, first: readonly string[], intro: string): Promise<Partial<Record<Channel, string>>> {
    this.asked = true
    const mapped = mappedColumns(q.mapping)
    const likely = [...first, ...candidatesByContent(q.profiles, 'consent').map((p) => p.column).filter((c) => !first.includes(c))].filter((c) => !mapped.has(c))
    const columns = ordered(q, likely).filter((c) => !mapped.has(c))
    const chosen = await ask((p) =>
      p.checkbox(
        {
          message: `${intro} Which columns say whether the person agreed to be contacted? (space ticks, enter confirms; tick none if the file holds no consent)`,
          choices: columns.map((c) => ({ name: describeColumn(q, c), value: c })),
          pageSize: 12,
        },
        this.context,
      ),
    )
    const out: Partial<Record<Channel, string>> = {}
    for (const column of chosen) {
      const channel = await ask((p) =>
        p.select<Channel>(
          {
            message: `Column "${shown(column, 60)}" is consent for which channel?`,
            choices: CHANNELS.map((ch) => ({ name: ch, value: ch })),
            default: consentChannelOf(column) ?? 'whatsapp',
          },
          this.context,
        ),
      )
      out[channel] = column
    }
    return out
  }
}

/** After questions were answered: offers to keep the answers as a config. Returns the file chosen, or undefined. */
export async function offerToSaveConfig(save: (file: string) => void, context: PromptContext = { input: process.stdin, output: process.stderr }): Promise<string | undefined> {
  const keep = await ask((p) => p.confirm({ message: 'Save these answers as a config file, so that the next run (or a cron job) reuses them with --config?', default: true }, context))
  if (!keep) return undefined
  const file = await ask((p) => p.input({ message: 'Config file:', default: 'wa-audience.config.json', required: true }, context))
  save(file.trim())
  return file.trim()
}
