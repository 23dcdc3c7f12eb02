import { deliveriesEn, deliveriesFi } from '../admin/deliveries/messages';
import { automationsEn, automationsFi } from '../admin/automations/messages';
import { usageEn, usageFi } from '../admin/usage/messages';

/** Every string a person sees, in English and Finnish; `Key` makes a missing translation a type error. */
import { adminEn, adminFi } from './messages-admin';
export const en = {
  'app.title': 'Kaiku',
  'nav.inbox': 'Inbox', 'nav.templates': 'Templates', 'nav.contacts': 'Contacts', 'nav.users': 'Users', 'nav.signOut': 'Sign out',
  'nav.language': 'Language',
  'signIn.title': 'Sign in to Kaiku', 'signIn.email': 'E-mail', 'signIn.password': 'Password', 'signIn.submit': 'Sign in',
  'signIn.link': 'Signing you in…', 'signIn.linkFailed': 'This sign-in link was already used or has expired.',
  'inbox.search': 'Search by name or number', 'inbox.empty': 'No conversations yet.', 'inbox.pick': 'Pick a conversation.',
  'inbox.unread': '{count} unread', 'inbox.conversations': 'Conversations',
  'thread.messages': 'Messages with {name}', 'thread.loadOlder': 'Show older messages', 'thread.you': 'You',
  'thread.image': 'Image', 'thread.document': 'Document', 'thread.location': 'Location', 'thread.map': 'Open map',
  'thread.reaction': 'Reacted {emoji}', 'thread.failed': 'Not delivered: {reason}',
  'status.accepted': 'Sending', 'status.sent': 'Sent', 'status.delivered': 'Delivered', 'status.read': 'Read', 'status.played': 'Played', 'status.failed': 'Failed',
  'composer.text': 'Message', 'composer.send': 'Send', 'composer.attach': 'Attach an image or file',
  'composer.buttons': 'Reply buttons (up to 3, optional)', 'composer.button': 'Button {n}',
  'composer.open': 'Free-form replies allowed for {left}', 'composer.closed': 'The 24-hour window is closed: only an approved template can be sent.',
  'composer.optedOut': 'This customer opted out on {date}. Nothing can be sent until they write to you again or opt in.',
  'composer.template': 'Template', 'composer.pickTemplate': 'Choose a template', 'composer.preview': 'Preview',
  'composer.sendTemplate': 'Send template', 'composer.sent': 'Sent.',
  'consent.opted_in': 'Opted in', 'consent.opted_out': 'Opted out', 'consent.unknown': 'No consent recorded',
  'templates.title': 'Templates', 'templates.category': 'Category', 'templates.language': 'Language', 'templates.status': 'Status',
  'templates.quality': 'Quality', 'templates.quality.GREEN': 'High', 'templates.quality.YELLOW': 'Medium', 'templates.quality.RED': 'Low',
  'templates.quality.UNKNOWN': 'Not rated yet',
  'contacts.title': 'Contacts', 'contacts.export': 'Export CSV', 'contacts.history': 'Consent history', 'contacts.record': 'Record consent',
  'contacts.optIn': 'Opted in', 'contacts.optOut': 'Opted out', 'contacts.proof': 'Proof (where and how)', 'contacts.save': 'Record',
  'contacts.source': 'Source', 'contacts.when': 'When', 'contacts.status': 'Status', 'contacts.name': 'Name', 'contacts.number': 'Number',
  'users.title': 'Users', 'users.email': 'E-mail', 'users.role': 'Role', 'users.add': 'Add user', 'users.password': 'First password',
  'users.remove': 'Remove', 'users.forbidden': 'Only an admin can open this page.',
  'error.generic': 'Something went wrong: {message}',
  ...adminEn,
  ...deliveriesEn,
  ...automationsEn, ...usageEn,
} as const;

/** A message key. */
export type Key = keyof typeof en;

