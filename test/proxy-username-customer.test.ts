/**
 * A customer who uses a WhatsApp username and whose number WhatsApp keeps back (2026): their message still
 * reaches GET /v1/messages/inbound and the subscribers, named by their business-scoped user ID; their window
 * and consent are kept under that ID; a reply to it is refused with a message that says why.
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

  it('keeps their window and an opt-out under the user ID', async () => {
    await kaiku.customer.send(NUMBER, { type: 'text', text: { body: 'STOP' } });
    const contact = await eventually(async () => {
      const found = await kaiku.store.getContact(kaiku.workspaceId, BSUID);
      return found?.consent === 'opted_out' ? found : undefined;
    }, 10_000, 'the opt-out recorded under the user ID');
    expect(contact.lastInboundAt).not.toBeNull();
  });

  it('refuses a reply to the user ID, saying why, and sends nothing', async () => {
    const before = (await kaiku.customer.messages(NUMBER)).length;
    const answer = await kaiku.api('/v1/messages/reply', { method: 'POST', body: JSON.stringify({ to: BSUID, text: 'Yes, we do!' }) });
    expect(answer.status).toBe(422);
    expect(await answer.json()).toEqual({ error: {
      code: 'invalid_phone',
      message: `"${BSUID}" is a WhatsApp user ID, not a phone number: this customer uses a WhatsApp username and WhatsApp has not shared their number. Kaiku cannot send to a user ID yet, so they can be answered once they share their number.`,
      details: { input: BSUID, user_id: BSUID, field: 'to' },
    } });
    expect(await kaiku.customer.messages(NUMBER)).toHaveLength(before);
  });
});
