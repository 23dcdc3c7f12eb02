/** Conversations, timelines, read marks and the event log, against SQLite and PostgreSQL alike. */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { Store } from '../src/store/index.js';
import type { ParsedWebhookEvents } from '../src/store/types.js';
import { timelineCursor } from '../src/store/conversation-rows.js';
import { connectionInput, inboundRecord, openTestStore, statusRecord, TEST_DATABASE_URL } from './store-fixtures.js';
import type { TestStore } from './store-fixtures.js';

/** Polls until `check` gives a value (a busy shared PostgreSQL server shows new events a moment later). */
async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for the events');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const noEvents: ParsedWebhookEvents = { messages: [], statuses: [], consentChanges: [] };

describe.each(['sqlite', 'postgres'] as const)('conversations (%s)', (kind) => {
  let t: TestStore;
  let store: Store;
  let ws: string;
  let connectionId: string;

  beforeEach(async () => {
    t = await openTestStore(kind);
    store = t.store;
    ws = (await store.createWorkspace({ name: 'Acme' })).id;
    connectionId = (await store.upsertConnection(connectionInput(ws))).id;
  });
  afterEach(async () => {
    await t.cleanup();
  });

  async function receive(workspaceId: string, events: Partial<ParsedWebhookEvents>): Promise<void> {
    const [receiptId] = await store.saveWebhookReceipts([{ connectionId, body: Buffer.from('{}') }]);
    await store.applyWebhookReceipts([{ receiptId: receiptId ?? 0, parts: [{ workspaceId, events: { ...noEvents, ...events } }] }]);
  }

  function sent(id: string, waId: string, content: Record<string, unknown>) {
    return store.recordOutboundMessage({
      id, workspaceId: ws, connectionId, waId, type: 'text', templateName: null, templateCategory: null, sentAs: 'free_form',
      status: 'accepted', idempotencyKey: null, response: { id }, content,
    });
  }

  it('lists customers by newest activity with unread counts, searches by name or number, and pages by cursor', async () => {
    await receive(ws, { messages: [
      inboundRecord({ id: 'wamid.a1', from: '358401000001', profile_name: 'Aino', received_at: '2026-11-25T10:00:00.000Z' }),
      inboundRecord({ id: 'wamid.a2', from: '358401000001', profile_name: 'Aino', received_at: '2026-11-25T10:01:00.000Z' }),
      inboundRecord({ id: 'wamid.b1', from: '358401000002', profile_name: 'Bertta 50%', received_at: '2026-11-25T10:02:00.000Z' }),
    ] });
    await sent('wamid.out.c', '358401000003', { text: 'Your order shipped' });
    const all = await store.listConversations(ws, { limit: 10 });
    expect(all.map((c) => [c.waId, c.unreadCount])).toEqual([['358401000003', 0], ['358401000002', 1], ['358401000001', 2]]);
    expect(all[1]?.profileName).toBe('Bertta 50%');

    expect((await store.listConversations(ws, { limit: 10, search: 'aIn' })).map((c) => c.waId)).toEqual(['358401000001']);
    expect((await store.listConversations(ws, { limit: 10, search: '1000002' })).map((c) => c.waId)).toEqual(['358401000002']);
    expect((await store.listConversations(ws, { limit: 10, search: '0%' })).map((c) => c.waId)).toEqual(['358401000002']);

    const first = await store.listConversations(ws, { limit: 2 });
    const last = first[first.length - 1];
    const rest = await store.listConversations(ws, { limit: 2, cursor: { at: last?.lastActivityAt.getTime() ?? 0, waId: last?.waId ?? '' } });
    expect([...first, ...rest].map((c) => c.waId)).toEqual(all.map((c) => c.waId));

    const other = (await store.createWorkspace({ name: 'Other' })).id;
    expect(await store.listConversations(other, { limit: 10 })).toEqual([]);
  });

  it('marks a conversation read up to its newest message and counts what comes after', async () => {
    await receive(ws, { messages: [inboundRecord({ id: 'wamid.r1', received_at: '2026-11-25T10:00:00.000Z' })] });
    expect(await store.markConversationRead(ws, '358401234567')).toEqual({ lastInboundId: 'wamid.r1', phoneNumberId: '106540352242922' });
    expect((await store.getConversation(ws, '358401234567'))?.unreadCount).toBe(0);
    await receive(ws, { messages: [inboundRecord({ id: 'wamid.r2', received_at: '2026-11-25T10:05:00.000Z' })] });
    expect((await store.getConversation(ws, '358401234567'))?.unreadCount).toBe(1);
    expect(await store.markConversationRead(ws, '358400000000')).toEqual({ lastInboundId: null, phoneNumberId: null });
  });

  it('keeps one timeline of both directions, newest first, with what was sent and why a send failed', async () => {
    await receive(ws, { messages: [inboundRecord({ id: 'wamid.in1', text: 'Where is my order?', received_at: '2020-01-01T10:00:00.000Z' })] });
    await sent('wamid.out1', '358401234567', { text: 'On its way' });
    await sent('wamid.out2', '358401234567', { media: { type: 'image', id: 'media-1' } });
    await receive(ws, { statuses: [statusRecord({ id: 'wamid.out2', status: 'failed', error_code: 131026, error_message: 'Message undeliverable' })] });
    const timeline = await store.listTimeline(ws, '358401234567', { limit: 10 });
    expect(timeline.map((item) => [item.direction, item.id])).toEqual([['outbound', 'wamid.out2'], ['outbound', 'wamid.out1'], ['inbound', 'wamid.in1']]);
    const [failed, ok, inbound] = timeline;
    expect(failed?.direction === 'outbound' && failed.failure).toEqual({ code: 131026, message: 'Message undeliverable' });
    expect(ok?.direction === 'outbound' && ok.message.content).toEqual({ text: 'On its way' });
    expect(ok?.direction === 'outbound' && ok.failure).toBeNull();
    expect(inbound?.direction === 'inbound' && inbound.record.text).toBe('Where is my order?');

    if (ok === undefined) throw new Error('no second item');
    const older = await store.listTimeline(ws, '358401234567', { limit: 10, before: timelineCursor(ok) });
    expect(older.map((item) => item.id)).toEqual(['wamid.in1']);
    expect((await store.getInboundMessage(ws, 'wamid.in1'))?.text).toBe('Where is my order?');
    expect(await store.getInboundMessage(ws, 'wamid.out1')).toBeNull();
  });

  it('orders messages of the same second by arrival and pages through them without loss', async () => {
    const same = '2026-11-25T10:00:00.000Z';
    await receive(ws, { messages: ['wamid.z', 'wamid.a', 'wamid.m'].map((id) => inboundRecord({ id, received_at: same })) });
    await sent('wamid.tie-out', '358401234567', { text: 'x' });
    const all = await store.listTimeline(ws, '358401234567', { limit: 10 });
    expect(all.map((i) => i.id)).toEqual(['wamid.tie-out', 'wamid.m', 'wamid.a', 'wamid.z']);
    const paged: string[] = [];
    let before;
    for (;;) {
      const page = await store.listTimeline(ws, '358401234567', { limit: 1, ...(before ? { before } : {}) });
      const [item] = page;
      if (item === undefined) break;
      paged.push(item.id);
      before = timelineCursor(item);
    }
    expect(paged).toEqual(all.map((i) => i.id));
  });

  it('pages inbound messages past any burst with a cursor, losing none', async () => {
    const burst = Array.from({ length: 7 }, (_, i) => inboundRecord({ id: `wamid.burst${i}`, received_at: '2026-11-25T10:00:00.000Z' }));
    await receive(ws, { messages: burst });
    const seen: string[] = [];
    let before;
    for (;;) {
      const page = await store.pageInboundMessages(ws, { limit: 3, ...(before ? { before } : {}) });
      seen.push(...page.map((p) => p.record.id));
      if (page.length < 3) break;
      before = page[page.length - 1]?.cursor;
    }
    expect([...seen].sort()).toEqual(burst.map((m) => m.id).sort());
    expect(new Set(seen).size).toBe(7);
  });

  it('logs new messages, statuses, consent changes, sends and reads once each, and resumes after a cursor', async () => {
    const start = await store.latestEventCursor(ws);
    const hello = inboundRecord({ id: 'wamid.e1' });
    await receive(ws, { messages: [hello] });
    await receive(ws, { messages: [hello] });
    await sent('wamid.eout', '358401234567', { text: 'Hi' });
    await receive(ws, { statuses: [statusRecord({ id: 'wamid.eout', status: 'delivered' })] });
    await receive(ws, { consentChanges: [{ waId: '358401234567', dedupeKey: 'stop-1', event: { status: 'opted_out' as const, source: 'keyword', proof: 'STOP', recordedAt: new Date() } }] });
    await store.markConversationRead(ws, '358401234567');
    await store.markConversationRead(ws, '358401234567');
    // PostgreSQL shows an event once every older transaction of the server has ended: on a busy server, a moment later.
    const events = await eventually(async () => {
      const seen = await store.listEvents(ws, start, 100);
      return seen.length >= 5 ? seen : undefined;
    });
    expect(events.map((e) => [e.type, e.data.direction ?? e.data.status ?? null])).toEqual([
      ['message', 'inbound'], ['message', 'outbound'], ['status', 'delivered'], ['consent', 'opted_out'], ['read', null],
    ]);
    expect(events.every((e) => e.waId === '358401234567')).toBe(true);
    const resumed = await store.listEvents(ws, events[2]?.cursor ?? null, 100);
    expect(resumed.map((e) => e.type)).toEqual(['consent', 'read']);
    expect(await store.latestEventCursor(ws)).toBe(events[4]?.cursor);
    const other = (await store.createWorkspace({ name: 'Other' })).id;
    expect(await store.listEvents(other, null, 100)).toEqual([]);
  });

  if (kind === 'postgres') {
    it('never passes an event whose transaction commits after a later one (two processes)', async () => {
      const start = await store.latestEventCursor(ws);
      const slow = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${t.location}` });
      await slow.connect();
      try {
        await slow.query('begin');
        await slow.query(`insert into events (workspace_id, type, wa_id, data, created_at) values ($1, 'message', '358401234567', '{"n":1}', 0)`, [ws]);
        await store.appendEvents(ws, [{ type: 'message', waId: '358401234567', data: { n: 2 } }]);
        expect(await store.listEvents(ws, start, 100)).toEqual([]);
        await slow.query('commit');
      } finally {
        await slow.end();
      }
      expect((await eventually(async () => {
        const seen = await store.listEvents(ws, start, 100);
        return seen.length >= 2 ? seen : undefined;
      })).map((e) => e.data.n)).toEqual([1, 2]);
    });
  }
});
