/**
 * Reading messages and conversations: an outbound message with its statuses in the order they happened, inbound
 * messages paged without losing any, the conversation list's rows, and a subscription's delivery log with its
 * marked test events.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ActionDeps } from '../src/actions/context.js';
import { listSubscriptionDeliveries, sendTestEvent } from '../src/actions/delivery-log.js';
import { deliverySummary, listSubscriptionOverview } from '../src/actions/deliveries-overview.js';
import { getMessage, listInbound, listStatuses } from '../src/actions/get-message.js';
import { listConversations } from '../src/actions/list-conversations.js';
import type { ParsedWebhookEvents, Store } from '../src/store/index.js';
import { actionDeps } from './actions-deps.js';
import { connectionInput, inboundRecord, openTestStore, statusRecord } from './store-fixtures.js';
import type { TestStore } from './store-fixtures.js';

let t: TestStore;
let store: Store;
beforeAll(async () => {
  t = await openTestStore('sqlite');
  store = t.store;
});
afterAll(async () => t.cleanup());

const noEvents: ParsedWebhookEvents = { messages: [], statuses: [], consentChanges: [] };

async function workspace(phoneNumberId = '106540352242922'): Promise<{ workspaceId: string; connectionId: string; deps: ActionDeps }> {
  const workspaceId = (await store.createWorkspace({ name: 'Messages' })).id;
  const connectionId = (await store.upsertConnection(connectionInput(workspaceId, { phoneNumberId }))).id;
  return { workspaceId, connectionId, deps: actionDeps(store, {}, new Date('2026-11-25T12:00:00.000Z')) };
}

async function receive(connectionId: string, workspaceId: string, events: Partial<ParsedWebhookEvents>): Promise<void> {
  const [receiptId] = await store.saveWebhookReceipts([{ connectionId, body: Buffer.from('{}') }]);
  await store.applyWebhookReceipts([{ receiptId: receiptId ?? 0, parts: [{ workspaceId, events: { ...noEvents, ...events } }] }]);
}

async function refusal(run: () => Promise<unknown>): Promise<{ code: string; message: string; details: Record<string, unknown> }> {
  try {
    await run();
  } catch (error) {
    return error as { code: string; message: string; details: Record<string, unknown> };
  }
  throw new Error('expected a refusal');
}

describe('getMessage', () => {
  it('shows an outbound message with its statuses, same-second steps in the order they happen', async () => {
    const { workspaceId, connectionId } = await workspace('1001');
    await store.recordOutboundMessage({
      id: 'wamid.out1', workspaceId, connectionId, waId: '358401234567', type: 'template', templateName: 'order_update', templateCategory: 'UTILITY',
      sentAs: 'template', status: 'accepted', idempotencyKey: null, response: { id: 'wamid.out1' },
    });
    const second = '2026-11-25T10:00:05.000Z';
    await receive(connectionId, workspaceId, { statuses: [
      statusRecord({ id: 'wamid.out1', phone_number_id: '1001', status: 'read', timestamp: second }),
      statusRecord({ id: 'wamid.out1', phone_number_id: '1001', status: 'delivered', timestamp: second }),
      statusRecord({ id: 'wamid.out1', phone_number_id: '1001', status: 'sent', timestamp: second }),
      statusRecord({ id: 'wamid.out1', phone_number_id: '1001', status: 'failed', timestamp: '2026-11-25T10:00:09.000Z', error_code: 131047, error_message: 'Re-engagement message' }),
    ] });
    const { deps } = await workspace('1002');
    const view = await getMessage(deps, workspaceId, 'wamid.out1');
    expect(view).toMatchObject({ direction: 'outbound', id: 'wamid.out1', wa_id: '358401234567', type: 'template', template: 'order_update', sent_as: 'template' });
    expect(view.created_at).toMatch(/Z$/);
    expect(view.statuses.map((s) => s.status)).toEqual(['sent', 'delivered', 'read', 'failed']);
    expect(view.statuses[0]).toEqual({ status: 'sent', timestamp: second, error_code: null, error_message: null });
    expect(view.statuses[3]).toEqual({ status: 'failed', timestamp: '2026-11-25T10:00:09.000Z', error_code: 131047, error_message: 'Re-engagement message' });
  });

  it('shows an inbound message as its flat record with the detail fields, and 404 for another workspace\'s', async () => {
    const { workspaceId, connectionId, deps } = await workspace('1003');
    const record = inboundRecord({ id: 'wamid.in1', phone_number_id: '1003', from: '358401111111' });
    await receive(connectionId, workspaceId, { messages: [record] });
    expect(await getMessage(deps, workspaceId, 'wamid.in1')).toEqual({
      ...record, direction: 'inbound', wa_id: '358401111111', status: 'received', created_at: record.received_at, statuses: [],
    });
    const other = await workspace('1004');
    const error = await refusal(() => getMessage(other.deps, other.workspaceId, 'wamid.in1'));
    expect(error).toMatchObject({ code: 'not_found', details: { field: 'id' } });
    expect(error.message).toContain('The message "wamid.in1"');
  });
});

describe('listInbound and listStatuses', () => {
  it('pages newest first without losing any, filters by type and time', async () => {
    const { workspaceId, connectionId, deps } = await workspace('1005');
    const minutes = [0, 1, 2, 3, 4];
    await receive(connectionId, workspaceId, { messages: minutes.map((m) => inboundRecord({
      id: `wamid.p${m}`, phone_number_id: '1005', type: m === 2 ? 'image' : 'text', received_at: new Date(Date.parse('2026-11-25T10:00:00.000Z') + m * 60_000).toISOString(),
    })) });
    const first = await listInbound(deps, workspaceId, { limit: '2' });
    expect(first.data.map((r) => r.id)).toEqual(['wamid.p4', 'wamid.p3']);
    const second = await listInbound(deps, workspaceId, { limit: '2', cursor: first.next_cursor ?? undefined });
    expect(second.data.map((r) => r.id)).toEqual(['wamid.p2', 'wamid.p1']);
    const third = await listInbound(deps, workspaceId, { limit: '2', cursor: second.next_cursor ?? undefined });
    expect(third.data.map((r) => r.id)).toEqual(['wamid.p0']);
    expect(third.next_cursor).toBeNull();
    expect((await listInbound(deps, workspaceId, {})).data).toHaveLength(5);
    expect((await listInbound(deps, workspaceId, { type: 'image' })).data.map((r) => r.id)).toEqual(['wamid.p2']);
    expect((await listInbound(deps, workspaceId, { since: '2026-11-25T10:03:00Z' })).data.map((r) => r.id)).toEqual(['wamid.p4', 'wamid.p3']);
    expect((await listInbound(deps, workspaceId, { since: String(Date.parse('2026-11-25T10:03:00Z') / 1000) })).data.map((r) => r.id)).toEqual(['wamid.p4', 'wamid.p3']);
    expect((await listInbound(deps, workspaceId, { since: '' })).data).toHaveLength(5);
  });

  it('refuses a since that is no time, with an example', async () => {
    const { workspaceId, deps } = await workspace('1006');
    const error = await refusal(() => listInbound(deps, workspaceId, { since: 'yesterday' }));
    expect(error).toMatchObject({ code: 'validation_failed', details: { field: 'since' } });
    expect(error.message).toContain('ISO 8601 date-time such as 2026-01-31T12:00:00Z (or Unix seconds)');
  });

  it('lists the latest statuses, of one number when asked', async () => {
    const { workspaceId, connectionId, deps } = await workspace('1007');
    for (const id of ['wamid.s1', 'wamid.s2']) {
      await store.recordOutboundMessage({
        id, workspaceId, connectionId, waId: '358401234567', type: 'text', templateName: null, templateCategory: null,
        sentAs: 'free_form', status: 'accepted', idempotencyKey: null, response: { id },
      });
    }
    await receive(connectionId, workspaceId, { statuses: [
      statusRecord({ id: 'wamid.s1', phone_number_id: '1007', status: 'sent', timestamp: '2026-11-25T10:00:00.000Z' }),
      statusRecord({ id: 'wamid.s2', phone_number_id: '1007', status: 'delivered', timestamp: '2026-11-25T10:01:00.000Z' }),
    ] });
    expect((await listStatuses(deps, workspaceId, {})).map((s) => s.id).sort()).toEqual(['wamid.s1', 'wamid.s2']);
    expect(await listStatuses(deps, workspaceId, { limit: '1' })).toHaveLength(1);
    expect(await listStatuses(deps, workspaceId, { phoneNumberId: '9999' })).toEqual([]);
    expect(await listStatuses(deps, workspaceId, { phoneNumberId: '1007' })).toHaveLength(2);
  });
});

describe('listConversations', () => {
  it('shows each customer with the newest message, the window and consent, and pages by cursor', async () => {
    const { workspaceId, connectionId } = await workspace('1008');
    const deps = actionDeps(store, {}, new Date('2026-11-25T12:00:00.000Z'));
    await receive(connectionId, workspaceId, { messages: [
      inboundRecord({ id: 'wamid.c1', phone_number_id: '1008', from: '358401000001', profile_name: 'Aino', text: 'Hei', received_at: '2026-11-25T10:00:00.000Z' }),
      inboundRecord({ id: 'wamid.c2', phone_number_id: '1008', from: '358401000002', profile_name: 'Bertta', text: 'Moi', received_at: '2026-11-24T10:00:00.000Z' }),
    ] });
    const page = await listConversations(deps, workspaceId, { limit: '1' });
    expect(page.data).toHaveLength(1);
    const [aino] = page.data;
    expect(aino).toMatchObject({
      wa_id: '358401000001', profile_name: 'Aino', last_activity_at: '2026-11-25T10:00:00.000Z', unread_count: 1,
      window: { state: 'open', expires_at: '2026-11-26T10:00:00.000Z' }, consent: { status: 'unknown', updated_at: null },
    });
    expect(aino?.last_message).toMatchObject({ id: 'wamid.c1' });
    const next = await listConversations(deps, workspaceId, { limit: '1', cursor: page.next_cursor ?? undefined });
    expect(next.data.map((c) => c.wa_id)).toEqual(['358401000002']);
    expect(next.data[0]?.window).toEqual({ state: 'closed', closed_at: '2026-11-25T10:00:00.000Z' });
    const last = await listConversations(deps, workspaceId, { limit: '1', cursor: next.next_cursor ?? undefined });
    expect(last).toEqual({ data: [], next_cursor: null });
    const all = await listConversations(deps, workspaceId, {});
    expect(all.data).toHaveLength(2);
    expect(all.next_cursor).toBeNull();
    expect((await listConversations(deps, workspaceId, { q: '  Bertta  ' })).data.map((c) => c.wa_id)).toEqual(['358401000002']);
    expect((await listConversations(deps, workspaceId, { q: '   ' })).data).toHaveLength(2);
  });

  it('shows a customer never written to without a window, last message or activity', async () => {
    const { workspaceId } = await workspace('1009');
    const deps = actionDeps(store);
    await store.recordConsent(workspaceId, '358402000000', { status: 'opted_in', source: 'test', proof: null, recordedAt: new Date('2026-11-20T08:00:00.000Z') });
    const { data } = await listConversations(deps, workspaceId, {});
    const row = data.find((c) => c.wa_id === '358402000000');
    expect(row?.window).toEqual({ state: 'closed', closed_at: null });
    expect(row?.consent).toEqual({ status: 'opted_in', updated_at: '2026-11-20T08:00:00.000Z' });
  });
});

describe('the delivery log and test events', () => {
  async function subscribed(event: 'inbound_message' | 'message_status', filter: { phone_number_id: string } | null = null) {
    const ws = await workspace(`20${Math.floor(Math.random() * 1e6)}`);
    const subscription = await store.createSubscription({ workspaceId: ws.workspaceId, event, targetUrl: 'https://hooks.example.com/k', sink: null, secret: null, filter, source: 'api' });
    return { ...ws, subscription };
  }

  it('queues a marked test message event and lists it with its summary', async () => {
    const { workspaceId, deps, subscription } = await subscribed('inbound_message');
    const sent = await sendTestEvent(deps, workspaceId, subscription.id);
    expect(sent).toMatchObject({ event_type: 'inbound_message', test: true });
    expect(sent.event_id).toMatch(/^evt_test_[0-9a-f]{24}$/);
    const { data, next_cursor: nextCursor } = await listSubscriptionDeliveries(deps, workspaceId, subscription.id, { cursor: undefined, limit: undefined });
    expect(nextCursor).toBeNull();
    expect(data).toHaveLength(1);
    const [logged] = data;
    expect(logged).toMatchObject({ id: sent.delivery_id, event_id: sent.event_id, test: true, state: 'pending', attempts: 0, last_error: null, log: [] });
    expect(logged?.summary).toBe(`text from +0000000000: ${'This is a test event from Kaiku: no customer wrote it. If your flow ran, the subscription works.'.slice(0, 80)}…`);
    expect(logged?.next_attempt_at).toMatch(/Z$/);
  });

  it('tests a status subscription with a delivered status, on the filtered number', async () => {
    const { workspaceId, deps, subscription } = await subscribed('message_status', { phone_number_id: '777' });
    await sendTestEvent(deps, workspaceId, subscription.id);
    const [logged] = (await listSubscriptionDeliveries(deps, workspaceId, subscription.id, { cursor: undefined, limit: '5' })).data;
    expect(logged?.summary).toMatch(/^delivered: wamid\.KAIKU_TEST_[0-9a-f]{18} to \+0000000000$/);
    expect(logged?.event_type).toBe('message_status');
  });

  it('pages the log by cursor, newest first', async () => {
    const { workspaceId, deps, subscription } = await subscribed('inbound_message');
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) ids.push((await sendTestEvent(deps, workspaceId, subscription.id)).delivery_id);
    const first = await listSubscriptionDeliveries(deps, workspaceId, subscription.id, { cursor: undefined, limit: '2' });
    expect(first.data).toHaveLength(2);
    expect(first.next_cursor).not.toBeNull();
    const second = await listSubscriptionDeliveries(deps, workspaceId, subscription.id, { cursor: first.next_cursor ?? undefined, limit: '2' });
    expect(second.next_cursor).toBeNull();
    expect([...first.data, ...second.data].map((d) => d.id).sort()).toEqual([...ids].sort());
    const exact = await listSubscriptionDeliveries(deps, workspaceId, subscription.id, { cursor: undefined, limit: '3' });
    expect(exact.next_cursor).toBeNull();
  });

  it('answers 404 for an unknown subscription and for a sink', async () => {
    const { workspaceId, deps } = await workspace('3001');
    const sink = await store.createSubscription({ workspaceId, event: 'inbound_message', targetUrl: null, sink: 'hubspot', secret: null, filter: null, source: 'hubspot' });
    for (const id of ['sub_missing', sink.id]) {
      const error = await refusal(() => listSubscriptionDeliveries(deps, workspaceId, id, { cursor: undefined, limit: undefined }));
      expect(error).toMatchObject({ code: 'not_found', details: { field: 'id' } });
      expect(error.message).toContain(`The subscription "${id}"`);
      await expect(sendTestEvent(deps, workspaceId, id)).rejects.toMatchObject({ code: 'not_found' });
    }
  });

  it('summarises the subscriptions\' health for the badge, HubSpot\'s included and automations\' hidden', async () => {
    const { workspaceId, deps, subscription } = await subscribed('inbound_message');
    await store.createSubscription({ workspaceId, event: 'inbound_message', targetUrl: null, sink: 'hubspot', secret: null, filter: null, source: 'hubspot' });
    await store.createSubscription({ workspaceId, event: 'inbound_message', targetUrl: null, sink: 'automations', secret: null, filter: null, source: 'automations' });
    const overview = await listSubscriptionOverview(deps, workspaceId);
    expect(overview.map((s) => [s.id === subscription.id, s.http, s.platform])).toEqual(expect.arrayContaining([[true, true, expect.any(String)], [false, false, 'hubspot']]));
    expect(overview).toHaveLength(2);
    expect(await deliverySummary(deps, workspaceId)).toEqual({ subscriptions: 2, failing: 0, paused: 0, dead: 0, quarantined: 0, problems: 0 });
    await store.setSubscriptionPaused(workspaceId, subscription.id, true, 'test');
    expect(await deliverySummary(deps, workspaceId)).toMatchObject({ paused: 1, problems: 1 });
    await sendTestEvent(deps, workspaceId, subscription.id);
    const [logged] = (await listSubscriptionDeliveries(deps, workspaceId, subscription.id, { cursor: undefined, limit: undefined })).data;
    expect(logged?.next_attempt_at).toBeNull();
  });
});
