import { describe, expect, it } from '@jest/globals';
import { assertSendable, MESSAGE_LIMITS, outboundIssues } from '../src/whatsapp/outbound-validate.js';
import type { OutboundMessage } from '../src/whatsapp/outbound.js';

// Each of Meta's outbound limits (Cloud API reference §1.3) tried at the limit, one over and empty.
const to = '358401234567';
const PUBLIC_LINK = expect.stringMatching(/; Meta fetches the file from there, so use a public link such as https:\/\/example\.com\/photo\.jpg$/);
const choice = (n: number) => ({ id: `id-${n}`, title: `Title ${n}` });
const rows = (count: number, from = 0) => Array.from({ length: count }, (_, i) => ({ id: `row-${from + i}`, title: `Row ${from + i}` }));

const buttons = (over: Partial<OutboundMessage & { type: 'buttons' }> = {}): OutboundMessage =>
  ({ to, type: 'buttons', body: 'Pick one', choices: [choice(1)], ...over }) as OutboundMessage;
const list = (over: Record<string, unknown> = {}): OutboundMessage =>
  ({ to, type: 'list', body: 'Pick one', button: 'Options', sections: [{ rows: rows(1) }], ...over }) as OutboundMessage;
const cta = (over: Record<string, unknown> = {}): OutboundMessage =>
  ({ to, type: 'cta_url', body: 'Your order', displayText: 'Open', url: 'https://example.com/o/1', ...over }) as OutboundMessage;

/** label, the field Kaiku names, the limit, the message with a value of n characters. */
const TEXT_LIMITS: Array<[string, string, number, (n: number) => OutboundMessage]> = [
  ['text body', 'text', 4096, (n) => ({ to, type: 'text', text: 'a'.repeat(n) })],
  ['image caption', 'caption', 1024, (n) => ({ to, type: 'image', media: { id: '1' }, caption: 'c'.repeat(n) })],
  ['buttons body', 'body', 1024, (n) => buttons({ body: 'b'.repeat(n) })],
  ['buttons text header', 'header', 60, (n) => buttons({ header: { type: 'text', text: 'h'.repeat(n) } })],
  ['buttons footer', 'footer', 60, (n) => buttons({ footer: 'f'.repeat(n) })],
  ['button title', 'choices[0].title', 20, (n) => buttons({ choices: [{ id: 'a', title: 't'.repeat(n) }] })],
  ['button id', 'choices[0].id', 256, (n) => buttons({ choices: [{ id: 'i'.repeat(n), title: 'A' }] })],
  ['list body', 'body', 4096, (n) => list({ body: 'b'.repeat(n) })],
  ['list button', 'button', 20, (n) => list({ button: 'b'.repeat(n) })],
  ['list header', 'header', 60, (n) => list({ header: 'h'.repeat(n) })],
  ['list footer', 'footer', 60, (n) => list({ footer: 'f'.repeat(n) })],
  ['section title', 'sections[0].title', 24, (n) => list({ sections: [{ title: 's'.repeat(n), rows: rows(1) }] })],
  ['row id', 'sections[0].rows[0].id', 200, (n) => list({ sections: [{ rows: [{ id: 'i'.repeat(n), title: 'A' }] }] })],
  ['row title', 'sections[0].rows[0].title', 24, (n) => list({ sections: [{ rows: [{ id: 'a', title: 't'.repeat(n) }] }] })],
  ['row description', 'sections[0].rows[0].description', 72, (n) => list({ sections: [{ rows: [{ id: 'a', title: 'A', description: 'd'.repeat(n) }] }] })],
  ['call-to-action body', 'body', 1024, (n) => cta({ body: 'b'.repeat(n) })],
  ['call-to-action display text', 'displayText', 20, (n) => cta({ displayText: 'd'.repeat(n) })],
  ['call-to-action footer', 'footer', 60, (n) => cta({ footer: 'f'.repeat(n) })],
  ['call-to-action text header', 'header', 60, (n) => cta({ header: { type: 'text', text: 'h'.repeat(n) } })],
  ['contact card name', 'contacts[0].name.formatted_name', 1000, (n) => ({ to, type: 'contacts', contacts: [{ name: { formatted_name: 'n'.repeat(n) } }] }) as OutboundMessage],
  ['reaction message id', 'messageId', 1000, (n) => ({ to, type: 'reaction', messageId: 'w'.repeat(n), emoji: '👍' })],
  ['template name', 'name', 512, (n) => ({ to, type: 'template', name: 'n'.repeat(n), language: 'en', components: [] })],
  ['template language', 'language', 20, (n) => ({ to, type: 'template', name: 'x', language: 'l'.repeat(n), components: [] })],
];

