/** The delivery queue and the send throughput bucket, run against SQLite and PostgreSQL alike. */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { InboundMessageRecord } from '@kaiku/core';
import type { Store } from '../src/store/index.js';
import { connectionInput, inboundRecord, openTestStore, statusRecord } from './store-fixtures.js';
import type { TestStore } from './store-fixtures.js';

const noEvents = { messages: [], statuses: [], consentChanges: [] };

describe.each(['sqlite', 'postgres'] as const)('delivery queue (%s)', (kind) => {
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

  async function applyMessages(...messages: InboundMessageRecord[]): Promise<number> {
    const conn = (await store.listConnections(ws))[0];
    const [id] = await store.saveWebhookReceipts([{ connectionId: conn?.id ?? '', body: Buffer.from('{}') }]);
    const applied = await store.applyWebhookReceipts([{ receiptId: id ?? 0, parts: [{ workspaceId: ws, events: { ...noEvents, messages } }] }]);
    return applied[0]?.deliveriesEnqueued ?? 0;
  }

  function subscribe(event: 'inbound_message' | 'message_status', filter: { type?: string; phone_number_id?: string } | null = null) {
    return store.createSubscription({ workspaceId: ws, event, targetUrl: 'http://127.0.0.1:9/hook', sink: null, secret: 's', filter });
  }

  it('fans each new event out to every matching subscription with a stable event id', async () => {
    const all = await subscribe('inbound_message');
    const textOnly = await subscribe('inbound_message', { type: 'text' });
    await subscribe('message_status');
    const text = inboundRecord({ from: '111' });
    const image = inboundRecord({ from: '222', type: 'image', text: null });
    expect(await applyMessages(text, image)).toBe(3);
    expect(await applyMessages(text)).toBe(0);
    const claimed = await store.claimDueDeliveries(10, 60_000);
    expect(claimed.map((d) => [d.subscriptionId, (d.payload as InboundMessageRecord).id]).sort()).toEqual(
      [[all.id, text.id], [all.id, image.id], [textOnly.id, text.id]].sort(),
    );
    const ids = claimed.map((d) => d.eventId);
    expect(new Set(ids).size).toBe(3);
    expect(claimed[0]?.subscription.targetUrl).toBe('http://127.0.0.1:9/hook');
    expect(claimed.find((d) => d.subscriptionId === all.id && d.eventType === 'inbound_message' && (d.payload as InboundMessageRecord).from === '222')?.payload).toEqual(image);
    expect(await store.pendingDeliveryCount()).toBe(3);
  });

  it('fans out to a subscription filtered on a business number only the events of that number', async () => {
    const support = await subscribe('inbound_message', { phone_number_id: 'pn_support' });
    const supportImages = await subscribe('inbound_message', { phone_number_id: 'pn_support', type: 'image' });
    const toSales = inboundRecord({ from: '111', phone_number_id: 'pn_sales' });
    const toSupport = inboundRecord({ from: '222', phone_number_id: 'pn_support' });
    const imageToSupport = inboundRecord({ from: '333', phone_number_id: 'pn_support', type: 'image', text: null });
    expect(await applyMessages(toSales, toSupport, imageToSupport)).toBe(3);
    const claimed = await store.claimDueDeliveries(10, 60_000);
    expect(claimed.map((d) => [d.subscriptionId, (d.payload as InboundMessageRecord).id]).sort()).toEqual(
      [[support.id, toSupport.id], [support.id, imageToSupport.id], [supportImages.id, imageToSupport.id]].sort(),
    );
  });

  it('delivers per customer in order: one in flight, none past a pending earlier one', async () => {
    await subscribe('inbound_message');
    const [a1, a2, b1] = [inboundRecord({ from: 'A', text: '1' }), inboundRecord({ from: 'A', text: '2' }), inboundRecord({ from: 'B' })];
    await applyMessages(a1, a2, b1);
    const first = await store.claimDueDeliveries(10, 60_000);
    expect(first.map((d) => (d.payload as InboundMessageRecord).id)).toEqual([a1.id, b1.id]);
    expect(await store.claimDueDeliveries(10, 60_000)).toEqual([]);
    const [da1, db1] = first;
    // A failed first delivery scheduled for later keeps the second one waiting behind it.
    await store.failDelivery(da1?.id ?? '', 'HTTP 500', new Date(Date.now() + 3_600_000));
    expect(await store.claimDueDeliveries(10, 60_000)).toEqual([]);
    // Dead-lettered, it stops blocking; completed deliveries leave the queue.
    await store.failDelivery(da1?.id ?? '', 'HTTP 500 for 24 hours', null);
    await store.completeDeliveries([db1?.id ?? '']);
    const next = await store.claimDueDeliveries(10, 60_000);
    expect(next.map((d) => (d.payload as InboundMessageRecord).id)).toEqual([a2.id]);
    const dead = await store.listDeadDeliveries(ws, 10);
    expect(dead.map((d) => [d.eventId, d.state, d.attempts, d.lastError])).toEqual([[da1?.eventId, 'dead', 2, 'HTTP 500 for 24 hours']]);
    expect(await store.listDeadDeliveries('ws_other', 10)).toEqual([]);
    expect(await store.pendingDeliveryCount()).toBe(1);
  });

  it('hands a leased delivery out again only after its lease ends', async () => {
    await subscribe('inbound_message');
    await applyMessages(inboundRecord());
    const [leased] = await store.claimDueDeliveries(10, 0);
    const [again] = await store.claimDueDeliveries(10, 60_000);
    expect(again?.eventId).toBe(leased?.eventId);
    expect(await store.claimDueDeliveries(10, 60_000)).toEqual([]);
  });

  it('never hands one delivery to two claimers at once', async () => {
    await subscribe('inbound_message');
    const messages = Array.from({ length: 40 }, (_, i) => inboundRecord({ from: `c${i}` }));
    await applyMessages(...messages);
    const other = await t.reopen();
    const claims = await Promise.all([store, other, store, other].map((s) => s.claimDueDeliveries(15, 60_000)));
    const ids = claims.flat().map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(40);
  });

  it('removes pending deliveries with their subscription and enqueues status events', async () => {
    const sub = await subscribe('inbound_message');
    const statuses = await subscribe('message_status', { type: 'failed' });
    await applyMessages(inboundRecord());
    expect(await store.deleteSubscription(ws, sub.id)).toBe(true);
    expect(await store.deleteSubscription(ws, sub.id)).toBe(false);
    expect(await store.getSubscription(ws, sub.id)).toBeNull();
    expect(await store.pendingDeliveryCount()).toBe(0);
    const conn = (await store.listConnections(ws))[0];
    const [id] = await store.saveWebhookReceipts([{ connectionId: conn?.id ?? '', body: Buffer.from('{}') }]);
    const failed = statusRecord({ status: 'failed', error_code: 131026, error_message: 'Not on WhatsApp' });
    const applied = await store.applyWebhookReceipts([{ receiptId: id ?? 0, parts: [{ workspaceId: ws, events: { ...noEvents, statuses: [statusRecord(), failed] } }] }]);
    expect(applied[0]?.deliveriesEnqueued).toBe(1);
    const [delivery] = await store.claimDueDeliveries(10, 60_000);
    expect([delivery?.subscriptionId, delivery?.eventType, delivery?.payload]).toEqual([statuses.id, 'message_status', failed]);
    expect((await store.listSubscriptions(ws)).map((s) => s.id)).toEqual([statuses.id]);
  });

  it('caps sends per phone number with one token bucket shared by every store instance', async () => {
    const other = await t.reopen();
    const takes = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? store : other).takeSendToken('pn1', 2)));
    const expected = kind === 'postgres' ? 2 : 4; // SQLite: one bucket per process (one process owns the file).
    expect(takes.filter(Boolean)).toHaveLength(expected);
    expect(await store.takeSendToken('pn2', 2)).toBe(true);
  });
});
