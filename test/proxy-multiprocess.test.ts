/**
 * Two proxy processes share one PostgreSQL database: webhooks go to either (some twice, to both), and every
 * event reaches the subscriber exactly once, in order per customer, with both processes doing part of the work.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sealSigningSecrets } from '../packages/proxy/src/actions/webhook-secrets.js';
import { createSecrets, generateEncryptionKey } from '../packages/proxy/src/secrets.js';
import { PostgresStore } from '../packages/proxy/src/store/index.js';
import { TEST_DATABASE_URL, dropSchema, randomSchema } from '../packages/proxy/test/store-fixtures.js';
import { inboundWebhook, postWebhook, waitFor } from '../packages/proxy/test/intake-fixtures.js';
import { spawnProxyProcess, startSubscriber } from '../packages/proxy/test/intake-process.js';
import type { ProxyProcess, Subscriber } from '../packages/proxy/test/intake-process.js';

const APP_SECRET = 'multiprocess-app-secret';
const CUSTOMERS = 10;
const PER_CUSTOMER = 15;

function deliveredDone(metricsText: string): number {
  const line = metricsText.split('\n').find((l) => l.startsWith('kaiku_deliveries_total{result="done"}'));
  return line === undefined ? 0 : Number(line.split(' ')[1]);
}

describe('two proxy processes on one PostgreSQL database', () => {
  const key = generateEncryptionKey();
  const schema = randomSchema();
  let store: PostgresStore;
  let subscriber: Subscriber;
  const processes: ProxyProcess[] = [];

  beforeAll(async () => {
    subscriber = await startSubscriber();
    store = new PostgresStore({ connectionString: TEST_DATABASE_URL, schema, maxConnections: 2 });
    await store.migrate();
    const secrets = createSecrets(key);
    const workspaceId = (await store.createWorkspace({ name: 'Scale-out' })).id;
    await store.upsertConnection({
      workspaceId, wabaId: '102290129340398', phoneNumberId: '106540352242922', displayPhoneNumber: '15550001234', verifiedName: null,
      graphBaseUrl: 'http://127.0.0.1:9', graphVersion: 'v24.0', accessTokenEnc: secrets.encrypt('token'), appSecretEnc: secrets.encrypt(APP_SECRET),
      verifyToken: 'verify',
    });
    await store.createSubscription({ workspaceId, event: 'inbound_message', targetUrl: subscriber.url, sink: null, secret: sealSigningSecrets(secrets, { current: `whsec_${randomBytes(32).toString('base64')}`, previous: null, previousUntil: null }), filter: null });
    const args = [`--database-url=${TEST_DATABASE_URL}`, `--schema=${schema}`, `--encryption-key=${key}`, '--poll-ms=50'];
    processes.push(...(await Promise.all([spawnProxyProcess(args), spawnProxyProcess(args)])));
  }, 90_000);
  afterAll(async () => {
    for (const p of processes) await p.kill('SIGTERM');
    await subscriber.close();
    await store.close();
    await dropSchema(schema);
  }, 30_000);

  it('delivers each event exactly once, in order per customer, sharing the work', async () => {
    const sent = new Map<number, string[]>();
    // Each customer's messages go one after another, alternating between the two processes.
    await Promise.all(Array.from({ length: CUSTOMERS }, async (_, customer) => {
      const ids: string[] = [];
      sent.set(customer, ids);
      for (let n = 0; n < PER_CUSTOMER; n += 1) {
        const id = `wamid.mp.${customer}.${n}`;
        const body = JSON.stringify(inboundWebhook({ id, from: `3584100000${String(customer).padStart(2, '0')}`, text: String(n) }));
        const first = processes[(customer + n) % 2];
        expect((await postWebhook(`${first?.url}/webhooks/whatsapp`, body, APP_SECRET)).status).toBe(200);
        ids.push(id);
        // Meta redelivers now and then: every third message arrives again, at the other process.
        if (n % 3 === 0) expect((await postWebhook(`${processes[(customer + n + 1) % 2]?.url}/webhooks/whatsapp`, body, APP_SECRET)).status).toBe(200);
      }
    }));
    const total = CUSTOMERS * PER_CUSTOMER;
    await waitFor('every event at the subscriber', () => new Set(subscriber.received.map((r) => r.messageId)).size === total, 60_000);
    await waitFor('queue empty', async () => (await store.pendingDeliveryCount()) === 0, 20_000);

    const perEvent = new Map<string, number>();
    for (const r of subscriber.received) perEvent.set(r.eventId, (perEvent.get(r.eventId) ?? 0) + 1);
    expect(subscriber.received).toHaveLength(total);
    expect([...perEvent.values()].every((n) => n === 1)).toBe(true);
    for (const [customer, ids] of sent) {
      const from = `3584100000${String(customer).padStart(2, '0')}`;
      expect(subscriber.received.filter((r) => r.from === from).map((r) => r.messageId)).toEqual(ids);
    }
    const done = await Promise.all(processes.map(async (p) => deliveredDone(await (await fetch(`${p.url}/metrics`)).text())));
    expect(done[0] ?? 0).toBeGreaterThan(0);
    expect(done[1] ?? 0).toBeGreaterThan(0);
    expect((done[0] ?? 0) + (done[1] ?? 0)).toBe(total);
  }, 120_000);
});
