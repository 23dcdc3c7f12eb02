/** Simulated customers: Meta's inbound shapes for each message type, filled in the way Meta fills them. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningSandbox } from '../src/index.js';
import { startSandbox } from '../src/index.js';
import { graph, PHONE } from './graph.js';
import type { Receiver } from './receiver.js';
import { startReceiver } from './receiver.js';

let sandbox: RunningSandbox;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  sandbox = await startSandbox({ callbackUrl: receiver.url, statusDelaysMs: { sent: 5, delivered: 10, read: 15 } });
});

afterAll(async () => {
  await sandbox.stop();
  await receiver.close();
});

async function say(waId: string, body: unknown): Promise<{ status: number; id: string; message: Record<string, unknown> | undefined }> {
  const response = await fetch(`${sandbox.url}/_sandbox/customers/${waId}/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const answer = (await response.json()) as { id: string };
  if (response.status !== 200) return { status: response.status, id: '', message: undefined };
  await receiver.waitFor((all) => all.some((r) => r.raw.includes(answer.id)), 'the inbound webhook');
  const delivery = receiver.received.find((r) => r.raw.includes(answer.id));
  return { status: 200, id: answer.id, message: delivery?.body.entry[0]?.changes[0]?.value.messages?.[0] };
}

describe('inbound message types', () => {
  it('fills in media like Meta: id, mime_type, sha256 and a downloadable url', async () => {
    const { message } = await say('358400000501', { type: 'image', image: { caption: 'Kuitti' } });
    expect(message).toMatchObject({ type: 'image', image: { caption: 'Kuitti', mime_type: 'image/jpeg', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), id: expect.stringMatching(/^\d+$/) } });
    const url = String((message?.image as { url: string }).url);
    const download = await fetch(url, { headers: { Authorization: 'Bearer sandbox-access-token' } });
    expect(download.headers.get('content-type')).toBe('image/jpeg');
    const info = await graph(sandbox.url, 'GET', `/${(message?.image as { id: string }).id}`);
    expect(info.body).toMatchObject({ mime_type: 'image/jpeg' });
  });

  it('turns a tap on a template quick reply into a button message with the payload and context', async () => {
    const sent = await graph(sandbox.url, 'POST', `/${PHONE}/messages`, {
      messaging_product: 'whatsapp',
      to: '358400000502',
      type: 'template',
      template: {
        name: 'spring_sale',
        language: { code: 'en_US' },
        components: [
          { type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.com/a.jpg' } }] },
          { type: 'body', parameters: [{ type: 'text', text: 'Aino' }, { type: 'text', text: '20%' }] },
          { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'x' }] },
          { type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: 'STOP_PROMOS' }] },
        ],
      },
    });
    const templateId = (sent.body.messages as Array<{ id: string }>)[0]?.id;
    const { message } = await say('358400000502', { type: 'button', button: { text: 'Stop promotions' }, context: { id: templateId } });
    expect(message).toMatchObject({ type: 'button', button: { payload: 'STOP_PROMOS', text: 'Stop promotions' }, context: { from: '15550001234', id: templateId } });
    const wrong = await say('358400000502', { type: 'button', button: { text: 'Nope' }, context: { id: templateId } });
    expect(wrong.status).toBe(400);
  });

  it('passes list replies, locations (numbers) and reactions through in Meta shape', async () => {
    const list = await say('358400000503', { type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'mon', title: 'Maanantai', description: 'klo 9–12' } } });
    expect(list.message).toMatchObject({ type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'mon', title: 'Maanantai' } } });
    const location = await say('358400000503', { type: 'location', location: { latitude: '60.1699', longitude: '24.9384', name: 'Kauppatori' } });
    expect(location.message).toMatchObject({ location: { latitude: 60.1699, longitude: 24.9384, name: 'Kauppatori' } });
    const reaction = await say('358400000503', { type: 'reaction', reaction: { message_id: list.id, emoji: '❤️' } });
    expect(reaction.message).toMatchObject({ type: 'reaction', reaction: { message_id: list.id, emoji: '❤️' } });
    const phone = (await (await fetch(`${sandbox.url}/_sandbox/customers/358400000503/messages`)).json()) as { data: Array<{ direction: string; text: string }> };
    expect(phone.data.map((m) => m.text)).toEqual(['Maanantai', 'Kauppatori', '❤️']);
  });

  it('passes a shared contact card through and shows its name', async () => {
    const { message } = await say('358400000505', { type: 'contacts', contacts: [{ name: { formatted_name: 'Aino Virtanen', first_name: 'Aino' }, phones: [{ phone: '+358 40 1234567', type: 'CELL', wa_id: '358401234567' }] }] });
    expect(message).toMatchObject({ type: 'contacts', contacts: [{ name: { formatted_name: 'Aino Virtanen' }, phones: [{ wa_id: '358401234567' }] }] });
    const phone = (await (await fetch(`${sandbox.url}/_sandbox/customers/358400000505/messages`)).json()) as { data: Array<{ text: string }> };
    expect(phone.data.map((m) => m.text)).toEqual(['[contact] Aino Virtanen']);
  });

  it('refuses a body that is not in Meta inbound shape with a message saying what to send', async () => {
    const response = await fetch(`${sandbox.url}/_sandbox/customers/358400000504/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: 'hi' }) });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toMatch(/type must be one of/);
  });
});
