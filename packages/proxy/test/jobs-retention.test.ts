/**
 * Retention over real stores: applied receipts, inbound messages and done deliveries go after `retentionDays`;
 * quarantined receipts and dead deliveries stay until `deadRetentionDays`; nothing unapplied or pending goes.
 * The live-update log (`GET /v1/events`) goes after 48 hours. Pruning runs in batches of at most `batchSize` rows per table.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { consentKeyword } from '@kaiku/core';
import { createSecrets, generateEncryptionKey } from '../src/secrets.js';
import { ConnectionDirectory } from '../src/actions/receive-webhook.js';
import { WebhookApplier } from '../src/jobs/webhook-applier.js';
import { pruneExpired } from '../src/jobs/retention.js';
import type { PruneCursor, RetentionPolicy, Store } from '../src/store/index.js';
import { connectionInput, openTestStore } from './store-fixtures.js';
import type { TestStore } from './store-fixtures.js';
import { inboundWebhook } from './intake-fixtures.js';

const DAY = 86_400_000;
const secrets = createSecrets(generateEncryptionKey());

/** Counts the batches and the most rows one of them deleted. */
function counting(store: Store): { store: Store; batches: number; largest: number } {
  const seen = { store, batches: 0, largest: 0 };
  seen.store = new Proxy(store, {
    get(target, prop) {
      if (prop === 'pruneBatch') {
        return async (policy: RetentionPolicy, cursor: PruneCursor) => {
          const result = await target.pruneBatch(policy, cursor);
          seen.batches += 1;
          seen.largest = Math.max(seen.largest, result.deleted);
          return result;
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return seen;
}

describe.each(['sqlite', 'postgres'] as const)('retention (%s)', (kind) => {
  let t: TestStore;
  let store: Store;
  let ws: string;

  beforeEach(async () => {
    t = await openTestStore(kind);
    store = t.store;
    ws = (await store.createWorkspace({ name: 'A' })).id;
    const connection = await store.upsertConnection(connectionInput(ws, { appSecretEnc: secrets.encrypt('secret') }));
    await store.createSubscription({ workspaceId: ws, event: 'inbound_message', targetUrl: 'http://127.0.0.1:9/', sink: null, secret: null, filter: null });
    const bodies = Array.from({ length: 10 }, (_, i) => Buffer.from(JSON.stringify(inboundWebhook({ id: `wamid.r${i}`, from: `35840000000${i}` }))));
    await store.saveWebhookReceipts([...bodies, Buffer.from('{"object":"page"}')].map((body) => ({ connectionId: connection.id, body })));
    await new WebhookApplier({ store, directory: new ConnectionDirectory(store, (s) => secrets.decrypt(s)), keyword: consentKeyword }).drain();
    const claimed = await store.claimDueDeliveries(100, 60_000);
    expect(claimed).toHaveLength(10);
    await store.completeDeliveries(claimed.slice(0, 7).map((d) => d.id));
    await store.failDelivery(claimed[7]?.id ?? '', 'HTTP 500', null);
    await store.saveWebhookReceipts([{ connectionId: connection.id, body: bodies[0] ?? Buffer.alloc(0) }]);
  });
  afterEach(async () => {
    await t.cleanup();
  });

  async function counts(): Promise<Record<string, number>> {
    const rows: Record<string, number> = {};
    for (const [name, sql] of Object.entries({
      applied: 'select count(*) as n from webhook_receipts where applied_at is not null',
      unapplied: 'select count(*) as n from webhook_receipts where applied_at is null and quarantined_at is null',
      quarantined: 'select count(*) as n from webhook_receipts where quarantined_at is not null',
      inbound: 'select count(*) as n from inbound_messages',
      done: "select count(*) as n from deliveries where state = 'done'",
      dead: "select count(*) as n from deliveries where state = 'dead'",
      pending: "select count(*) as n from deliveries where state = 'pending'",
      events: 'select count(*) as n from events',
    })) {
      rows[name] = await countOf(sql);
    }
    return rows;
  }

  async function countOf(sql: string): Promise<number> {
    if ('database' in store) return Number((store.database as { prepare(s: string): { get(): { n: number } } }).prepare(sql).get().n);
    const { rows } = await (store as unknown as { db: { query(s: string): Promise<{ rows: Array<{ n: string }> }> } }).db.query(sql);
    return Number(rows[0]?.n);
  }

  it('keeps everything within the retention', async () => {
    expect(await pruneExpired(store, { retentionDays: 30, deadRetentionDays: 90 })).toBe(10);
    // Only the inbound messages are old: Meta's timestamps in the fixtures are of November 2025.
    expect(await counts()).toEqual({ applied: 10, unapplied: 1, quarantined: 1, inbound: 0, done: 7, dead: 1, pending: 2, events: 10 });
  });

  it('lets the ordinary records go after 30 days and quarantine and dead letters after 90, in small batches', async () => {
    const month = counting(store);
    const deleted = await pruneExpired(month.store, { retentionDays: 30, deadRetentionDays: 90, batchSize: 3, now: () => Date.now() + 31 * DAY });
    expect(deleted).toBe(37);
    expect(await counts()).toEqual({ applied: 0, unapplied: 1, quarantined: 1, inbound: 0, done: 0, dead: 1, pending: 2, events: 0 });
    expect(month.largest).toBeLessThanOrEqual(3);
    expect(month.batches).toBeGreaterThanOrEqual(9);

    expect(await pruneExpired(store, { retentionDays: 30, deadRetentionDays: 90, batchSize: 3, now: () => Date.now() + 91 * DAY })).toBe(2);
    expect(await counts()).toEqual({ applied: 0, unapplied: 1, quarantined: 0, inbound: 0, done: 0, dead: 0, pending: 2, events: 0 });
  });

  it('lets the live-update log go after 48 hours, in batches, and tells which resume points are gone', async () => {
    // PostgreSQL shows an event once every transaction older than its own has ended: on a server shared with other
    // test runs that can take a moment after the setup's commit.
    let first = (await store.listEvents(ws, null, 100))[0];
    for (let waited = 0; first === undefined && waited < 100; waited += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      first = (await store.listEvents(ws, null, 100))[0];
    }
    expect(first).toBeDefined();
    const last = await store.latestEventCursor(ws);
    await store.appendEvents('another workspace', [{ type: 'read', waId: '358400000001', data: { up_to: 'wamid.x' } }]);
    expect(await store.eventCursorKept(ws, first?.cursor ?? '')).toBe(true);
    expect(await store.eventCursorKept('another workspace', first?.cursor ?? '')).toBe(false);
    expect(await pruneExpired(store, { retentionDays: 30, deadRetentionDays: 90, now: () => Date.now() + 47 * 3_600_000 })).toBe(10);
    expect(await countOf('select count(*) as n from events')).toBe(11);

    const twoDays = counting(store);
    expect(await pruneExpired(twoDays.store, { retentionDays: 30, deadRetentionDays: 90, batchSize: 4, now: () => Date.now() + 49 * 3_600_000 })).toBe(11);
    expect(await counts()).toMatchObject({ applied: 10, inbound: 0, done: 7, events: 0 });
    expect(twoDays.largest).toBeLessThanOrEqual(4);
    expect(await store.eventCursorKept(ws, first?.cursor ?? '')).toBe(false);
    expect(await store.eventCursorKept(ws, last)).toBe(false);
    expect(await store.eventCursorKept(ws, kind === 'sqlite' ? '0' : '0.0')).toBe(true);
  });
});
