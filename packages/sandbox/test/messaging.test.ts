/** Sending, statuses, the 24-hour window and simulated customers, over real HTTP on loopback. */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningSandbox } from '../src/index.js';
import { startSandbox } from '../src/index.js';
import { graph, PHONE, text, WABA } from './graph.js';
import type { Receiver } from './receiver.js';
import { startReceiver } from './receiver.js';

let sandbox: RunningSandbox;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  sandbox = await startSandbox({ callbackUrl: receiver.url, statusDelaysMs: { sent: 5, delivered: 10, read: 15 }, retry: { baseDelayMs: 5, maxAttempts: 3 } });
});

afterAll(async () => {
  await sandbox.stop();
  await receiver.close();
});

async function customerSays(waId: string, body: unknown): Promise<string> {
  const response = await fetch(`${sandbox.url}/_sandbox/customers/${waId}/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { id: string }).id;
}

describe('control surface', () => {
  it('hands out the config a client needs, with the documented defaults', async () => {
    const config = (await (await fetch(`${sandbox.url}/_sandbox/config`)).json()) as Record<string, unknown>;
    expect(config).toMatchObject({
      graph_base_url: sandbox.url,
      graph_version: 'v24.0',
      waba_id: WABA,
      phone_numbers: [{ id: PHONE, display_phone_number: '15550001234' }],
      access_token: 'sandbox-access-token',
      app_secret: 'sandbox-app-secret',
    });
  });
});

describe('auth and objects', () => {
  it('answers a wrong token with code 190 and HTTP 401', async () => {
    const response = await graph(sandbox.url, 'POST', `/${PHONE}/messages`, text('358401112222', 'hi'), 'wrong');
    expect(response.status).toBe(401);
    expect(response.body.error).toMatchObject({ code: 190, type: 'OAuthException', message: 'Invalid OAuth access token - Cannot parse access token' });
  });

  it('serves the phone number object and refuses unknown ids with GraphMethodException 100/33', async () => {
    const phone = await graph(sandbox.url, 'GET', `/${PHONE}?fields=display_phone_number,verified_name`);
    expect(phone.body).toEqual({ display_phone_number: '15550001234', verified_name: 'Kaiku Sandbox', id: PHONE });
    const unknown = await graph(sandbox.url, 'POST', '/999/messages', text('358401112222', 'hi'));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 100, error_subcode: 33, type: 'GraphMethodException' });
    expect(unknown.body.error?.error_data).toBeUndefined();
  });
});

describe('the 24-hour window', () => {
  it('accepts a free-form message outside the window, then fails it with 131047 in a signed webhook', async () => {
    const response = await graph(sandbox.url, 'POST', `/${PHONE}/messages`, text('+358 40 555 0001', 'Hello?'));
    expect(response.status).toBe(200);
    const id = (response.body.messages as Array<{ id: string; message_status?: string }>)[0]?.id ?? '';
    expect(id).toMatch(/^wamid\./);
    expect(response.body.contacts).toEqual([{ input: '+358 40 555 0001', wa_id: '358405550001' }]);
    expect((response.body.messages as Array<Record<string, unknown>>)[0]).not.toHaveProperty('message_status');
    await receiver.waitFor(() => receiver.statuses().some((s) => s.id === id && s.status === 'failed'), 'the failed status');
    const failed = receiver.statuses().find((s) => s.id === id);
    expect(failed?.errors?.[0]).toMatchObject({ code: 131047, title: 'Re-engagement message', message: 'Re-engagement message' });
    expect(receiver.statuses().filter((s) => s.id === id).map((s) => s.status)).toEqual(['failed']);
    const delivery = receiver.received.find((r) => r.raw.includes(id));
    const expected = `sha256=${createHmac('sha256', 'sandbox-app-secret').update(delivery?.raw ?? '').digest('hex')}`;
    expect(delivery?.headers['x-hub-signature-256']).toBe(expected);
    expect(delivery?.headers['x-hub-signature']).toBe(`sha1=${createHmac('sha1', 'sandbox-app-secret').update(delivery?.raw ?? '').digest('hex')}`);
  });

  it('opens the window when the customer writes, then delivers replies sent → delivered → read, free of charge', async () => {
    const inboundId = await customerSays('358405550002', { type: 'text', text: { body: 'Hei, onko tilaukseni matkalla?' }, profile_name: 'Aino' });
    await receiver.waitFor((all) => all.some((r) => r.raw.includes(inboundId)), 'the inbound webhook');
    const inbound = receiver.received.find((r) => r.raw.includes(inboundId));
        expect(inbound?.raw).not.toMatch(/[^\0-~]/);
    const value = inbound?.body.entry[0]?.changes[0]?.value;
    expect(inbound?.body.entry[0]?.id).toBe(WABA);
    expect(value).toMatchObject({
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15550001234', phone_number_id: PHONE },
      contacts: [{ profile: { name: 'Aino' }, wa_id: '358405550002' }],
      messages: [{ from: '358405550002', id: inboundId, type: 'text', text: { body: 'Hei, onko tilaukseni matkalla?' } }],
    });
    expect(typeof value?.messages?.[0]?.timestamp).toBe('string');

    const reply = await graph(sandbox.url, 'POST', `/${PHONE}/messages`, { ...text('358405550002', 'Kyllä, huomenna!'), context: { message_id: inboundId } });
    const id = (reply.body.messages as Array<{ id: string }>)[0]?.id ?? '';
    await receiver.waitFor(() => receiver.statuses().some((s) => s.id === id && s.status === 'read'), 'the read status');
    const statuses = receiver.statuses().filter((s) => s.id === id);
    const byStatus = new Map(statuses.map((s) => [s.status, s]));
    expect([...byStatus.keys()].sort()).toEqual(['delivered', 'read', 'sent']);
    expect(byStatus.get('sent')?.pricing).toEqual({ billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' });
    expect(byStatus.get('delivered')?.pricing).toEqual(byStatus.get('sent')?.pricing);
    expect(byStatus.get('read')?.pricing).toBeUndefined();
    expect(byStatus.get('sent')).not.toHaveProperty('conversation');

    const read = await graph(sandbox.url, 'POST', `/${PHONE}/messages`, { messaging_product: 'whatsapp', status: 'read', message_id: inboundId, typing_indicator: { type: 'text' } });
    expect(read.body).toEqual({ success: true });
    const phone = (await (await fetch(`${sandbox.url}/_sandbox/customers/358405550002/messages`)).json()) as { data: Array<Record<string, unknown>> };
    expect(phone.data.map((m) => [m.direction, m.text, m.status])).toEqual([
      ['inbound', 'Hei, onko tilaukseni matkalla?', 'read'],
      ['outbound', 'Kyllä, huomenna!', 'read'],
    ]);
  });
});

describe('customers who use a username', () => {
  it('names a customer by their user ID alone once one is set, as Meta does when it keeps the number back', async () => {
    const customer = `${sandbox.url}/_sandbox/customers/358405550031`;
    const put = (body: unknown) => fetch(customer, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect((await put({ user_id: 'not an id' })).status).toBe(400);
    expect((await put({ username: 'amara.okafor', user_id: 'GB.13491208655302741918' })).status).toBe(200);
    const hidden = await customerSays('358405550031', { type: 'text', text: { body: 'Hi from my username' }, profile_name: 'Amara' });
    await put({ user_id: null });
    const shown = await customerSays('358405550031', { type: 'text', text: { body: 'Now with my number' } });
    await receiver.waitFor((all) => all.some((r) => r.raw.includes(shown)), 'both inbound webhooks');
    const valueOf = (id: string) => receiver.received.map((r) => r.body.entry[0]?.changes[0]?.value).find((v) => JSON.stringify(v?.messages ?? []).includes(id));
    expect(valueOf(hidden)).toMatchObject({
      contacts: [{ profile: { name: 'Amara', username: 'amara.okafor' }, user_id: 'GB.13491208655302741918' }],
      messages: [{ from_user_id: 'GB.13491208655302741918', id: hidden, type: 'text', text: { body: 'Hi from my username' } }],
    });
    expect(JSON.stringify(valueOf(hidden))).not.toContain('358405550031');
    expect(valueOf(shown)).toMatchObject({ contacts: [{ wa_id: '358405550031', profile: { username: 'amara.okafor' } }], messages: [{ from: '358405550031', id: shown }] });
  });
});

describe('sending to a customer by user ID', () => {
  const BSUID = 'FI.7781920034455667';
  const byUserId = (extra: Record<string, unknown>) => ({ messaging_product: 'whatsapp', recipient_type: 'individual', recipient: BSUID, ...extra });

  it('delivers to the customer behind the ID, answers with the ID, and reports statuses by it alone', async () => {
    await fetch(`${sandbox.url}/_sandbox/customers/358405550041`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user_id: BSUID }) });
    await customerSays('358405550041', { type: 'text', text: { body: 'Hei' } });
    const sent = await graph(sandbox.url, 'POST', `/${PHONE}/messages`, byUserId({ type: 'text', text: { body: 'Moi!' } }));
    expect(sent.body).toMatchObject({ contacts: [{ input: BSUID, user_id: BSUID }], messages: [{ id: expect.stringMatching(/^wamid\./) }] });
    expect(JSON.stringify(sent.body.contacts)).not.toContain('wa_id');
    const id = (sent.body.messages as Array<{ id: string }>)[0]?.id;
    await receiver.waitFor(() => receiver.statuses().some((st) => st.id === id && st.status === 'delivered'), 'the delivered status');
    const delivered = receiver.statuses().find((st) => st.id === id && st.status === 'delivered') as unknown as Record<string, unknown>;
    expect(delivered).toMatchObject({ recipient_user_id: BSUID });
    expect(delivered).not.toHaveProperty('recipient_id');
  });

  it('refuses an unknown or malformed ID, and an authentication template (131062)', async () => {
    const unknown = await graph(sandbox.url, 'POST', `/${PHONE}/messages`, { ...byUserId({ type: 'text', text: { body: 'x' } }), recipient: 'FI.0000000001' });
    expect([unknown.status, unknown.body.error?.code]).toEqual([400, 100]);
    const malformed = await graph(sandbox.url, 'POST', `/${PHONE}/messages`, { ...byUserId({ type: 'text', text: { body: 'x' } }), recipient: 'not-an-id' });
    expect([malformed.status, malformed.body.error?.code]).toEqual([400, 100]);
    const code = await graph(sandbox.url, 'POST', `/${PHONE}/messages`, byUserId({
      type: 'template', template: { name: 'login_code', language: { code: 'en_US' }, components: [
        { type: 'body', parameters: [{ type: 'text', text: '482913' }] },
        { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '482913' }] },
      ] },
    }));
    expect([code.status, code.body.error?.code]).toEqual([400, 131062]);
  });
});

describe('templates on the phone', () => {
  it('renders a template send to the text the customer reads and bills it as utility', async () => {
    const response = await graph(sandbox.url, 'POST', `/${PHONE}/messages`, {
      messaging_product: 'whatsapp',
      to: '358405550003',
      type: 'template',
      biz_opaque_callback_data: 'crm-deal-42',
      template: {
        name: 'order_update',
        language: { code: 'fi' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', parameter_name: 'order_id', text: 'KA-7' },
              { type: 'text', parameter_name: 'first_name', text: 'Aino' },
              { type: 'date_time', parameter_name: 'delivery_date', date_time: { fallback_value: 'perjantaina' } },
            ],
          },
        ],
      },
    });
    expect(response.status).toBe(200);
    const message = (response.body.messages as Array<{ id: string; message_status: string }>)[0];
    expect(message?.message_status).toBe('accepted');
    await receiver.waitFor(() => receiver.statuses().some((s) => s.id === message?.id && s.status === 'sent'), 'the sent status');
    expect(receiver.statuses().find((s) => s.id === message?.id)?.pricing).toEqual({ billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' });
    expect(receiver.statuses().find((s) => s.id === message?.id)).toMatchObject({ biz_opaque_callback_data: 'crm-deal-42' });
    const phone = (await (await fetch(`${sandbox.url}/_sandbox/customers/358405550003/messages`)).json()) as { data: Array<Record<string, unknown>> };
    expect(phone.data[0]).toMatchObject({
      id: message?.id,
      direction: 'outbound',
      type: 'template',
      text: 'Tilauspäivitys\nHei Aino, tilauksesi KA-7 on lähetetty ja saapuu perjantaina.\n[Kiitos]\n[Ota yhteyttä]',
      template: { name: 'order_update', language: 'fi', category: 'UTILITY' },
    });
  });
});

describe('status variants', () => {
  async function openWindow(waId: string, patch?: Record<string, unknown>): Promise<void> {
    if (patch) await fetch(`${sandbox.url}/_sandbox/customers/${waId}`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(patch) });
    await customerSays(waId, { type: 'text', text: { body: 'hi' } });
  }

  async function send(body: Record<string, unknown>): Promise<string> {
    const response = await graph(sandbox.url, 'POST', `/${PHONE}/messages`, body);
    return (response.body.messages as Array<{ id: string }>)[0]?.id ?? '';
  }

  it('reports played after read for a voice note', async () => {
    await openWindow('358405550010');
    const id = await send({ messaging_product: 'whatsapp', to: '358405550010', type: 'audio', audio: { link: 'https://example.com/v.ogg', voice: true } });
    await receiver.waitFor(() => receiver.statuses().some((s) => s.id === id && s.status === 'played'), 'the played status');
    expect(receiver.statuses().filter((s) => s.id === id).map((s) => s.status).sort()).toEqual(['delivered', 'played', 'read', 'sent']);
  });

  it('never reports read for a customer with read receipts off', async () => {
    await openWindow('358405550011', { read_receipts: false });
    const silent = await send(text('358405550011', 'no blue ticks'));
    await openWindow('358405550012');
    const later = await send(text('358405550012', 'blue ticks'));
    await receiver.waitFor(() => receiver.statuses().some((s) => s.id === later && s.status === 'read'), 'the later read status');
    expect(receiver.statuses().filter((s) => s.id === silent).map((s) => s.status).sort()).toEqual(['delivered', 'sent']);
  });

  it('keeps the conversation object on Graph v23 statuses (expiration only on sent)', async () => {
    const old = await startSandbox({ callbackUrl: receiver.url, graphVersion: 'v23.0', statusDelaysMs: { sent: 5, delivered: 10, read: 15 } });
    try {
      const response = await fetch(`${old.url}/v23.0/${PHONE}/messages`, {
        method: 'POST',
        headers: { Authorization: 'Bearer sandbox-access-token', 'Content-Type': 'application/json' },
        body: JSON.stringify({ messaging_product: 'whatsapp', to: '358405550013', type: 'template', template: { name: 'order_confirmation', language: { code: 'fi' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'A' }, { type: 'text', text: 'B' }] }] } }),
      });
      const id = ((await response.json()) as { messages: Array<{ id: string }> }).messages[0]?.id;
      await receiver.waitFor(() => receiver.statuses().some((s) => s.id === id && s.status === 'delivered'), 'the delivered status');
      const byStatus = new Map(receiver.statuses().filter((s) => s.id === id).map((s) => [s.status, s as unknown as Record<string, unknown>]));
      expect(byStatus.get('sent')?.conversation).toEqual({ id: expect.any(String), expiration_timestamp: expect.stringMatching(/^\d+$/), origin: { type: 'utility' } });
      expect(byStatus.get('delivered')?.conversation).toEqual({ id: expect.any(String), origin: { type: 'utility' } });
    } finally {
      await old.stop();
    }
  });
});
