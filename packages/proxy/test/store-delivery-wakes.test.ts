/**
 * On PostgreSQL several processes share the queue, and a claim works out when each subscription is next due from
 * what its statement saw. A queue committed while a claim runs must not be left under a sleeping subscription: a
 * writer that changed the subscription's row keeps its `due_at` (played here with a second connection holding its
 * transaction open while a claim runs), and the once-a-second sweep wakes a subscription whose due queue no claim
 * would look at.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { PoolClient } from 'pg';
import type { Store, Subscription } from '../src/store/index.js';
import { wakeSubscriptions } from '../src/store/postgres/deliveries.js';
import { TEST_DATABASE_URL, connectionInput, inboundRecord, openTestStore } from './store-fixtures.js';
import type { TestStore } from './store-fixtures.js';

const noEvents = { messages: [], statuses: [], consentChanges: [] };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('wakes that race a claim (postgres)', () => {
  let t: TestStore;
  let store: Store;
  let ws: string;
  let sub: Subscription;
  let other: pg.Client;

  beforeEach(async () => {
    t = await openTestStore('postgres');
    store = t.store;
    ws = (await store.createWorkspace({ name: 'Acme' })).id;
    await store.upsertConnection(connectionInput(ws));
    sub = await store.createSubscription({ workspaceId: ws, event: 'inbound_message', targetUrl: 'http://127.0.0.1:9/hook', sink: null, secret: null, filter: null });
    other = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await other.connect();
    await other.query(`set search_path to ${t.location}`);
  });
  afterEach(async () => {
    await other.end();
    await t.cleanup();
  });

  /** One customer's message, stored and applied: one delivery for the subscription. */
  async function enqueueOne(): Promise<void> {
    const conn = (await store.listConnections(ws))[0];
    const [receipt] = await store.saveWebhookReceipts([{ connectionId: conn?.id ?? '', body: Buffer.from('{}') }]);
    await store.applyWebhookReceipts([{ receiptId: receipt ?? 0, parts: [{ workspaceId: ws, events: { ...noEvents, messages: [inboundRecord({ from: 'A' })] } }] }]);
  }

  /** One delivery for the subscription, then its queue taken away and the subscription left due with no queue. */
  async function dueWithoutQueue(): Promise<{ deliveryId: string; head: Record<string, unknown> }> {
    await enqueueOne();
    const { rows: [head] } = await other.query('delete from delivery_heads where subscription_id = $1 returning *', [sub.id]);
    await other.query('update subscription_health set due_at = $2 where subscription_id = $1', [sub.id, Date.now() - 1_000]);
    return { deliveryId: String(head.delivery_id), head };
  }

  /** Puts the queue back in a transaction left open; `then` runs in it before the commit. */
  async function putBackOpen(head: Record<string, unknown>, then: string | null): Promise<() => Promise<void>> {
    await other.query('begin');
    await other.query(`insert into delivery_heads (order_key, subscription_id, workspace_id, delivery_id, receipt_id, due_at)
      values ($1, $2, $3, $4, $5, $6)`, [head.order_key, head.subscription_id, head.workspace_id, head.delivery_id, head.receipt_id, Date.now()]);
    if (then !== null) await other.query(then, [sub.id, Date.now()]);
    return async () => {
      await other.query('commit');
    };
  }

  /** A claim that runs while the other transaction is open, which then commits; resolves with what it claimed. */
  async function claimDuring(commit: () => Promise<void>): Promise<string[]> {
    const claim = store.claimDueDeliveries(10, 60_000);
    await sleep(150);
    await commit();
    return (await claim).map((d) => d.id);
  }

  it('keeps the due time a writer set while a claim that could not see its queue was deciding', async () => {
    const { deliveryId, head } = await dueWithoutQueue();
    // The writer wakes the subscription as a replay or a recovery does: its row is locked and changed.
    const commit = await putBackOpen(head, 'update subscription_health set due_at = $2 where subscription_id = $1');
    // That claim saw a due subscription without a queue; it waits for the row, and must not put it to sleep.
    expect(await claimDuring(commit)).toEqual([]);
    const { rows: [health] } = await other.query('select due_at from subscription_health where subscription_id = $1', [sub.id]);
    expect(health.due_at).not.toBeNull();
    expect((await store.claimDueDeliveries(10, 60_000)).map((d) => d.id)).toEqual([deliveryId]);
  });

  it('wakes within a second a subscription asleep over a due queue, or due later than its earliest queue', async () => {
    // What a claim leaves when an applier, whose wake changed nothing (the subscription was already due), commits a
    // queue while the claim puts the subscription to sleep: nothing makes the claim wait, so it is set up directly.
    const { deliveryId, head } = await dueWithoutQueue();
    await (await putBackOpen(head, null))();
    await other.query('update subscription_health set due_at = null where subscription_id = $1', [sub.id]);
    await sleep(1_100);
    expect((await store.claimDueDeliveries(10, 60_000)).map((d) => d.id)).toEqual([deliveryId]);
    await store.failDelivery(deliveryId, 'HTTP 500', new Date(Date.now() - 1), { failingAfter: 100, probeEveryMs: 1_000, pauseAfterMs: 3_600_000, pauseAfterFailures: 0 });
    await other.query('update subscription_health set due_at = $2 where subscription_id = $1', [sub.id, Date.now() + 3_600_000]);
    await sleep(1_100);
    expect((await store.claimDueDeliveries(10, 60_000)).map((d) => d.id)).toEqual([deliveryId]);
  });

  it('sweeps without holding a subscription while it waits for a queue a writer holds (no deadlock)', async () => {
    const { deliveryId } = await dueWithoutQueue();
    // What the sweep is for: an active subscription asleep over a held queue.
    await other.query(`insert into delivery_heads (order_key, subscription_id, workspace_id, delivery_id, receipt_id, due_at)
      select order_key, subscription_id, workspace_id, id, receipt_id, null from deliveries where id = $1`, [deliveryId]);
    await other.query('update subscription_health set due_at = null where subscription_id = $1', [sub.id]);
    // A writer (a replay, an applier) holds the queue's head, and then writes the subscription's row.
    await other.query('begin');
    await other.query('select 1 from delivery_heads where subscription_id = $1 for update', [sub.id]);
    const claim = store.claimDueDeliveries(10, 60_000);
    await sleep(200);
    await other.query('update subscription_health set due_at = due_at where subscription_id = $1', [sub.id]);
    await other.query('commit');
    // The sweep released the queue and woke the subscription, and the same claim took the delivery.
    expect((await claim).map((d) => d.id)).toEqual([deliveryId]);
  });

  it('claims nothing under a paused subscription, even a head a writer left due just before the pause', async () => {
    await enqueueOne();
    // What a writer that read "active" leaves when it commits after the pause held the queues: a due head.
    await store.setSubscriptionPaused(ws, sub.id, true, 'paused by hand');
    await other.query('update delivery_heads set due_at = $2 where subscription_id = $1', [sub.id, Date.now()]);
    await other.query('update subscription_health set due_at = $2 where subscription_id = $1', [sub.id, Date.now()]);
    await sleep(1_100);
    expect(await store.claimDueDeliveries(10, 60_000)).toEqual([]);
    await store.setSubscriptionPaused(ws, sub.id, false, 'resumed');
    expect(await store.claimDueDeliveries(10, 60_000)).toHaveLength(1);
  });

  it('wakes subscriptions locking their rows in id order, whatever order the planner picks (no deadlock with a failure)', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => `sub${i + 1}`);
    await other.query(`insert into subscription_health (subscription_id, workspace_id) select s, $2 from unnest($1::text[]) as t(s)`, [ids, ws]);
    await other.query('analyze subscription_health');
    // A pair that a plain "in (select … order by …)" update touches out of order here (it hashes the list), if any.
    const naive = `update subscription_health set due_at = $1 where subscription_id in (select s from unnest($2::text[]) as t(s) order by s)
      and (due_at is null or due_at > $1) returning subscription_id`;
    let pair = [ids[0] ?? '', ids[1] ?? ''].sort();
    for (let i = 0; i + 1 < ids.length; i += 1) {
      const candidate = [ids[i] ?? '', ids[i + 1] ?? ''].sort();
      await other.query('begin');
      const { rows } = await other.query(naive, [5, candidate]);
      await other.query('rollback');
      if (rows[0]?.subscription_id !== candidate[0]) { pair = candidate; break; }
    }
    // A failure's transaction locks the first of the two, as failDeliveries does (in id order).
    const failing = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await failing.connect();
    await failing.query(`set search_path to ${t.location}`);
    try {
      await failing.query('begin');
      await failing.query('select 1 from subscription_health where subscription_id = $1 for update', [pair[0]]);
      const wake = other.query('begin')
        .then(() => wakeSubscriptions(other as unknown as PoolClient, pair.map((id) => ({ subscriptionId: id, workspaceId: ws })), 5))
        .then(() => other.query('commit')).then(() => 'woken', (error: Error) => error.message);
      await sleep(300);
      // Then the second: a wake that had locked it first would deadlock here.
      await failing.query('select 1 from subscription_health where subscription_id = $1 for update', [pair[1]]);
      await failing.query('commit');
      expect(await wake).toBe('woken');
    } finally {
      await failing.end();
    }
  });

  it('puts a probe off one lease, not a minute, when its heads are locked by a writer at that moment', async () => {
    await enqueueOne();
    const [first] = await store.claimDueDeliveries(10, 60_000);
    await store.failDelivery(first?.id ?? '', 'HTTP 503', new Date(Date.now() + 1), { failingAfter: 1, probeEveryMs: 5, pauseAfterMs: 3_600_000, pauseAfterFailures: 0 });
    await sleep(20);
    await other.query('begin');
    await other.query('select 1 from delivery_heads where subscription_id = $1 for update', [sub.id]);
    expect(await store.claimDueDeliveries(10, 4_000)).toEqual([]);
    await other.query('commit');
    const next = (await store.getSubscriptionHealth(ws, sub.id))?.nextProbeAt?.getTime() ?? 0;
    expect(next - Date.now()).toBeLessThanOrEqual(4_000);
  });
});
