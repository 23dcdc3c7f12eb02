/**
 * A subscriber that goes down, end to end on both stores: GET /v1/subscriptions/{id} shows it failing with the
 * error, a pause keeps its events, a resume delivers them in order, a dead delivery is replayed by hand, and a
 * workspace's subscriptions are limited with a clear 422.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '@kaiku/proxy';
import { eventually, startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';

interface Health { state: string; last_error: string | null; last_success_at: string | null; pending: number; dead: number; paused_reason: string | null; consecutive_failures: number }

describe.each(['sqlite', 'postgres'] as const)('subscription health through the API (%s)', (store) => {
  let kaiku: Kaiku;
  let server: Server;
  let url: string;
  let up = false;
  const received: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => void (raw += chunk.toString()));
      req.on('end', () => {
        if (up) received.push(`${req.url ?? ''} ${String((JSON.parse(raw) as { text: string }).text)}`);
        res.writeHead(up ? 200 : 503).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const delivery = { ...loadConfig({}).delivery, maxSubscriptionsPerWorkspace: 3, health: { failingAfter: 2, probeEveryMs: 200, pauseAfterMs: 600_000, pauseAfterFailures: 0 } };
    kaiku = await startKaiku({
      store, config: { delivery },
      // Events die 4 s after their first try: long enough that the first test pauses before its first event dies, even
      // on a crowded machine (it then expects all three kept), short enough for the second test's dead letters.
      background: { pollMs: 25, delivery: { retry: { baseDelayMs: 20, maxDelayMs: 50, retryForMs: 4_000 } } },
    });
  });
  afterAll(async () => {
    await kaiku.stop();
    server.closeAllConnections();
    server.close();
  });

  const health = async (id: string) => ((await (await kaiku.api(`/v1/subscriptions/${id}`)).json()) as { health: Health }).health;
  const send = (text: string) => kaiku.customer.send('358405550010', { type: 'text', text: { body: text } });

  it('shows a failing subscription, keeps its events while paused, and delivers them in order on resume', async () => {
    const created = await kaiku.api('/v1/subscriptions', { method: 'POST', body: JSON.stringify({ event: 'inbound_message', target_url: `${url}/flow` }) });
    const { id } = (await created.json()) as { id: string };
    await send('one');
    const failing = await eventually(async () => {
      const h = await health(id);
      return h.state === 'failing' ? h : undefined;
    }, 10_000, 'the subscription to be failing');
    expect(failing.last_error).toBe('HTTP 503 from the subscriber');
    expect(failing.consecutive_failures).toBeGreaterThanOrEqual(2);

    const paused = await kaiku.api(`/v1/subscriptions/${id}/pause`, { method: 'POST' });
    expect(paused.status).toBe(200);
    expect(((await paused.json()) as { health: Health }).health).toMatchObject({ state: 'paused', paused_reason: 'paused through the API' });
    const metrics = await (await fetch(`${kaiku.proxyUrl}/metrics`)).text();
    expect(metrics).toMatch(/kaiku_subscriptions\{state="paused"\} 1/);
    up = true;
    await send('two');
    await send('three');
    await eventually(async () => ((await health(id)).pending === 3 ? true : undefined), 10_000, 'three kept events');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received).toEqual([]);

    expect((await kaiku.api(`/v1/subscriptions/${id}/resume`, { method: 'POST' })).status).toBe(200);
    await eventually(async () => (received.length === 3 ? true : undefined), 10_000, 'the kept events delivered');
    expect(received).toEqual(['/flow one', '/flow two', '/flow three']);
    const after = await eventually(async () => {
      const h = await health(id);
      return h.pending === 0 ? h : undefined;
    }, 5_000, 'nothing pending');
    expect(after).toMatchObject({ state: 'active', consecutive_failures: 0 });
    expect(after.last_success_at).not.toBeNull();
    await kaiku.api(`/v1/subscriptions/${id}`, { method: 'DELETE' });
  });

  it('replays a dead delivery, one or all of a subscription; 404 for what is not there', async () => {
    up = false;
    received.length = 0;
    const created = await kaiku.api('/v1/subscriptions', { method: 'POST', body: JSON.stringify({ event: 'inbound_message', target_url: `${url}/late` }) });
    const { id } = (await created.json()) as { id: string };
    await send('four');
    await send('five');
    const dead = await eventually(async () => {
      const data = ((await (await kaiku.api('/v1/deliveries/dead')).json()) as { data: Array<{ id: string; subscription_id: string }> }).data.filter((d) => d.subscription_id === id);
      return data.length === 2 ? data : undefined;
    }, 25_000, 'two dead deliveries');
    up = true;
    const one = await kaiku.api(`/v1/deliveries/dead/${dead[1]?.id ?? ''}/replay`, { method: 'POST' });
    expect(await one.json()).toEqual({ replayed: 1 });
    await eventually(async () => (received.length === 1 ? true : undefined), 10_000, 'the replayed delivery');
    expect(received).toEqual(['/late four']);
    // The rest is replayed at once, while the worker may still be recording the first one's success.
    const all = await kaiku.api(`/v1/subscriptions/${id}/replay-dead`, { method: 'POST' });
    expect(await all.json()).toEqual({ replayed: 1 });
    await eventually(async () => (received.length === 2 ? true : undefined), 10_000, 'the second replayed delivery');
    expect((await kaiku.api(`/v1/deliveries/dead/${dead[1]?.id ?? ''}/replay`, { method: 'POST' })).status).toBe(404);
    expect((await kaiku.api('/v1/subscriptions/sub_nope')).status).toBe(404);
    expect((await kaiku.api('/v1/subscriptions/sub_nope/pause', { method: 'POST' })).status).toBe(404);
  }, 60_000);

  it('answers 422 with the limit beyond the most subscriptions a workspace may have', async () => {
    const existing = ((await (await kaiku.api('/v1/subscriptions')).json()) as { data: unknown[] }).data.length;
    const statuses: number[] = [];
    for (let i = existing; i < 4; i += 1) {
      const answer = await kaiku.api('/v1/subscriptions', { method: 'POST', body: JSON.stringify({ event: 'message_status', target_url: `${url}/s${i}` }) });
      statuses.push(answer.status);
      if (answer.status === 422) {
        const body = (await answer.json()) as { error: { code: string; message: string; details: { limit: number } } };
        expect(body.error).toMatchObject({ code: 'subscription_limit_reached', details: { limit: 3 } });
        expect(body.error.message).toContain('KAIKU_MAX_SUBSCRIPTIONS');
      }
    }
    expect(statuses.at(-1)).toBe(422);
    expect(statuses.filter((s) => s === 201)).toHaveLength(3 - existing);
  });
});
