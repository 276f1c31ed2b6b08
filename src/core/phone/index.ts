// The phone engine's public face: parse a cell into numbers, and the types that describe them.
export { parsePhone, parsePhoneCell, isKnownCountry } from './parse.js'
export { cleanPhone, splitPhoneCell, foldPhoneText } from './clean.js'
export { identityKey } from './identity.js'
export { isUsable } from './types.js'
export type { PhoneResult, PhoneStatus, PhoneType } from './types.js'
