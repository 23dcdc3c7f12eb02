import { describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { OutboundMessage } from '../src/whatsapp/outbound.js';
import { captureSend, GRAPH, PHONE_ID, sendAnswer, testClient, TOKEN, VERSION, useNock } from './client-helpers.js';

const TO = '+358401234567';
const WAMID_IN = 'wamid.HBgMMzU4NDAxMjM0NTY3FQIAEhggQTZCNUE1QjBGMjYxQjQ4QkM0QTc3RDU3RDI5RDQ0RTIA';
const envelope = { messaging_product: 'whatsapp', recipient_type: 'individual', to: TO };

/** label, domain message, the exact body Meta must receive. */
const CASES: Array<[string, OutboundMessage, Record<string, unknown>]> = [
  ['text with link preview', { to: TO, type: 'text', text: 'Your order: https://shop.example/o/1', previewUrl: true },
    { ...envelope, type: 'text', text: { body: 'Your order: https://shop.example/o/1', preview_url: true } }],
  ['text without preview', { to: TO, type: 'text', text: 'Hei!' }, { ...envelope, type: 'text', text: { body: 'Hei!', preview_url: false } }],
  ['image by link with caption', { to: TO, type: 'image', media: { url: 'https://cdn.example/p.jpg' }, caption: 'Your receipt' },
    { ...envelope, type: 'image', image: { link: 'https://cdn.example/p.jpg', caption: 'Your receipt' } }],
  ['image by id', { to: TO, type: 'image', media: { id: '1290457731993215' } }, { ...envelope, type: 'image', image: { id: '1290457731993215' } }],
  ['video by link', { to: TO, type: 'video', media: { url: 'https://cdn.example/v.mp4' }, caption: 'Demo' },
    { ...envelope, type: 'video', video: { link: 'https://cdn.example/v.mp4', caption: 'Demo' } }],
  ['video by id', { to: TO, type: 'video', media: { id: '777' } }, { ...envelope, type: 'video', video: { id: '777' } }],
  ['audio by link', { to: TO, type: 'audio', media: { url: 'https://cdn.example/a.mp3' } }, { ...envelope, type: 'audio', audio: { link: 'https://cdn.example/a.mp3' } }],
  ['audio voice note by id', { to: TO, type: 'audio', media: { id: '888' }, voice: true }, { ...envelope, type: 'audio', audio: { id: '888', voice: true } }],
  ['document by link with filename', { to: TO, type: 'document', media: { url: 'https://cdn.example/i.pdf' }, caption: 'Invoice', filename: 'invoice-42.pdf' },
    { ...envelope, type: 'document', document: { link: 'https://cdn.example/i.pdf', caption: 'Invoice', filename: 'invoice-42.pdf' } }],
  ['document by id', { to: TO, type: 'document', media: { id: '999' }, filename: 'a.pdf' }, { ...envelope, type: 'document', document: { id: '999', filename: 'a.pdf' } }],
  ['sticker by link', { to: TO, type: 'sticker', media: { url: 'https://cdn.example/s.webp' } }, { ...envelope, type: 'sticker', sticker: { link: 'https://cdn.example/s.webp' } }],
  ['sticker by id', { to: TO, type: 'sticker', media: { id: '555' } }, { ...envelope, type: 'sticker', sticker: { id: '555' } }],
  ['location', { to: TO, type: 'location', latitude: 60.1699, longitude: 24.9384, name: 'Kaiku HQ', address: 'Mannerheimintie 1, Helsinki' },
    { ...envelope, type: 'location', location: { latitude: 60.1699, longitude: 24.9384, name: 'Kaiku HQ', address: 'Mannerheimintie 1, Helsinki' } }],
  ['contacts', { to: TO, type: 'contacts', contacts: [{ name: { formatted_name: 'Aino Virtanen', first_name: 'Aino' }, phones: [{ phone: '+358401112222', type: 'CELL', wa_id: '358401112222' }] }] },
    { ...envelope, type: 'contacts', contacts: [{ name: { formatted_name: 'Aino Virtanen', first_name: 'Aino' }, phones: [{ phone: '+358401112222', type: 'CELL', wa_id: '358401112222' }] }] }],
  ['reaction', { to: TO, type: 'reaction', messageId: WAMID_IN, emoji: '👍' }, { ...envelope, type: 'reaction', reaction: { message_id: WAMID_IN, emoji: '👍' } }],
  ['reply buttons with text header and footer',
    { to: TO, type: 'buttons', body: 'Is the delivery time OK?', header: { type: 'text', text: 'Delivery' }, footer: 'Kaiku Shop',
      choices: [{ id: 'yes', title: 'Yes' }, { id: 'later', title: 'Later please' }] },
    { ...envelope, type: 'interactive', interactive: { type: 'button', header: { type: 'text', text: 'Delivery' }, body: { text: 'Is the delivery time OK?' },
      footer: { text: 'Kaiku Shop' }, action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } }, { type: 'reply', reply: { id: 'later', title: 'Later please' } }] } } }],
  ['reply buttons with image header',
    { to: TO, type: 'buttons', body: 'Like it?', header: { type: 'image', url: 'https://cdn.example/p.jpg' }, choices: [{ id: 'y', title: 'Yes' }] },
    { ...envelope, type: 'interactive', interactive: { type: 'button', header: { type: 'image', image: { link: 'https://cdn.example/p.jpg' } }, body: { text: 'Like it?' },
      action: { buttons: [{ type: 'reply', reply: { id: 'y', title: 'Yes' } }] } } }],
  ['list with header and footer',
    { to: TO, type: 'list', body: 'Pick a slot', button: 'Slots', header: 'Booking', footer: 'Times are local',
      sections: [{ title: 'Monday', rows: [{ id: 'mon-9', title: '09:00', description: 'Morning' }] }, { title: 'Tuesday', rows: [{ id: 'tue-9', title: '09:00' }] }] },
    { ...envelope, type: 'interactive', interactive: { type: 'list', header: { type: 'text', text: 'Booking' }, body: { text: 'Pick a slot' }, footer: { text: 'Times are local' },
      action: { button: 'Slots', sections: [{ title: 'Monday', rows: [{ id: 'mon-9', title: '09:00', description: 'Morning' }] }, { title: 'Tuesday', rows: [{ id: 'tue-9', title: '09:00' }] }] } } }],
  ['call-to-action URL with document header',
    { to: TO, type: 'cta_url', body: 'Your invoice is ready', header: { type: 'document', id: '4321', filename: 'invoice.pdf' }, footer: 'Thanks', displayText: 'Pay now', url: 'https://pay.example/i/42' },
    { ...envelope, type: 'interactive', interactive: { type: 'cta_url', header: { type: 'document', document: { id: '4321', filename: 'invoice.pdf' } }, body: { text: 'Your invoice is ready' },
      footer: { text: 'Thanks' }, action: { name: 'cta_url', parameters: { display_text: 'Pay now', url: 'https://pay.example/i/42' } } } }],
  ['template', { to: TO, type: 'template', name: 'order_update', language: 'en_US', components: [{ type: 'body', parameters: [{ type: 'text', text: 'Dana' }] }] },
    { ...envelope, type: 'template', template: { name: 'order_update', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Dana' }] }] } }],
  ['template without variables', { to: TO, type: 'template', name: 'hello_world', language: 'en_US', components: [] },
    { ...envelope, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } }],
  ['text as a reply with context and callback data', { to: TO, type: 'text', text: 'Thanks!', replyTo: WAMID_IN, callbackData: 'ticket-7' },
    { ...envelope, type: 'text', text: { body: 'Thanks!', preview_url: false }, context: { message_id: WAMID_IN }, biz_opaque_callback_data: 'ticket-7' }],
];

useNock();

describe('CloudApiClient.sendMessage: exact request bodies', () => {
  it.each(CASES)('%s', async (_label, message, expected) => {
    const { client } = testClient();
    const { bodies, scope } = captureSend();
    const result = await client.sendMessage(PHONE_ID, message);
    expect(bodies).toEqual([expected]);
    expect(result).toEqual({ messageId: expect.stringMatching(/^wamid\./), waId: '358401234567', input: TO });
    scope.done();
  });

  it('returns message_status of a template send', async () => {
    const { client } = testClient();
    const answer = { ...sendAnswer(TO, '358401234567'), messages: [{ id: 'wamid.T1', message_status: 'held_for_quality_assessment' }] };
    captureSend(answer);
    const result = await client.sendMessage(PHONE_ID, { to: TO, type: 'template', name: 'promo', language: 'fi', components: [] });
    expect(result).toEqual({ messageId: 'wamid.T1', waId: '358401234567', input: TO, messageStatus: 'held_for_quality_assessment' });
  });

  it('sends to a business-scoped user ID in `recipient`, without `to`, and answers with the user ID', async () => {
    const { client } = testClient();
    const bsuid = 'GB.13491208655302741918';
    const { bodies } = captureSend({ messaging_product: 'whatsapp', contacts: [{ input: bsuid, user_id: bsuid }], messages: [{ id: 'wamid.U1' }] });
    const result = await client.sendMessage(PHONE_ID, { to: bsuid, type: 'text', text: 'Hi Amara' });
    expect(bodies).toEqual([{ messaging_product: 'whatsapp', recipient_type: 'individual', recipient: bsuid, type: 'text', text: { body: 'Hi Amara', preview_url: false } }]);
    expect(result).toEqual({ messageId: 'wamid.U1', waId: bsuid, input: bsuid });
  });

  it('uses the configured base URL and version, without a trailing slash problem', async () => {
    const { client } = testClient({ baseUrl: 'http://127.0.0.1:3999/', version: 'v23.0' });
    const scope = nock('http://127.0.0.1:3999').post(`/v23.0/${PHONE_ID}/messages`).reply(200, sendAnswer(TO, '358401234567'));
    await client.sendMessage(PHONE_ID, { to: TO, type: 'text', text: 'hi' });
    scope.done();
  });
});

describe('CloudApiClient.markAsRead', () => {
  it('posts a read receipt', async () => {
    const { client } = testClient();
    const { bodies } = captureSend({ success: true });
    await client.markAsRead(PHONE_ID, WAMID_IN);
    expect(bodies).toEqual([{ messaging_product: 'whatsapp', status: 'read', message_id: WAMID_IN }]);
  });

  it('posts a read receipt with the typing indicator', async () => {
    const { client } = testClient();
    const { bodies } = captureSend({ success: true });
    await client.markAsRead(PHONE_ID, WAMID_IN, { typing: true });
    expect(bodies).toEqual([{ messaging_product: 'whatsapp', status: 'read', message_id: WAMID_IN, typing_indicator: { type: 'text' } }]);
  });
});

describe("CloudApiClient.sendMessage: Meta's limits are checked before sending", () => {
  const LIMIT_CASES: Array<[string, OutboundMessage, RegExp]> = [
    ['more than 3 buttons', { to: TO, type: 'buttons', body: 'Pick', choices: ['a', 'b', 'c', 'd'].map((id) => ({ id, title: id })) }, /choices must have 1 to 3 buttons \(it has 4\)/],
    ['a button title over 20 characters', { to: TO, type: 'buttons', body: 'Pick', choices: [{ id: 'a', title: 'This title is far too long' }] }, /choices\[0\]\.title must be at most 20 characters \(it has 26\)/],
    ['duplicate button ids', { to: TO, type: 'buttons', body: 'Pick', choices: [{ id: 'a', title: 'A' }, { id: 'a', title: 'B' }] }, /button ids must be different/],
    ['a list with 11 rows', { to: TO, type: 'list', body: 'Pick', button: 'Open', sections: [{ rows: Array.from({ length: 11 }, (_, i) => ({ id: `r${i}`, title: `Row ${i}` })) }] }, /sections must have 1 to 10 rows in total \(it has 11\)/],
    ['a list row title over 24', { to: TO, type: 'list', body: 'Pick', button: 'Open', sections: [{ rows: [{ id: 'r', title: 'x'.repeat(25) }] }] }, /sections\[0\]\.rows\[0\]\.title must be at most 24 characters/],
    ['two sections without titles', { to: TO, type: 'list', body: 'Pick', button: 'Open', sections: [{ rows: [{ id: 'a', title: 'A' }] }, { rows: [{ id: 'b', title: 'B' }] }] }, /sections\[0\]\.title is required/],
    ['a list button over 20', { to: TO, type: 'list', body: 'Pick', button: 'x'.repeat(21), sections: [{ rows: [{ id: 'a', title: 'A' }] }] }, /button must be at most 20/],
    ['a text over 4096', { to: TO, type: 'text', text: 'x'.repeat(4097) }, /text must be at most 4096 characters/],
    ['media with both url and id', { to: TO, type: 'image', media: { url: 'https://a.example/x.jpg', id: '1' } }, /media needs exactly one of/],
    ['a caption on audio', { to: TO, type: 'audio', media: { id: '1' }, caption: 'no' }, /caption cannot be sent with audio/],
    ['a cta display text over 20', { to: TO, type: 'cta_url', body: 'b', displayText: 'x'.repeat(21), url: 'https://a.example' }, /displayText must be at most 20/],
    ['a header over 60', { to: TO, type: 'buttons', body: 'b', header: { type: 'text', text: 'h'.repeat(61) }, choices: [{ id: 'a', title: 'A' }] }, /header must be at most 60/],
    ['a reaction with a reply context', { to: TO, type: 'reaction', messageId: WAMID_IN, emoji: '👍', replyTo: WAMID_IN }, /replyTo cannot be used with a reaction/],
    ['a latitude out of range', { to: TO, type: 'location', latitude: 91, longitude: 0 }, /latitude must be a number between -90 and 90/],
    ['an empty recipient', { to: '', type: 'text', text: 'hi' }, /to is required/],
  ];

  it.each(LIMIT_CASES)('rejects %s without calling Meta', async (_label, message, expected) => {
    const { client } = testClient();
    const { scope } = captureSend();
    await expect(client.sendMessage(PHONE_ID, message)).rejects.toMatchObject({ code: 'validation_failed', message: expect.stringMatching(expected) });
    expect(scope.isDone()).toBe(false);
  });

  it('names every field at fault in one error', async () => {
    const { client } = testClient();
    const message: OutboundMessage = { to: TO, type: 'buttons', body: '', footer: 'f'.repeat(61), choices: [{ id: 'a', title: 't'.repeat(21) }] };
    const error = await client.sendMessage(PHONE_ID, message).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'validation_failed', details: { fields: [
      { field: 'body', message: 'is required' },
      { field: 'footer', message: 'must be at most 60 characters (it has 61)' },
      { field: 'choices[0].title', message: 'must be at most 20 characters (it has 21)' },
    ] } });
  });

  it('sends the token only in the Authorization header', async () => {
    const { client } = testClient();
    const scope = nock(GRAPH).post(`/${VERSION}/${PHONE_ID}/messages`).query((q) => !JSON.stringify(q).includes(TOKEN)).reply(200, sendAnswer(TO, '1'));
    await client.sendMessage(PHONE_ID, { to: TO, type: 'text', text: 'hi' });
    scope.done();
  });
});
