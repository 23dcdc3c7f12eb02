/** Applying webhook receipts in SQLite: one synchronous transaction for a whole batch. */
import type { Database } from 'better-sqlite3';
import type { AppliedWebhook, ParsedWebhookEvents, ReceiptToApply } from '../types.js';
import {
  STATUS_RANK_SQL, customerIds, deliveryFor, messageEvent, statusEvent, statusRank, subscriptionMatches, toSubscription,
} from '../shared.js';
import type { FanOutEvent } from '../shared.js';
import { withoutFsync } from './messages.js';
import { eventsOfApplied } from '../events.js';
import { sqliteEventWriter } from './conversations.js';
import { SQLITE_WAKE_SQL } from './wake.js';
import { AUTOMATION_SINK } from '../automations.js';

/** Builds the batch applier over one database (statements prepared once). */
export function sqliteApplier(db: Database, clock: () => number): (receipts: ReceiptToApply[]) => AppliedWebhook[] {
  const s = {
    isUnapplied: db.prepare('select 1 from webhook_receipts where id = ? and applied_at is null'),
    // Once applied, a receipt's raw body is not needed (its events are stored): only the row is kept.
    markApplied: db.prepare("update webhook_receipts set applied_at = ?, quarantined_at = null, body = x'' where id = ?"),
    // The automations' sink is left out: the runner reads the event log this transaction writes anyway.
    subscriptions: db.prepare(`select s.*, h.state as health_state from subscriptions s
      left join subscription_health h on h.subscription_id = s.id where s.workspace_id = ? and s.sink is not '${AUTOMATION_SINK}'`),
    insertMessage: db.prepare(
      'insert into inbound_messages (workspace_id, id, wa_id, type, received_at, record) values (?, ?, ?, ?, ?, ?) on conflict do nothing',
    ),
    openWindow: db.prepare(`insert into contacts (workspace_id, wa_id, profile_name, last_inbound_at) values (?, ?, ?, ?)
      on conflict (workspace_id, wa_id) do update set last_inbound_at = max(coalesce(last_inbound_at, 0), excluded.last_inbound_at),
      profile_name = coalesce(excluded.profile_name, profile_name)`),
    insertStatus: db.prepare(`insert into message_statuses (workspace_id, message_id, status, timestamp, error_code, error_message)
      values (?, ?, ?, ?, ?, ?) on conflict do nothing`),
    advanceStatus: db.prepare(`update outbound_messages set status = ? where workspace_id = ? and id = ? and ${STATUS_RANK_SQL} < ?`),
    insertConsent: db.prepare(`insert into consent_events (workspace_id, wa_id, status, source, proof, recorded_at, dedupe_key)
      values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing`),
    setConsent: db.prepare(`insert into contacts (workspace_id, wa_id, consent, consent_updated_at) values (?, ?, ?, ?)
      on conflict (workspace_id, wa_id) do update set consent = excluded.consent, consent_updated_at = excluded.consent_updated_at
      where consent_updated_at is null or consent_updated_at <= excluded.consent_updated_at`),
    insertDelivery: db.prepare(`insert into deliveries (subscription_id, workspace_id, event_id, event_type, order_key, receipt_id,
      payload, next_attempt_at, state, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?) on conflict do nothing`),
    // A new queue's head is due at once, or held while its subscription is failing or paused.
    insertHead: db.prepare(`insert into delivery_heads (order_key, subscription_id, workspace_id, delivery_id, due_at) values (?, ?, ?, ?, ?)
      on conflict (order_key) do nothing`),
    wake: db.prepare(SQLITE_WAKE_SQL),
  };

  const writeEvents = sqliteEventWriter(db);

  function applyPart(receiptId: number, workspaceId: string, events: ParsedWebhookEvents, now: number): AppliedWebhook {
    const result: AppliedWebhook = {
      receiptId, workspaceId, newMessages: [], newStatuses: [], newConsentChanges: [], deliveriesEnqueued: 0,
    };
    for (const m of events.messages) {
      const receivedAt = Date.parse(m.received_at);
      if (s.insertMessage.run(workspaceId, m.id, m.from, m.type, receivedAt, JSON.stringify(m)).changes === 1) result.newMessages.push(m);
      // The window opens for the customer by number and, when WhatsApp also names them so, by user ID.
      for (const customer of customerIds(m)) s.openWindow.run(workspaceId, customer, m.profile_name, receivedAt);
    }
    for (const st of events.statuses) {
      const inserted = s.insertStatus.run(workspaceId, st.id, st.status, Date.parse(st.timestamp), st.error_code, st.error_message);
      if (inserted.changes !== 1) continue;
      result.newStatuses.push(st);
      s.advanceStatus.run(st.status, workspaceId, st.id, statusRank(st.status));
    }
    for (const change of events.consentChanges) {
      const { event } = change;
      const at = event.recordedAt.getTime();
      const inserted = s.insertConsent.run(workspaceId, change.waId, event.status, event.source, event.proof, at, change.dedupeKey);
      if (inserted.changes !== 1) continue;
      result.newConsentChanges.push(change);
      s.setConsent.run(workspaceId, change.waId, event.status, at);
    }
    result.deliveriesEnqueued = fanOut(receiptId, workspaceId, [...result.newMessages.map(messageEvent), ...result.newStatuses.map(statusEvent)], now);
    writeEvents(workspaceId, eventsOfApplied(result));
    return result;
  }

  function fanOut(receiptId: number, workspaceId: string, events: FanOutEvent[], now: number): number {
    if (events.length === 0) return 0;
    const subscriptions = (s.subscriptions.all(workspaceId) as Array<Record<string, unknown>>)
      .map((row) => ({ subscription: toSubscription(row), due: row.health_state === null || row.health_state === 'active' ? now : null }));
    let count = 0;
    for (const event of events) {
      for (const { subscription, due } of subscriptions) {
        if (!subscriptionMatches(subscription, event)) continue;
        const d = deliveryFor(subscription, event);
        const inserted = s.insertDelivery.run(d.subscriptionId, d.workspaceId, d.eventId, d.eventType, d.orderKey, receiptId, d.payload, now, now);
        if (inserted.changes === 0) continue;
        count += 1;
        const newHead = s.insertHead.run(d.orderKey, d.subscriptionId, d.workspaceId, inserted.lastInsertRowid, due).changes === 1;
        if (newHead && due !== null) s.wake.run(d.subscriptionId, d.workspaceId, due);
      }
    }
    return count;
  }

  const apply = db.transaction((receipts: ReceiptToApply[]) => {
    const now = clock();
    const results: AppliedWebhook[] = [];
    for (const receipt of receipts) {
      if (s.isUnapplied.get(receipt.receiptId) === undefined) continue;
      for (const part of receipt.parts) results.push(applyPart(receipt.receiptId, part.workspaceId, part.events, now));
      s.markApplied.run(now, receipt.receiptId);
    }
    return results;
  });
  // The receipts are already durable (FULL); applying them commits without an fsync: a power cut can only roll
  // an applied batch back, and its receipts, unapplied again, are replayed (deliveries keep their event ids).
  return (receipts) => withoutFsync(db, () => apply(receipts));
}
