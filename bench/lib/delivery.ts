/**
 * Delivery throughput: a backlog of inbound messages from many customers, fanned out to one local subscriber
 * by Kaiku's proxy process; events per second from the first to the last delivery.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inboundRecord } from '../../packages/proxy/test/store-fixtures.js';
import { spawnProxy } from './spawn.js';
import { seedStore } from './fixtures.js';

/** Figures of one delivery run. */
export interface DeliveryFigures {
  kind: 'sqlite' | 'postgres';
  events: number;
  seconds: number;
  perSecond: number;
  duplicates: number;
  peakRssMb: number;
}

/** Delivers `customers × perCustomer` events and times them. */
export async function benchDelivery(kind: 'sqlite' | 'postgres', customers: number, perCustomer: number): Promise<DeliveryFigures> {
  const total = customers * perCustomer;
  const seen = new Set<string>();
  let duplicates = 0;
  let first = 0;
  let last = 0;
  let resolveAll: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (resolveAll = resolve));
  const subscriber = createServer((req, res) => {
    const id = String(req.headers['webhook-id']);
    req.resume();
    req.on('end', () => {
      res.writeHead(200).end();
      if (first === 0) first = performance.now();
      if (seen.has(id)) duplicates += 1;
      seen.add(id);
      if (seen.size === total) {
        last = performance.now();
        resolveAll();
      }
    });
  });
  subscriber.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => subscriber.listen(0, '127.0.0.1', resolve));
  const seeded = await seedStore(kind);
  try {
    const { store, workspaceId } = seeded;
    await store.createSubscription({
      workspaceId, event: 'inbound_message', targetUrl: `http://127.0.0.1:${(subscriber.address() as AddressInfo).port}/hook`, sink: null,
      secret: 'whsec_bench', filter: null,
    });
    const connection = (await store.listConnections(workspaceId))[0];
    for (let round = 0; round < perCustomer; round += 1) {
      const [receiptId] = await store.saveWebhookReceipts([{ connectionId: connection?.id ?? '', body: Buffer.from('{}') }]);
      const messages = Array.from({ length: customers }, (_, c) => inboundRecord({ from: `3584${String(c).padStart(8, '0')}`, text: `message ${round}` }));
      await store.applyWebhookReceipts([{ receiptId: receiptId ?? 0, parts: [{ workspaceId, events: { messages, statuses: [], consentChanges: [] } }] }]);
    }
    const server = await spawnProxy(seeded.env);
    const limit = setTimeout(() => resolveAll(), 60_000);
    await all;
    clearTimeout(limit);
    const peakRssMb = server.peakRssMb();
    await server.stop();
    const seconds = ((last || performance.now()) - first) / 1000;
    return { kind, events: seen.size, seconds, perSecond: seen.size / seconds, duplicates, peakRssMb };
  } finally {
    subscriber.closeAllConnections();
    subscriber.close();
    await seeded.dispose();
  }
}
