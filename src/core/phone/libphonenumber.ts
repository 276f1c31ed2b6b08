// libphonenumber-js, loaded through require(): its CommonJS build (with its metadata as plain JSON) loads
// 0.03-0.05 s faster than its ES module build of 93 modules, and every run and worker thread pays that, as
// does every test that starts the binary. The one place the rest of the code imports the library from.

import { createRequire } from 'node:module'
import type * as Lib from 'libphonenumber-js/max'
import type { MetadataJson } from 'libphonenumber-js/max'

const require = createRequire(import.meta.url)
const lib = require('libphonenumber-js/max') as typeof Lib

export const { getCountries, isSupportedCountry, parsePhoneNumberFromString, validatePhoneNumberLength } = lib
/** The `max` metadata: the object the library itself reads (require's cache gives both the same one). */
export const metadata = require('libphonenumber-js/metadata.max.json') as MetadataJson
export type { CountryCode } from 'libphonenumber-js/max'
