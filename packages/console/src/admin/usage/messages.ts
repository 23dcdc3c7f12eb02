/** The Usage page's strings, in English and Finnish (spread into the catalog in `i18n/messages.ts`). */
export const usageEn = {
  'nav.usage': 'Usage',
  'usage.title': 'Usage', 'usage.from': 'From', 'usage.to': 'To', 'usage.timeZone': 'Time zone', 'usage.show': 'Show',
  'usage.csv': 'Download CSV', 'usage.date': 'Day', 'usage.received': 'Received', 'usage.failed': 'Failed', 'usage.total': 'Total',
  'usage.cat.marketing': 'Marketing', 'usage.cat.utility': 'Utility', 'usage.cat.authentication': 'Authentication', 'usage.cat.service': 'Service (free-form)', 'usage.cat.unknown': 'Unknown category',
  'usage.chart': 'Messages per day: sent by category, and received', 'usage.failures': 'Failures by reason', 'usage.noFailures': 'No failed messages in this period.',
  'usage.reason': 'Reason', 'usage.count': 'Messages', 'usage.billing': 'Meta bills sent messages per template category; free-form replies inside the 24-hour window are service messages.',
} as const;

/** Finnish. */
export const usageFi: Record<keyof typeof usageEn, string> = {
  'nav.usage': 'Käyttö',
  'usage.title': 'Käyttö', 'usage.from': 'Alkaen', 'usage.to': 'Asti', 'usage.timeZone': 'Aikavyöhyke', 'usage.show': 'Näytä',
  'usage.csv': 'Lataa CSV', 'usage.date': 'Päivä', 'usage.received': 'Vastaanotetut', 'usage.failed': 'Epäonnistuneet', 'usage.total': 'Yhteensä',
  'usage.cat.marketing': 'Markkinointi', 'usage.cat.utility': 'Palvelu-ilmoitus', 'usage.cat.authentication': 'Tunnistautuminen', 'usage.cat.service': 'Asiakaspalvelu (vapaa viesti)', 'usage.cat.unknown': 'Tuntematon luokka',
  'usage.chart': 'Viestit päivittäin: lähetetyt luokittain ja vastaanotetut', 'usage.failures': 'Epäonnistumiset syittäin', 'usage.noFailures': 'Ei epäonnistuneita viestejä tällä jaksolla.',
  'usage.reason': 'Syy', 'usage.count': 'Viestejä', 'usage.billing': 'Meta laskuttaa lähetetyt viestit viestipohjan luokan mukaan; 24 tunnin ikkunassa lähetetyt vapaat vastaukset ovat asiakaspalveluviestejä.',
};
