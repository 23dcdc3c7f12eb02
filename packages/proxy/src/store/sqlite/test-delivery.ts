/** A test event in SQLite: one delivery in the subscription's own queue of test events, due now unless it is held. */
import type { Database } from 'better-sqlite3';
import type { TestDelivery } from '../delivery-log.js';
import type { Row } from '../shared.js';
import { SQLITE_WAKE_SQL } from './wake.js';

/** The enqueuer of test events over one database (`now` is the queue's clock). */
export function sqliteTestEnqueuer(db: Database, now: () => number): (test: TestDelivery) => Promise<string> {
  const s = {
    state: db.prepare('select state from subscription_health where subscription_id = ?'),
    insert: db.prepare(`insert into deliveries (subscription_id, workspace_id, event_id, event_type, order_key, receipt_id, payload,
      next_attempt_at, state, created_at) values (?, ?, ?, ?, ?, 0, ?, ?, 'pending', ?)`),
    head: db.prepare(`insert into delivery_heads (order_key, subscription_id, workspace_id, delivery_id, due_at) values (?, ?, ?, ?, ?)
      on conflict (order_key) do nothing`),
    wake: db.prepare(SQLITE_WAKE_SQL),
  };
  const enqueue = db.transaction((test: TestDelivery): string => {
    const at = now();
    const { subscription } = test;
    const state = (s.state.get(subscription.id) as Row | undefined)?.state;
    const due = state === undefined || state === 'active' ? at : null;
    const orderKey = `${subscription.id}:test`;
    const id = s.insert.run(subscription.id, subscription.workspaceId, test.eventId, subscription.event, orderKey, test.payload, at, at).lastInsertRowid;
    const newHead = s.head.run(orderKey, subscription.id, subscription.workspaceId, id, due).changes === 1;
    if (newHead && due !== null) s.wake.run(subscription.id, subscription.workspaceId, due);
    return String(id);
  });
  return async (test) => enqueue(test);
}
