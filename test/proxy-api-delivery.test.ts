/**
 * The outbound timeline and delivery to subscribers, end to end: statuses from the sandbox move
 * GET /v1/messages/{id} forward and reach a message_status subscriber, signed; a subscriber that keeps failing
 * ends up in GET /v1/deliveries/dead.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import { eventually, startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: Record<string, unknown>;
}

function receiver(answer: (path: string) => number): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => void (raw += chunk.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, raw, body: JSON.parse(raw) as Record<string, unknown> });
      res.writeHead(answer(req.url ?? '')).end();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received })));
}

describe('timeline and delivery', () => {
  let kaiku: Kaiku;
  let hooks: Awaited<ReturnType<typeof receiver>>;
  beforeAll(async () => {
    hooks = await receiver((path) => (path.startsWith('/broken') ? 500 : 200));
    kaiku = await startKaiku({ background: { pollMs: 25, delivery: { retry: { baseDelayMs: 20, maxDelayMs: 50, retryForMs: 300 } } } });
  });
  afterAll(async () => {
    await kaiku.stop();
    hooks.server.close();
  });

  it('moves a sent template through sent, delivered and read, and signs each status delivery verifiably', async () => {
    const subscribed = await kaiku.api('/v1/subscriptions', { method: 'POST', body: JSON.stringify({ event: 'message_status', target_url: `${hooks.url}/statuses` }) });
    expect(subscribed.status).toBe(201);
    const { secret } = (await subscribed.json()) as { secret: string };
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const sent = await kaiku.api('/v1/messages/template', { method: 'POST', body: JSON.stringify({ to: '+358405550001', template: 'order_confirmation', language: 'en_US', variables: { 1: 'KA-5', 2: '5.00 EUR' } }) });
    const { id } = (await sent.json()) as { id: string };

    const timeline = await eventually(async () => {
      const detail = (await (await kaiku.api(`/v1/messages/${encodeURIComponent(id)}`)).json()) as { status: string; statuses: Array<{ status: string; timestamp: string }> };
      return detail.status === 'read' ? detail : undefined;
    }, 10_000, 'the message to be read');
    expect(timeline.statuses.map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);

    const statuses = await eventually(async () => {
      const mine = hooks.received.filter((r) => r.path === '/statuses' && r.body.id === id);
      return mine.length >= 3 ? mine : undefined;
    }, 10_000, 'three status deliveries');
    const webhook = new Webhook(secret);
    for (const delivery of statuses) {
      const headers = delivery.headers as Record<string, string>;
      expect(webhook.verify(delivery.raw, headers)).toEqual(delivery.body);
      expect(delivery.headers['kaiku-event-type']).toBe('message_status');
      expect(delivery.body).toMatchObject({ id, recipient_id: '358405550001', phone_number_id: kaiku.phoneNumberId });
    }
    expect(new Set(statuses.map((d) => d.headers['webhook-id'])).size).toBe(statuses.length);

    const [first] = statuses;
    const headers = first?.headers as Record<string, string>;
    const raw = first?.raw ?? '';
    expect(() => webhook.verify(raw.replace('358405550001', '358405559999'), headers)).toThrow('No matching signature found');
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(raw, headers)).toThrow('No matching signature found');
    const later = jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 6 * 60_000);
    try {
      expect(() => webhook.verify(raw, headers)).toThrow('Message timestamp too old');
    } finally {
      later.mockRestore();
    }
  });

  it('lists a delivery that kept failing as dead', async () => {
    const subscribed = await kaiku.api('/v1/subscriptions', { method: 'POST', body: JSON.stringify({ event: 'inbound_message', target_url: `${hooks.url}/broken` }) });
    const subscription = (await subscribed.json()) as { id: string };
    const { id } = await kaiku.customer.send('358405550002', { type: 'text', text: { body: 'Is anyone there?' } });
    const dead = await eventually(async () => {
      const data = ((await (await kaiku.api('/v1/deliveries/dead')).json()) as { data: Array<Record<string, unknown>> }).data;
      return data.find((d) => (d.payload as { id: string }).id === id);
    }, 15_000, 'the failing delivery to be dead-lettered');
    expect(dead).toMatchObject({ subscription_id: subscription.id, event_type: 'inbound_message', payload: { id, text: 'Is anyone there?' } });
    expect(Number(dead.attempts)).toBeGreaterThanOrEqual(2);
    expect(hooks.received.filter((r) => r.path === '/broken').length).toBeGreaterThanOrEqual(2);
  });
});
