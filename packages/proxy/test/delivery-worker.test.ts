/** Delivery to subscribers over real HTTP: payload and signature, retries, 410/404, redirects, dead letters, order, sinks. */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createHmac, randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { createSecrets } from '../src/secrets.js';
import { sealSigningSecrets } from '../src/actions/webhook-secrets.js';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InboundMessageRecord } from '@kaiku/core';
import { DeliveryWorker } from '../src/jobs/delivery-worker.js';
import { SinkRegistry, SinkRetryError } from '../src/jobs/sinks.js';
import type { SinkEvent } from '../src/jobs/sinks.js';
import type { Store, Subscription } from '../src/store/index.js';
import { connectionInput, inboundRecord, openTestStore } from './store-fixtures.js';
import type { TestStore } from './store-fixtures.js';
import { waitFor } from './intake-fixtures.js';

interface Received { path: string; headers: IncomingHttpHeaders; body: string }
type Answer = (req: Received) => { status: number; headers?: Record<string, string> } | 'hang';

const fastRetry = { baseDelayMs: 5, maxDelayMs: 20, retryForMs: 60_000 };
const secrets = createSecrets(randomBytes(32));
const SECRET = `whsec_${randomBytes(32).toString('base64')}`;

describe.each(['sqlite', 'postgres'] as const)('delivery worker (%s)', (kind) => {
  let t: TestStore;
  let store: Store;
  let ws: string;
  let server: Server;
  let base: string;
  let received: Received[];
  let answer: Answer;
  let worker: DeliveryWorker | null;

  beforeEach(async () => {
    t = await openTestStore(kind);
    store = t.store;
    ws = (await store.createWorkspace({ name: 'Acme' })).id;
    await store.upsertConnection(connectionInput(ws));
    received = [];
    answer = () => ({ status: 200 });
    worker = null;
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const r = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() };
        received.push(r);
        const a = answer(r);
        if (a === 'hang') return;
        res.writeHead(a.status, a.headers ?? {});
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await worker?.stop();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await t.cleanup();
  });

  function start(options: Partial<ConstructorParameters<typeof DeliveryWorker>[0]> = {}): DeliveryWorker {
    worker = new DeliveryWorker({ store, secrets, retry: fastRetry, pollMs: 10, timeoutMs: 2_000, ...options });
    worker.start();
    return worker;
  }

  function subscribe(path: string, extra: Partial<Subscription> = {}): Promise<Subscription> {
    return store.createSubscription({
      workspaceId: ws, event: 'inbound_message', targetUrl: `${base}${path}`, sink: null,
      secret: sealSigningSecrets(secrets, { current: SECRET, previous: null, previousUntil: null }), filter: null, ...extra,
    });
  }

  async function enqueue(...messages: InboundMessageRecord[]): Promise<void> {
    const conn = (await store.listConnections(ws))[0];
    const [id] = await store.saveWebhookReceipts([{ connectionId: conn?.id ?? '', body: Buffer.from('{}') }]);
    await store.applyWebhookReceipts([{ receiptId: id ?? 0, parts: [{ workspaceId: ws, events: { messages, statuses: [], consentChanges: [] } }] }]);
  }

  it('POSTs the flat record with Standard Webhooks headers that the reference library verifies', async () => {
    await subscribe('/hook');
    const message = inboundRecord({ text: 'Hyvää päivää' });
    await enqueue(message);
    start();
    await waitFor('one delivery', () => received.length === 1);
    const [r] = received;
    expect(JSON.parse(r?.body ?? '')).toEqual(message);
    expect(r?.headers['content-type']).toBe('application/json');
    expect(r?.headers['kaiku-event-type']).toBe('inbound_message');
    expect(r?.headers['webhook-id']).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(r?.headers['kaiku-event-id']).toBe(r?.headers['webhook-id']);
    const timestamp = String(r?.headers['webhook-timestamp']);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    expect(r?.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(SECRET).verify(r?.body ?? '', r?.headers as Record<string, string>)).toEqual(message);
    // The deprecated header stays for one release, keyed by the same secret.
    const expected = `v1=${createHmac('sha256', SECRET).update(`${timestamp}.${r?.body}`).digest('hex')}`;
    expect(r?.headers['kaiku-signature']).toBe(expected);
    await waitFor('completion', async () => (await store.pendingDeliveryCount()) === 0);
  });

  it('retries failures with the same event id until the subscriber accepts', async () => {
    await subscribe('/flaky', { secret: null });
    let calls = 0;
    answer = () => ({ status: ++calls < 3 ? 500 : 204 });
    await enqueue(inboundRecord());
    start();
    await waitFor('three attempts and completion', async () => received.length === 3 && (await store.pendingDeliveryCount()) === 0);
    expect(new Set(received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(received[0]?.headers['webhook-signature']).toBeUndefined();
  });

  it('dead-letters a delivery that keeps failing past the retry window', async () => {
    await subscribe('/down');
    answer = () => ({ status: 503 });
    await enqueue(inboundRecord());
    start({ retry: { ...fastRetry, retryForMs: 0 } });
    await waitFor('dead letter', async () => (await store.listDeadDeliveries(ws, 10)).length === 1);
    const [dead] = await store.listDeadDeliveries(ws, 10);
    expect([dead?.attempts, dead?.lastError]).toEqual([1, 'HTTP 503 from the subscriber']);
  });

  it('removes the subscription on 410 Gone, and on 404 only for Power Automate', async () => {
    await subscribe('/gone');
    await subscribe('/flow', { source: 'power_automate' });
    const plain = await subscribe('/plain');
    answer = (r) => ({ status: r.path === '/gone' ? 410 : 404 });
    await enqueue(inboundRecord());
    start();
    await waitFor('both removed', async () => (await store.listSubscriptions(ws)).length === 1);
    expect((await store.listSubscriptions(ws)).map((s) => s.id)).toEqual([plain.id]);
    await waitFor('plain 404 retried', () => received.filter((r) => r.path === '/plain').length >= 2);
  });

  it('does not follow redirects', async () => {
    await subscribe('/moved');
    answer = (r) => (r.path === '/moved' ? { status: 302, headers: { location: `${base}/elsewhere` } } : { status: 200 });
    await enqueue(inboundRecord());
    start();
    await waitFor('retried redirect', () => received.filter((r) => r.path === '/moved').length >= 2);
    expect(received.some((r) => r.path === '/elsewhere')).toBe(false);
  });

  it('with public targets only, refuses targets on this machine when connecting, by name or by address', async () => {
    const byName = await subscribe('/by-name', { targetUrl: `${base.replace('127.0.0.1', 'localhost')}/by-name` });
    await subscribe('/by-address');
    await enqueue(inboundRecord());
    start({ publicTargetsOnly: true, retry: { ...fastRetry, retryForMs: 0 } });
    await waitFor('both dead-lettered', async () => (await store.listDeadDeliveries(ws, 10)).length === 2);
    const dead = await store.listDeadDeliveries(ws, 10);
    expect(received).toEqual([]);
    const errorOf = (subscriptionId: string) => dead.find((d) => d.subscriptionId === subscriptionId)?.lastError;
    expect(errorOf(byName.id)).toMatch(/^could not connect: localhost resolves to (127\.0\.0\.1|::1), a private, loopback or link-local address; deliveries only go to public addresses$/);
    expect(dead.map((d) => d.lastError)).toContain('could not connect: 127.0.0.1 is a private, loopback or link-local address; deliveries only go to public addresses');
  });

  it('gives up on an attempt that gets no answer within the timeout', async () => {
    await subscribe('/slow');
    answer = () => 'hang';
    await enqueue(inboundRecord());
    start({ timeoutMs: 100, retry: { ...fastRetry, retryForMs: 0 } });
    await waitFor('dead after timeout', async () => (await store.listDeadDeliveries(ws, 10)).length === 1);
    expect((await store.listDeadDeliveries(ws, 10))[0]?.lastError).toBe('no answer within 100 ms');
  });

  it("keeps each customer's events in order while other customers go ahead", async () => {
    await subscribe('/ordered');
    let failFirst = true;
    answer = (r) => {
      const body = JSON.parse(r.body) as InboundMessageRecord;
      if (body.text === 'A1' && failFirst) {
        failFirst = false;
        return { status: 500 };
      }
      return { status: 200 };
    };
    const texts = ['A1', 'B1', 'A2', 'A3', 'B2'];
    await enqueue(...texts.map((text) => inboundRecord({ from: text.startsWith('A') ? '111' : '222', text })));
    start();
    await waitFor('all delivered', async () => (await store.pendingDeliveryCount()) === 0);
    const order = received.map((r) => (JSON.parse(r.body) as InboundMessageRecord).text);
    expect(order.filter((x) => x?.startsWith('A'))).toEqual(['A1', 'A1', 'A2', 'A3']);
    expect(order.filter((x) => x?.startsWith('B'))).toEqual(['B1', 'B2']);
  });

  it('feeds in-process sinks through the same retries', async () => {
    const sinks = new SinkRegistry();
    const seen: SinkEvent[] = [];
    let first = true;
    sinks.register({
      name: 'hubspot',
      async deliver(event) {
        seen.push(event);
        if (first) {
          first = false;
          throw new SinkRetryError('HubSpot rate limit', 10);
        }
      },
    });
    await store.createSubscription({ workspaceId: ws, event: 'inbound_message', targetUrl: null, sink: 'hubspot', secret: null, filter: null });
    const message = inboundRecord();
    await enqueue(message);
    start({ sinks });
    await waitFor('sink delivery', async () => seen.length === 2 && (await store.pendingDeliveryCount()) === 0);
    expect(seen[1]).toEqual({ workspaceId: ws, eventId: seen[0]?.eventId, eventType: 'inbound_message', record: message });
  });
});
