/** A test event in PostgreSQL: one delivery in the subscription's own queue of test events, due now unless it is held. */
import type { Pool } from 'pg';
import type { TestDelivery } from '../delivery-log.js';
import { query, transaction } from './db.js';
import { wakeSubscriptions } from './deliveries.js';

/**
 * Puts a test event in the queue. Its queue holds only test events (receipt 0, never waiting for a receipt), so it
 * cannot take the head of a customer's queue; the head is locked like the applier's so that a worker moving it on
 * sees the new delivery.
 */
export async function enqueueTestDelivery(pool: Pool, test: TestDelivery, now = Date.now()): Promise<string> {
  return transaction(pool, async (client) => {
    const { subscription } = test;
    const orderKey = `${subscription.id}:test`;
    const [health] = await query(client, 'select state from subscription_health where subscription_id = $1', [subscription.id]);
    const due = health === undefined || health.state === 'active' ? now : null;
    const [inserted] = await query(client, `insert into deliveries (subscription_id, workspace_id, event_id, event_type, order_key, payload,
        receipt_id, next_attempt_at, state, created_at) values ($1, $2, $3, $4, $5, $6, 0, $7, 'pending', $7) returning id`,
    [subscription.id, subscription.workspaceId, test.eventId, subscription.event, orderKey, test.payload, now]);
    const id = String(inserted?.id);
    const added = await query(client, `insert into delivery_heads (order_key, subscription_id, workspace_id, delivery_id, receipt_id, due_at)
      values ($1, $2, $3, $4, 0, $5) on conflict (order_key) do update set order_key = excluded.order_key where false returning due_at`,
    [orderKey, subscription.id, subscription.workspaceId, id, due]);
    if (added.length === 1 && due !== null) await wakeSubscriptions(client, [{ subscriptionId: subscription.id, workspaceId: subscription.workspaceId }], due);
    return id;
  });
}
