/**
 * What the automation runner reads, on both stores: the applier writes nothing for it (no delivery, no row of its
 * own); a workspace's cursor starts at its newest event and reads inbound messages only; one owner holds a cursor
 * until its lease lapses; parked messages come out one per customer, the next once the first is done; the
 * backlog is the distance to the cursor plus the parked; and a claim reads no long queue (by its plan and the
 * rows it visits, not by time).
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { consentKeyword } from '@kaiku/core';
import { createSecrets, generateEncryptionKey } from '../src/secrets.js';
import { ConnectionDirectory } from '../src/actions/receive-webhook.js';
import { WebhookApplier } from '../src/jobs/webhook-applier.js';
import { PARKED_CLAIM_SQL } from '../src/store/automation-feed.js';
import type { Connection, PostgresStore, Store } from '../src/store/index.js';
import { connectionInput, openTestStore, statusRecord } from './store-fixtures.js';
import type { TestStore } from './store-fixtures.js';
import { inboundWebhook } from './intake-fixtures.js';

const secrets = createSecrets(generateEncryptionKey());
const T0 = new Date('2026-11-25T10:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describe.each(['sqlite', 'postgres'] as const)('automation feed (%s)', (kind) => {
  let t: TestStore;
  let store: Store;
  let ws: string;
  let connection: Connection;

  beforeEach(async () => {
    t = await openTestStore(kind);
    store = t.store;
    ws = (await store.createWorkspace({ name: 'A' })).id;
    connection = await store.upsertConnection(connectionInput(ws, { appSecretEnc: secrets.encrypt('secret') }));
  });
  afterEach(async () => t.cleanup());

  /** Stores and applies one webhook per [message id, customer]. */
  async function receive(messages: Array<[string, string]>): Promise<void> {
    const bodies = messages.map(([id, from]) => Buffer.from(JSON.stringify(inboundWebhook({ id, from }))));
    await store.saveWebhookReceipts(bodies.map((body) => ({ connectionId: connection.id, body })));
    await new WebhookApplier({ store, directory: new ConnectionDirectory(store, (s) => secrets.decrypt(s)), keyword: consentKeyword }).drain();
  }
  const parkedRows = async () => (await store.automations.backlog()).waiting;

  it('reads a workspace\'s inbound messages after its cursor, written by the applier with nothing extra', async () => {
    await receive([['wamid.before', '358400000001']]);
    await store.createSubscription({ workspaceId: ws, event: 'inbound_message', targetUrl: null, sink: 'automations', secret: null, filter: null, source: 'automations' });
    await store.automations.openFeed(ws);
    const [lease] = await store.automations.leaseFeeds('one', 30_000, T0);
    expect(lease?.workspaceId).toBe(ws);
    await receive([['wamid.a1', '358400000001'], ['wamid.b1', '358400000002']]);
    const [id] = await store.saveWebhookReceipts([{ connectionId: connection.id, body: Buffer.from('{}') }]);
    await store.applyWebhookReceipts([{ receiptId: id ?? 0, parts: [{ workspaceId: ws, events: { messages: [], statuses: [statusRecord()], consentChanges: [] } }] }]);
    expect(await store.pendingDeliveryCount()).toBe(0);
    // The message from before the cursor is not read; the status is read past but is not a message.
    const first = await store.automations.readFeed(ws, lease?.position ?? '', 1);
    expect(first.messages.map((m) => [m.messageId, m.waId])).toEqual([['wamid.a1', '358400000001']]);
    const rest = await store.automations.readFeed(ws, first.end, 10);
    expect(rest.messages.map((m) => m.messageId)).toEqual(['wamid.b1']);
    expect(await store.automations.readFeed(ws, rest.end, 10)).toEqual({ messages: [], end: rest.end });
    expect((await store.automations.inboundRecords(ws, ['wamid.a1', 'wamid.gone'])).get('wamid.a1')).toMatchObject({ id: 'wamid.a1', from: '358400000001' });
    // Three entries wait after the stored cursor, the oldest since the applier stored it; none once it moved on.
    expect(await store.automations.backlog()).toMatchObject({ waiting: 3, oldestAt: expect.any(Date) });
    expect(await store.automations.advanceFeed(ws, 'one', rest.end, 30_000, T0)).toBe(true);
    expect(await store.automations.backlog()).toEqual({ waiting: 0, oldestAt: null });
    // A restart leases the cursor where it was saved.
    expect((await store.automations.leaseFeeds('one', 30_000, at(1_000)))[0]?.position).toBe(rest.end);
  });

  it('is one owner\'s until its lease lapses; the owner that lost it cannot move it', async () => {
    await store.automations.openFeed(ws);
    expect((await store.automations.leaseFeeds('one', 30_000, T0)).map((l) => l.workspaceId)).toEqual([ws]);
    expect(await store.automations.leaseFeeds('two', 30_000, at(29_999))).toEqual([]);
    const [taken] = await store.automations.leaseFeeds('two', 30_000, at(30_000));
    expect(taken?.workspaceId).toBe(ws);
    expect(await store.automations.advanceFeed(ws, 'one', taken?.position ?? '', 30_000, at(30_001))).toBe(false);
    expect(await store.automations.advanceFeed(ws, 'two', taken?.position ?? '', 30_000, at(30_001))).toBe(true);
    // Without a rule left, the cursor goes.
    await store.automations.closeFeedIfUnused(ws);
    expect(await store.automations.leaseFeeds('two', 30_000, at(30_002))).toEqual([]);
  });

  it('hands out a customer\'s parked messages one at a time, the next once the first is done', async () => {
    const park = (messageId: string, waId: string, due: Date) => store.automations.park({ workspaceId: ws, messageId, waId, createdAt: T0, attempts: 1 }, due);
    await park('wamid.a1', 'A', at(10_000));
    await park('wamid.a2', 'A', T0);
    await park('wamid.b1', 'B', T0);
    await park('wamid.a1', 'A', T0); // a replay parks nothing twice
    expect(await store.automations.parkedCustomers(ws)).toEqual(new Set(['A', 'B']));
    expect(await parkedRows()).toBe(3);
    // A's later message waits behind a1 although it was parked as due at once.
    expect((await store.automations.claimParked(ws, 10, 60_000, T0)).map((m) => m.messageId)).toEqual(['wamid.b1']);
    const [a1] = await store.automations.claimParked(ws, 10, 60_000, at(10_000));
    expect(a1).toMatchObject({ messageId: 'wamid.a1', attempts: 1 });
    // In hand: not handed out again until its hold ends; held after a failure, it comes back at its retry.
    expect(await store.automations.claimParked(ws, 10, 60_000, at(20_000))).toEqual([]);
    await store.automations.holdParked(a1?.seq ?? 0, at(30_000));
    expect((await store.automations.claimParked(ws, 10, 60_000, at(30_000)))).toMatchObject([{ messageId: 'wamid.a1', attempts: 2 }]);
    expect(await store.automations.finishParked(a1 ?? (undefined as never), at(31_000))).toBe(true);
    expect((await store.automations.claimParked(ws, 10, 60_000, at(31_000))).map((m) => m.messageId)).toEqual(['wamid.a2']);
  });

  it('claims a due message without walking a customer\'s long queue', async () => {
    const queue = Array.from({ length: 3_000 }, (_, i) => `wamid.q${i}`);
    for (let i = 0; i < queue.length; i += 100) {
      await Promise.all(queue.slice(i, i + 100).map((messageId) => store.automations.park({ workspaceId: ws, messageId, waId: 'A', createdAt: T0, attempts: 0 }, at(3_600_000))));
    }
    await store.automations.park({ workspaceId: ws, messageId: 'wamid.other', waId: 'B', createdAt: T0, attempts: 0 }, T0);
    const params = [at(60_000).getTime(), ws, T0.getTime(), 16];
    if (kind === 'sqlite') {
      const db = new BetterSqlite3(join(t.location, 'kaiku.sqlite'), { readonly: true });
      try {
        const plan = (db.prepare(`explain query plan ${PARKED_CLAIM_SQL}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join('\n');
        expect(plan).toMatch(/SEARCH automation_parked USING (COVERING )?INDEX automation_parked_due \(workspace_id=\? AND due_at>\? AND due_at<\?\)/);
        expect(plan).not.toMatch(/SCAN/);
      } finally {
        db.close();
      }
    } else {
      const pool = (store as PostgresStore).db;
      await pool.query('analyze automation_parked');
      let i = 0;
      const numbered = PARKED_CLAIM_SQL.replace(/\?/g, () => `$${(i += 1)}`);
      // Analysed inside a transaction rolled back: the claim is measured, not made.
      const client = await pool.connect();
      let explained: unknown[];
      try {
        await client.query('begin');
        explained = (await client.query(`explain (analyze, format json) ${numbered}`, params)).rows;
      } finally {
        await client.query('rollback');
        client.release();
      }
      const [row] = explained as Array<{ 'QUERY PLAN': Array<{ Plan: Record<string, unknown> }> }>;
      const scans: Array<Record<string, unknown>> = [];
      const walk = (node: Record<string, unknown>) => {
        if (node['Relation Name'] === 'automation_parked' && String(node['Node Type']).includes('Scan')) scans.push(node);
        for (const child of (node.Plans as Array<Record<string, unknown>> | undefined) ?? []) walk(child);
      };
      walk(row?.['QUERY PLAN'][0]?.Plan ?? {});
      expect(scans.length).toBeGreaterThan(0);
      // Rows read = rows kept + rows filtered out, per loop: the due head only, never A's 3,000.
      for (const scan of scans) expect((Number(scan['Actual Rows']) + Number(scan['Rows Removed by Filter'] ?? 0)) * Number(scan['Actual Loops'] ?? 1)).toBeLessThanOrEqual(2);
    }
    expect((await store.automations.claimParked(ws, 16, 60_000, T0)).map((m) => m.messageId)).toEqual(['wamid.other']);
  });

  it('remembers when a customer last wrote to a number, and answers the same when asked again for one message', async () => {
    const note = (id: string, when: Date, number = '106540352242922') => store.automations.noteContact(ws, number, '358400000001', id, when);
    const t1 = new Date('2026-10-01T08:00:00Z');
    const t2 = new Date('2026-11-20T08:00:00Z');
    expect(await note('wamid.1', t1)).toBeNull();
    expect(await note('wamid.2', t2)).toEqual(t1);
    expect(await note('wamid.2', t2)).toEqual(t1);
    expect(await note('wamid.3', T0)).toEqual(t2);
    expect(await note('wamid.4', T0, '106540352249999')).toBeNull();
  });
});
