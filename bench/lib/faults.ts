/**
 * The fault run: a subscriber that is down with a backlog of pending retries behind it. Intake is measured against
 * the same proxy with no subscriber at all, taking turns; then the subscriber comes back and the drain rate is
 * timed; and the claim's own time is printed against the backlog's size (it must stay flat).
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signWebhook } from '../../packages/core/src/index.js';
import { inboundRecord } from '../../packages/proxy/test/store-fixtures.js';
import { inboundWebhook } from '../../packages/proxy/test/intake-fixtures.js';
import type { Store } from '../../packages/proxy/src/store/index.js';
import { load } from './load.js';
import type { LoadFigures } from './load.js';
import { spawnProxy } from './spawn.js';
import type { BenchProcess } from './spawn.js';
import { APP_SECRET, seedStore } from './fixtures.js';
import type { BenchStore } from './fixtures.js';

const body = Buffer.from(JSON.stringify(inboundWebhook({ text: 'Hello, is my order KA-1042 on its way? I ordered it last week.' })));
const headers = { 'content-type': 'application/json', 'x-hub-signature-256': signWebhook(body, APP_SECRET) };

/** Enqueues `customers × perCustomer` inbound messages for every subscription of the workspace, in batches. */
export async function enqueueBacklog(seeded: BenchStore, customers: number, perCustomer: number, offset = 0): Promise<void> {
  const { store, workspaceId } = seeded;
  const connection = (await store.listConnections(workspaceId))[0];
  for (let round = 0; round < perCustomer; round += 1) {
    for (let start = 0; start < customers; start += 1_000) {
      const [receiptId] = await store.saveWebhookReceipts([{ connectionId: connection?.id ?? '', body: Buffer.from('{}') }]);
      const messages = Array.from({ length: Math.min(1_000, customers - start) }, (_, c) =>
        inboundRecord({ from: `3585${String(start + c).padStart(8, '0')}`, text: `backlog ${offset + round}` }));
      await store.applyWebhookReceipts([{ receiptId: receiptId ?? 0, parts: [{ workspaceId, events: { messages, statuses: [], consentChanges: [] } }] }]);
    }
  }
}

/** A port on loopback that nothing listens on (yet). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Figures of the fault run. */
export interface FaultFigures {
  backlog: number;
  none: LoadFigures[];
  dead: LoadFigures[];
  drainPerSecond: number;
  drained: number;
  drainSeconds: number;
}

/** Intake with a dead subscriber and `backlog` pending retries vs with no subscriber, then the drain when it returns. */
export async function benchDeadSubscriber(connections: number, seconds: number, rounds: number, customers: number, perCustomer: number): Promise<FaultFigures> {
  const port = await freePort();
  const quiet = await seedStore('sqlite');
  const faulty = await seedStore('sqlite');
  const servers: BenchProcess[] = [];
  try {
    await faulty.store.createSubscription({
      workspaceId: faulty.workspaceId, event: 'inbound_message', targetUrl: `http://127.0.0.1:${port}/hook`, sink: null, secret: null, filter: null,
    });
    await enqueueBacklog(faulty, customers, perCustomer);
    const backlog = await faulty.store.pendingDeliveryCount();
    await quiet.store.close();
    await faulty.store.close();
    const env = { KAIKU_DELIVERY_PROBE_EVERY_MS: '2000', LOG_LEVEL: 'warn' };
    const noSubscriber = await spawnProxy({ ...quiet.env, ...env });
    const deadSubscriber = await spawnProxy({ ...faulty.env, ...env });
    servers.push(noSubscriber, deadSubscriber);
    // Let the dead target be found failing (its queues held behind one probe) before measuring.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const none: LoadFigures[] = [];
    const dead: LoadFigures[] = [];
    for (let round = 0; round < rounds; round += 1) {
      await load(`${noSubscriber.url}/webhooks/whatsapp`, body, headers, connections, 1);
      none.push(await load(`${noSubscriber.url}/webhooks/whatsapp`, body, headers, connections, seconds));
      await load(`${deadSubscriber.url}/webhooks/whatsapp`, body, headers, connections, 1);
      dead.push(await load(`${deadSubscriber.url}/webhooks/whatsapp`, body, headers, connections, seconds));
    }
    const drain = await timeDrain(port, Math.min(backlog, 30_000), 45_000);
    return { backlog, none, dead, ...drain };
  } finally {
    for (const server of servers) await server.stop();
    await quiet.dispose().catch(() => undefined);
    await faulty.dispose().catch(() => undefined);
  }
}

