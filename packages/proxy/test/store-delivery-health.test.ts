/**
 * Subscription health in the queue, on SQLite and PostgreSQL alike: a failing target holds its queues behind one
 * probe (the oldest head), a success releases them all at once, a long failure pauses it, a resume or a replay
 * puts events back in order, and the claim shares itself among subscriptions.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { InboundMessageRecord } from '@kaiku/core';
import type { HealthPolicy, Store, Subscription } from '../src/store/index.js';
import { connectionInput, inboundRecord, openTestStore } from './store-fixtures.js';
import type { TestStore } from './store-fixtures.js';

const noEvents = { messages: [], statuses: [], consentChanges: [] };
const policy: HealthPolicy = { failingAfter: 3, probeEveryMs: 1_000, pauseAfterMs: 3_600_000, pauseAfterFailures: 0 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ids = (claimed: Array<{ payload: unknown }>) => claimed.map((d) => (d.payload as InboundMessageRecord).id);

describe.each(['sqlite', 'postgres'] as const)('subscription health in the queue (%s)', (kind) => {
  let t: TestStore;
  let store: Store;
  let ws: string;

  beforeEach(async () => {
    t = await openTestStore(kind);
    store = t.store;
    ws = (await store.createWorkspace({ name: 'Acme' })).id;
    await store.upsertConnection(connectionInput(ws));
  });
  afterEach(async () => {
    await t.cleanup();
  });

  async function enqueue(workspaceId: string, ...messages: InboundMessageRecord[]): Promise<void> {
    const conn = (await store.listConnections(ws))[0];
    const [id] = await store.saveWebhookReceipts([{ connectionId: conn?.id ?? '', body: Buffer.from('{}') }]);
    await store.applyWebhookReceipts([{ receiptId: id ?? 0, parts: [{ workspaceId, events: { ...noEvents, messages } }] }]);
  }

  function subscribe(workspaceId = ws, url = 'http://127.0.0.1:9/hook'): Promise<Subscription> {
    return store.createSubscription({ workspaceId, event: 'inbound_message', targetUrl: url, sink: null, secret: null, filter: null });
  }

  async function failAll(claimed: Array<{ id: string }>, error = 'could not connect: ECONNREFUSED') {
    const changes = [];
    for (const d of claimed) changes.push(await store.failDelivery(d.id, error, new Date(Date.now() + 5), policy));
    return changes.filter((c) => c !== null);
  }

  it('holds a failing subscription behind one probe, its oldest head, and releases every queue when it succeeds', async () => {
    const sub = await subscribe();
    const customers = ['A', 'B', 'C', 'D', 'E'];
    const first = customers.map((from) => inboundRecord({ from, text: '1' }));
    await enqueue(ws, ...first);
    const claimed = await store.claimDueDeliveries(10, 60_000);
    expect(ids(claimed).sort()).toEqual(ids(first.map((payload) => ({ payload }))).sort());
    const changes = await failAll(claimed.slice(0, 3));
    expect(changes).toEqual([expect.objectContaining({ subscriptionId: sub.id, from: 'active', to: 'failing' })]);
    await failAll(claimed.slice(3));
    // New events of a failing subscription are kept, held too.
    const second = customers.map((from) => inboundRecord({ from, text: '2' }));
    await enqueue(ws, ...second, inboundRecord({ from: 'F' }));
    await sleep(20);
    expect(await store.claimDueDeliveries(10, 60_000)).toEqual([]);
    const health = await store.getSubscriptionHealth(ws, sub.id);
    expect(health).toMatchObject({ state: 'failing', consecutiveFailures: 5, pending: 11, lastError: 'could not connect: ECONNREFUSED' });
    expect(health?.nextProbeAt?.getTime()).toBeGreaterThan(Date.now());

    await sleep((health?.nextProbeAt?.getTime() ?? 0) - Date.now() + 20);
    const [probe, ...others] = await store.claimDueDeliveries(10, 60_000);
    expect(others).toEqual([]);
    expect((probe?.payload as InboundMessageRecord).id).toBe(first[0]?.id);
    expect(await store.claimDueDeliveries(10, 60_000)).toEqual([]);

    const recovered = await store.completeDeliveries([probe?.id ?? '']);
    expect(recovered).toEqual([{ subscriptionId: sub.id, workspaceId: ws, from: 'failing', to: 'active', reason: null }]);
    // Backoff reset: every customer's head is due at once, in order per customer.
    const released = await store.claimDueDeliveries(20, 60_000);
    expect(released.map((d) => (d.payload as InboundMessageRecord).from).sort()).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    expect(ids(released.filter((d) => (d.payload as InboundMessageRecord).from === 'A'))).toEqual([second[0]?.id]);
    expect(await store.getSubscriptionHealth(ws, sub.id)).toMatchObject({ state: 'active', consecutiveFailures: 0, pending: 10 });
  });

  it('pauses a subscription that keeps failing, keeps its events, and a resume delivers them in order', async () => {
    const sub = await subscribe();
    const pausing = { ...policy, pauseAfterFailures: 4, probeEveryMs: 1_000 };
    await enqueue(ws, inboundRecord({ from: 'A', text: '1' }), inboundRecord({ from: 'A', text: '2' }));
    let change = null;
    for (let attempt = 0; attempt < 4; attempt += 1) {
      await sleep(attempt < 3 ? 10 : 1_050);
      const claimed = await store.claimDueDeliveries(5, 60_000);
      expect(claimed).toHaveLength(1);
      change = await store.failDelivery(claimed[0]?.id ?? '', 'HTTP 503 from the subscriber', new Date(Date.now() + 5), pausing);
    }
    expect(change).toMatchObject({ from: 'failing', to: 'paused' });
    expect(change?.reason).toContain('HTTP 503 from the subscriber');
    await enqueue(ws, inboundRecord({ from: 'A', text: '3' }));
    await sleep(1_100);
    expect(await store.claimDueDeliveries(5, 60_000)).toEqual([]);
    expect(await store.getSubscriptionHealth(ws, sub.id)).toMatchObject({ state: 'paused', pending: 3, consecutiveFailures: 4 });
    expect((await store.subscriptionStateCounts()).paused).toBe(1);

    expect(await store.setSubscriptionPaused(ws, sub.id, false, '')).toMatchObject({ from: 'paused', to: 'active' });
    const texts: string[] = [];
    for (let round = 0; round < 3; round += 1) {
      const claimed = await store.claimDueDeliveries(5, 60_000);
      expect(claimed).toHaveLength(1);
      texts.push(String((claimed[0]?.payload as InboundMessageRecord).text));
      await store.completeDeliveries(claimed.map((d) => d.id));
    }
    expect(texts).toEqual(['1', '2', '3']);
    expect(await store.setSubscriptionPaused('ws_other', sub.id, true, 'x')).toBeNull();
  });

  it('a paused subscription delivers nothing until it is resumed', async () => {
    const sub = await subscribe();
    await store.setSubscriptionPaused(ws, sub.id, true, 'paused through the API');
    await enqueue(ws, inboundRecord({ from: 'A' }));
    expect(await store.claimDueDeliveries(5, 60_000)).toEqual([]);
    expect(await store.getSubscriptionHealth(ws, sub.id)).toMatchObject({ state: 'paused', pausedReason: 'paused through the API', pending: 1 });
    await store.setSubscriptionPaused(ws, sub.id, false, '');
    expect(await store.claimDueDeliveries(5, 60_000)).toHaveLength(1);
  });

  it('replays dead deliveries, one or all of a subscription, into their queues', async () => {
    const sub = await subscribe();
    await enqueue(ws, inboundRecord({ from: 'A' }), inboundRecord({ from: 'B' }), inboundRecord({ from: 'C' }));
    const claimed = await store.claimDueDeliveries(5, 60_000);
    for (const d of claimed) await store.failDelivery(d.id, 'HTTP 500 for 24 hours', null, { ...policy, failingAfter: 100 });
    expect(await store.getSubscriptionHealth(ws, sub.id)).toMatchObject({ dead: 3, pending: 0 });
    const [one] = await store.listDeadDeliveries(ws, 10);
    expect(await store.replayDeadDeliveries('ws_other', { deliveryId: one?.id ?? '' })).toBe(0);
    expect(await store.replayDeadDeliveries(ws, { deliveryId: one?.id ?? '' })).toBe(1);
    const again = await store.claimDueDeliveries(5, 60_000);
    expect(again.map((d) => [d.eventId, d.attempts])).toEqual([[one?.eventId, 0]]);
    expect(await store.replayDeadDeliveries(ws, { subscriptionId: sub.id })).toBe(2);
    expect(await store.claimDueDeliveries(5, 60_000)).toHaveLength(2);
    expect(await store.getSubscriptionHealth(ws, sub.id)).toMatchObject({ dead: 0, pending: 3 });
  });

  it('tries a replay of a failing subscription at once, though its idle probe was put off for a minute', async () => {
    const sub = await subscribe();
    await enqueue(ws, inboundRecord({ from: 'A' }));
    const [first] = await store.claimDueDeliveries(5, 60_000);
    await store.failDelivery(first?.id ?? '', 'HTTP 503 from the subscriber', null, { ...policy, failingAfter: 1, probeEveryMs: 5 });
    await sleep(20);
    // The probe finds nothing to try and looks again in a minute.
    expect(await store.claimDueDeliveries(5, 60_000)).toEqual([]);
    const idle = await store.getSubscriptionHealth(ws, sub.id);
    expect(idle).toMatchObject({ state: 'failing', dead: 1, pending: 0 });
    expect(idle?.nextProbeAt?.getTime()).toBeGreaterThan(Date.now() + 50_000);
    // The subscriber is fixed and the dead delivery replayed: the probe takes it now, not in a minute.
    expect(await store.replayDeadDeliveries(ws, { subscriptionId: sub.id })).toBe(1);
    expect((await store.getSubscriptionHealth(ws, sub.id))?.nextProbeAt?.getTime()).toBeLessThanOrEqual(Date.now());
    const probe = await store.claimDueDeliveries(5, 60_000);
    expect(probe.map((d) => [d.id, d.attempts])).toEqual([[first?.id, 0]]);
    expect(await store.completeDeliveries([first?.id ?? ''])).toEqual([expect.objectContaining({ from: 'failing', to: 'active' })]);
  });

  it('does not start a second probe for a replay while one is in flight', async () => {
    const sub = await subscribe();
    const fast = { ...policy, failingAfter: 1, probeEveryMs: 5 };
    await enqueue(ws, inboundRecord({ from: 'A' }));
    const [dead] = await store.claimDueDeliveries(5, 60_000);
    await store.failDelivery(dead?.id ?? '', 'HTTP 503 from the subscriber', null, fast);
    await enqueue(ws, inboundRecord({ from: 'B' }));
    await sleep(20);
    const [probe, ...others] = await store.claimDueDeliveries(5, 60_000);
    expect([probe?.subscriptionId, others]).toEqual([sub.id, []]);
    expect(await store.replayDeadDeliveries(ws, { deliveryId: dead?.id ?? '' })).toBe(1);
    expect(await store.claimDueDeliveries(5, 60_000)).toEqual([]);
    // The probe's success releases the replayed delivery with the rest.
    await store.completeDeliveries([probe?.id ?? '']);
    expect((await store.claimDueDeliveries(5, 60_000)).map((d) => d.id)).toEqual([dead?.id]);
  });

  it('gives a slow probe, whose lease is renewed, no second probe beside it', async () => {
    const sub = await subscribe();
    await enqueue(ws, inboundRecord({ from: 'A' }), inboundRecord({ from: 'B' }));
    const claimed = await store.claimDueDeliveries(5, 60_000);
    for (const d of claimed) await store.failDelivery(d.id, 'timed out after 10 s', new Date(Date.now() + 1), { ...policy, failingAfter: 1, probeEveryMs: 5 });
    await sleep(20);
    const [probe, ...others] = await store.claimDueDeliveries(5, 300);
    expect([probe?.subscriptionId, others]).toEqual([sub.id, []]);
    // The probe is still waiting for the subscriber when its first lease would have run out; the worker renews it.
    await sleep(200);
    await store.renewDeliveryLeases([{ id: probe?.id ?? '', orderKey: probe?.orderKey ?? '' }], 300);
    await sleep(200);
    expect(await store.claimDueDeliveries(5, 300)).toEqual([]);
    // Once the probe fails, the next one is taken when due.
    await store.failDelivery(probe?.id ?? '', 'timed out after 10 s', new Date(Date.now() + 1), { ...policy, failingAfter: 1, probeEveryMs: 5 });
    await sleep(20);
    expect(await store.claimDueDeliveries(5, 300)).toHaveLength(1);
  });

  it('keeps a replay of a paused subscription until it is resumed', async () => {
    const sub = await subscribe();
    await enqueue(ws, inboundRecord({ from: 'A' }));
    const [first] = await store.claimDueDeliveries(5, 60_000);
    await store.failDelivery(first?.id ?? '', 'HTTP 503 from the subscriber', null, policy);
    await store.setSubscriptionPaused(ws, sub.id, true, 'paused by hand');
    expect(await store.replayDeadDeliveries(ws, { deliveryId: first?.id ?? '' })).toBe(1);
    expect(await store.claimDueDeliveries(5, 60_000)).toEqual([]);
    expect(await store.getSubscriptionHealth(ws, sub.id)).toMatchObject({ state: 'paused', nextProbeAt: null, pending: 1 });
    await store.setSubscriptionPaused(ws, sub.id, false, 'resumed');
    expect((await store.claimDueDeliveries(5, 60_000)).map((d) => d.id)).toEqual([first?.id]);
  });

  it('shares a claim among subscriptions: a deep backlog does not crowd out another subscription or workspace', async () => {
    const busy = await subscribe();
    const other = await subscribe();
    const ws2 = (await store.createWorkspace({ name: 'Other' })).id;
    const elsewhere = await subscribe(ws2);
    await enqueue(ws, ...Array.from({ length: 300 }, (_, i) => inboundRecord({ from: `c${i}` })));
    await store.deleteSubscription(ws, other.id);
    const late = await subscribe();
    await enqueue(ws, inboundRecord({ from: 'late' }));
    await enqueue(ws2, inboundRecord({ from: 'b' }));
    // `late` also got the first 300 events? No: it subscribed after them; it has one queue, `busy` has 301.
    const claimed = await store.claimDueDeliveries(12, 60_000);
    const bySub = (id: string) => claimed.filter((d) => d.subscriptionId === id).length;
    expect(bySub(late.id)).toBe(1);
    expect(bySub(elsewhere.id)).toBe(1);
    expect(bySub(busy.id)).toBe(10);
    // Skipped subscriptions (their host is at its cap) are left for later.
    const next = await store.claimDueDeliveries(50, 60_000, { skipSubscriptions: [busy.id] });
    expect(next).toEqual([]);
    expect(await store.claimDueDeliveries(50, 60_000)).toHaveLength(50);
  });

  it('renewed leases keep a delivery in flight; a lapsed one is handed out again', async () => {
    await subscribe();
    await enqueue(ws, inboundRecord({ from: 'A' }), inboundRecord({ from: 'B' }));
    const claimed = await store.claimDueDeliveries(5, 100);
    expect(claimed).toHaveLength(2);
    await store.renewDeliveryLeases(claimed.slice(0, 1).map((d) => ({ id: d.id, orderKey: d.orderKey })), 60_000);
    await sleep(150);
    const again = await store.claimDueDeliveries(5, 60_000);
    expect(again.map((d) => d.id)).toEqual([claimed[1]?.id]);
  });

  it('counts subscriptions per workspace and per state', async () => {
    const a = await subscribe();
    await subscribe();
    expect(await store.countSubscriptions(ws)).toBe(2);
    expect(await store.countSubscriptions('ws_none')).toBe(0);
    await store.setSubscriptionPaused(ws, a.id, true, 'x');
    expect(await store.subscriptionStateCounts()).toEqual({ active: 1, failing: 0, paused: 1 });
    expect(await store.getSubscriptionHealth('ws_none', a.id)).toBeNull();
  });
});
