// Writes the Excel fixtures with exceljs's own writer (a real xlsx writer: shared strings, styles with
// date formats, cached formula results, merged cells), from invented people. Run from the repository root:
//   node scripts/make-xlsx-fixtures.mjs
// and commit the files it writes; the tests read them as a user's workbook.

import ExcelJS from 'exceljs'

const utc = (s) => new Date(s)

async function metaLeads() {
  // Shaped like a Meta lead download saved as Excel: Meta's fixed first block, the form's questions, numbers
  // typed as numbers (so Excel kept every digit, or dropped the leading 0), TRUE/FALSE and date cells.
  const wb = new ExcelJS.Workbook()
  wb.created = utc('2025-10-01T00:00:00Z')
  wb.modified = wb.created
  const ws = wb.addWorksheet('Leads')
  ws.addRow(['id', 'created_time', 'ad_id', 'ad_name', 'form_id', 'form_name', 'is_organic', 'platform', 'full_name', 'email', 'phone_number', 'city', 'can_we_contact_you_on_whatsapp?'])
  const rows = [
    // A phone stored as a number with its country code: every digit kept.
    ['l:1300000000000001', utc('2025-09-12T14:05:13Z'), 'ag:1', 'WA Club - Video v1', 'f:9001', 'WhatsApp opt-in form', false, 'fb', 'Amelia Hartley', 'amelia.hartley@example.co.uk', 447911123456, 'Leeds', true],
    // A GB mobile whose leading 0 Excel dropped: read with --country GB.
    ['l:1300000000000002', utc('2025-09-13T08:12:44Z'), 'ag:1', 'WA Club - Video v1', 'f:9001', 'WhatsApp opt-in form', false, 'ig', 'Oliver Brennan', 'oliver.b@example.net', 7405263058, 'Manchester', true],
    // Text as Meta writes it.
    ['l:1300000000000003', utc('2025-09-14T03:00:00Z'), '', '', 'f:9001', 'WhatsApp opt-in form', true, 'fb', 'Priya Nair', 'priya.nair@example.in', 'p:+919876543210', 'Pune', true],
    // Said no.
    ['l:1300000000000004', utc('2025-09-15T10:30:00Z'), 'ag:2', 'WA Club - Carousel', 'f:9001', 'WhatsApp opt-in form', false, 'fb', 'Mia Schneider', 'mia.schneider@example.de', 4915123456789, 'Berlin', false],
    // 17 digits typed into a number cell: Excel kept 15, the rest is lost.
    ['l:1300000000000005', utc('2025-09-16T12:00:00Z'), 'ag:2', 'WA Club - Carousel', 'f:9001', 'WhatsApp opt-in form', false, 'fb', 'Ravi Kumar', '', 91965629889412345, 'Delhi', true],
  ]
  for (const r of rows) ws.addRow(r)
  // A blank row, then a lead whose name is a formula (cached result kept) and Meta's test lead.
  ws.addRow([])
  const r7 = ws.addRow(['l:1300000000000007', utc('2025-09-17T09:45:00Z'), '', '', 'f:9001', 'WhatsApp opt-in form', true, 'fb', null, 'noor.haddad@example.ae', 971501234567, 'Dubai', true])
  r7.getCell(9).value = { formula: 'CONCATENATE("Noor"," ","Haddad")', result: 'Noor Haddad' }
  ws.addRow(['l:1300000000000008', utc('2025-09-18T00:00:00Z'), '', '', 'f:9001', 'WhatsApp opt-in form', true, 'fb', '<test lead: dummy data for full_name>', 'test@meta.com', 'p:<test lead: dummy data for phone_number>', '', true])
  ws.getColumn(2).numFmt = 'yyyy-mm-dd hh:mm:ss'
  await wb.xlsx.writeFile('fixtures/meta-leads.xlsx')
}

async function shopifyCustomers() {
  // A shop owner's workbook: a notes sheet first (no header row), then the Shopify export pasted under a
  // merged title row; phones as numbers and as text, consent as yes/no text and as TRUE/FALSE.
  const wb = new ExcelJS.Workbook()
  wb.created = utc('2025-10-01T00:00:00Z')
  wb.modified = wb.created
  const notes = wb.addWorksheet('Read me')
  notes.getCell('A1').value = 'Customers exported from the shop on 1 October 2025.'
  const ws = wb.addWorksheet('Customers')
  ws.mergeCells('A1:F1')
  ws.getCell('A1').value = 'Shop customers (export)'
  ws.addRow([])
  ws.addRow(['Customer ID', 'First Name', 'Last Name', 'Email', 'Accepts Email Marketing', 'Default Address City', 'Default Address Country Code', 'Phone', 'Accepts SMS Marketing', 'Total Spent', 'Tags'])
  const rows = [
    [7100000000001, 'Amelia', 'Hartley', 'amelia.hartley@example.co.uk', 'yes', 'Leeds', 'GB', 447911123456, true, 412.5, 'vip, newsletter'],
    [7100000000002, 'Sofia', 'Rossi', 'sofia.rossi@example.it', 'yes', 'Milano', 'IT', 393471234567, true, 120, 'newsletter'],
    // A national French mobile stored as a number (leading 0 dropped), read with the row's country.
    [7100000000003, 'Chloé', 'Martin', 'chloe.martin@example.fr', 'no', 'Lyon', 'FR', 612345678, true, 35.9, ''],
    [7100000000004, 'Jack', 'Taylor', 'jack.taylor@example.com', 'yes', 'Austin', 'US', '+1 512-555-0143', false, 0, ''],
  ]
  for (const r of rows) ws.addRow(r)
  // Tags merged over the last two customers' rows: the value is in the first cell only.
  ws.mergeCells('K6:K7')
  await wb.xlsx.writeFile('fixtures/shopify-customers.xlsx')
}

await metaLeads()
await shopifyCustomers()