/** The subscriber comes back on `port`: events per second from its first delivery until `count` arrived (or `limitMs`). */
async function timeDrain(port: number, count: number, limitMs: number): Promise<{ drainPerSecond: number; drained: number; drainSeconds: number }> {
  let first = 0;
  let last = 0;
  let seen = 0;
  let done: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (done = resolve));
  const subscriber: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200).end();
      if (first === 0) first = performance.now();
      seen += 1;
      last = performance.now();
      if (seen === count) done();
    });
  });
  subscriber.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => subscriber.listen(port, '127.0.0.1', resolve));
  const timer = setTimeout(done, limitMs);
  await all;
  clearTimeout(timer);
  subscriber.closeAllConnections();
  subscriber.close();
  const drainSeconds = first === 0 ? 0 : (last - first) / 1000;
  return { drained: seen, drainSeconds, drainPerSecond: drainSeconds > 0 ? seen / drainSeconds : 0 };
}

/** Median time of one claim (one fresh due delivery among `waiting` others that wait for a retry), in ms. */
async function claimMs(store: Store, workspaceId: string, samples: number): Promise<number> {
  const connection = (await store.listConnections(workspaceId))[0];
  const times: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const [receiptId] = await store.saveWebhookReceipts([{ connectionId: connection?.id ?? '', body: Buffer.from('{}') }]);
    await store.applyWebhookReceipts([{ receiptId: receiptId ?? 0, parts: [{ workspaceId, events: { messages: [inboundRecord({ from: `fresh${i}` })], statuses: [], consentChanges: [] } }] }]);
    const started = performance.now();
    const claimed = await store.claimDueDeliveries(64, 60_000);
    times.push(performance.now() - started);
    await store.completeDeliveries(claimed.map((d) => d.id));
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

/** Claim time with 1k, 10k and 100k deliveries waiting (1,000 customer queues, each head scheduled for a retry). */
export async function benchClaimTime(kind: 'sqlite' | 'postgres', sizes: number[]): Promise<Array<{ waiting: number; ms: number }>> {
  const seeded = await seedStore(kind);
  const { store, workspaceId } = seeded;
  const out: Array<{ waiting: number; ms: number }> = [];
  try {
    await store.createSubscription({ workspaceId, event: 'inbound_message', targetUrl: 'http://127.0.0.1:9/hook', sink: null, secret: null, filter: null });
    let rounds = 0;
    const waitLater = { failingAfter: 1e9, probeEveryMs: 1e9, pauseAfterMs: 1e12, pauseAfterFailures: 0 };
    for (const size of sizes) {
      const perCustomer = Math.ceil(size / 1_000);
      await enqueueBacklog(seeded, 1_000, perCustomer - rounds, rounds);
      rounds = perCustomer;
      // Each queue's head failed once and waits an hour for its retry; nothing is due.
      for (;;) {
        const claimed = await store.claimDueDeliveries(500, 60_000);
        if (claimed.length === 0) break;
        const later = new Date(Date.now() + 3_600_000);
        await store.failDeliveries(claimed.map((d) => ({ id: d.id, orderKey: d.orderKey, subscriptionId: d.subscriptionId, error: 'HTTP 500', nextAttemptAt: later })), waitLater);
      }
      out.push({ waiting: await store.pendingDeliveryCount(), ms: await claimMs(store, workspaceId, 30) });
    }
    return out;
  } finally {
    await seeded.dispose();
  }
}
