// whatsapp-cloud.jsonl: one request body per line for the WhatsApp Cloud API's `POST /{phone-number-id}/
// messages`, sending an approved template (targets.md; developers.facebook.com/docs/whatsapp/cloud-api/
// guides/send-message-templates). Same audience as whatsapp.csv. The body's variables {{1}}, {{2}}, … are
// filled, in order, from the person fields named with --param; a person lacking one is refused with
// MISSING_PARAM rather than sent a message with a hole in it.

import type { Person } from '../core/people.js'
import { asHash, e164Digits } from './normalize.js'
import type { JsonLinesTarget } from './types.js'
import { whatsappPhone } from './whatsapp.js'

/**
 * The fields --param can name. Only person fields: a person merges records from several files, so "a column
 * of the input" has no single value, and `export` from a `join` output must write what `prepare` writes.
 */
export const PARAM_FIELDS = ['first_name', 'last_name', 'full_name', 'email', 'city', 'state', 'zip', 'country', 'external_id', 'value'] as const
export type ParamField = (typeof PARAM_FIELDS)[number]

export function isParamField(v: string): v is ParamField {
  return (PARAM_FIELDS as readonly string[]).includes(v)
}

function fieldValue(p: Person, f: ParamField): string {
  switch (f) {
    case 'full_name':
      return `${p.fields.first_name} ${p.fields.last_name}`
    case 'email':
      return p.emails[0] ?? ''
    default:
      return p.fields[f]
  }
}

/** A parameter's text as the Cloud API accepts it: it refuses new lines, tabs and runs of more than four
 * spaces in a text parameter (error 132018), so every run of white space becomes one space. */
export function paramText(v: string): string {
  return v.replace(/\s+/g, ' ').trim()
}

export const whatsappCloud: JsonLinesTarget = {
  id: 'whatsapp-cloud',
  file: 'whatsapp-cloud.jsonl',
  audience: 'whatsapp',
  format: 'jsonl',
  summary: 'WhatsApp Cloud API template-message request bodies, one per line (needs --template, --lang)',
  refuses: true,
  rows(p, o) {
    const phone = whatsappPhone(p)
    const t = o.template
    if (!phone || !t) return []
    const parameters: Array<{ type: 'text'; text: string }> = []
    for (const [i, f] of t.params.entries()) {
      const text = isParamField(f) ? paramText(fieldValue(p, f)) : ''
      if (text === '') return { refused: 'MISSING_PARAM', detail: `no ${f} for --param ${f} ({{${i + 1}}})` }
      // A value that arrived SHA-256 hashed is no text to greet anybody with.
      if (asHash(text)) return { refused: 'MISSING_PARAM', detail: `${f} for --param ${f} ({{${i + 1}}}) is a SHA-256 hash, not text` }
      parameters.push({ type: 'text', text })
    }
    // `to` in the wa_id form, E.164 digits without the `+` (the form the API reports recipients in).
    // A template without variables is sent without `components`, which the API treats as optional.
    const template = {
      name: t.name,
      language: { code: t.lang },
      ...(parameters.length > 0 ? { components: [{ type: 'body', parameters }] } : {}),
    }
    return [{ messaging_product: 'whatsapp', recipient_type: 'individual', to: e164Digits(phone.e164), type: 'template', template }]
  },
}
