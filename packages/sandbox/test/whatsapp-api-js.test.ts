/**
 * An independent client nobody here wrote — whatsapp-api-js 6.2.2 — talks to the sandbox as if it were Meta:
 * its requests to graph.facebook.com are routed to the sandbox with `ponyfill.fetch`, it sends every message
 * type it supports, uses the media API, and verifies the sandbox's webhook signatures with its own code.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WhatsAppAPI } from 'whatsapp-api-js';
import {
  ActionButtons,
  ActionCTA,
  ActionList,
  ActionLocation,
  ActionNavigateFlow,
  Audio,
  Body,
  BodyComponent,
  BodyParameter,
  Button,
  Contacts,
  Currency,
  DateTime,
  Document,
  Email,
  Footer,
  Header,
  HeaderComponent,
  HeaderParameter,
  Image,
  Interactive,
  Language,
  ListSection,
  Location,
  Name,
  Organization,
  Phone,
  Reaction,
  Row,
  Sticker,
  Template,
  Text,
  URLComponent,
  Video,
} from 'whatsapp-api-js/messages';
import type { ClientMessage } from 'whatsapp-api-js/types';
import type { RunningSandbox } from '../src/index.js';
import { startSandbox } from '../src/index.js';
import { PHONE } from './graph.js';
import type { Receiver } from './receiver.js';
import { startReceiver } from './receiver.js';

const CUSTOMER = '358401230099';
let sandbox: RunningSandbox;
let receiver: Receiver;
let api: WhatsAppAPI;

beforeAll(async () => {
  receiver = await startReceiver();
  sandbox = await startSandbox({ callbackUrl: receiver.url, statusDelaysMs: { sent: 5, delivered: 10, read: 15 } });
  const toSandbox: typeof fetch = (input, init) => {
    const url = input instanceof Request ? input.url : input.toString();
    return fetch(url.replace('https://graph.facebook.com', sandbox.url), init);
  };
  api = new WhatsAppAPI({ token: 'sandbox-access-token', appSecret: 'sandbox-app-secret', v: 'v24.0', ponyfill: { fetch: toSandbox } });
});

afterAll(async () => {
  await sandbox.stop();
  await receiver.close();
});

async function upload(bytes: Buffer, type: string, name: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type }), name);
  const response = await api.uploadMedia(PHONE, form);
  expect(response).toHaveProperty('id');
  return (response as { id: string }).id;
}

describe('whatsapp-api-js against the sandbox', () => {
  let inboundId = '';
  const ids = new Map<string, string>();

  it('receives a customer message and verifies its signature with its own code', async () => {
    const seen: Array<{ from: string; name?: string; text?: string }> = [];
    api.on.message = ({ from, name, message }) => {
      seen.push({ from, ...(name ? { name } : {}), ...(message.type === 'text' ? { text: message.text.body } : {}) });
    };
    const response = await fetch(`${sandbox.url}/_sandbox/customers/${CUSTOMER}/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'text', text: { body: 'Hyvää päivää 👋' }, profile_name: 'Väinö' }),
    });
    inboundId = ((await response.json()) as { id: string }).id;
    await receiver.waitFor((all) => all.some((r) => r.raw.includes(inboundId)), 'the inbound webhook');
    const delivery = receiver.received.find((r) => r.raw.includes(inboundId));
    const raw = delivery?.raw ?? '';
    expect(raw).toContain('\\u00e4');
    expect(raw).toContain('\\ud83d\\udc4b');
    const signature = String(delivery?.headers['x-hub-signature-256']);
    expect(await api.verifyRequestSignature(raw, signature)).toBe(true);
    expect(await api.verifyRequestSignature(raw.replace('Hyv', 'hyv'), signature)).toBe(false);
    await api.post(JSON.parse(raw), raw, signature);
    expect(seen).toEqual([{ from: CUSTOMER, name: 'Väinö', text: 'Hyvää päivää 👋' }]);
    const forged = `sha256=${'0'.repeat(64)}`;
    await expect(api.post(JSON.parse(raw), raw, forged)).rejects.toThrow();
  });

  it('sends every message type it supports and gets wamids back', async () => {
    const imageId = await upload(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]), 'image/jpeg', 'photo.jpg');
    const pdfId = await upload(Buffer.from('%PDF-1.4 sandbox'), 'application/pdf', 'terms.pdf');
    const messages: Array<[string, ClientMessage]> = [
      ['text', new Text('Hei! Tilauksesi on matkalla 🚚', true)],
      ['image by id', new Image(imageId, true, 'Kuitti')],
      ['image by link', new Image('https://example.com/receipt.png', false, 'Receipt')],
      ['video', new Video('https://example.com/clip.mp4', false, 'Clip')],
      ['audio', new Audio('https://example.com/voice.ogg', false, true)],
      ['document', new Document(pdfId, true, 'Terms', 'terms.pdf')],
      ['sticker', new Sticker('https://example.com/sticker.webp')],
      ['location', new Location(24.9384, 60.1699, 'Kaiku HQ', 'Mannerheimintie 1, Helsinki')],
      ['contacts', new Contacts([new Name('Aino Virtanen', 'Aino', 'Virtanen'), new Phone('+358401234567', 'CELL', '358401234567'), new Email('aino@example.com', 'WORK'), new Organization('Kaiku')])],
      ['reaction', new Reaction(inboundId, '👍')],
      ['buttons', new Interactive(new ActionButtons(new Button('yes', 'Kyllä'), new Button('no', 'Ei')), new Body('Vahvistetaanko?'), new Header('Tilaus'), new Footer('Kaiku'))],
      ['list', new Interactive(new ActionList('Valitse', new ListSection('Ajat', new Row('mon', 'Maanantai', 'klo 9–12'), new Row('tue', 'Tiistai'))), new Body('Milloin sopii?'))],
      ['cta_url', new Interactive(new ActionCTA('Avaa', 'https://example.com/track'), new Body('Seuraa pakettia'))],
      ['flow', new Interactive(new ActionNavigateFlow('token-1', '1234567890', 'Book', 'START', { a: 1 }), new Body('Varaa aika'))],
      ['location request', new Interactive(new ActionLocation(), new Body('Missä olet?'))],
      ['template', new Template('order_confirmation', new Language('en_US'), new BodyComponent(new BodyParameter('KA-1'), new BodyParameter(new Currency(49900, 'EUR', '49.90 EUR'))))],
      ['template with image header and url button', new Template('spring_sale', 'fi', new HeaderComponent(new HeaderParameter(new Image(imageId, true))), new BodyComponent(new BodyParameter('Aino'), new BodyParameter('20 %')), new URLComponent('spring26'))],
      ['named template', new Template('order_update', 'en_US', new BodyComponent(new BodyParameter('Aino', 'first_name'), new BodyParameter('KA-2', 'order_id'), new BodyParameter(new DateTime('Friday'), 'delivery_date')))],
      ['authentication template', new Template('login_code', 'en_US', new BodyComponent(new BodyParameter('482913')), new URLComponent('482913'))],
    ];
    for (const [label, message] of messages) {
      const response = await api.sendMessage(PHONE, CUSTOMER, message, label === 'text' ? inboundId : undefined);
      expect([label, response]).toEqual([label, expect.objectContaining({ messaging_product: 'whatsapp', contacts: [{ input: CUSTOMER, wa_id: CUSTOMER }] })]);
      const id = 'messages' in response ? (response.messages[0]?.id ?? '') : '';
      expect(id).toMatch(/^wamid\./);
      ids.set(label, id);
    }
    const phone = (await (await fetch(`${sandbox.url}/_sandbox/customers/${CUSTOMER}/messages`)).json()) as { data: Array<{ id: string; text: string }> };
    const textOf = (label: string) => phone.data.find((m) => m.id === ids.get(label))?.text;
    expect(textOf('template')).toBe('Thank you! Your order KA-1 is confirmed. Total: 49.90 EUR.');
    expect(textOf('template with image header and url button')).toBe(
      '[image]\nHei Aino! Kevätale on alkanut: kaikki 20 % halvemmalla sunnuntaihin asti.\nVastaa STOP peruaksesi\n[Osta nyt: https://shop.example.com/sale/spring26]\n[Ei mainoksia]',
    );
    expect(textOf('authentication template')).toBe('*482913* is your verification code. For your security, do not share this code.\nThis code expires in 10 minutes.\n[Copy code: 482913]');
    expect(textOf('buttons')).toBe('Tilaus\nVahvistetaanko?\nKaiku\n[Kyllä] [Ei]');
  });

  it('gets every sent message delivered and read, and reads the statuses through its own webhook handler', async () => {
    const wanted = [...ids.values()];
    await receiver.waitFor(() => wanted.every((id) => receiver.statuses().some((s) => s.id === id && s.status === 'read')), 'read statuses for every message');
    const failures = receiver.statuses().filter((s) => wanted.includes(s.id) && s.status === 'failed');
    expect(failures).toEqual([]);
    const seen: Array<{ id: string; status: string; category?: string }> = [];
    api.on.status = ({ id, status, pricing }) => {
      seen.push({ id, status, ...(pricing ? { category: pricing.category } : {}) });
    };
    const sentTemplate = receiver.received.find((r) => r.raw.includes(ids.get('template') ?? '-') && r.raw.includes('"sent"'));
    const raw = sentTemplate?.raw ?? '';
    await api.post(JSON.parse(raw), raw, String(sentTemplate?.headers['x-hub-signature-256']));
    expect(seen).toEqual([{ id: ids.get('template'), status: 'sent', category: 'utility' }]);
  });

  it('marks a message as read and uses the media API: lookup, download with the token, delete', async () => {
    expect(await api.markAsRead(PHONE, inboundId, 'text')).toEqual({ success: true });
    const bytes = Buffer.from('Kaiku sandbox test file\n');
    const id = await upload(bytes, 'text/plain', 'notes.txt');
    const info = await api.retrieveMedia(id);
    expect(info).toMatchObject({ messaging_product: 'whatsapp', mime_type: 'text/plain', file_size: bytes.length, id });
    const url = (info as { url: string }).url;
    expect(url.startsWith(sandbox.url)).toBe(true);
    const download = await api.fetchMedia(url);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    expect(await api.deleteMedia(id, PHONE)).toEqual({ success: true });
    expect((await api.fetchMedia(url)).status).toBe(404);
  });
});
