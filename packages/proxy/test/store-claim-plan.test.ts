/**
 * The claim's cost does not grow with the backlog: with thousands of deliveries waiting for a retry or held behind
 * a failing subscription, the claim reads due subscriptions and due queue heads through their indexes and touches
 * no more rows than it hands out. And an install with pending deliveries from before the queue heads upgrades.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import BetterSqlite3 from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { InboundMessageRecord } from '@kaiku/core';
import { PostgresStore, SqliteStore } from '../src/store/index.js';
import type { Store } from '../src/store/index.js';
import { SQLITE_MIGRATIONS } from '../src/store/sqlite/schema.js';
import { POSTGRES_MIGRATIONS } from '../src/store/postgres/schema.js';
import { SQLITE_DUE_HEADS_SQL, SQLITE_DUE_SUBSCRIPTIONS_SQL } from '../src/store/sqlite/deliveries.js';
import { POSTGRES_CLAIM_SQL } from '../src/store/postgres/deliveries.js';
import { TEST_DATABASE_URL, connectionInput, dropSchema, inboundRecord, openTestStore } from './store-fixtures.js';
import { oldPostgresInstall, oldSqliteInstall } from './store-old-install.js';
import type { TestStore } from './store-fixtures.js';

const noEvents = { messages: [], statuses: [], consentChanges: [] };
const HEADS_MIGRATION = SQLITE_MIGRATIONS.findIndex((sql) => sql.includes('create table delivery_heads'));
const PG_HEADS_MIGRATION = POSTGRES_MIGRATIONS.findIndex((sql) => sql.includes('create table delivery_heads'));

/** A workspace with a deep backlog: `waiting` customers whose deliveries wait for a retry an hour away. */
async function backlog(store: Store, waiting: number): Promise<{ ws: string; enqueue: (...m: InboundMessageRecord[]) => Promise<void> }> {
  const ws = (await store.createWorkspace({ name: 'Acme' })).id;
  const conn = await store.upsertConnection(connectionInput(ws));
  await store.createSubscription({ workspaceId: ws, event: 'inbound_message', targetUrl: 'http://127.0.0.1:9/a', sink: null, secret: null, filter: null });
  const enqueue = async (...messages: InboundMessageRecord[]) => {
    const [id] = await store.saveWebhookReceipts([{ connectionId: conn.id, body: Buffer.from('{}') }]);
    await store.applyWebhookReceipts([{ receiptId: id ?? 0, parts: [{ workspaceId: ws, events: { ...noEvents, messages } }] }]);
  };
  await enqueue(...Array.from({ length: waiting }, (_, i) => inboundRecord({ from: `w${i}` })));
  for (;;) {
    const claimed = await store.claimDueDeliveries(500, 60_000);
    if (claimed.length === 0) break;
    // One failure each, far below `failingAfter`: every head waits an hour for its retry.
    for (const d of claimed) await store.failDelivery(d.id, 'HTTP 500', new Date(Date.now() + 3_600_000), { failingAfter: 1e6, probeEveryMs: 1e6, pauseAfterMs: 1e12, pauseAfterFailures: 0 });
  }
  await store.completeDeliveries([]);
  return { ws, enqueue };
}

describe('the claim reads indexes, not the backlog', () => {
  let t: TestStore | null = null;
  afterEach(async () => {
    await t?.cleanup();
    t = null;
  });

  it('SQLite: due subscriptions and due heads come from their indexes; a waiting backlog is not walked', async () => {
    t = await openTestStore('sqlite');
    const { enqueue } = await backlog(t.store, 2_000);
    const db = new BetterSqlite3(join(t.location, 'kaiku.sqlite'), { readonly: true });
    try {
      const plan = (sql: string) => (db.prepare(`explain query plan ${sql}`).all({ now: 0, limit: 1, skip: '[]', subscription: 'x' }) as Array<{ detail: string }>)
        .map((row) => row.detail).join('\n');
      expect(plan(SQLITE_DUE_SUBSCRIPTIONS_SQL)).toMatch(/SEARCH subscription_health USING INDEX subscription_health_due \(due_at<\?\)/);
      expect(plan(SQLITE_DUE_HEADS_SQL)).toMatch(/SEARCH h USING INDEX delivery_heads_due \(subscription_id=\? AND due_at<\?\)/);
      expect(plan(SQLITE_DUE_HEADS_SQL)).not.toMatch(/SCAN/);
      // With 2,000 waiting, a new customer's delivery is the one claimed; the subscription then sleeps until its next retry.
      expect(await t.store.claimDueDeliveries(50, 60_000)).toEqual([]);
      await enqueue(inboundRecord({ from: 'new' }));
      const claimed = await t.store.claimDueDeliveries(50, 60_000);
      expect(claimed.map((d) => (d.payload as InboundMessageRecord).from)).toEqual(['new']);
      const due = db.prepare('select due_at from subscription_health').get() as { due_at: number };
      expect(due.due_at).toBeGreaterThan(Date.now() + 50_000);
    } finally {
      db.close();
    }
  });

  it('PostgreSQL: with a waiting backlog of 1,000 the claim reads only the rows it hands out', async () => {
    t = await openTestStore('postgres');
    const { enqueue } = await backlog(t.store, 1_000);
    await enqueue(inboundRecord({ from: 'new' }));
    const pool = (t.store as PostgresStore).db;
    await pool.query('analyze');
    const [row] = (await pool.query(`explain (analyze, format json) ${POSTGRES_CLAIM_SQL}`, [Date.now(), 50, 60_000, []])).rows as Array<{ 'QUERY PLAN': unknown }>;
    const nodes: Array<Record<string, unknown>> = [];
    const walk = (node: Record<string, unknown>) => {
      nodes.push(node);
      for (const child of (node.Plans as Array<Record<string, unknown>> | undefined) ?? []) walk(child);
    };
    walk(((row?.['QUERY PLAN'] as Array<{ Plan: Record<string, unknown> }>)[0]?.Plan) ?? {});
    const scans = nodes.filter((n) => ['delivery_heads', 'deliveries', 'subscription_health'].includes(String(n['Relation Name'])));
    expect(scans.length).toBeGreaterThan(0);
    for (const scan of scans) {
      // Rows read = rows kept + rows filtered out: never the waiting backlog (the one subscription's row may be read whole).
      const read = (Number(scan['Actual Rows']) + Number(scan['Rows Removed by Filter'] ?? 0)) * Number(scan['Actual Loops'] ?? 1);
      expect(read).toBeLessThanOrEqual(2);
      if (scan['Relation Name'] !== 'subscription_health') expect(String(scan['Node Type'])).not.toBe('Seq Scan');
    }
    expect(scans.map((s) => s['Index Name'])).toEqual(expect.arrayContaining(['delivery_heads_due']));
  });
});