describe("outbound text limits: at Meta's limit passes, one over fails", () => {
  it.each(TEXT_LIMITS)('%s (%s) at %i characters', (_label, field, max, make) => {
    expect(outboundIssues(make(max))).toEqual([]);
    expect(outboundIssues(make(max + 1))).toEqual([{ field, message: `must be at most ${max} characters (it has ${max + 1})` }]);
  });

  it('counts characters, not UTF-16 units: 4,096 emoji are a full text body', () => {
    expect(outboundIssues({ to, type: 'text', text: '😀'.repeat(4096) })).toEqual([]);
    expect(outboundIssues({ to, type: 'text', text: '😀'.repeat(4097) })).toEqual([{ field: 'text', message: 'must be at most 4096 characters (it has 4097)' }]);
  });

  it('the limits table is the reference', () => {
    expect(MESSAGE_LIMITS).toMatchObject({ textBody: 4096, caption: 1024, buttonTitle: 20, headerText: 60, listRows: 10, listSections: 10, buttonCount: 3 });
  });
});

describe('required fields: empty fails, optional ones may be left out', () => {
  it.each([
    ['text', { to, type: 'text', text: '' }],
    ['body', buttons({ body: '' })],
    ['button', list({ button: '' })],
    ['displayText', cta({ displayText: '' })],
    ['messageId', { to, type: 'reaction', messageId: '', emoji: '👍' }],
    ['language', { to, type: 'template', name: 'x', language: '', components: [] }],
  ] as Array<[string, OutboundMessage]>)('%s is required', (field, message) => {
    expect(outboundIssues(message)).toEqual([{ field, message: 'is required' }]);
  });

  it('a missing or blank recipient is named', () => {
    expect(outboundIssues({ to: '  ', type: 'text', text: 'hi' })).toEqual([{ field: 'to', message: 'is required' }]);
    expect(outboundIssues({ to: '', type: 'text', text: 'hi' })).toEqual([{ field: 'to', message: 'is required' }]);
  });

  it('the prefix goes before every field, the recipient excepted', () => {
    expect(outboundIssues({ to: '', type: 'text', text: '' }, 'message.')).toEqual([
      { field: 'to', message: 'is required' },
      { field: 'message.text', message: 'is required' },
    ]);
  });
});

describe('reply buttons: 1 to 3, ids and titles unique, no spaces around ids', () => {
  it.each([1, 2, 3])('%i buttons pass', (count) => {
    expect(outboundIssues(buttons({ choices: Array.from({ length: count }, (_, i) => choice(i)) }))).toEqual([]);
  });

  it.each([0, 4])('%i buttons fail', (count) => {
    const message = buttons({ choices: Array.from({ length: count }, (_, i) => choice(i)) });
    expect(outboundIssues(message)).toEqual([{ field: 'choices', message: `must have 1 to 3 buttons (it has ${count})` }]);
  });

  it('refuses two buttons with one id or one title', () => {
    expect(outboundIssues(buttons({ choices: [{ id: 'a', title: 'One' }, { id: 'a', title: 'Two' }] }))).toEqual([{ field: 'choices', message: 'button ids must be different from each other' }]);
    expect(outboundIssues(buttons({ choices: [{ id: 'a', title: 'Same' }, { id: 'b', title: 'Same' }] }))).toEqual([{ field: 'choices', message: 'button titles must be different from each other' }]);
  });

  it.each([' a', 'a ', ' a '])('refuses the id %j', (id) => {
    expect(outboundIssues(buttons({ choices: [{ id, title: 'A' }] }))).toEqual([{ field: 'choices[0].id', message: 'must not start or end with a space' }]);
  });

  it('an empty button title is named with its index', () => {
    expect(outboundIssues(buttons({ choices: [choice(1), { id: 'b', title: '' }] }))).toEqual([{ field: 'choices[1].title', message: 'is required' }]);
  });
});

