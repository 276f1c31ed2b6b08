// Format detection and the generic mapping, on headers alone.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { consentChannelOf, optOutChannelOf } from '../../src/sources/consent-columns.js'
import { candidatesByContent, profileColumns } from '../../src/core/column-profile.js'
import { generic, mapBySynonyms, refineByContent } from '../../src/sources/generic.js'
import { detectFormat } from '../../src/sources/index.js'
import { mailchimpFileKind } from '../../src/sources/mailchimp.js'

test('header synonyms in seven languages, ignoring case, accents, spaces and punctuation', () => {
  const cases: Array<[string[], string, string]> = [
    [['Prénom', 'Nom', 'Téléphone portable', 'Courriel'], 'phone', 'Téléphone portable'],
    [['Nombre', 'Apellidos', 'TELEFONO', 'Correo electrónico'], 'email', 'Correo electrónico'],
    [['Nome', 'Sobrenome', 'Telefone', 'E-mail'], 'phone', 'Telefone'],
    [['Vorname', 'Nachname', 'Handynummer', 'E-Mail-Adresse'], 'email', 'E-Mail-Adresse'],
    [['Nome', 'Cognome', 'Cellulare', 'Indirizzo email'], 'phone', 'Cellulare'],
    [['Voornaam', 'Achternaam', 'Telefoonnummer', 'E-mailadres'], 'phone', 'Telefoonnummer'],
    [['first_name', 'Mobile-Phone', 'E_MAIL'], 'phone', 'Mobile-Phone'],
  ]
  for (const [header, field, column] of cases) {
    assert.deepEqual(mapBySynonyms(header)[field as 'phone'], [column], header.join(';'))
    assert.equal(detectFormat(header).id, 'generic')
  }
})

test('a bare "name" is the family name beside a given name, and the given name beside a family name', () => {
  assert.deepEqual(mapBySynonyms(['Vorname', 'Name', 'Handy']).last_name, ['Name'])
  assert.deepEqual(mapBySynonyms(['Nombre', 'Apellidos', 'Móvil']).first_name, ['Nombre'])
  assert.deepEqual(mapBySynonyms(['Name', 'Phone']).full_name, ['Name'])
})

test('consent and opt-out columns by name; a WhatsApp consent column is not read as a phone', () => {
  assert.equal(consentChannelOf('Einwilligung WhatsApp'), 'whatsapp')
  assert.equal(consentChannelOf('Acepto recibir publicidad'), 'ads')
  assert.equal(consentChannelOf('whatsapp_number'), undefined)
  assert.equal(consentChannelOf('Unsubscribed from all email'), undefined)
  assert.equal(optOutChannelOf('Unsubscribed from all email'), 'email')
  assert.equal(optOutChannelOf('sms_opt_out'), 'sms')
  const m = generic.mapping(['Phone', 'WhatsApp opt-in'])
  assert.deepEqual(m.fields.phone, ['Phone'])
  assert.deepEqual(m.consent, { whatsapp: 'WhatsApp opt-in' })
})

test('known formats are recognised from their headers', () => {
  const cases: Array<[string[], string]> = [
    [['Customer ID', 'First Name', 'Last Name', 'Email', 'Accepts Email Marketing', 'Default Address Country Code', 'Phone'], 'shopify'],
    [['First Name', 'Last Name', 'Email', 'Company', 'Address1', 'City', 'Province Code', 'Country Code', 'Phone', 'Accepts Marketing', 'Total Spent'], 'shopify-legacy'],
    [['id', 'created_time', 'ad_id', 'form_id', 'platform', 'phone_number'], 'meta-lead-form'],
    [['Created', 'Name', 'Email', 'Phone', 'Stage', 'Status', 'Form', 'Channel', 'Owner', 'Labels'], 'meta-leads-center'],
    [['Email Address', 'First Name', 'MEMBER_RATING', 'OPTIN_TIME', 'LEID', 'EUID'], 'mailchimp'],
    [['Email', 'Klaviyo ID', 'Phone Number'], 'klaviyo'],
    [['Record ID', 'Email', 'Phone Number', 'Marketing contact status'], 'hubspot'],
    [['Name', 'Username', 'Last active', 'Email', 'Total spend'], 'woocommerce-customers'],
    [['order_id', 'billing_email', 'billing_phone'], 'woocommerce-orders'],
    [['Subscriber ID', 'Phone', 'optin_phone'], 'manychat'],
  ]
  for (const [header, id] of cases) assert.equal(detectFormat(header).id, id, id)
})

test('Mailchimp file kinds: by columns and by name, a denial from either wins', () => {
  assert.equal(mailchimpFileKind(['Email Address'], { fileName: 'subscribed_members_export_ab12.csv' }), 'subscribed')
  assert.equal(mailchimpFileKind(['Email Address'], { fileName: 'unsubscribed_members_export_ab12.csv' }), 'unsubscribed')
  assert.equal(mailchimpFileKind(['Email Address', 'CLEAN_TIME'], { fileName: 'members.csv' }), 'cleaned')
  assert.equal(mailchimpFileKind(['Email Address', 'UNSUB_TIME'], { fileName: 'subscribed_members_export_ab12.csv' }), 'unsubscribed')
})

test('a generic column named like a phone but holding yes/no answers is consent, not a phone', () => {
  const header = ['Name', 'Email', 'WhatsApp', 'Mobile']
  const rows = [
    ['Amelia Hartley', 'amelia@example.co.uk', 'Yes', '07911 123456'],
    ['Oliver Brennan', 'oliver@example.com', 'No', '07405 263058'],
  ]
  const m = generic.mapping(header)
  assert.deepEqual(m.fields.phone, ['WhatsApp', 'Mobile'])
  refineByContent(m, profileColumns(header, rows))
  assert.deepEqual(m.fields.phone, ['Mobile'])
  assert.deepEqual(m.consent, { whatsapp: 'WhatsApp' })
})

test('content hints: phone-like and email-like columns, dates and ids are not phones', () => {
  const header = ['Ref', 'Reach me on', 'Signed up', 'Contact']
  const rows = [
    ['A-1', '+44 7911 123456', '2025-09-12 10:00', 'a@example.com'],
    ['A-2', '07405 263058', '12/09/2025', 'b@example.org'],
  ]
  const profiles = profileColumns(header, rows)
  assert.deepEqual(candidatesByContent(profiles, 'phone').map((p) => p.column), ['Reach me on'])
  assert.deepEqual(candidatesByContent(profiles, 'email').map((p) => p.column), ['Contact'])
})
