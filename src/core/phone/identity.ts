// The key that says "same WhatsApp account". It is the E.164 number, except where a country's numbering
// history lets one account be written two ways (refined by the phone-engine work: Mexico's old mobile `1`,
// Brazil's ninth digit). Keys are only ever compared, never written to an audience file.

export function identityKey(e164: string, _country: string): string {
  return e164
}
