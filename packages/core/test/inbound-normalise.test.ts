import { readWebhookFixture, webhookFixtureNames } from '@kaiku/shared';
import type { InboundMessageRecord } from '../src/records.js';
import { parseWebhook, parseWebhookBody } from '../src/whatsapp/webhook.js';

const OURS = expect.stringMatching(/^wamid\./);

function records(fixture: string): InboundMessageRecord[] {
  return parseWebhook(parseWebhookBody(readWebhookFixture(fixture))).flatMap((e) => (e.kind === 'message' ? [e.message] : []));
}

// label = fixture name; expected = the fields that type fills (all other media/reply/location/… fields stay null).
const cases: [string, Partial<Record<keyof InboundMessageRecord, unknown>>][] = [
  ['message.text', { type: 'text', text: 'Hei! Onko tämä tuote vielä saatavilla? 😊', reply_to_message_id: null, forwarded: false }],
  ['message.text.context', { type: 'text', text: 'Kyllä, perjantai sopii.', reply_to_message_id: OURS }],
  ['message.text.forwarded', { type: 'text', forwarded: true }],
  ['message.text.frequently-forwarded', { type: 'text', forwarded: true }],
  ['message.text.referral', {
    type: 'text', referral_source_type: 'ad', referral_source_id: '120226305854810726', referral_source_url: 'https://fb.me/3cr4Wqqkv',
    referral_headline: 'Chat with us on WhatsApp', referral_body: 'Fresh coffee delivered every week.', referral_ctwa_clid: expect.stringMatching(/^ARAk/),
  }],
  ['message.image', {
    type: 'image', text: 'Kuva rikkinäisestä paketista', media_caption: 'Kuva rikkinäisestä paketista', media_mime_type: 'image/jpeg',
    media_id: expect.stringMatching(/^\d+$/), media_sha256: expect.any(String), media_url: expect.stringMatching(/^https:\/\/lookaside/),
  }],
  ['message.video', { type: 'video', media_mime_type: 'video/mp4', media_caption: 'Unboxing', media_url: null }],
  ['message.audio', { type: 'audio', media_mime_type: 'audio/mpeg', text: null, media_caption: null }],
  ['message.audio.voice', { type: 'audio', media_mime_type: 'audio/ogg; codecs=opus' }],
  ['message.document', { type: 'document', media_filename: 'tilaus-1042.pdf', media_mime_type: 'application/pdf', media_caption: 'Tilausvahvistus liitteenä' }],
  ['message.sticker', { type: 'sticker', media_mime_type: 'image/webp', text: null }],
  ['message.location', {
    type: 'location', text: 'Kauppatori', location_latitude: 60.167389, location_longitude: 24.952483,
    location_name: 'Kauppatori', location_address: 'Eteläranta, 00170 Helsinki',
  }],
  ['message.contacts', { type: 'contacts', contacts_count: 2, contacts_summary: 'Jane Doe (+358407654321), Matti Meikäläinen (+46701234567)' }],
  ['message.button', { type: 'button', text: 'Vahvista tilaus', reply_id: 'CONFIRM_ORDER_1042', reply_title: 'Vahvista tilaus', reply_to_message_id: OURS }],
  ['message.interactive.button_reply', { type: 'button_reply', text: 'Perjantai klo 10', reply_id: 'slot-fri-10', reply_title: 'Perjantai klo 10', reply_to_message_id: OURS }],
  ['message.interactive.list_reply', { type: 'list_reply', reply_id: 'size-m', reply_title: 'Medium', reply_description: 'Chest 96–104 cm' }],
  ['message.interactive.nfm_reply', { type: 'flow_reply', reply_id: 'booking-7f3a', reply_title: 'Sent', text: '{"flow_token":"booking-7f3a","date":"2026-01-05","party_size":"4"}' }],
  ['message.reaction', { type: 'reaction', text: '👍', reaction_emoji: '👍', reaction_message_id: OURS }],
  ['message.reaction.removed', { type: 'reaction', text: null, reaction_emoji: null, reaction_message_id: OURS }],
  ['message.order', { type: 'order', text: 'Toimitus perjantaina, kiitos' }],
  ['message.system', { type: 'system', text: 'User A changed from 358401234567 to 358409876543', profile_name: null }],
  ['message.unsupported', { type: 'unsupported', raw: expect.objectContaining({ type: 'unsupported', errors: [expect.objectContaining({ code: 131051 })] }) }],
  ['message.unknown-type', { type: 'unsupported', text: null, raw: expect.objectContaining({ type: 'request_welcome' }) }],
];

