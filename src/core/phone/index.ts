// The phone engine's public face: parse a cell into numbers, and the types that describe them.
export { parsePhone, parsePhoneCell, parsePhoneWith, isKnownCountry } from './parse.js'
export { cleanPhone, splitPhoneCell, foldPhoneText } from './clean.js'
export { identityKey, modernNationalNumber } from './identity.js'
export { readNumber, readWithLibrary } from './read.js'
export { isUsable } from './types.js'
export type { NumberFacts, NumberReader } from './types.js'
export type { PhoneResult, PhoneStatus, PhoneType } from './types.js'
