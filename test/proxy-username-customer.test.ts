/**
 * A customer who uses a WhatsApp username and whose number WhatsApp keeps back (2026): their message reaches
 * GET /v1/messages/inbound and the subscribers, named by their business-scoped user ID; a reply and a template
 * go to that ID (Meta's `recipient`), and their statuses move the timeline; their window and consent are kept
 * under it; an authentication template, which needs a number, is refused.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually, startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';

const NUMBER = '447700900123';
const BSUID = 'GB.13491208655302741918';

describe.each(['sqlite', 'postgres'] as const)('a customer known by their user ID, on %s', (store) => {
  let kaiku: Kaiku;
  let hooks: Server;
  const received: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    hooks = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => void (raw += chunk.toString()));
      req.on('end', () => {
        received.push(JSON.parse(raw) as Record<string, unknown>);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
    kaiku = await startKaiku({ store });
    const subscribed = await kaiku.api('/v1/subscriptions', {
      method: 'POST', body: JSON.stringify({ event: 'inbound_message', target_url: `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/zap` }),
    });
    expect(subscribed.status).toBe(201);
    const hidden = await fetch(`${kaiku.sandboxUrl}/_sandbox/customers/${NUMBER}`, {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'amara.okafor', user_id: BSUID }),
    });
    expect(hidden.status).toBe(200);
  });
  afterAll(async () => {
    await kaiku.stop();
    hooks.closeAllConnections();
    await new Promise((resolve) => hooks.close(resolve));
  });

  it('delivers their message with the user ID and username, and never shows the number', async () => {
    const { id } = await kaiku.customer.send(NUMBER, { type: 'text', text: { body: 'Do you ship to London?' }, profile_name: 'Amara' });
    const delivered = await eventually(async () => received.find((r) => r.id === id), 10_000, 'the delivery to the subscriber');
    expect(delivered).toMatchObject({ from: BSUID, user_id: BSUID, username: 'amara.okafor', profile_name: 'Amara', type: 'text', text: 'Do you ship to London?' });
    expect(JSON.stringify(delivered)).not.toContain(NUMBER);
    const inbound = (await (await kaiku.api('/v1/messages/inbound?limit=5')).json()) as { data: Array<Record<string, unknown>> };
    expect(inbound.data.find((m) => m.id === id)).toEqual(delivered);
  });

  it('replies to the user ID within the window, and its statuses move the timeline', async () => {
    const answer = await kaiku.api('/v1/messages/reply', { method: 'POST', body: JSON.stringify({ to: BSUID, text: 'Yes, we do!' }) });
    expect(answer.status).toBe(200);
    const reply = (await answer.json()) as { id: string; wa_id: string; sent_as: string };
    expect(reply).toMatchObject({ wa_id: BSUID, sent_as: 'free_form' });
    expect((await kaiku.customer.messages(NUMBER)).some((m) => m.direction === 'outbound' && m.text === 'Yes, we do!')).toBe(true);
    const timeline = await eventually(async () => {
      const message = (await (await kaiku.api(`/v1/messages/${reply.id}`)).json()) as { status: string; statuses: Array<{ status: string }> };
      return message.status === 'read' ? message : undefined;
    }, 10_000, 'the read status of the reply (WhatsApp names the recipient by user ID alone)');
    expect(timeline.statuses.map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
  });

  it('sends a utility template to the user ID, and refuses an authentication template, which needs a number', async () => {
    const template = await kaiku.api('/v1/messages/template', {
      method: 'POST', body: JSON.stringify({ to: BSUID, template: 'order_update', language: 'en_US', variables: { first_name: 'Amara', order_id: 'KA-3001', delivery_date: '28.11.2026' } }),
    });
    expect(template.status).toBe(200);
    expect(await template.json()).toMatchObject({ wa_id: BSUID });
    const code = await kaiku.api('/v1/messages/template', {
      method: 'POST', body: JSON.stringify({ to: BSUID, template: 'login_code', language: 'en_US', variables: { 1: '482913' } }),
    });
    expect(code.status).toBe(400);
    expect(await code.json()).toMatchObject({ error: { code: 'meta_invalid_request', message: expect.stringContaining('known only by a WhatsApp username') } });
  });

  it('keeps their window and an opt-out under the user ID, and sends nothing more after STOP', async () => {
    await kaiku.customer.send(NUMBER, { type: 'text', text: { body: 'STOP' } });
    const contact = await eventually(async () => {
      const found = await kaiku.store.getContact(kaiku.workspaceId, BSUID);
      return found?.consent === 'opted_out' ? found : undefined;
    }, 10_000, 'the opt-out recorded under the user ID');
    expect(contact.lastInboundAt).not.toBeNull();
    const consent = (await (await kaiku.api(`/v1/contacts/${BSUID}/consent`)).json()) as { status: string };
    expect(consent.status).toBe('opted_out');
    const refused = await kaiku.api('/v1/messages/reply', { method: 'POST', body: JSON.stringify({ to: BSUID, text: 'One more thing' }) });
    expect(refused.status).toBe(403);
  });
});

describe.each(['sqlite', 'postgres'] as const)('a customer WhatsApp names by number and user ID, on %s', (store) => {
  const SHARED = '447911123456';
  const SHARED_ID = 'GB.99887766554433221100';
  let kaiku: Kaiku;

  beforeAll(async () => {
    kaiku = await startKaiku({ store });
    const named = await fetch(`${kaiku.sandboxUrl}/_sandbox/customers/${SHARED}`, {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_id: SHARED_ID, number_shared: true }),
    });
    expect(named.status).toBe(200);
  });
  afterAll(async () => {
    await kaiku.stop();
  });

  it('opens the window under both, so a reply may go to either', async () => {
    const { id } = await kaiku.customer.send(SHARED, { type: 'text', text: { body: 'Hello' } });
    const record = await eventually(async () => {
      const inbound = (await (await kaiku.api('/v1/messages/inbound?limit=5')).json()) as { data: Array<Record<string, unknown>> };
      return inbound.data.find((m) => m.id === id);
    }, 10_000, 'the inbound message');
    expect(record).toMatchObject({ from: SHARED, user_id: SHARED_ID });
    for (const to of [SHARED, SHARED_ID]) {
      const answer = await kaiku.api('/v1/messages/reply', { method: 'POST', body: JSON.stringify({ to, text: `Reply to ${to}` }) });
      expect([to, answer.status]).toEqual([to, 200]);
    }
  });

  it('takes WhatsApp\'s own "stop marketing" under both', async () => {
    const blocked = await fetch(`${kaiku.sandboxUrl}/_sandbox/customers/${SHARED}`, {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ marketing_blocked: true }),
    });
    expect(blocked.status).toBe(200);
    await eventually(async () => (await kaiku.store.getContact(kaiku.workspaceId, SHARED_ID))?.consent === 'opted_out', 10_000, 'the marketing stop under the user ID');
    expect((await kaiku.store.getContact(kaiku.workspaceId, SHARED))?.consent).toBe('opted_out');
    await fetch(`${kaiku.sandboxUrl}/_sandbox/customers/${SHARED}`, {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ marketing_blocked: false }),
    });
    await eventually(async () => (await kaiku.store.getContact(kaiku.workspaceId, SHARED_ID))?.consent === 'opted_in', 10_000, 'the resume under the user ID');
  });

  it('records an opt-out under both, so it holds whichever WhatsApp uses next', async () => {
    await kaiku.customer.send(SHARED, { type: 'text', text: { body: 'STOP' } });
    await eventually(async () => (await kaiku.store.getContact(kaiku.workspaceId, SHARED_ID))?.consent === 'opted_out', 10_000, 'the opt-out under the user ID');
    expect((await kaiku.store.getContact(kaiku.workspaceId, SHARED))?.consent).toBe('opted_out');
    const template = await kaiku.api('/v1/messages/template', {
      method: 'POST', body: JSON.stringify({ to: SHARED_ID, template: 'order_update', language: 'en_US', variables: { first_name: 'A', order_id: 'KA-1', delivery_date: '1.1.2027' } }),
    });
    expect(template.status).toBe(403);
  });
});