describe('inbound normalisation, one case per fixture', () => {
  it.each(cases)('%s', (fixture, expected) => {
    const [record, ...rest] = records(fixture);
    expect(rest).toEqual([]);
    expect(record).toMatchObject({
      id: expect.stringMatching(/^wamid\./), phone_number_id: '106540352242922', display_phone_number: '15550001234',
      from: '358401234567', received_at: expect.stringMatching(/^2026-01-01T\d\d:\d\d:\d\dZ$/), ...expected,
    });
    if (record!.type !== 'unsupported') expect(record!.raw).toBeNull();
    if (record!.type !== 'system') expect(record!.profile_name).toBe('Aino Virtanen');
  });

  it('knows a customer who uses a username by their business-scoped user ID when WhatsApp keeps the number back', () => {
    const [record, ...rest] = records('message.text.username');
    expect(rest).toEqual([]);
    expect(record).toMatchObject({
      type: 'text', text: 'Hi, do you ship to London?', from: 'GB.13491208655302741918', user_id: 'GB.13491208655302741918',
      username: 'amara.okafor', profile_name: 'Amara Okafor', raw: null,
    });
  });

  it('fills the user ID and username beside the number when WhatsApp sends them all, and leaves them empty otherwise', () => {
    const body = JSON.parse(readWebhookFixture('message.text').toString()) as { entry: Array<{ changes: Array<{ value: { contacts: Array<Record<string, unknown>> } }> }> };
    const contact = body.entry[0]?.changes[0]?.value.contacts[0];
    if (contact === undefined) throw new Error('the fixture has no contact');
    contact.user_id = 'FI.9081726354';
    contact.profile = { name: 'Aino Virtanen', username: 'aino.v' };
    const [record] = parseWebhook(body).flatMap((e) => (e.kind === 'message' ? [e.message] : []));
    expect(record).toMatchObject({ from: '358401234567', user_id: 'FI.9081726354', username: 'aino.v', profile_name: 'Aino Virtanen' });
    expect(records('message.text')[0]).toMatchObject({ from: '358401234567', user_id: null, username: null });
  });

  it('every message fixture has a case', () => {
    const covered = new Set([...cases.map(([fixture]) => fixture), 'message.text.username']);
    const messageFixtures = webhookFixtureNames().filter((n) => n.startsWith('message.') && n !== 'message.batch');
    expect(messageFixtures.filter((n) => !covered.has(n))).toEqual([]);
  });

  it('the window closes 24 hours after the message was received', () => {
    const [record] = records('message.text');
    expect(record).toMatchObject({ received_at: '2026-01-01T09:30:12Z', window_expires_at: '2026-01-02T09:30:12Z' });
  });

  it('a batch keeps both messages and gives each sender their own profile name', () => {
    expect(records('message.batch').map((r) => [r.from, r.profile_name, r.text])).toEqual([
      ['46701234567', 'Erik Lindström', 'Tack för snabb leverans!'],
      ['358401234567', 'Aino Virtanen', 'STOP'],
    ]);
  });
});

describe('inbound normalisation of edge shapes', () => {
  const base = { from: '358401234567', id: 'wamid.X', timestamp: '1767259812' };
  const wrap = (message: Record<string, unknown>): InboundMessageRecord | undefined => {
    const value = { metadata: { phone_number_id: '1', display_phone_number: '2' }, contacts: [], messages: [message] };
    const [event] = parseWebhook({ object: 'whatsapp_business_account', entry: [{ id: 'w', changes: [{ field: 'messages', value }] }] });
    return event?.kind === 'message' ? event.message : undefined;
  };

  const edges: [string, Record<string, unknown>, Partial<InboundMessageRecord>][] = [
    ['location with string coordinates (older payloads)', { type: 'location', location: { latitude: '60.1', longitude: '24.9' } }, { location_latitude: 60.1, location_longitude: 24.9, location_name: null }],
    ['order without text is summarised', { type: 'order', order: { product_items: [{ product_retailer_id: 'sku-1', quantity: 2, item_price: 12.5, currency: 'EUR' }] } }, { text: '2 × sku-1 at 12.5 EUR' }],
    ['type without its object', { type: 'image' }, { type: 'unsupported' }],
    ['type named like an Object method', { type: 'constructor' }, { type: 'unsupported' }],
    ['interactive of an unknown subtype', { type: 'interactive', interactive: { type: 'payment' } }, { type: 'unsupported' }],
    ['flow reply with unparsable JSON', { type: 'interactive', interactive: { type: 'nfm_reply', nfm_reply: { response_json: '{', body: 'Sent' } } }, { type: 'flow_reply', reply_id: null, text: '{' }],
    ['contact card without phones or name', { type: 'contacts', contacts: [{ name: {} }] }, { contacts_summary: 'Unnamed contact', contacts_count: 1 }],
    ['no contacts entry: no profile name', { type: 'text', text: { body: 'hi' } }, { profile_name: null, text: 'hi' }],
  ];
  it.each(edges)('%s', (_label, message, expected) => {
    expect(wrap({ ...base, ...message })).toMatchObject(expected);
  });

  it('a malformed message becomes an unknown event instead of failing the delivery', () => {
    const value = { metadata: { phone_number_id: '1' }, messages: [{ ...base, type: 'contacts', contacts: [{ phones: 'not a list' }] }] };
    const events = parseWebhook({ object: 'whatsapp_business_account', entry: [{ id: 'w', changes: [{ field: 'messages', value }] }] });
    expect(events).toEqual([{ kind: 'unknown', wabaId: 'w', field: 'messages', value: value.messages[0] }]);
  });
});