describe('upgrading an install with pending deliveries', () => {
  it('SQLite: builds a head per customer queue, in order, and keeps waiting retries waiting', async () => {
    const { dir, raw } = oldSqliteInstall(HEADS_MIGRATION);
    raw.prepare("insert into subscriptions (id, workspace_id, event, target_url, created_at) values ('sub_a', 'ws_a', 'inbound_message', 'http://127.0.0.1:9/a', 0)").run();
    const insert = raw.prepare(`insert into deliveries (subscription_id, workspace_id, event_id, event_type, order_key, receipt_id, payload, next_attempt_at, state, created_at)
      values ('sub_a', 'ws_a', ?, 'inbound_message', ?, ?, ?, ?, ?, 0)`);
    const later = Date.now() + 3_600_000;
    insert.run('e1', 'sub_a:A', 1, JSON.stringify(inboundRecord({ id: 'm1', from: 'A' })), 0, 'done');
    insert.run('e2', 'sub_a:A', 2, JSON.stringify(inboundRecord({ id: 'm2', from: 'A' })), 0, 'pending');
    insert.run('e3', 'sub_a:A', 3, JSON.stringify(inboundRecord({ id: 'm3', from: 'A' })), 0, 'pending');
    insert.run('e4', 'sub_a:B', 3, JSON.stringify(inboundRecord({ id: 'm4', from: 'B' })), later, 'pending');
    raw.close();
    const store = new SqliteStore({ dataDir: dir });
    try {
      await store.migrate();
      const first = await store.claimDueDeliveries(10, 60_000);
      expect(first.map((d) => d.eventId)).toEqual(['e2']);
      await store.completeDeliveries(first.map((d) => d.id));
      expect((await store.claimDueDeliveries(10, 60_000)).map((d) => d.eventId)).toEqual(['e3']);
      expect(await store.pendingDeliveryCount()).toBe(2);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('PostgreSQL: builds a head per customer queue, in order', async () => {
    const { schema, client } = await oldPostgresInstall(PG_HEADS_MIGRATION);
    const store = new PostgresStore({ connectionString: TEST_DATABASE_URL, schema });
    try {
      await client.query("insert into subscriptions (id, workspace_id, event, target_url, created_at) values ('sub_a', 'ws_a', 'inbound_message', 'http://127.0.0.1:9/a', 0)");
      for (const [event, key, receipt, id] of [['e2', 'sub_a:A', 2, 'm2'], ['e3', 'sub_a:A', 3, 'm3'], ['e4', 'sub_a:B', 3, 'm4']] as const) {
        await client.query(`insert into deliveries (subscription_id, workspace_id, event_id, event_type, order_key, receipt_id, payload, next_attempt_at, state, created_at)
          values ('sub_a', 'ws_a', $1, 'inbound_message', $2, $3, $4, 0, 'pending', 0)`, [event, key, receipt, JSON.stringify(inboundRecord({ id }))]);
      }
      await store.migrate();
      const first = await store.claimDueDeliveries(10, 60_000);
      expect(first.map((d) => d.eventId).sort()).toEqual(['e2', 'e4']);
      await store.completeDeliveries(first.map((d) => d.id));
      expect((await store.claimDueDeliveries(10, 60_000)).map((d) => d.eventId)).toEqual(['e3']);
    } finally {
      await store.close();
      await client.end();
      await dropSchema(schema);
    }
  });
});
