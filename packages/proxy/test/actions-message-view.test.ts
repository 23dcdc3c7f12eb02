/**
 * One timeline message as the API shows it: inbound text, media (served through this proxy), chosen buttons,
 * locations with a map link, reactions and contacts; outbound text, media by link or id, buttons and list rows,
 * templates with their preview, status and failure. Whatever the stored content lacks shows as null.
 */
import { describe, expect, it } from '@jest/globals';
import { messageView } from '../src/actions/message-view.js';
import type { MessageView } from '../src/actions/message-view.js';
import type { OutboundMessage } from '../src/store/types.js';
import { inboundRecord } from './store-fixtures.js';

const AT = new Date('2026-11-25T10:00:00.000Z');
const NOTHING = {
  text: null, media: null, choice: null, buttons: null, location: null, reaction: null, reply_to: null, template: null, status: null, failure: null,
};

function inbound(overrides: Parameters<typeof inboundRecord>[0]): MessageView {
  const record = inboundRecord({ id: 'wamid.in', ...overrides });
  return messageView({ direction: 'inbound', id: record.id, at: AT, seq: 1, record });
}

function outbound(overrides: Partial<OutboundMessage>, failure: { code: number | null; message: string | null } | null = null): MessageView {
  const message: OutboundMessage = {
    id: 'wamid.out', workspaceId: 'w', connectionId: 'c', waId: '358401234567', type: 'text', templateName: null, templateCategory: null,
    sentAs: 'free_form', status: 'delivered', idempotencyKey: null, response: {}, content: null, createdAt: AT, ...overrides,
  };
  return messageView({ direction: 'outbound', id: message.id, at: AT, seq: 1, message, failure });
}

describe('messageView, inbound', () => {
  it('shows a text with its reply-to and nothing else', () => {
    expect(inbound({ text: 'Hello', reply_to_message_id: 'wamid.prev' })).toEqual({
      ...NOTHING, id: 'wamid.in', direction: 'inbound', type: 'text', at: '2026-11-25T10:00:00.000Z', text: 'Hello', reply_to: 'wamid.prev',
    });
  });

  it('serves media through the proxy, its id escaped in the URL', () => {
    const view = inbound({ type: 'document', text: null, media_id: 'id/1 2', media_mime_type: 'application/pdf', media_caption: 'Invoice', media_filename: 'inv.pdf' });
    expect(view.media).toEqual({ id: 'id/1 2', link: null, url: '/v1/media/id%2F1%202', mime_type: 'application/pdf', caption: 'Invoice', filename: 'inv.pdf' });
  });

  it('shows a chosen button or row by its id, or by its title alone', () => {
    expect(inbound({ type: 'button_reply', reply_id: 'yes', reply_title: 'Yes', reply_description: 'Book it' }).choice).toEqual({ id: 'yes', title: 'Yes', description: 'Book it' });
    expect(inbound({ type: 'button', reply_id: null, reply_title: 'Stop promotions' }).choice).toEqual({ id: null, title: 'Stop promotions', description: null });
    expect(inbound({ type: 'button', reply_id: 'only-id', reply_title: null }).choice).toEqual({ id: 'only-id', title: null, description: null });
    expect(inbound({ reply_id: null, reply_title: null }).choice).toBeNull();
  });

  it('shows a location with an OpenStreetMap link, and no location when a coordinate is missing', () => {
    const view = inbound({ type: 'location', text: null, location_latitude: 60.17, location_longitude: 24.94, location_name: 'Kauppatori', location_address: 'Helsinki' });
    expect(view.location).toEqual({
      latitude: 60.17, longitude: 24.94, name: 'Kauppatori', address: 'Helsinki', map_url: 'https://www.openstreetmap.org/?mlat=60.17&mlon=24.94#map=17/60.17/24.94',
    });
    expect(inbound({ type: 'location', location_latitude: 60.17, location_longitude: null }).location).toBeNull();
    expect(inbound({ type: 'location', location_latitude: null, location_longitude: 24.94 }).location).toBeNull();
  });

  it('shows a reaction only for a reaction, and a contacts card by its summary', () => {
    expect(inbound({ type: 'reaction', text: null, reaction_emoji: '👍', reaction_message_id: 'wamid.out' }).reaction).toEqual({ emoji: '👍', message_id: 'wamid.out' });
    expect(inbound({ type: 'text', reaction_emoji: '👍', reaction_message_id: 'wamid.out' }).reaction).toBeNull();
    expect(inbound({ type: 'contacts', text: null, contacts_summary: 'Aino Virtanen', contacts_count: 1 }).text).toBe('Aino Virtanen');
    expect(inbound({ type: 'text', text: 'Hi', contacts_summary: 'Aino Virtanen' }).text).toBe('Hi');
  });
});

