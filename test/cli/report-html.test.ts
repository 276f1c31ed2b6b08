// report.html as a user gets it: written by prepare, listed in manifest.json, and rendered by a real browser
// (Debian's headless Chromium): the rendered page has the funnel chart and the Next steps, and fetches
// nothing (no request leaves the file). The browser test runs where /usr/bin/chromium exists (.ci/run
// installs it) and is skipped with the reason printed elsewhere.

import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { after, describe, test } from 'node:test'
import { fixture, run, tempDir } from '../helpers.js'

const tmp = tempDir()
after(() => fs.rmSync(tmp, { recursive: true, force: true }))

const CHROMIUM = '/usr/bin/chromium'

describe('report.html from prepare', () => {
  const out = path.join(tmp, 'out')
  const r = run(['prepare', '--customers', fixture('shopify-customers.csv'), '--followers', fixture('meta-leads.csv'), '--suppress', fixture('suppress.csv'), '--country', 'GB', '--out', out])

  test('is written and listed in manifest.json with its SHA-256', () => {
    assert.equal(r.code, 0, r.stderr)
    const m = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'))
    const entry = m.outputs.find((o: { file: string }) => o.file === 'report.html')
    assert.ok(entry, 'report.html in manifest.json')
    assert.equal(entry.bytes, fs.statSync(path.join(out, 'report.html')).size)
  })

  test('report.json and report.html say what each ad file carries (coverage)', () => {
    const rep = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'))
    assert.deepEqual(rep.coverage['meta-custom-audience.csv'], { people: 14, phone: 12, email: 13, both: 11, name: 14, country: 13 })
    assert.match(fs.readFileSync(path.join(out, 'report.html'), 'utf8'), /<h2>What each ad file carries<\/h2>/)
  })

  test('report.md carries the same Next steps', () => {
    const md = fs.readFileSync(path.join(out, 'report.md'), 'utf8')
    assert.match(md, /## Next steps/)
    assert.match(md, /### `segments\/customers-not-followers.csv`: Segment: customers who do not follow the Page yet/)
    assert.doesNotMatch(md, /google-customer-match|tiktok\.csv/)
  })

  test('holds no phone number or email of the inputs', () => {
    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8')
    assert.doesNotMatch(html, /@example\./)
    assert.doesNotMatch(html, /\+?44\s?7\d{3}\s?\d{6}/)
  })

  const skip = fs.existsSync(CHROMIUM) ? false : `${CHROMIUM} not found (apt-get install -y chromium)`
  if (skip) console.log(`# skipped: the browser test of report.html: ${skip}`)

  /** Renders `file` in headless Chromium; its DOM and the net log of every request the browser made. */
  const render = (file: string): { status: number | null; stderr: string; dom: string; netlog: string | null } => {
    const profile = fs.mkdtempSync(path.join(tmp, 'chromium-'))
    const netlog = path.join(profile, 'netlog.json')
    const c = spawnSync(
      CHROMIUM,
      [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
        `--user-data-dir=${profile}`, `--log-net-log=${netlog}`, '--dump-dom', pathToFileURL(file).href,
      ],
      { encoding: 'utf8', timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
    )
    return { status: c.status, stderr: c.stderr, dom: c.stdout, netlog: fs.existsSync(netlog) ? fs.readFileSync(netlog, 'utf8') : null }
  }

  /**
   * The URLs the page asked for, from Chromium's net log. Chromium calls Google services of its own whatever
   * the page (its clock, accounts, and in version 150 a `www.google.com/async/folae` request that a list of
   * known hosts did not name): those requests are started by the browser, initiator `not an origin`. A
   * request of the page carries the page's origin (`null` for a file), so that is the rule, not host names.
   */
  const pageRequests = (netlog: string): string[] => {
    const log = JSON.parse(netlog) as { events: Array<{ params?: { url?: string; initiator?: string } }> }
    const urls = new Set<string>()
    for (const e of log.events) {
      const p = e.params
      if (p?.url && p.initiator !== undefined && p.initiator !== 'not an origin' && /^(https?|wss?|ftp):/i.test(p.url)) urls.add(p.url)
    }
    return [...urls]
  }

  test('renders in headless Chromium with its funnel chart and Next steps, fetching nothing', { skip }, () => {
    const page = path.join(out, 'report.html')
    const c = render(page)
    assert.equal(c.status, 0, c.stderr)
    const dom = c.dom
    assert.match(dom, /<svg id="funnel-chart"[^>]*>/)
    assert.match(dom, /<rect /)
    assert.match(dom, /<h2>Next steps<\/h2>/)
    assert.match(dom, /Ads Manager → Audiences → Custom audience → Customer list/)
    assert.doesNotMatch(dom, /<script/i)
    assert.ok(c.netlog !== null, 'Chromium wrote its net log')
    assert.ok(c.netlog.includes(pathToFileURL(page).href), 'the page itself is in the net log')
    assert.deepEqual(pageRequests(c.netlog), [])
  })

  test('the net-log check sees what a page fetches (a page with an image and a fetch() of its own)', { skip }, () => {
    const page = path.join(tmp, 'fetches.html')
    fs.writeFileSync(page, '<html><body><img src="http://example.invalid/pixel.png"><script>fetch("https://example.invalid/beacon")</script></body></html>')
    const c = render(page)
    assert.equal(c.status, 0, c.stderr)
    assert.ok(c.netlog !== null, 'Chromium wrote its net log')
    assert.deepEqual(pageRequests(c.netlog).sort(), ['http://example.invalid/pixel.png', 'https://example.invalid/beacon'])
  })
})
