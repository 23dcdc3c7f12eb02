/**
 * PostgreSQL, two processes, `kill -9` of the one working on a receipt: the receipt's claim is short and
 * renewed only while its process lives, so the other process takes it over, and the customer's opt-out in it
 * is applied and its delivery made, within 5 s of the kill.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createSecrets, generateEncryptionKey } from '../packages/proxy/src/secrets.js';
import { PostgresStore } from '../packages/proxy/src/store/index.js';
import { TEST_DATABASE_URL, dropSchema, randomSchema } from '../packages/proxy/test/store-fixtures.js';
import { inboundWebhook, postWebhook, waitFor } from '../packages/proxy/test/intake-fixtures.js';
import { spawnProxyProcess, startSubscriber } from '../packages/proxy/test/intake-process.js';
import type { ProxyProcess, Subscriber } from '../packages/proxy/test/intake-process.js';

const APP_SECRET = 'takeover-app-secret';
const CUSTOMER = '358401112223';

describe('receipt takeover after kill -9 (PostgreSQL)', () => {
  const key = generateEncryptionKey();
  const schema = randomSchema();
  let store: PostgresStore;
  let subscriber: Subscriber;
  let workspaceId: string;
  const processes: ProxyProcess[] = [];
  const blocker = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` });

  beforeAll(async () => {
    subscriber = await startSubscriber();
    store = new PostgresStore({ connectionString: TEST_DATABASE_URL, schema, maxConnections: 2 });
    await store.migrate();
    const secrets = createSecrets(key);
    workspaceId = (await store.createWorkspace({ name: 'Takeover' })).id;
    await store.upsertConnection({
      workspaceId, wabaId: '102290129340398', phoneNumberId: '106540352242922', displayPhoneNumber: '15550001234', verifiedName: null,
      graphBaseUrl: 'http://127.0.0.1:9', graphVersion: 'v24.0', accessTokenEnc: secrets.encrypt('token'), appSecretEnc: secrets.encrypt(APP_SECRET),
      verifyToken: 'verify',
    });
    await store.createSubscription({ workspaceId, event: 'inbound_message', targetUrl: subscriber.url, sink: null, secret: null, filter: null });
    await store.recordConsent(workspaceId, CUSTOMER, { status: 'opted_in', source: 'web form', proof: null, recordedAt: new Date('2026-01-01T00:00:00Z') });
    await blocker.connect();
  }, 30_000);
  afterAll(async () => {
    await blocker.end().catch(() => undefined);
    for (const p of processes) await p.kill('SIGTERM');
    await subscriber.close();
    await store.close();
    await dropSchema(schema);
  }, 30_000);

  const claimedUntil = async (): Promise<number | null> => {
    const { rows } = await store.db.query<{ claimed_until: string | null }>('select claimed_until from webhook_receipts order by id desc limit 1');
    return rows[0]?.claimed_until === null || rows[0] === undefined ? null : Number(rows[0].claimed_until);
  };

  it('applies the opt-out and delivers the message within 5 s of the kill', async () => {
    const args = [`--database-url=${TEST_DATABASE_URL}`, `--schema=${schema}`, `--encryption-key=${key}`, '--poll-ms=50'];
    const first = await spawnProxyProcess(args);
    processes.push(first);
    // The customer's row is locked, so the first process claims the STOP and hangs in the middle of applying it.
    await blocker.query('begin');
    await blocker.query('select * from contacts where wa_id = $1 for update', [CUSTOMER]);
    const stop = inboundWebhook({ id: 'wamid.takeover-stop', from: CUSTOMER, text: 'STOP', timestamp: Math.floor(Date.now() / 1000) });
    expect((await postWebhook(`${first.url}/webhooks/whatsapp`, JSON.stringify(stop), APP_SECRET)).status).toBe(200);
    await waitFor('the first process to claim the receipt', async () => (await claimedUntil()) !== null, 10_000);

    // A second process starts meanwhile; the receipt is the first one's while it lives.
    processes.push(await spawnProxyProcess(args));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await store.getContact(workspaceId, CUSTOMER))?.consent).toBe('opted_in');

    await first.kill('SIGKILL');
    const killedAt = Date.now();
    await blocker.query('rollback');
    await waitFor('the opt-out, applied by the other process', async () => (await store.getContact(workspaceId, CUSTOMER))?.consent === 'opted_out', 5_000);
    await waitFor('the delivery of the STOP message', () => subscriber.received.some((r) => r.messageId === 'wamid.takeover-stop'), Math.max(0, 5_000 - (Date.now() - killedAt)));
    expect(subscriber.received.filter((r) => r.messageId === 'wamid.takeover-stop')).toHaveLength(1);
  }, 90_000);
});