describe('messageView, outbound', () => {
  it('shows a free-form text with its status and failure', () => {
    expect(outbound({ status: 'failed', content: { text: 'Hello', reply_to: 'wamid.in' } }, { code: 131026, message: 'Message undeliverable' })).toEqual({
      ...NOTHING, id: 'wamid.out', direction: 'outbound', type: 'text', at: '2026-11-25T10:00:00.000Z', text: 'Hello', reply_to: 'wamid.in',
      status: 'failed', failure: { code: 131026, message: 'Message undeliverable' },
    });
  });

  it('reads nothing from content that is missing or of the wrong shape', () => {
    const missing = outbound({ content: undefined });
    expect(missing).toMatchObject({ text: null, media: null, buttons: null, template: null, reply_to: null });
    const odd = outbound({ content: { text: 42, reply_to: ['x'], media: ['image'], buttons: 'yes', template: null } });
    expect(odd).toMatchObject({ text: null, media: null, buttons: null, template: null, reply_to: null, type: 'text' });
  });

  it('shows media sent by link as that link, and media sent by id through the proxy', () => {
    const byLink = outbound({ type: 'image', content: { media: { type: 'image', url: 'https://cdn.example.com/a.jpg', caption: 'Shirt' } } });
    expect(byLink.media).toEqual({ id: null, link: 'https://cdn.example.com/a.jpg', url: 'https://cdn.example.com/a.jpg', mime_type: null, caption: 'Shirt', filename: null });
    const byId = outbound({ type: 'media', content: { media: { type: 'document', id: 'm 1', filename: 'a.pdf' } } });
    expect(byId.media).toEqual({ id: 'm 1', link: null, url: '/v1/media/m%201', mime_type: null, caption: null, filename: 'a.pdf' });
    expect(byId.type).toBe('document');
    const neither = outbound({ content: { media: { type: 'video' } } });
    expect(neither.media).toEqual({ id: null, link: null, url: null, mime_type: null, caption: null, filename: null });
  });

  it('ignores media of a type WhatsApp does not send', () => {
    const view = outbound({ type: 'text', content: { text: 'Hi', media: { type: 'hologram', url: 'https://x.example' } } });
    expect(view.media).toBeNull();
    expect(view.type).toBe('text');
  });

  it('shows buttons and list rows with their ids (the title when a row has no id)', () => {
    const buttons = outbound({ type: 'interactive', content: { buttons: { body: 'Book?', choices: [{ id: 'yes', title: 'Yes' }, { title: 'No' }, 'junk'] } } });
    expect(buttons.text).toBe('Book?');
    expect(buttons.buttons).toEqual([{ id: 'yes', title: 'Yes' }, { id: 'No', title: 'No' }, { id: '', title: '' }]);
    const list = outbound({ type: 'interactive', content: { list: { body: 'Pick a time', choices: [{ id: 't1', title: '10:00' }] } } });
    expect(list.text).toBe('Pick a time');
    expect(list.buttons).toEqual([{ id: 't1', title: '10:00' }]);
    const noChoices = outbound({ type: 'interactive', content: { buttons: { body: 'Book?', choices: 'none' } } });
    expect(noChoices.buttons).toEqual([]);
  });

  it('shows a template with its values and preview as the text', () => {
    const view = outbound({
      type: 'template', sentAs: 'template', templateName: 'order_update',
      content: { template: { name: 'order_update', language: 'fi', variables: { '1': 'Aino' }, preview: 'Hei Aino' } },
    });
    expect(view.template).toEqual({ name: 'order_update', language: 'fi', variables: { '1': 'Aino' }, preview: 'Hei Aino' });
    expect(view.text).toBe('Hei Aino');
  });

  it('fills a template\'s name from the message when its content lacks it', () => {
    const view = outbound({ type: 'template', templateName: 'order_update', content: { template: { variables: 'x' } } });
    expect(view.template).toEqual({ name: 'order_update', language: null, variables: {}, preview: null });
    expect(outbound({ type: 'template', templateName: null, content: { template: {} } }).template?.name).toBe('');
  });

  it('shows a template sent before content was kept by its name alone', () => {
    const view = outbound({ type: 'template', templateName: 'welcome', content: null });
    expect(view.template).toEqual({ name: 'welcome', language: null, variables: {}, preview: null });
    expect(outbound({ content: null }).template).toBeNull();
  });
});
