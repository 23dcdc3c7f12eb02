/**
 * The delivery log and the admin's delivery APIs, end to end on both stores: every attempt is recorded with its
 * status code (or error) and duration; a test event goes through the normal queue, signed and marked; the
 * overview knows each subscription's platform; the summary counts problems; the Power Platform files name the
 * public URL; a HubSpot install link needs the HubSpot app's settings.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import { loadConfig } from '@kaiku/proxy';
import { generatedFiles } from '../power-platform-connector/scripts/generate.js';
import { eventually, startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';

interface Attempt { attempt: number; status_code: number | null; error: string | null; duration_ms: number; outcome: string }
interface Logged { id: string; event_id: string; summary: string; test: boolean; state: string; attempts: number; next_attempt_at: string | null; log: Attempt[] }
interface LogPage { data: Logged[]; next_cursor: string | null }
interface Received { headers: IncomingHttpHeaders; body: string }

describe.each(['sqlite', 'postgres'] as const)('the delivery log and admin delivery APIs (%s)', (store) => {
  let kaiku: Kaiku;
  let server: Server;
  let url: string;
  let answer = 503;
  const received: Received[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => void (body += chunk.toString()));
      req.on('end', () => {
        if (answer < 300) received.push({ headers: req.headers, body });
        res.writeHead(answer).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const delivery = { ...loadConfig({}).delivery, health: { failingAfter: 3, probeEveryMs: 200, pauseAfterMs: 600_000, pauseAfterFailures: 0 } };
    kaiku = await startKaiku({
      store, config: { delivery, publicUrl: 'https://kaiku.acme.example' },
      background: { pollMs: 25, delivery: { retry: { baseDelayMs: 20, maxDelayMs: 50, retryForMs: 60_000 } } },
    });
  });
  afterAll(async () => {
    await kaiku.stop();
    server.closeAllConnections();
    server.close();
  });

  const json = async <T>(path: string, init?: RequestInit): Promise<T> => (await (await kaiku.api(path, init)).json()) as T;
  const subscribe = async (path: string, headers: Record<string, string> = {}) => {
    const answer = await kaiku.api('/v1/subscriptions', { method: 'POST', headers, body: JSON.stringify({ event: 'inbound_message', target_url: `${url}${path}` }) });
    return (await answer.json()) as { id: string; secret: string };
  };

  it('records every attempt with its status code and duration, and pages the log with a cursor', async () => {
    answer = 503;
    const { id } = await subscribe('/log');
    await kaiku.customer.send('358405550020', { type: 'text', text: { body: 'first' } });
    await kaiku.customer.send('358405550020', { type: 'text', text: { body: 'second' } });
    const failing = await eventually(async () => {
      const page = await json<LogPage>(`/v1/subscriptions/${id}/deliveries`);
      return page.data.some((d) => d.log.length >= 2) ? page : undefined;
    }, 10_000, 'two failed attempts in the log');
    const first = failing.data.find((d) => d.summary === 'text from +358405550020: first');
    expect(first?.log.slice(0, 2)).toEqual([
      expect.objectContaining({ attempt: 1, status_code: 503, error: 'HTTP 503 from the subscriber', outcome: 'retry' }),
      expect.objectContaining({ attempt: 2, status_code: 503, outcome: 'retry' }),
    ]);
    expect(first?.log.every((a) => a.duration_ms >= 0)).toBe(true);
    expect(first?.state).toBe('pending');

    answer = 200;
    const done = await eventually(async () => {
      const page = await json<LogPage>(`/v1/subscriptions/${id}/deliveries`);
      return page.data.every((d) => d.state === 'done') ? page : undefined;
    }, 15_000, 'both delivered');
    const last = done.data.find((d) => d.summary.endsWith('first'))?.log.at(-1);
    expect(last).toMatchObject({ status_code: 200, error: null, outcome: 'done' });
    expect(done.data.map((d) => d.next_attempt_at)).toEqual([null, null]);

    const one = await json<LogPage>(`/v1/subscriptions/${id}/deliveries?limit=1`);
    expect(one.data.map((d) => d.summary)).toEqual(['text from +358405550020: second']);
    const older = await json<LogPage>(`/v1/subscriptions/${id}/deliveries?limit=1&cursor=${one.next_cursor ?? ''}`);
    expect(older.data.map((d) => d.summary)).toEqual(['text from +358405550020: first']);
    expect(older.next_cursor).toBeNull();
    expect((await kaiku.api(`/v1/subscriptions/${id}/deliveries?cursor=nonsense`)).status).toBe(400);
    expect((await kaiku.api('/v1/subscriptions/sub_nope/deliveries')).status).toBe(404);
  });

  it('sends a marked test event through the queue, signed like any delivery', async () => {
    answer = 200;
    received.length = 0;
    const { id, secret } = await subscribe('/test-me');
    const queued = await kaiku.api(`/v1/subscriptions/${id}/test`, { method: 'POST' });
    expect(queued.status).toBe(202);
    const { event_id: eventId } = (await queued.json()) as { event_id: string };
    expect(eventId).toMatch(/^evt_test_/);
    const delivery = await eventually(async () => received.find((r) => r.headers['webhook-id'] === eventId), 10_000, 'the test event');
    expect(delivery.headers['kaiku-test']).toBe('true');
    const record = new Webhook(secret).verify(delivery.body, delivery.headers as Record<string, string>) as { from: string; text: string; raw: unknown };
    expect(record).toMatchObject({ from: '0000000000', raw: { kaiku_test: true } });
    expect(record.text).toContain('test event from Kaiku');
    const log = await eventually(async () => {
      const page = await json<LogPage>(`/v1/subscriptions/${id}/deliveries`);
      return page.data[0]?.state === 'done' ? page : undefined;
    }, 5_000, 'the test event logged');
    expect(log.data[0]).toMatchObject({ event_id: eventId, test: true, attempts: 1 });
  });

  it('lists subscriptions with health and platform, and sums the problems', async () => {
    answer = 503;
    const zap = await subscribe('/zap', { 'user-agent': 'Zapier' });
    const flow = await subscribe('/n8n', { 'kaiku-client': 'n8n' });
    const overview = await json<{ data: Array<{ id: string; platform: string; http: boolean; health: { state: string } }> }>('/v1/deliveries/subscriptions');
    expect(overview.data.find((s) => s.id === zap.id)).toMatchObject({ platform: 'zapier', http: true });
    expect(overview.data.find((s) => s.id === flow.id)).toMatchObject({ platform: 'n8n' });
    expect(overview.data.filter((s) => s.platform === 'api').length).toBeGreaterThanOrEqual(2);
    expect((await kaiku.api(`/v1/subscriptions/${zap.id}/pause`, { method: 'POST' })).status).toBe(200);
    await kaiku.customer.send('358405550021', { type: 'text', text: { body: 'trouble' } });
    const summary = await eventually(async () => {
      const s = await json<{ failing: number; paused: number; dead: number; quarantined: number; problems: number; subscriptions: number }>('/v1/deliveries/summary');
      return s.failing >= 1 ? s : undefined;
    }, 10_000, 'a failing subscription in the summary');
    expect(summary).toMatchObject({ paused: 1, dead: 0, quarantined: 0, subscriptions: overview.data.length });
    expect(summary.problems).toBe(summary.failing + summary.paused);
  });

  it('serves the Power Platform files for the public URL, and says what a HubSpot install needs', async () => {
    const file = await kaiku.api('/v1/integrations/power-platform/apiDefinition.swagger.json');
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain('apiDefinition.swagger.json');
    const text = await file.text();
    expect((JSON.parse(text) as { host: string }).host).toBe('kaiku.acme.example');
    // Byte for byte what `pnpm connectors --public-url` writes for the same address.
    expect(text).toBe(generatedFiles('https://kaiku.acme.example')['apiDefinition.swagger.json']);
    const properties = await kaiku.api('/v1/integrations/power-platform/apiProperties.json');
    expect(await properties.text()).toBe(generatedFiles('https://kaiku.acme.example')['apiProperties.json']);
    expect((await kaiku.api('/v1/integrations/power-platform/secrets.json')).status).toBe(404);
    const integrations = await json<{ kaiku_url: string; public_url_set: boolean; hubspot: { app_configured: boolean; connected: boolean } }>('/v1/integrations');
    expect(integrations).toMatchObject({ kaiku_url: 'https://kaiku.acme.example', public_url_set: true, hubspot: { app_configured: false, connected: false } });
    const link = await kaiku.api('/v1/integrations/hubspot/install-link', { method: 'POST' });
    expect(link.status).toBe(409);
    expect(((await link.json()) as { error: { message: string } }).error.message).toContain('HUBSPOT_CLIENT_ID');
  });
});
