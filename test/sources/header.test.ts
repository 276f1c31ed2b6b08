// Header matching by folded names, in time linear in the header's width (issue 14: a 200,000-column header
// took 44 s when every candidate name was compared with every column).

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { findColumn, findColumns, hasColumns } from '../../src/sources/header.js'
import { detectFormat, headerName } from '../../src/sources/index.js'

test('folded matches, numbered repeats, candidate order, no repeats in the result', () => {
  const header = ['Name', 'E-Mail', 'phone', 'Téléphone', 'email (2)', 'Phone (2)', 'e_mail']
  assert.equal(findColumn(header, ['mobile', 'TELEPHONE']), 'Téléphone')
  assert.equal(findColumn(header, ['email (2)']), 'email (2)')
  assert.equal(findColumn(header, ['nothing']), undefined)
  assert.deepEqual(findColumns(header, ['email', 'e-mail']), ['E-Mail', 'email (2)', 'e_mail'])
  assert.deepEqual(findColumns(header, ['telephone', 'phone', 'PHONE']), ['Téléphone', 'phone', 'Phone (2)'])
  assert.ok(hasColumns(header, ['name', 'phone']))
  assert.equal(headerName(header, 'e mail'), 'E-Mail')
  assert.equal(headerName(header, 'phone'), 'phone')
})

test('a header that grew after a lookup is looked up again', () => {
  const header = ['a', 'b']
  assert.equal(findColumn(header, ['email']), undefined)
  header.push('Email')
  assert.equal(findColumn(header, ['email']), 'Email')
})

test('200,000 columns: formats detected and columns found, each name folded once', { timeout: 10_000 }, () => {
  const header = Array.from({ length: 200_000 }, (_, i) => `Custom field ${i}`)
  header.push('Phone Number', 'Email')
  assert.equal(detectFormat(header).id, 'generic')
  const m = detectFormat(header).mapping(header)
  assert.deepEqual(m.fields.phone, ['Phone Number'])
  assert.deepEqual(m.fields.email, ['Email'])
})
