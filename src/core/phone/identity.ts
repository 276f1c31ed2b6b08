// The key that says "same WhatsApp account", and the two national numbering changes that otherwise split one
// person in two: the same phone line written in its pre-reform and its current form.
//
// Mexico (+52). Until 3 August 2019 a Mexican mobile was dialled from abroad as `+52 1` + 10 digits, and
// inside Mexico with the prefixes 044/045 (mobiles) and 01 (long distance). The Instituto Federal de
// Telecomunicaciones' 10-digit dialling plan removed them all: the number is the 10 digits
// (`+52 55 1234 5678`). WhatsApp accounts registered before keep the old form as their WhatsApp ID
// (`5215512345678`), which is why exports of WhatsApp tools hold both forms of one person. libphonenumber-js
// 1.13.16 (metadata 9.0.43) refuses `+52 1 …` as TOO_LONG. Rule: an 11-digit Mexican national number
// starting with `1`, or a 12- or 13-digit one starting with 01/044/045, is the 10-digit number that
// follows, when that is valid. No current Mexican number has 11 digits or more, so the mapping cannot reach
// another subscriber.
//
// Brazil (+55). ANATEL's resolution 553/2010 added a ninth digit, `9`, in front of every mobile number (2012
// to 2016, area by area): `+55 21 8765-4321` became `+55 21 98765-4321`. WhatsApp IDs registered before the
// change keep the 8-digit form (as a rule outside area codes 11-19, 21, 22, 24, 27, 28), so the same person
// arrives as `559281723241` from a WhatsApp tool and `+55 92 98172-3241` from a shop. libphonenumber-js
// refuses the 8-digit mobile form (a subscriber number starting 6, 8 or 9 has 9 digits now; fixed lines
// start 2-5 and keep 8). Rule: a 10-digit Brazilian national number whose subscriber part starts with 6, 8
// or 9 is the mobile with a `9` put in front of it, when that is a valid MOBILE number. 8-digit numbers
// starting with 7 are still valid on their own (radio/trunking ranges) and are left alone.
//
// Sources: Meta's WhatsApp Cloud API returns, for every message sent, `contacts[].input` (the number given)
// and `contacts[].wa_id` (the account), which differ for such numbers; Gupshup (a Meta Business
// Solution Provider), "A brief note on the inconsistencies for mobile numbers and their WhatsApp IDs in
// Brazil (digit 9) & Mexico (digit 1)"; Zoho Marketing Automation, "What is the reason for inconsistencies
// in mobile numbers and their WhatsApp IDs in Brazil and Mexico"; IFT, "Plan de marcación a 10 dígitos"
// (2019); ANATEL, Resolução nº 553/2010.
//
// The parser applies these rules (parse.ts), so the E.164 written to every file is the current, dialable
// form, and the key of a parsed number equals its E.164. identityKey() also maps the old forms when handed a
// raw E.164 (a WhatsApp ID with a `+`), so that any two spellings of one account give one key. Keys are only
// ever compared, never written to an audience file.

/** The current national number for a number written in its pre-reform form, or null when none applies. */
export function modernNationalNumber(callingCode: string, nationalNumber: string): string | null {
  if (callingCode === '52') {
    if (/^1\d{10}$/.test(nationalNumber)) return nationalNumber.slice(1)
    if (/^04[45]\d{10}$/.test(nationalNumber)) return nationalNumber.slice(3)
    if (/^01\d{10}$/.test(nationalNumber)) return nationalNumber.slice(2)
    return null
  }
  if (callingCode === '55') {
    if (/^[1-9]{2}[689]\d{7}$/.test(nationalNumber)) return nationalNumber.slice(0, 2) + '9' + nationalNumber.slice(2)
    return null
  }
  return null
}

/** Which calling codes have a pre-reform form, and what the current form's type must be to accept it. */
export function modernFormType(callingCode: string): 'MOBILE' | 'ANY' {
  return callingCode === '55' ? 'MOBILE' : 'ANY'
}

/** The key of one WhatsApp account: the E.164 number, with the Mexican and Brazilian old forms mapped to the
 * current ones. `_country` is the number's region (kept for rules that need it). */
export function identityKey(e164: string, _country: string): string {
  if (e164.startsWith('+52') && e164.length === 14) {
    const modern = modernNationalNumber('52', e164.slice(3))
    if (modern) return '+52' + modern
  } else if (e164.startsWith('+55') && e164.length === 13) {
    const modern = modernNationalNumber('55', e164.slice(3))
    if (modern) return '+55' + modern
  }
  return e164
}
