/**
 * Signing secrets of subscriptions, end to end with Standard Webhooks' reference library: an empty secret gets
 * a generated one (it used to say "signed" and deliver unsigned), a weak one is refused, and a rotation keeps
 * the old secret verifying for 24 hours beside the new one.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import { eventually, startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';

interface Received { path: string; headers: IncomingHttpHeaders; raw: string }

describe('delivery signing secrets', () => {
  let kaiku: Kaiku;
  let server: Server;
  let url: string;
  const received: Received[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => void (raw += chunk.toString()));
      req.on('end', () => {
        received.push({ path: req.url ?? '', headers: req.headers, raw });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    kaiku = await startKaiku({ background: { pollMs: 25 } });
  });
  afterAll(async () => {
    await kaiku.stop();
    server.close();
  });

  async function subscribe(path: string, secret?: string): Promise<Response> {
    return kaiku.api('/v1/subscriptions', { method: 'POST', body: JSON.stringify({ event: 'inbound_message', target_url: `${url}${path}`, ...(secret === undefined ? {} : { secret }) }) });
  }

  async function deliveryOf(path: string, from: string): Promise<Received> {
    const { id } = await kaiku.customer.send(from, { type: 'text', text: { body: `for ${path}` } });
    return eventually(async () => received.find((r) => r.path === path && r.raw.includes(id)), 10_000, `the delivery to ${path}`);
  }

  it('treats an empty secret as "make one": the answer carries it once, and deliveries verify with it', async () => {
    const answer = await subscribe('/empty', '');
    expect(answer.status).toBe(201);
    const created = (await answer.json()) as { id: string; has_secret: boolean; secret: string };
    expect(created).toMatchObject({ has_secret: true, secret: expect.stringMatching(/^whsec_/) });
    const listed = ((await (await kaiku.api('/v1/subscriptions')).json()) as { data: Array<Record<string, unknown>> }).data.find((s) => s.id === created.id);
    expect(listed).not.toHaveProperty('secret');
    const delivery = await deliveryOf('/empty', '358405550101');
    expect(() => new Webhook(created.secret).verify(delivery.raw, delivery.headers as Record<string, string>)).not.toThrow();
  });

  it('refuses a secret too weak to sign, saying how to make one', async () => {
    const answer = await subscribe('/weak', 'hunter2');
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ error: { code: 'validation_failed', details: { field: 'secret' }, message: expect.stringContaining('whsec_') } });
  });

  it('uses a Standard Webhooks secret the caller chose', async () => {
    const secret = `whsec_${Buffer.alloc(32, 3).toString('base64')}`;
    expect((await subscribe('/chosen', secret)).status).toBe(201);
    const delivery = await deliveryOf('/chosen', '358405550102');
    expect(() => new Webhook(secret).verify(delivery.raw, delivery.headers as Record<string, string>)).not.toThrow();
  });

  it('rotates: the new secret is shown once and the old one still verifies for 24 hours', async () => {
    const created = (await (await subscribe('/rotating')).json()) as { id: string; secret: string };
    const rotated = await kaiku.api(`/v1/subscriptions/${created.id}/rotate-secret`, { method: 'POST' });
    expect(rotated.status).toBe(200);
    const { secret, previous_secret_valid_until: until } = (await rotated.json()) as { secret: string; previous_secret_valid_until: string };
    expect(secret).not.toBe(created.secret);
    expect(Date.parse(until) - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
    const delivery = await deliveryOf('/rotating', '358405550103');
    const headers = delivery.headers as Record<string, string>;
    expect(headers['webhook-signature']?.split(' ')).toHaveLength(2);
    expect(() => new Webhook(secret).verify(delivery.raw, headers)).not.toThrow();
    expect(() => new Webhook(created.secret).verify(delivery.raw, headers)).not.toThrow();
    expect((await kaiku.api('/v1/subscriptions/sub_nope/rotate-secret', { method: 'POST' })).status).toBe(404);
  });
});
