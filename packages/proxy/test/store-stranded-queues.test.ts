/**
 * PostgreSQL's queues are shared by several processes, and whether a new head is held is decided from the health row
 * as its writer read it. A writer that read "failing" just before a recovery committed, and committed its held head
 * just after the recovery released the queues, leaves that queue held under an active subscription. Such a queue is
 * found and made due by the next claim, while the queues of a subscription that is still failing stay held.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { InboundMessageRecord } from '@kaiku/core';
import type { HealthPolicy, Store, Subscription } from '../src/store/index.js';
import { TEST_DATABASE_URL, connectionInput, inboundRecord, openTestStore } from './store-fixtures.js';
import type { TestStore } from './store-fixtures.js';

const policy: HealthPolicy = { failingAfter: 1, probeEveryMs: 3_600_000, pauseAfterMs: 3_600_000, pauseAfterFailures: 0 };
const ids = (claimed: Array<{ payload: unknown }>) => claimed.map((d) => (d.payload as InboundMessageRecord).id);

describe('held queues under a subscription that is active again (postgres)', () => {
  let t: TestStore;
  let store: Store;
  let ws: string;
  let sql: pg.Client;

  beforeEach(async () => {
    t = await openTestStore('postgres');
    store = t.store;
    ws = (await store.createWorkspace({ name: 'Acme' })).id;
    await store.upsertConnection(connectionInput(ws));
    sql = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${t.location}` });
    await sql.connect();
  });
  afterEach(async () => {
    await sql.end();
    await t.cleanup();
  });

  async function enqueue(...messages: InboundMessageRecord[]): Promise<void> {
    const conn = (await store.listConnections(ws))[0];
    const [id] = await store.saveWebhookReceipts([{ connectionId: conn?.id ?? '', body: Buffer.from('{}') }]);
    await store.applyWebhookReceipts([{ receiptId: id ?? 0, parts: [{ workspaceId: ws, events: { messages, statuses: [], consentChanges: [] } }] }]);
  }

  /** A subscription made failing by one refused delivery (whose own retry is an hour away), and a held event behind it. */
  async function failingWithHeldEvent(): Promise<{ sub: Subscription; held: InboundMessageRecord }> {
    const sub = await store.createSubscription({ workspaceId: ws, event: 'inbound_message', targetUrl: 'http://127.0.0.1:9/hook', sink: null, secret: null, filter: null });
    await enqueue(inboundRecord({ from: 'A' }));
    const [first] = await store.claimDueDeliveries(10, 60_000);
    expect(await store.failDelivery(first?.id ?? '', 'could not connect: ECONNREFUSED', new Date(Date.now() + 3_600_000), policy))
      .toMatchObject({ from: 'active', to: 'failing' });
    const held = inboundRecord({ from: 'B' });
    await enqueue(held);
    const { rows } = await sql.query('select due_at from delivery_heads where subscription_id = $1 order by delivery_id', [sub.id]);
    expect(rows.map((r: { due_at: string | null }) => r.due_at)).toEqual([null, null]);
    return { sub, held };
  }

  it('releases a queue left held when the recovery committed between the writer\'s read and its commit', async () => {
    const { sub, held } = await failingWithHeldEvent();
    // The recovery's outcome as the lost race leaves it: the subscription active, a queue still held.
    await sql.query("update subscription_health set state = 'active', consecutive_failures = 0, failing_since = null, probe_at = null where subscription_id = $1", [sub.id]);
    await sql.query("update delivery_heads set due_at = $2 where subscription_id = $1 and delivery_id = (select min(delivery_id) from delivery_heads where subscription_id = $1)",
      [sub.id, Date.now() + 3_600_000]);
    // Each process looks once a second; another process (a pool that has not looked yet) finds it at once.
    const claimed = await (await t.reopen()).claimDueDeliveries(10, 60_000);
    expect(ids(claimed)).toEqual([held.id]);
  });

  it('keeps the queues of a subscription that is still failing held', async () => {
    await failingWithHeldEvent();
    expect(await (await t.reopen()).claimDueDeliveries(10, 60_000)).toEqual([]);
  });
});