describe('lists: 1 to 10 sections, 1 to 10 rows in total, unique row ids', () => {
  it('10 rows in one section pass, 11 fail', () => {
    expect(outboundIssues(list({ sections: [{ rows: rows(10) }] }))).toEqual([]);
    expect(outboundIssues(list({ sections: [{ rows: rows(11) }] }))).toEqual([{ field: 'sections', message: 'must have 1 to 10 rows in total (it has 11)' }]);
  });

  it('rows are counted across sections', () => {
    const sections = (perSection: number[]) => perSection.map((count, s) => ({ title: `S${s}`, rows: rows(count, s * 100) }));
    expect(outboundIssues(list({ sections: sections([5, 5]) }))).toEqual([]);
    expect(outboundIssues(list({ sections: sections([5, 6]) }))).toEqual([{ field: 'sections', message: 'must have 1 to 10 rows in total (it has 11)' }]);
  });

  it('10 sections pass, 11 fail', () => {
    const sections = (count: number) => Array.from({ length: count }, (_, s) => ({ title: `S${s}`, rows: s === 0 ? rows(1) : [] }));
    expect(outboundIssues(list({ sections: sections(10) }))).toEqual([]);
    expect(outboundIssues(list({ sections: sections(11) }))).toEqual([{ field: 'sections', message: 'must have 1 to 10 sections (it has 11)' }]);
  });

  it('no section, or sections without rows, fail', () => {
    expect(outboundIssues(list({ sections: [] }))).toEqual([
      { field: 'sections', message: 'must have 1 to 10 sections (it has 0)' },
      { field: 'sections', message: 'must have 1 to 10 rows in total (it has 0)' },
    ]);
    expect(outboundIssues(list({ sections: [{ rows: [] }] }))).toEqual([{ field: 'sections', message: 'must have 1 to 10 rows in total (it has 0)' }]);
  });

  it('a section title is required only when there is more than one section', () => {
    expect(outboundIssues(list({ sections: [{ rows: rows(1) }] }))).toEqual([]);
    expect(outboundIssues(list({ sections: [{ rows: rows(1) }, { title: 'B', rows: rows(1, 5) }] }))).toEqual([{ field: 'sections[0].title', message: 'is required' }]);
  });

  it('refuses one row id twice, even in different sections', () => {
    const sections = [{ title: 'A', rows: [{ id: 'x', title: 'One' }] }, { title: 'B', rows: [{ id: 'x', title: 'Two' }] }];
    expect(outboundIssues(list({ sections }))).toEqual([{ field: 'sections', message: 'row ids must be different from each other' }]);
  });

  it('names a row without id or title by its place', () => {
    expect(outboundIssues(list({ sections: [{ rows: [{ id: 'a', title: 'A' }, { id: '', title: '' }] }] }))).toEqual([
      { field: 'sections[0].rows[1].id', message: 'is required' },
      { field: 'sections[0].rows[1].title', message: 'is required' },
    ]);
  });
});

describe('media: exactly one of a link or an id, links http(s) only', () => {
  const image = (media: { url?: string; id?: string }, caption?: string): OutboundMessage => ({ to, type: 'image', media, ...(caption === undefined ? {} : { caption }) });

  it.each([
    ['https link', { url: 'https://example.com/a.jpg' }],
    ['http link', { url: 'http://example.com/a.jpg' }],
    ['upper-case scheme', { url: 'HTTPS://EXAMPLE.COM/A.JPG' }],
    ['media id', { id: '1290457731993215' }],
  ])('accepts a %s', (_label, media) => {
    expect(outboundIssues(image(media))).toEqual([]);
  });

  it.each([
    ['ftp link', 'ftp://example.com/a.jpg'],
    ['link without scheme', 'example.com/a.jpg'],
    ['scheme later in the text', 'see https://example.com/a.jpg'],
    ['file path', '/tmp/a.jpg'],
  ])('refuses a %s', (_label, url) => {
    expect(outboundIssues(image({ url }))).toEqual([{ field: 'media.url', message: PUBLIC_LINK }]);
  });

  it.each([
    ['neither', {}],
    ['both', { url: 'https://example.com/a.jpg', id: '1' }],
    ['two empty strings', { url: '', id: '' }],
  ])('refuses %s', (_label, media) => {
    expect(outboundIssues(image(media))).toEqual([{ field: 'media', message: 'needs exactly one of a public HTTPS URL or a media id' }]);
  });

  it('an empty link beside an id counts as no link', () => {
    expect(outboundIssues(image({ url: '', id: '1' }))).toEqual([]);
    expect(outboundIssues(image({ url: 'https://example.com/a.jpg', id: '' }))).toEqual([]);
  });

  it.each(['image', 'video', 'audio', 'document', 'sticker'] as const)('checks the media of %s', (type) => {
    expect(outboundIssues({ to, type, media: {} })).toEqual([{ field: 'media', message: 'needs exactly one of a public HTTPS URL or a media id' }]);
    expect(outboundIssues({ to, type, media: { url: 'ftp://x/y' } })).toEqual([{ field: 'media.url', message: PUBLIC_LINK }]);
  });

  it.each(['image', 'video', 'document'] as const)('caps the caption of %s at 1,024 characters', (type) => {
    expect(outboundIssues({ to, type, media: { id: '1' }, caption: 'c'.repeat(1024) })).toEqual([]);
    expect(outboundIssues({ to, type, media: { id: '1' }, caption: 'c'.repeat(1025) })).toEqual([{ field: 'caption', message: 'must be at most 1024 characters (it has 1025)' }]);
  });

  it.each(['audio', 'sticker'] as const)('refuses a caption on %s', (type) => {
    expect(outboundIssues({ to, type, media: { id: '1' }, caption: 'hello' })).toEqual([{ field: 'caption', message: `cannot be sent with ${type}` }]);
    expect(outboundIssues({ to, type, media: { id: '1' } })).toEqual([]);
  });

  it.each(['image', 'video', 'document'] as const)('accepts a caption on %s', (type) => {
    expect(outboundIssues({ to, type, media: { id: '1' }, caption: 'hello' })).toEqual([]);
  });

  it('checks a media header of buttons and call-to-action messages', () => {
    expect(outboundIssues(buttons({ header: { type: 'image', url: 'ftp://x' } }))).toEqual([{ field: 'header.url', message: PUBLIC_LINK }]);
    expect(outboundIssues(cta({ header: { type: 'video' } }))).toEqual([{ field: 'header', message: 'needs exactly one of a public HTTPS URL or a media id' }]);
    expect(outboundIssues(cta({ header: { type: 'document', id: '5' } }))).toEqual([]);
  });
});

