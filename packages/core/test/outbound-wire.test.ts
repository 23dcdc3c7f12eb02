import { describe, expect, it } from '@jest/globals';
import { toWireRequest } from '../src/whatsapp/outbound.js';
import type { InteractiveHeader, OutboundMessage } from '../src/whatsapp/outbound.js';

// toWireRequest on its own: the exact object, so that a key holding `undefined` (dropped later by JSON) shows too.
const TO = '358401234567';
const WAMID = 'wamid.HBgMMzU4NDAxMjM0NTY3FQIAEhggQTZCNUE1QjBGMjYxQjQ4QkM0QTc3RDU3RDI5RDQ0RTIA';
const envelope = { messaging_product: 'whatsapp', recipient_type: 'individual', to: TO };
const buttons = { type: 'buttons' as const, body: 'Like it?', choices: [{ id: 'y', title: 'Yes' }] };
const action = { buttons: [{ type: 'reply', reply: { id: 'y', title: 'Yes' } }] };

describe('toWireRequest: headers of interactive messages', () => {
  it.each([
    ['image', { type: 'image', url: 'https://cdn.example/p.jpg', filename: 'p.jpg' }, { type: 'image', image: { link: 'https://cdn.example/p.jpg' } }],
    ['video', { type: 'video', id: '777', filename: 'v.mp4' }, { type: 'video', video: { id: '777' } }],
    ['document', { type: 'document', id: '4321', filename: 'invoice.pdf' }, { type: 'document', document: { id: '4321', filename: 'invoice.pdf' } }],
  ] as Array<[string, InteractiveHeader, Record<string, unknown>]>)('header of type %s (a filename only on a document)', (_label, header, wire) => {
    expect(toWireRequest({ to: TO, ...buttons, header })).toStrictEqual({
      ...envelope, type: 'interactive', interactive: { type: 'button', header: wire, body: { text: 'Like it?' }, action },
    });
  });

  it('buttons and lists without a header carry no header key', () => {
    expect(toWireRequest({ to: TO, ...buttons })).toStrictEqual({ ...envelope, type: 'interactive', interactive: { type: 'button', body: { text: 'Like it?' }, action } });
    const sections = [{ rows: [{ id: 'a', title: 'A' }] }];
    expect(toWireRequest({ to: TO, type: 'list', body: 'Pick', button: 'Open', sections })).toStrictEqual({
      ...envelope, type: 'interactive', interactive: { type: 'list', body: { text: 'Pick' }, action: { button: 'Open', sections } },
    });
  });
});

describe('toWireRequest: context and callback data', () => {
  it('a message that replies to nothing has no context and no callback data key', () => {
    const request = toWireRequest({ to: TO, type: 'text', text: 'Hei!' });
    expect(request).toStrictEqual({ ...envelope, type: 'text', text: { body: 'Hei!', preview_url: false } });
  });

  it('a reaction names its message itself: replyTo gives it no context', () => {
    const reaction: OutboundMessage = { to: TO, type: 'reaction', messageId: WAMID, emoji: '👍', replyTo: WAMID, callbackData: 'ticket-7' };
    expect(toWireRequest(reaction)).toStrictEqual({
      ...envelope, type: 'reaction', reaction: { message_id: WAMID, emoji: '👍' }, biz_opaque_callback_data: 'ticket-7',
    });
  });

  it('any other message that replies carries the context', () => {
    expect(toWireRequest({ to: TO, type: 'sticker', media: { id: '555' }, replyTo: WAMID })).toStrictEqual({
      ...envelope, type: 'sticker', sticker: { id: '555' }, context: { message_id: WAMID },
    });
  });
});

describe('toWireRequest: media source', () => {
  it('an id wins over a link; a message with neither (never validated) gets an empty link, which Meta refuses', () => {
    expect(toWireRequest({ to: TO, type: 'image', media: { id: '1', url: 'https://cdn.example/p.jpg' } })).toStrictEqual({ ...envelope, type: 'image', image: { id: '1' } });
    expect(toWireRequest({ to: TO, type: 'image', media: {} })).toStrictEqual({ ...envelope, type: 'image', image: { link: '' } });
  });
});
