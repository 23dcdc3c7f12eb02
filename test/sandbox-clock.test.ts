/**
 * The sandbox clock shared by the sandbox and the proxy: a customer writes, Meta-side time moves 25 hours on,
 * and the proxy's window check, the sandbox's own window and the timestamps agree that the window is closed.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually, startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';

type ErrorBody = { error: { code: string; details: Record<string, unknown> } };

describe('the sandbox clock, end to end', () => {
  let kaiku: Kaiku;
  beforeAll(async () => {
    kaiku = await startKaiku();
  });
  afterAll(async () => {
    await kaiku.stop();
  });

  const clock = (body?: Record<string, unknown>) => fetch(`${kaiku.sandboxUrl}/_sandbox/clock`, body === undefined ? {} : {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  const reply = (body: Record<string, unknown>) => kaiku.api('/v1/messages/reply', { method: 'POST', body: JSON.stringify(body) });

  it('closes the window 24 hours after the customer wrote: 409 with closed_at, then the fallback template is sent', async () => {
    const waId = '358402230001';
    const { id } = await kaiku.customer.send(waId, { type: 'text', text: { body: 'Is my order ready?' }, profile_name: 'Aino' });
    const inbound = await eventually(async () => {
      const list = (await (await kaiku.api('/v1/messages/inbound?limit=50')).json()) as { data: Array<{ id: string; received_at: string }> };
      return list.data.find((m) => m.id === id);
    }, 10_000, 'the inbound message to reach the proxy');
    const writtenAt = Date.parse(inbound.received_at);

    const moved = await clock({ advance: 'PT25H' });
    expect(moved.status).toBe(200);
    const shown = (await moved.json()) as { now: string; offset_ms: number };
    expect(shown.offset_ms).toBeGreaterThanOrEqual(25 * 3_600_000 - 1000);
    expect(Date.parse(shown.now) - writtenAt).toBeGreaterThanOrEqual(25 * 3_600_000);

    const refused = await reply({ to: waId, text: 'Yes, it is!' });
    expect(refused.status).toBe(409);
    const body = (await refused.json()) as ErrorBody;
    expect(body.error.code).toBe('window_closed');
    expect(body.error.details.closed_at).toBe(new Date(writtenAt + 24 * 3_600_000).toISOString());

    const fallback = await reply({
      to: waId, text: 'Yes, it is!', fallback_template: { template: 'order_confirmation', language: 'en_US', variables: { 1: 'KA-7', 2: '19.90 EUR' } },
    });
    expect(fallback.status).toBe(200);
    expect(await fallback.json()).toMatchObject({ sent_as: 'fallback_template' });
    const phone = await kaiku.customer.messages(waId);
    const outbound = phone.filter((m) => m.direction === 'outbound');
    expect(outbound).toHaveLength(1);
    expect(String(outbound[0]?.text)).toContain('KA-7');
    // The sandbox stamps the send on its clock too: 25 hours after the customer's message.
    expect(Date.parse(String(outbound[0]?.timestamp)) - writtenAt).toBeGreaterThanOrEqual(25 * 3_600_000);
  });

  it('the sandbox refuses free-form text itself once its clock is past the window (131047)', async () => {
    const waId = '358402230002';
    await kaiku.customer.send(waId, { type: 'text', text: { body: 'Hi' } });
    await clock({ advance: 'P1DT1H' });
    const config = (await (await fetch(`${kaiku.sandboxUrl}/_sandbox/config`)).json()) as { graph_base_url: string; graph_version: string; access_token: string };
    const response = await fetch(`${config.graph_base_url}/${config.graph_version}/${kaiku.phoneNumberId}/messages`, {
      method: 'POST', headers: { authorization: `Bearer ${config.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', to: waId, type: 'text', text: { body: 'late' } }),
    });
    expect(response.status).toBe(200);
    const { messages } = (await response.json()) as { messages: Array<{ id: string }> };
    const failed = await eventually(async () => {
      const shown = await kaiku.customer.messages(waId);
      return shown.find((m) => m.id === messages[0]?.id && m.status === 'failed');
    }, 10_000, 'the 131047 failure');
    expect(failed).toMatchObject({ statuses: [expect.objectContaining({ status: 'failed', error_code: 131047 })] });
  });

  it('retries a failed delivery to a subscriber when the clock reaches its next attempt, not before', async () => {
    const attempts: number[] = [];
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        attempts.push(Date.now());
        res.writeHead(attempts.length === 1 ? 503 : 200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const subscribed = await kaiku.api('/v1/subscriptions', { method: 'POST', body: JSON.stringify({ event: 'inbound_message', target_url: target }) });
      expect(subscribed.status).toBe(201);
      await kaiku.customer.send('358402230003', { type: 'text', text: { body: 'Ping' } });
      await eventually(async () => attempts.length === 1, 10_000, 'the first delivery attempt');
      // The default policy waits at least 5 s (half of 10 s with jitter); real time alone does not bring it back.
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(attempts).toHaveLength(1);
      await clock({ advance: 'PT1M' });
      await eventually(async () => attempts.length === 2, 3_000, 'the retry once the clock moved');
    } finally {
      server.close();
    }
  });

  it('sets the clock to a given time and refuses what it cannot read', async () => {
    const target = new Date(Date.now() + 10 * 86_400_000).toISOString().replace(/\.\d+Z$/, '.000Z');
    const set = await clock({ set: target });
    expect(((await set.json()) as { now: string }).now.slice(0, 16)).toBe(target.slice(0, 16));
    expect(((await (await clock()).json()) as { now: string }).now.slice(0, 13)).toBe(target.slice(0, 13));
    for (const bad of [{ advance: '25 hours' }, { set: 'tomorrow' }, {}, { advance: 'PT1H', set: target }]) {
      const response = await clock(bad);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: number; message: string } }).error.code).toBe(100);
    }
  });
});