describe('call-to-action links', () => {
  it.each(['https://example.com/order/123', 'http://example.com', 'HTTPS://EXAMPLE.COM/X'])('accepts %s', (url) => {
    expect(outboundIssues(cta({ url }))).toEqual([]);
  });

  it.each(['', 'example.com/order', 'ftp://example.com', 'https://', 'https://example.com/a b', 'go to https://example.com'])('refuses %j', (url) => {
    expect(outboundIssues(cta({ url }))).toEqual([{ field: 'url', message: 'must be an http(s) URL, e.g. https://example.com/order/123' }]);
  });
});

describe('locations: latitude within ±90, longitude within ±180', () => {
  const at = (latitude: number, longitude: number): OutboundMessage => ({ to, type: 'location', latitude, longitude });

  it.each([[90, 180], [-90, -180], [0, 0], [60.1699, 24.9384]])('accepts %d, %d', (latitude, longitude) => {
    expect(outboundIssues(at(latitude, longitude))).toEqual([]);
  });

  it.each([90.0001, -90.0001, 95, Number.NaN, Number.POSITIVE_INFINITY])('refuses latitude %d', (latitude) => {
    expect(outboundIssues(at(latitude, 0))).toEqual([{ field: 'latitude', message: 'must be a number between -90 and 90' }]);
  });

  it.each([180.0001, -180.0001, Number.NaN, Number.NEGATIVE_INFINITY])('refuses longitude %d', (longitude) => {
    expect(outboundIssues(at(0, longitude))).toEqual([{ field: 'longitude', message: 'must be a number between -180 and 180' }]);
  });
});

describe('contacts and reactions', () => {
  it('refuses an empty list of contact cards', () => {
    expect(outboundIssues({ to, type: 'contacts', contacts: [] })).toEqual([{ field: 'contacts', message: 'needs at least one contact card' }]);
  });

  it('needs formatted_name on every card', () => {
    const contacts = [{ name: { formatted_name: 'Aino' } }, { name: { first_name: 'Eero' } }] as unknown as Array<{ name: { formatted_name: string } }>;
    expect(outboundIssues({ to, type: 'contacts', contacts })).toEqual([{ field: 'contacts[1].name.formatted_name', message: 'is required' }]);
  });

  it('names a card without any name instead of failing on it', () => {
    const contacts = [{}] as unknown as Array<{ name: { formatted_name: string } }>;
    expect(outboundIssues({ to, type: 'contacts', contacts })).toEqual([{ field: 'contacts[0].name.formatted_name', message: 'is required' }]);
  });

  it('refuses a reaction that also replies to a message', () => {
    expect(outboundIssues({ to, type: 'reaction', messageId: 'wamid.A', emoji: '👍', replyTo: 'wamid.B' })).toEqual([{ field: 'replyTo', message: 'cannot be used with a reaction; the reaction already names its message' }]);
  });
});

describe('assertSendable', () => {
  it('throws one validation_failed error naming every field, and passes a good message', () => {
    expect(() => assertSendable({ to, type: 'text', text: 'hi' })).not.toThrow();
    expect(() => assertSendable({ to: '', type: 'text', text: '' })).toThrow(expect.objectContaining({
      code: 'validation_failed',
      message: 'The message cannot be sent: to is required; text is required.',
      details: { fields: [{ field: 'to', message: 'is required' }, { field: 'text', message: 'is required' }] },
    }));
  });
});
