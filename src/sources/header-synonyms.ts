// Header names per contact field in the languages exports come in (English, French, Spanish, Portuguese,
// German, Italian, Dutch), compared folded (header.ts: case, accents, spaces and punctuation ignored, so
// `Téléphone`, `TELEPHONE` and `tele-phone` are one name). Order matters within a field: the first names
// are the most specific, and a WhatsApp number leads over a generic phone.

import type { ContactField } from '../core/model.js'

export const FIELD_SYNONYMS: Partial<Record<ContactField, string[]>> = {
  phone: [
    // WhatsApp first: a number given for WhatsApp is the one to message.
    'whatsapp', 'whatsapp number', 'whatsapp phone', 'whatsapp phone number', 'numero whatsapp', 'número de whatsapp',
    'numéro whatsapp', 'whatsapp nummer', 'numero di whatsapp',
    // mobile
    'mobile', 'mobile phone', 'mobile number', 'mobile phone number', 'cell', 'cell phone', 'cellphone', 'cell number',
    'portable', 'téléphone portable', 'numéro de portable', 'numéro de mobile', 'mobile perso',
    'móvil', 'teléfono móvil', 'número de móvil', 'celular', 'número de celular', 'telemóvel', 'número de telemóvel',
    'handy', 'handynummer', 'mobil', 'mobilnummer', 'mobiltelefon', 'mobilfunknummer',
    'cellulare', 'numero di cellulare', 'numero cellulare', 'mobiel', 'mobiel nummer', 'mobiele nummer', 'mobielnummer',
    'gsm', 'gsm nummer', 'sms phone',
    // any phone
    'phone', 'phone number', 'phone_number', 'telephone', 'telephone number', 'tel', 'msisdn', 'contact number',
    'billing phone', 'shipping phone', 'phone 1', 'phone 2',
    'téléphone', 'numéro de téléphone', 'tél', 'teléfono', 'número de teléfono', 'telefono', 'telefone',
    'número de telefone', 'telefon', 'telefonnummer', 'rufnummer', 'numero di telefono', 'recapito telefonico',
    'telefoon', 'telefoonnummer',
  ],
  email: [
    'email', 'e-mail', 'email address', 'e-mail address', 'mail', 'email_address', 'work email', 'billing email',
    'courriel', 'adresse email', 'adresse e-mail', 'adresse mail', 'adresse électronique',
    'correo', 'correo electrónico', 'dirección de correo', 'dirección de correo electrónico',
    'endereço de email', 'endereço de e-mail', 'e-mail-adresse', 'emailadresse', 'mailadresse',
    'indirizzo email', 'indirizzo e-mail', 'posta elettronica', 'e-mailadres', 'emailadres',
  ],
  first_name: [
    'first name', 'firstname', 'given name', 'fname', 'first', 'billing first name',
    'prénom', 'nombre de pila', 'primeiro nome', 'vorname', 'voornaam',
  ],
  last_name: [
    'last name', 'lastname', 'surname', 'family name', 'lname', 'last', 'billing last name',
    'nom de famille', 'apellido', 'apellidos', 'sobrenome', 'apelido', 'apelidos', 'nachname', 'familienname',
    'cognome', 'achternaam',
  ],
  full_name: [
    'full name', 'fullname', 'contact name', 'customer name', 'display name',
    'nom complet', 'nombre completo', 'nome completo', 'nome e cognome', 'vollständiger name', 'volledige naam',
    // Bare "name" words: first, last or full name depending on their neighbours (see bareNameRole).
    ...['name', 'nom', 'nombre', 'nome', 'naam'],
  ],
  city: ['city', 'town', 'billing city', 'ville', 'ciudad', 'localidad', 'cidade', 'stadt', 'ort', 'wohnort', 'città', 'plaats', 'woonplaats'],
  state: [
    'state', 'province', 'region', 'state / region', 'province code', 'billing state', 'état', 'région', 'département',
    'provincia', 'estado', 'bundesland', 'regione', 'provincie',
  ],
  zip: [
    'zip', 'zip code', 'postal code', 'postcode', 'post code', 'billing postcode', 'code postal', 'cp', 'código postal',
    'cep', 'plz', 'postleitzahl', 'cap', 'codice postale',
  ],
  country: ['country code', 'country', 'country / region', 'billing country', 'pays', 'país', 'land', 'paese', 'nazione'],
  external_id: ['customer id', 'external id', 'contact id', 'record id', 'client id', 'id'],
  dob: ['date of birth', 'dob', 'birthday', 'birth date', 'date de naissance', 'fecha de nacimiento', 'data de nascimento', 'geburtsdatum', 'data di nascita', 'geboortedatum'],
  gender: ['gender', 'sex', 'genre', 'sexe', 'género', 'sexo', 'geschlecht', 'genere', 'geslacht'],
}

/** Words that say "name" alone: `Vorname; Name` (German) is a last name, `Nombre; Apellidos` a first name. */
export const BARE_NAMES = ['name', 'nom', 'nombre', 'nome', 'naam']
