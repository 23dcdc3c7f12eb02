/**
 * Delivery with the faults subscribers have, on SQLite and PostgreSQL: 200 hung or dead subscriptions of one
 * workspace do not hold up another workspace's delivery nor the same workspace's healthy subscription; one host
 * gets at most its cap of requests; a target that fails is probed, not hammered, and when it answers again its
 * whole backlog drains in order per customer, with one log line per change instead of one per attempt.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InboundMessageRecord } from '@kaiku/core';
import { DeliveryWorker } from '../src/jobs/delivery-worker.js';
import type { DeliveryWorkerDeps } from '../src/jobs/delivery-worker.js';
import { createLogger } from '../src/logger.js';
import { createSecrets } from '../src/secrets.js';
import type { Store } from '../src/store/index.js';
import { connectionInput, inboundRecord, openTestStore } from './store-fixtures.js';
import type { TestStore } from './store-fixtures.js';
import { waitFor } from './intake-fixtures.js';

/** A local server: `mode` decides each answer; it counts requests and the most in flight at once. */
function subscriber() {
  const state = { mode: 'ok' as 'ok' | 'hang' | 'fail', hits: [] as Array<{ path: string; id: string; text: string; at: number }>, open: 0, maxOpen: 0 };
  const server: Server = createServer((req, res) => {
    state.open += 1;
    state.maxOpen = Math.max(state.maxOpen, state.open);
    res.on('close', () => (state.open -= 1));
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const record = JSON.parse(Buffer.concat(chunks).toString()) as InboundMessageRecord;
      state.hits.push({ path: req.url ?? '', id: String(req.headers['kaiku-event-id']), text: `${record.from}:${record.text ?? ''}`, at: Date.now() });
      if (state.mode === 'hang') return;
      res.writeHead(state.mode === 'ok' ? 200 : 503).end();
    });
  });
  return {
    state, server,
    async listen(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async close(): Promise<void> {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A loopback URL where nothing listens. */
async function deadUrl(): Promise<string> {
  const probe = subscriber();
  const url = await probe.listen();
  await probe.close();
  return url;
}

describe.each(['sqlite', 'postgres'] as const)('delivery with faulty subscribers (%s)', (kind) => {
  let t: TestStore;
  let store: Store;
  let worker: DeliveryWorker | null;
  const servers: Array<ReturnType<typeof subscriber>> = [];

  beforeEach(async () => {
    t = await openTestStore(kind);
    store = t.store;
    worker = null;
  });
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
    await worker?.stop();
    await t.cleanup();
  });

  async function workspace(name: string) {
    const id = (await store.createWorkspace({ name })).id;
    const conn = await store.upsertConnection(connectionInput(id, { phoneNumberId: `pn_${name}` }));
    const subscribe = (url: string) => store.createSubscription({ workspaceId: id, event: 'inbound_message', targetUrl: url, sink: null, secret: null, filter: null });
    const enqueue = async (...messages: InboundMessageRecord[]) => {
      const [receipt] = await store.saveWebhookReceipts([{ connectionId: conn.id, body: Buffer.from('{}') }]);
      await store.applyWebhookReceipts([{ receiptId: receipt ?? 0, parts: [{ workspaceId: id, events: { messages, statuses: [], consentChanges: [] } }] }]);
    };
    return { id, subscribe, enqueue };
  }

  async function server(mode: 'ok' | 'hang' | 'fail') {
    const s = subscriber();
    s.state.mode = mode;
    servers.push(s);
    return { ...s, url: await s.listen() };
  }

  function start(deps: Partial<DeliveryWorkerDeps> = {}): DeliveryWorker {
    worker = new DeliveryWorker({ store, secrets: createSecrets(randomBytes(32)), pollMs: 20, timeoutMs: 5_000, ...deps });
    worker.start();
    return worker;
  }

  it.each(['hung', 'dead'] as const)('200 %s subscriptions of one workspace hold up neither another workspace nor its own healthy subscription', async (fault) => {
    const hung = await server('hang');
    const healthy = await server('ok');
    const target = fault === 'hung' ? hung.url : await deadUrl();
    const a = await workspace('a');
    const b = await workspace('b');
    for (let i = 0; i < 200; i += 1) await a.subscribe(`${target}/hook/${i}`);
    await a.subscribe(`${healthy.url}/a`);
    await b.subscribe(`${healthy.url}/b`);
    // The flood is older: A's events for its 200 subscriptions were all enqueued before B's.
    await a.enqueue(...Array.from({ length: 3 }, (_, i) => inboundRecord({ from: `a${i}` })));
    await b.enqueue(inboundRecord({ from: 'b0' }));
    const started = Date.now();
    start();
    await waitFor('B and A\'s healthy subscription delivered', () => healthy.state.hits.filter((h) => h.path === '/a').length === 3
      && healthy.state.hits.some((h) => h.path === '/b'), 10_000);
    const last = Math.max(...healthy.state.hits.map((h) => h.at));
    expect(last - started).toBeLessThan(2_000);
    // One host got no more than its cap of requests at once.
    if (fault === 'hung') expect(hung.state.maxOpen).toBeLessThanOrEqual(16);
  });

  it('caps the requests in flight to one host, while another host is served', async () => {
    const slow = await server('hang');
    const fast = await server('ok');
    const a = await workspace('a');
    for (let i = 0; i < 20; i += 1) await a.subscribe(`${slow.url}/s${i}`);
    await a.subscribe(`${fast.url}/f`);
    await a.enqueue(...Array.from({ length: 5 }, (_, i) => inboundRecord({ from: `c${i}` })));
    start({ perHost: 4 });
    await waitFor('the fast host served', () => fast.state.hits.length === 5);
    await waitFor('the slow host at its cap', () => slow.state.open === 4);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(slow.state.maxOpen).toBe(4);
    expect(slow.state.hits).toHaveLength(4);
  });

  it('probes a failing target instead of hammering it, and drains its backlog in order as soon as it answers', async () => {
    const target = await server('fail');
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
    const a = await workspace('a');
    const sub = await a.subscribe(`${target.url}/hook`);
    const customers = Array.from({ length: 20 }, (_, i) => `c${i}`);
    for (let round = 1; round <= 3; round += 1) await a.enqueue(...customers.map((from) => inboundRecord({ from, text: String(round) })));
    start({ logger, retry: { baseDelayMs: 5, maxDelayMs: 20, retryForMs: 600_000 }, health: { failingAfter: 3, probeEveryMs: 300, pauseAfterMs: 600_000, pauseAfterFailures: 0 } });
    await waitFor('failing', async () => (await store.getSubscriptionHealth(a.id, sub.id))?.state === 'failing');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    // Without health, 5–20 ms retries of 20 queues would be thousands of requests; failing, it is one probe per 300 ms.
    const whileFailing = target.state.hits.length;
    expect(whileFailing).toBeLessThanOrEqual(20 + 8);
    expect(await store.getSubscriptionHealth(a.id, sub.id)).toMatchObject({ state: 'failing', pending: 60 });

    target.state.mode = 'ok';
    const back = Date.now();
    await waitFor('all 60 delivered', () => new Set(target.state.hits.filter((h) => h.at >= back).map((h) => h.id)).size === 60, 10_000);
    const delivered = target.state.hits.filter((h) => h.at >= back);
    for (const customer of customers) {
      const texts = delivered.filter((h) => h.text.startsWith(`${customer}:`)).map((h) => h.text);
      expect(texts).toEqual([`${customer}:1`, `${customer}:2`, `${customer}:3`]);
    }
    await waitFor('active again, nothing pending', async () => (await store.getSubscriptionHealth(a.id, sub.id))?.pending === 0);
    expect(await store.getSubscriptionHealth(a.id, sub.id)).toMatchObject({ state: 'active', pending: 0, consecutiveFailures: 0 });
    const messages = lines.map((line) => String((JSON.parse(line) as { msg: string }).msg));
    expect(messages.filter((m) => m.startsWith('subscription failing'))).toHaveLength(1);
    expect(messages.filter((m) => m.startsWith('subscription recovered'))).toHaveLength(1);
    // A delivery's first failure and its recovery are told; the attempts in between are not.
    expect(messages.filter((m) => m === 'delivery failed; will retry').length).toBeLessThanOrEqual(20);
    expect(messages.filter((m) => m === 'delivery recovered').length).toBeGreaterThan(0);
    expect(messages.length).toBeLessThan(60);
  });
});
