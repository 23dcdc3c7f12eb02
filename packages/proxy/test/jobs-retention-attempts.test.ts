/**
 * The delivery log under retention, on both stores: an attempt goes after `retentionDays`, except the attempts of
 * a dead delivery, which stay as long as the dead delivery does (`deadRetentionDays`).
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { consentKeyword } from '@kaiku/core';
import { createSecrets, generateEncryptionKey } from '../src/secrets.js';
import { ConnectionDirectory } from '../src/actions/receive-webhook.js';
import { WebhookApplier } from '../src/jobs/webhook-applier.js';
import { pruneExpired } from '../src/jobs/retention.js';
import type { Store } from '../src/store/index.js';
import type { DeliveryAttempt } from '../src/store/delivery-log.js';
import { connectionInput, openTestStore } from './store-fixtures.js';
import type { TestStore } from './store-fixtures.js';
import { inboundWebhook } from './intake-fixtures.js';

const DAY = 86_400_000;
const secrets = createSecrets(generateEncryptionKey());

describe.each(['sqlite', 'postgres'] as const)('retention of the delivery log (%s)', (kind) => {
  let t: TestStore;
  let store: Store;
  let ws: string;
  let subscriptionId: string;

  beforeEach(async () => {
    t = await openTestStore(kind);
    store = t.store;
    ws = (await store.createWorkspace({ name: 'A' })).id;
    const connection = await store.upsertConnection(connectionInput(ws, { appSecretEnc: secrets.encrypt('secret') }));
    subscriptionId = (await store.createSubscription({ workspaceId: ws, event: 'inbound_message', targetUrl: 'http://127.0.0.1:9/', sink: null, secret: null, filter: null })).id;
    const bodies = [0, 1].map((i) => Buffer.from(JSON.stringify(inboundWebhook({ id: `wamid.log${i}`, from: `35840000001${i}` }))));
    await store.saveWebhookReceipts(bodies.map((body) => ({ connectionId: connection.id, body })));
    await new WebhookApplier({ store, directory: new ConnectionDirectory(store, (s) => secrets.decrypt(s)), keyword: consentKeyword }).drain();
    const [done, dead] = await store.claimDueDeliveries(10, 60_000);
    const attempt = (deliveryId: string, n: number, outcome: DeliveryAttempt['outcome']): DeliveryAttempt => ({
      deliveryId, subscriptionId, workspaceId: ws, attempt: n, at: new Date(), durationMs: 12, statusCode: outcome === 'done' ? 200 : 500,
      error: outcome === 'done' ? null : 'HTTP 500 from the subscriber', outcome,
    });
    await store.deliveryLog.recordAttempts([attempt(done?.id ?? '', 1, 'done'), attempt(dead?.id ?? '', 1, 'dead')]);
    await store.completeDeliveries([done?.id ?? '']);
    await store.failDelivery(dead?.id ?? '', 'HTTP 500 from the subscriber', null);
  });
  afterEach(async () => {
    await t.cleanup();
  });

  const logged = async () => (await store.deliveryLog.list(ws, subscriptionId, { limit: 10, attemptsPerDelivery: 20 }))
    .map((d) => `${d.state}:${d.log.map((a) => a.outcome).join(',')}`);

  it('keeps a dead delivery\'s attempts as long as the dead delivery, the others for the ordinary retention', async () => {
    expect(await logged()).toEqual(['dead:dead', 'done:done']);
    await pruneExpired(store, { retentionDays: 30, deadRetentionDays: 90, batchSize: 1, now: () => Date.now() + 31 * DAY });
    expect(await logged()).toEqual(['dead:dead']);
    await pruneExpired(store, { retentionDays: 30, deadRetentionDays: 90, batchSize: 1, now: () => Date.now() + 91 * DAY });
    expect(await logged()).toEqual([]);
    expect(await store.deliveryLog.list(ws, subscriptionId, { limit: 10, attemptsPerDelivery: 20 })).toEqual([]);
  });

  async function attemptRows(): Promise<number> {
    const sql = 'select count(*) as n from delivery_attempts';
    if ('database' in store) return Number((store.database as { prepare(s: string): { get(): { n: number } } }).prepare(sql).get().n);
    const { rows } = await (store as unknown as { db: { query(s: string): Promise<{ rows: Array<{ n: string }> }> } }).db.query(sql);
    return Number(rows[0]?.n);
  }

  it('leaves nothing of a deleted workspace in the log', async () => {
    expect(await attemptRows()).toBe(2);
    await store.deleteWorkspace(ws);
    expect(await attemptRows()).toBe(0);
  });
});
