// The "Next steps" of report.md and report.html: which file of the output folder goes where, what each
// segment is for, and what removes/ must be used for. One source: both reports render these steps, so the
// two never say different things. Only the files this run wrote are named (report.outputs, report.deltas).
//
// Text uses one markup only: `backticks` for a file, a menu path or a flag. The Markdown renderer keeps
// them; the HTML renderer escapes the text and turns them into <code>.
//
// Platform facts (menus and limits) as their help pages gave them when written; a menu path is named as
// the platform names it so a user can search its help for the same words:
// - Meta: Ads Manager → Audiences → Create audience → Custom audience → Customer list; hashed SHA-256
//   values are accepted as they are; Meta suggests 100+ matched people (facebook.com/business/help/170456843145568).
// - WhatsApp Business app: a broadcast list holds at most 256 contacts and reaches only those who saved
//   the business's number; the app imports no CSV (faq.whatsapp.com "How to use broadcast lists").
// - WhatsApp Business Platform: messaging limits per business phone number, new numbers start at 250
//   people in a rolling 24 hours (developers.facebook.com/docs/whatsapp/messaging-limits).
// - Google Ads: Tools → Shared library → Audience manager → Segments → + → Customer list (Customer Match).
// - TikTok Ads Manager: Assets → Audiences → Create audience → Custom audience → Customer File.

import type { Report } from './report.js'

export interface NextStep {
  /** The file or folder of the output this step is about, as the folder names it. */
  file: string
  /** One line: where it goes. */
  title: string
  /** Paragraphs saying how and why. */
  text: string[]
}

export interface NextStepsContext {
  /** Ad-platform files hashed (the default) or written in the clear (--plain). */
  hashed: boolean
}

const n = (x: number) => x.toLocaleString('en-US')

function rowsOf(r: Report, file: string): string {
  const rows = r.outputs[file]
  if (rows === undefined) return ''
  return rows === 0 ? ' It is empty this run: nobody qualified.' : ` It holds ${n(rows)} ${rows === 1 ? 'person' : 'people'}.`
}

function hashNote(ctx: NextStepsContext, platform: string): string {
  return ctx.hashed
    ? `The values look like long strings of letters and digits: they are SHA-256 hashes, the form ${platform} asks for. ${platform} hashes its own users' details the same way and matches the two, so no readable phone or email leaves your computer. The file is not damaged: do not open and re-save it in a spreadsheet.`
    : `The values are in the clear (\`--plain\`): ${platform}'s upload page hashes them in your browser before sending. Keep the file private and delete it after the upload.`
}

