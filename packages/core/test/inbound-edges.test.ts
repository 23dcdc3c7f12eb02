/** Inbound messages of odd shape: missing parts, senders known only by user ID, contacts that do not fit, absurd times. */
import type { InboundMessageRecord } from '../src/records.js';
import { parseUnixSeconds, toInboundRecord } from '../src/whatsapp/inbound.js';
import type { WebhookEvent } from '../src/whatsapp/webhook.js';
import { parseWebhook } from '../src/whatsapp/webhook.js';

const base = { from: '358401234567', id: 'wamid.X', timestamp: '1767259812' };

function parse(message: Record<string, unknown>, contacts: unknown[] = []): WebhookEvent[] {
  const value = { metadata: { phone_number_id: '1', display_phone_number: '2' }, contacts, messages: [message] };
  return parseWebhook({ object: 'whatsapp_business_account', entry: [{ id: 'w', changes: [{ field: 'messages', value }] }] });
}

function record(message: Record<string, unknown>, contacts: unknown[] = []): InboundMessageRecord {
  const [event, ...rest] = parse(message, contacts);
  expect(rest).toEqual([]);
  if (event?.kind !== 'message') throw new Error(`expected a message, got ${JSON.stringify(event)}`);
  return event.message;
}

describe('a message whose type lacks its object is kept as unsupported, with the raw message', () => {
  it.each(['text', 'image', 'video', 'audio', 'document', 'sticker', 'location', 'button', 'reaction', 'order', 'system', 'interactive'])('%s', (type) => {
    const message = { ...base, type };
    expect(record(message)).toMatchObject({ id: 'wamid.X', from: '358401234567', type: 'unsupported', text: null, raw: message });
  });

  it('a message without a type', () => {
    expect(record(base)).toMatchObject({ type: 'unsupported', raw: base });
  });
});

describe('orders', () => {
  it.each([
    ['no item list', {}],
    ['items that are not a list', { product_items: 'sku-1' }],
    ['an empty item list', { product_items: [] }],
  ])('an order with %s and no text reads "Order without items"', (_label, order) => {
    expect(record({ ...base, type: 'order', order })).toMatchObject({ type: 'order', text: 'Order without items' });
  });
});

describe('who sent it: id, sender and time are required', () => {
  it.each([
    ['no id', { from: '358401234567', timestamp: '1767259812' }],
    ['an id that is not a string', { ...base, id: 7 }],
    ['neither number nor user ID', { id: 'wamid.X', timestamp: '1767259812' }],
    ['a user ID that is not a string and no number', { id: 'wamid.X', from_user_id: 7, timestamp: '1767259812' }],
    ['no time', { from: '358401234567', id: 'wamid.X' }],
    ['a time that is not a number', { ...base, timestamp: 'yesterday' }],
    ['an empty time', { ...base, timestamp: '' }],
    ['a time of blanks', { ...base, timestamp: '   ' }],
    ['a null time', { ...base, timestamp: null }],
  ])('a message with %s is no record, and an unknown event in a webhook', (_label, fields) => {
    const message = { ...fields, type: 'text', text: { body: 'hi' } };
    expect(toInboundRecord(message as Parameters<typeof toInboundRecord>[0], { phoneNumberId: '1', displayPhoneNumber: null, contacts: [] })).toBeNull();
    expect(parse(message)).toEqual([{ kind: 'unknown', wabaId: 'w', field: 'messages', value: message }]);
  });

  it('reads the earliest time a date can hold', () => {
    expect(record({ ...base, timestamp: '-8640000000000', type: 'text', text: { body: 'hi' } })).toMatchObject({ received_at: '-271821-04-20T00:00:00Z' });
  });
});

describe('the profile of the sender', () => {
  const text = { type: 'text', text: { body: 'hi' } };

  it('a customer known by user ID gets the contact with that user ID, not the first one', () => {
    const contacts = [
      { profile: { name: 'No ids' } },
      { user_id: 'GB.222', profile: { name: 'Someone else', username: 'someone' } },
      { user_id: 'GB.111', profile: { name: 'Amara Okafor', username: 'amara.okafor' } },
    ];
    expect(record({ id: 'wamid.X', from_user_id: 'GB.111', timestamp: '1767259812', ...text }, contacts)).toMatchObject({
      from: 'GB.111', user_id: 'GB.111', profile_name: 'Amara Okafor', username: 'amara.okafor',
    });
  });

  it('a customer known by number gets the contact with that number, past one whose user ID is null', () => {
    const contacts = [
      { wa_id: '46701234567', user_id: null, profile: { name: 'Erik Lindström' } },
      { wa_id: '358401234567', profile: { name: 'Aino Virtanen' } },
    ];
    expect(record({ ...base, ...text }, contacts)).toMatchObject({ from: '358401234567', user_id: null, profile_name: 'Aino Virtanen' });
  });

  it('a contact without a profile gives no name and no username, but its user ID', () => {
    expect(record({ ...base, ...text }, [{ wa_id: '358401234567', user_id: 'FI.123' }])).toMatchObject({
      profile_name: null, username: null, user_id: 'FI.123',
    });
  });

  it('a system message has no profile name even when a contact is sent beside it', () => {
    const message = { ...base, type: 'system', system: { body: 'User A changed from 358401234567 to 358409876543' } };
    expect(record(message, [{ wa_id: '358401234567', profile: { name: 'Aino Virtanen' } }])).toMatchObject({
      type: 'system', profile_name: null, text: 'User A changed from 358401234567 to 358409876543',
    });
  });
});

describe('parseUnixSeconds', () => {
  it.each([
    ['a string of seconds', '1767259812', '2026-01-01T09:30:12.000Z'],
    ['a number of seconds', 1767259812, '2026-01-01T09:30:12.000Z'],
    ['the last second a date can hold', 8.64e12, '+275760-09-13T00:00:00.000Z'],
    ['the first second a date can hold', '-8640000000000', '-271821-04-20T00:00:00.000Z'],
  ])('reads %s', (_label, value, iso) => {
    expect(parseUnixSeconds(value)?.toISOString()).toBe(iso);
  });

  it.each([
    ['an empty string', ''],
    ['blanks', '   '],
    ['a word', 'yesterday'],
    ['null', null],
    ['undefined', undefined],
    ['true', true],
    ['a list holding a number', ['5']],
    ['an object', {}],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['-Infinity', '-Infinity'],
    ['a second past the last date', 8.64e12 + 1],
    ['a second before the first date', -8.64e12 - 1],
  ])('refuses %s', (_label, value) => {
    expect(parseUnixSeconds(value)).toBeNull();
  });
});