/** Finnish. */
export const fi: Record<Key, string> = {
  'app.title': 'Kaiku',
  'nav.inbox': 'Saapuneet', 'nav.templates': 'Viestipohjat', 'nav.contacts': 'Yhteystiedot', 'nav.users': 'Käyttäjät', 'nav.signOut': 'Kirjaudu ulos',
  'nav.language': 'Kieli',
  'signIn.title': 'Kirjaudu Kaikuun', 'signIn.email': 'Sähköposti', 'signIn.password': 'Salasana', 'signIn.submit': 'Kirjaudu',
  'signIn.link': 'Kirjaudutaan…', 'signIn.linkFailed': 'Tämä kirjautumislinkki on jo käytetty tai vanhentunut.',
  'inbox.search': 'Hae nimellä tai numerolla', 'inbox.empty': 'Ei vielä keskusteluja.', 'inbox.pick': 'Valitse keskustelu.',
  'inbox.unread': '{count} lukematta', 'inbox.conversations': 'Keskustelut',
  'thread.messages': 'Viestit: {name}', 'thread.loadOlder': 'Näytä vanhemmat viestit', 'thread.you': 'Sinä',
  'thread.image': 'Kuva', 'thread.document': 'Asiakirja', 'thread.location': 'Sijainti', 'thread.map': 'Avaa kartta',
  'thread.reaction': 'Reagoi {emoji}', 'thread.failed': 'Ei toimitettu: {reason}',
  'status.accepted': 'Lähetetään', 'status.sent': 'Lähetetty', 'status.delivered': 'Toimitettu', 'status.read': 'Luettu', 'status.played': 'Toistettu', 'status.failed': 'Epäonnistui',
  'composer.text': 'Viesti', 'composer.send': 'Lähetä', 'composer.attach': 'Liitä kuva tai tiedosto',
  'composer.buttons': 'Vastauspainikkeet (enintään 3, valinnainen)', 'composer.button': 'Painike {n}',
  'composer.open': 'Vapaamuotoiset vastaukset sallittu vielä {left}', 'composer.closed': '24 tunnin ikkuna on sulkeutunut: vain hyväksytyn viestipohjan voi lähettää.',
  'composer.optedOut': 'Asiakas kielsi viestit {date}. Mitään ei voi lähettää ennen kuin hän kirjoittaa uudelleen tai antaa luvan.',
  'composer.template': 'Viestipohja', 'composer.pickTemplate': 'Valitse viestipohja', 'composer.preview': 'Esikatselu',
  'composer.sendTemplate': 'Lähetä viestipohja', 'composer.sent': 'Lähetetty.',
  'consent.opted_in': 'Lupa annettu', 'consent.opted_out': 'Kieltäytynyt', 'consent.unknown': 'Ei kirjattua lupaa',
  'templates.title': 'Viestipohjat', 'templates.category': 'Luokka', 'templates.language': 'Kieli', 'templates.status': 'Tila',
  'templates.quality': 'Laatu', 'templates.quality.GREEN': 'Hyvä', 'templates.quality.YELLOW': 'Kohtalainen', 'templates.quality.RED': 'Heikko',
  'templates.quality.UNKNOWN': 'Ei vielä arvioitu',
  'contacts.title': 'Yhteystiedot', 'contacts.export': 'Vie CSV', 'contacts.history': 'Luvan historia', 'contacts.record': 'Kirjaa lupa',
  'contacts.optIn': 'Lupa annettu', 'contacts.optOut': 'Kieltäytynyt', 'contacts.proof': 'Todiste (missä ja miten)', 'contacts.save': 'Kirjaa',
  'contacts.source': 'Lähde', 'contacts.when': 'Milloin', 'contacts.status': 'Tila', 'contacts.name': 'Nimi', 'contacts.number': 'Numero',
  'users.title': 'Käyttäjät', 'users.email': 'Sähköposti', 'users.role': 'Rooli', 'users.add': 'Lisää käyttäjä', 'users.password': 'Ensimmäinen salasana',
  'users.remove': 'Poista', 'users.forbidden': 'Vain ylläpitäjä voi avata tämän sivun.',
  'error.generic': 'Jokin meni vikaan: {message}',
  ...adminFi,
  ...deliveriesFi,
  ...automationsFi, ...usageFi,
};