function stepFor(r: Report, file: string, ctx: NextStepsContext): NextStep | null {
  const rows = rowsOf(r, file)
  switch (file) {
    case 'whatsapp.csv':
      return {
        file,
        title: "WhatsApp broadcast tool: the contact import",
        text: [
          `Upload it with your WhatsApp broadcast tool's contact import: the tool of the WhatsApp Business Platform provider you send with. Everyone in it has a number that can receive WhatsApp and has agreed to messages on WhatsApp; \`consent_source\` and \`consent_at\` say where and when, keep them as your proof of opt-in.${rows}`,
          'Messages to people who have not written to you first must use a template approved by Meta. Meta limits how many people a business number may start conversations with each day: a new number starts at 250 people in 24 hours and the limit rises as you send messages people do not block or report.',
          'The WhatsApp Business app on a phone cannot import this file: a broadcast list there holds at most 256 contacts, who must already be in the phone\'s address book, and reaches only the people who saved your number. For more than a few hundred people, use the Business Platform through a provider.',
        ],
      }
    case 'meta-custom-audience.csv':
      return {
        file,
        title: 'Meta: Ads Manager → Audiences → Custom audience → Customer list',
        text: [
          `In Meta Ads Manager open \`Audiences\`, then \`Create audience\` → \`Custom audience\` → \`Customer list\`, and upload this file. Its column names are the ones Meta's template uses, so the identifiers map themselves; confirm the mapping when asked.${rows} Everyone in it agreed to marketing under the run's ads policy.`,
          hashNote(ctx, 'Meta'),
          'Meta usually matches only part of a list to its users, and an audience needs about 100 matched people before it can be used. Use it to show ads to your own contacts, to exclude them from prospecting campaigns, or as the source of a lookalike audience.',
        ],
      }
    case 'google-customer-match.csv':
      return {
        file,
        title: 'Google Ads: Customer Match',
        text: [
          `In Google Ads open \`Tools\` → \`Shared library\` → \`Audience manager\`, add a segment of type \`Customer list\`, choose to upload emails and phones, and upload this file.${rows} Google allows Customer Match only to accounts in good standing with enough spending history.`,
          hashNote(ctx, 'Google'),
        ],
      }
    case 'tiktok.csv':
      return {
        file,
        title: 'TikTok Ads Manager: customer file',
        text: [
          `In TikTok Ads Manager open \`Assets\` → \`Audiences\` → \`Create audience\` → \`Custom audience\` → \`Customer File\`, and upload this file with the identifier types its header names.${rows}`,
          hashNote(ctx, 'TikTok'),
        ],
      }
    case 'whatsapp-cloud.jsonl':
      return {
        file,
        title: 'WhatsApp Cloud API: one message request per line',
        text: [`For a developer or your provider: each line is the body of one template message request to the Cloud API's messages endpoint, for a person in whatsapp.csv.${rows}`],
      }
    case 'meta-api/':
      return {
        file,
        title: 'Meta Marketing API: customer-list batches',
        text: ['For a developer: each batch file is one request body for the Marketing API endpoint that adds people to a custom audience, at most 10,000 people each.'],
      }
    case 'segments/customers-not-followers.csv':
      return {
        file,
        title: 'Segment: customers who do not follow the Page yet',
        text: [
          `Your consenting customers who are not among your Page's leads and followers.${rows} Upload it like the Meta file (a Customer list custom audience) and use it in an engagement or Page-likes campaign: an ad audience to grow the following among people who already buy from you.`,
        ],
      }
    case 'segments/followers-without-phone.csv':
      return {
        file,
        title: 'Segment: followers without a phone',
        text: [
          `People who engaged with your Page and agreed to marketing but left no usable phone number, so they cannot be in whatsapp.csv.${rows} Upload it as a Customer list custom audience and show them an ad that asks for a number: a lead form with a phone question, or a click-to-WhatsApp ad.`,
        ],
      }
    case 'rejects.csv':
      return {
        file,
        title: 'Rows that were not used',
        text: [`One line per input row that was left out, with its file, line and reason (values masked).${rows === '' ? '' : ` ${n(r.outputs[file] ?? 0)} rows this run.`} Correct the rows in the source file (a missing country: add \`--country\`) and run again; never upload it.`],
      }
    case 'skipped.csv':
      return {
        file,
        title: 'People a target could not take',
        text: ['People left out of a target because they lack a value it needs (a template parameter): fill the value in the source and run again.'],
      }
    default:
      return null
  }
}

export function nextSteps(r: Report, ctx: NextStepsContext = { hashed: true }): NextStep[] {
  const steps: NextStep[] = []
  for (const file of Object.keys(r.outputs)) {
    const s = stepFor(r, file, ctx)
    if (s) steps.push(s)
  }
  if (r.deltas) {
    const changed = r.deltas.files.filter((d) => d.adds > 0 || d.removes > 0)
    const list = changed.map((d) => `\`${d.file.replace(/\/$/, '')}\` +${n(d.adds)} −${n(d.removes)}`).join(', ')
    steps.push({
      file: 'adds/',
      title: 'adds/: people new to each live audience',
      text: [`Each file of \`adds/\` holds the people to add to the audience you uploaded last time (same format as the file of the same name). Upload it to the existing audience with the platform's option to add customers.${changed.length > 0 ? ` Changes: ${list}.` : ' Nothing changed since the previous run.'}`],
    })
    steps.push({
      file: 'removes/',
      title: 'removes/: people who must leave each live audience',
      text: [
        "Each file of `removes/` holds the people who withdrew consent, were suppressed or are no longer in the inputs since the previous run. Upload it with the platform's option to remove customers from the existing audience (Meta: open the audience, `Edit` → `Remove customers`; Google: open the customer list, `Remove members`), and delete the numbers of `removes/whatsapp.csv` from your WhatsApp broadcast tool.",
        'This is required, not optional: uploading the new full list again adds people but removes nobody, so someone who said stop would keep receiving your ads and messages. Do it before the next campaign.',
      ],
    })
  } else if (Object.keys(r.outputs).some((f) => !['rejects.csv', 'skipped.csv'].includes(f))) {
    steps.push({
      file: '',
      title: 'Next time: run with --previous',
      text: ['When you run again after uploading these files, add `--previous` with this folder: the run then writes `adds/` and `removes/`, the people to add to and to remove from each audience you uploaded (people who withdrew consent must be removed from it).'],
    })
  }
  return steps
}

/** The steps as a section of report.md. */
export function nextStepsMarkdown(steps: readonly NextStep[]): string {
  const lines = ['## Next steps', '']
  for (const s of steps) {
    lines.push(`### ${s.file !== '' ? `\`${s.file}\`: ` : ''}${s.title}`, '')
    for (const p of s.text) lines.push(p, '')
  }
  return lines.join('\n')
}
